// Rule conditions one by one, on hand-built queries: hour ranges (end exclusive, 24:00, wrapping
// past midnight, several ranges), weekdays, classes (tags arrive as class indices), complexity
// and prompt-token bounds, all of them together.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/routing/route_condition.h"

namespace fmsim::models {
namespace {

RouteQuery at_minute(std::int32_t m) {
  RouteQuery q;
  q.minute_of_day = m;
  return q;
}
constexpr std::int32_t hm(std::int32_t h, std::int32_t m) { return h * 60 + m; }

TEST(RouteCondition, AnEmptyConditionMatchesEverything) {
  const RouteCondition c{RouteConditionSpec{}};
  RouteQuery q;
  EXPECT_TRUE(c.matches(q));
  q.class_index = -1;  // classless requests too
  q.minute_of_day = 1439;
  q.weekday = 6;
  q.complexity = 1;
  q.prompt_tokens = 1'000'000;
  EXPECT_TRUE(c.matches(q));
  EXPECT_FALSE(c.uses_clock());
}

TEST(RouteCondition, AnHourRangeIncludesItsStartAndExcludesItsEnd) {
  RouteConditionSpec s;
  s.hours = {{hm(9, 0), hm(18, 0)}};
  const RouteCondition c(s);
  EXPECT_TRUE(c.uses_clock());
  EXPECT_FALSE(c.matches(at_minute(hm(8, 59))));
  EXPECT_TRUE(c.matches(at_minute(hm(9, 0))));
  EXPECT_TRUE(c.matches(at_minute(hm(17, 59))));
  EXPECT_FALSE(c.matches(at_minute(hm(18, 0))));
  EXPECT_FALSE(c.matches(at_minute(0)));
}

TEST(RouteCondition, ARangeEndingAt2400CoversTheLastMinuteOnly) {
  RouteConditionSpec s;
  s.hours = {{hm(18, 0), 1440}};
  const RouteCondition c(s);
  EXPECT_FALSE(c.matches(at_minute(hm(17, 59))));
  EXPECT_TRUE(c.matches(at_minute(hm(18, 0))));
  EXPECT_TRUE(c.matches(at_minute(1439)));
  EXPECT_FALSE(c.matches(at_minute(0)));
}

TEST(RouteCondition, ARangeWithStartAfterEndWrapsPastMidnight) {
  RouteConditionSpec s;
  s.hours = {{hm(22, 0), hm(6, 0)}};
  const RouteCondition c(s);
  EXPECT_FALSE(c.matches(at_minute(hm(21, 59))));
  EXPECT_TRUE(c.matches(at_minute(hm(22, 0))));
  EXPECT_TRUE(c.matches(at_minute(1439)));
  EXPECT_TRUE(c.matches(at_minute(0)));
  EXPECT_TRUE(c.matches(at_minute(hm(5, 59))));
  EXPECT_FALSE(c.matches(at_minute(hm(6, 0))));
  EXPECT_FALSE(c.matches(at_minute(hm(12, 0))));
}

TEST(RouteCondition, SeveralRangesMatchEitherOne) {
  RouteConditionSpec s;
  s.hours = {{hm(7, 0), hm(9, 30)}, {hm(17, 0), hm(19, 0)}};
  const RouteCondition c(s);
  EXPECT_TRUE(c.matches(at_minute(hm(8, 0))));
  EXPECT_FALSE(c.matches(at_minute(hm(9, 30))));
  EXPECT_FALSE(c.matches(at_minute(hm(12, 0))));
  EXPECT_TRUE(c.matches(at_minute(hm(18, 59))));
}

TEST(RouteCondition, EveryMinuteOfTheDayAgreesWithTheRangeArithmetic) {
  RouteConditionSpec s;
  s.hours = {{hm(23, 15), hm(1, 45)}, {hm(12, 0), hm(12, 1)}};
  const RouteCondition c(s);
  int inside = 0;
  for (std::int32_t m = 0; m < 1440; ++m) {
    const bool expected = m >= hm(23, 15) || m < hm(1, 45) || m == hm(12, 0);
    EXPECT_EQ(c.matches(at_minute(m)), expected) << "minute " << m;
    inside += expected;
  }
  EXPECT_EQ(inside, 45 + 105 + 1);
}

TEST(RouteCondition, EmptyOrOutOfDayRangesAreRefused) {
  for (const HourRange r : {HourRange{600, 600}, HourRange{-1, 60}, HourRange{0, 1441}, HourRange{1440, 60}}) {
    RouteConditionSpec s;
    s.hours = {r};
    EXPECT_THROW(RouteCondition{s}, std::invalid_argument) << r.start_minute << "-" << r.end_minute;
  }
}

TEST(RouteCondition, WeekdaysAreABitPerLocalWeekday) {
  RouteConditionSpec s;
  s.weekdays = 0b1100000;  // Saturday, Sunday
  const RouteCondition c(s);
  EXPECT_TRUE(c.uses_clock());
  RouteQuery q;
  for (int d = 0; d < 7; ++d) {
    q.weekday = d;
    EXPECT_EQ(c.matches(q), d >= 5) << "weekday " << d;
  }
}

TEST(RouteCondition, ClassesMatchByIndexAndNeverAClasslessRequest) {
  RouteConditionSpec s;
  s.classes = std::vector<std::int32_t>{1, 3};  // e.g. the classes carrying the tag `catalogue`
  const RouteCondition c(s);
  RouteQuery q;
  for (const auto& [cls, expected] :
       std::vector<std::pair<std::int32_t, bool>>{{1, true}, {3, true}, {0, false}, {2, false}, {7, false}, {-1, false}}) {
    q.class_index = cls;
    EXPECT_EQ(c.matches(q), expected) << "class " << cls;
  }
  RouteConditionSpec none;
  none.classes = std::vector<std::int32_t>{};  // a tag no class carries would be refused by the loader
  q.class_index = 0;
  EXPECT_FALSE(RouteCondition(none).matches(q));
}

TEST(RouteCondition, ComplexityBoundsAreAtLeastAndBelow) {
  RouteConditionSpec s;
  s.complexity_at_least = 0.7;
  s.complexity_below = 1.0;
  const RouteCondition c(s);
  RouteQuery q;
  for (const auto& [x, expected] :
       std::vector<std::pair<double, bool>>{{0.69, false}, {0.7, true}, {0.999, true}, {1.0, false}, {0.0, false}}) {
    q.complexity = x;
    EXPECT_EQ(c.matches(q), expected) << "complexity " << x;
  }
  RouteConditionSpec only_low;
  only_low.complexity_below = 0.3;
  q.complexity = 0.29;
  EXPECT_TRUE(RouteCondition(only_low).matches(q));
  q.complexity = 0.3;
  EXPECT_FALSE(RouteCondition(only_low).matches(q));
}

TEST(RouteCondition, PromptTokenBoundsAreAtLeastAndBelow) {
  RouteConditionSpec s;
  s.prompt_tokens_at_least = 2000;
  s.prompt_tokens_below = 8000;
  const RouteCondition c(s);
  RouteQuery q;
  for (const auto& [n, expected] : std::vector<std::pair<std::int64_t, bool>>{
           {1999, false}, {2000, true}, {7999, true}, {8000, false}}) {
    q.prompt_tokens = n;
    EXPECT_EQ(c.matches(q), expected) << n << " tokens";
  }
}

TEST(RouteCondition, EveryGivenConditionMustHold) {
  RouteConditionSpec s;
  s.hours = {{hm(18, 0), 1440}};
  s.weekdays = 0b0011111;  // Monday-Friday
  s.classes = std::vector<std::int32_t>{0};
  s.complexity_at_least = 0.7;
  s.prompt_tokens_below = 8000;
  const RouteCondition c(s);
  RouteQuery q;
  q.minute_of_day = hm(20, 0);
  q.weekday = 2;
  q.class_index = 0;
  q.complexity = 0.8;
  q.prompt_tokens = 1000;
  EXPECT_TRUE(c.matches(q));
  auto off = [&](auto change) {
    RouteQuery r = q;
    change(r);
    return c.matches(r);
  };
  EXPECT_FALSE(off([](RouteQuery& r) { r.minute_of_day = hm(17, 0); }));
  EXPECT_FALSE(off([](RouteQuery& r) { r.weekday = 6; }));
  EXPECT_FALSE(off([](RouteQuery& r) { r.class_index = 1; }));
  EXPECT_FALSE(off([](RouteQuery& r) { r.complexity = 0.5; }));
  EXPECT_FALSE(off([](RouteQuery& r) { r.prompt_tokens = 9000; }));
}

}  // namespace
}  // namespace fmsim::models
