// Values with units: valid forms, exact nanoseconds, and the message for each invalid form.
#include "models/scenario/units.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace fmsim::models {
namespace {

std::int64_t ns(std::string_view text) { return parse_duration(text).ns(); }

template <class F>
std::string unit_error(F&& f) {
  try {
    f();
  } catch (const UnitError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Duration, EveryUnit) {
  EXPECT_EQ(ns("7ns"), 7);
  EXPECT_EQ(ns("7us"), 7'000);
  EXPECT_EQ(ns("7\xC2\xB5s"), 7'000);  // µs, micro sign
  EXPECT_EQ(ns("7\xCE\xBCs"), 7'000);  // μs, Greek mu
  EXPECT_EQ(ns("300ms"), 300'000'000);
  EXPECT_EQ(ns("2s"), 2'000'000'000);
  EXPECT_EQ(ns("2sec"), 2'000'000'000);
  EXPECT_EQ(ns("5min"), 300'000'000'000);
  EXPECT_EQ(ns("2h"), 7'200'000'000'000);
  EXPECT_EQ(ns("2hour"), 7'200'000'000'000);
  EXPECT_EQ(ns("2hours"), 7'200'000'000'000);
  EXPECT_EQ(ns("1d"), 86'400'000'000'000);
  EXPECT_EQ(ns("1day"), 86'400'000'000'000);
  EXPECT_EQ(ns("30days"), 30 * 86'400'000'000'000);
}

TEST(Duration, DecimalsAreExact) {
  EXPECT_EQ(ns("0.1s"), 100'000'000);  // 0.1 * 1e9 in double is 100000000.00000001
  EXPECT_EQ(ns("1.5s"), 1'500'000'000);
  EXPECT_EQ(ns("0.25h"), 900'000'000'000);
  EXPECT_EQ(ns("0.3s"), 300'000'000);
  EXPECT_EQ(ns("0.000000001s"), 1);
  EXPECT_EQ(ns("1.000000001s"), 1'000'000'001);
  EXPECT_EQ(ns(".5ms"), 500'000);
  EXPECT_EQ(ns("2.50000000000000000000s"), 2'500'000'000);  // trailing zeros beyond ns are fine
  EXPECT_EQ(ns("0.001us"), 1);
  EXPECT_EQ(ns("1.0000001d"), 86'400'008'640'000);
}

TEST(Duration, SpacesSignsAndCompoundForms) {
  EXPECT_EQ(ns("300 ms"), 300'000'000);
  EXPECT_EQ(ns("  1s  "), 1'000'000'000);
  EXPECT_EQ(ns("-5s"), -5'000'000'000);  // parses; the loader decides whether negatives are allowed
  EXPECT_EQ(ns("+5s"), 5'000'000'000);
  EXPECT_EQ(ns("0s"), 0);
  // What sim::to_string prints reads back.
  EXPECT_EQ(ns("2h30min"), 9'000'000'000'000);
  EXPECT_EQ(ns("1h 30min 15s"), 5'415'000'000'000);
  EXPECT_EQ(ns("3d4h"), 3 * 86'400'000'000'000 + 4 * 3'600'000'000'000);
  EXPECT_EQ(ns("-1h30min"), -5'400'000'000'000);
}

TEST(Duration, RoundTripsThroughToString) {
  for (std::int64_t v : {std::int64_t{1}, std::int64_t{250'000'000}, std::int64_t{9'000'000'000'000},
                         std::int64_t{3 * 86'400'000'000'000 + 4 * 3'600'000'000'000}, std::int64_t{7'000}}) {
    const auto d = sim::Duration::nanoseconds(v);
    EXPECT_EQ(parse_duration(sim::to_string(d)), d) << sim::to_string(d);
  }
}

TEST(Duration, Errors) {
  EXPECT_EQ(unit_error([] { parse_duration("300"); }), "missing unit in '300', e.g. 300ms");
  EXPECT_EQ(unit_error([] { parse_duration("2m"); }),
            "'m' is not a unit in '2m': use 'min' for minutes, 'ms' for milliseconds");
  EXPECT_EQ(unit_error([] { parse_duration("5parsec"); }),
            "unknown unit 'parsec' in '5parsec'; valid units: ns, us, \xC2\xB5s, ms, s, sec, min, h, hour, hours, d, "
            "day, days");
  EXPECT_EQ(unit_error([] { parse_duration("soon"); }), "expected a duration such as 300ms, got 'soon'");
  EXPECT_EQ(unit_error([] { parse_duration(""); }), "expected a duration such as 300ms, got ''");
  EXPECT_EQ(unit_error([] { parse_duration("nan s"); }), "expected a duration such as 300ms, got 'nan s'");
  EXPECT_EQ(unit_error([] { parse_duration("inf"); }), "expected a duration such as 300ms, got 'inf'");
  EXPECT_EQ(unit_error([] { parse_duration("1,000ms"); }),
            "thousands separators are not accepted in '1,000ms'; write 1000ms");
  EXPECT_EQ(unit_error([] { parse_duration("0.5ns"); }), "'0.5ns' is finer than the 1 ns resolution");
  EXPECT_EQ(unit_error([] { parse_duration("1.0000000001s"); }), "'1.0000000001s' is finer than the 1 ns resolution");
  EXPECT_EQ(unit_error([] { parse_duration("1000000d"); }), "'1000000d' is too long (the limit is about 292 years)");
  EXPECT_EQ(unit_error([] { parse_duration("1h30"); }), "missing unit in '1h30', e.g. 300ms");
  EXPECT_EQ(unit_error([] { parse_duration("1.5.3s"); }), "unexpected '.3s' in duration '1.5.3s'");
  EXPECT_EQ(unit_error([] { parse_duration("1s-2s"); }), "unexpected '-2s' in duration '1s-2s'");
  EXPECT_EQ(
      unit_error([] { parse_duration("1e3ms"); }),
      "unknown unit 'e' in '1e3ms'; valid units: ns, us, \xC2\xB5s, ms, s, sec, min, h, hour, hours, d, day, days");
}

TEST(Duration, LargestValue) {
  EXPECT_EQ(ns("9223372036854775807ns"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(unit_error([] { parse_duration("9223372036854775808ns"); }),
            "'9223372036854775808ns' is too long (the limit is about 292 years)");
  EXPECT_EQ(unit_error([] { parse_duration("100000d 100000d"); }),
            "'100000d 100000d' is too long (the limit is about 292 years)");
}

TEST(Rate, ValidForms) {
  EXPECT_DOUBLE_EQ(parse_rate_per_second("12/s"), 12.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("0.8/s"), 0.8);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("720/min"), 12.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("5/h"), 5.0 / 3600);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("1M/day"), 1e6 / 86400);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("1.5k/s"), 1500.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("50000/day"), 50000.0 / 86400);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("2G/d"), 2e9 / 86400);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("3 / sec"), 3.0);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("3/hour"), 3.0 / 3600);
  EXPECT_DOUBLE_EQ(parse_rate_per_second("-1/s"), -1.0);
}

TEST(Rate, Errors) {
  EXPECT_EQ(unit_error([] { parse_rate_per_second("12"); }), "missing period in '12', e.g. 12/s");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("5/week"); }),
            "unknown period 'week' in '5/week'; valid periods: s, sec, min, h, hour, d, day");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("5x/s"); }),
            "unknown multiplier 'x' in '5x/s'; valid multipliers: k, M, G");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("5K/s"); }),
            "unknown multiplier 'K' in '5K/s'; valid multipliers: k, M, G");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("fast"); }), "expected a rate such as 0.8/s, got 'fast'");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("5/"); }), "missing period after '/' in '5/', e.g. 0.8/s");
  EXPECT_EQ(unit_error([] { parse_rate_per_second("1,000/s"); }),
            "thousands separators are not accepted in '1,000/s'; write 1000/s");
}

TEST(Money, ValidForms) {
  EXPECT_DOUBLE_EQ(parse_money_usd("$0.003"), 0.003);
  EXPECT_DOUBLE_EQ(parse_money_usd("$1092.50"), 1092.5);
  EXPECT_DOUBLE_EQ(parse_money_usd("$0"), 0.0);
  EXPECT_DOUBLE_EQ(parse_money_usd("$ 2"), 2.0);
  EXPECT_DOUBLE_EQ(parse_money_usd("-$1"), -1.0);
  EXPECT_DOUBLE_EQ(parse_money_usd("$-1"), -1.0);
}

TEST(Money, Errors) {
  EXPECT_EQ(unit_error([] { parse_money_usd("0.003"); }),
            "money needs a currency sign: write $0.003 instead of '0.003'");
  EXPECT_EQ(unit_error([] { parse_money_usd("$1,092.50"); }),
            "thousands separators are not accepted in '$1,092.50'; write $1092.50");
  EXPECT_EQ(unit_error([] { parse_money_usd("cheap"); }), "expected an amount of money such as $0.003, got 'cheap'");
  EXPECT_EQ(unit_error([] { parse_money_usd("$"); }), "expected an amount of money such as $0.003, got '$'");
  EXPECT_EQ(unit_error([] { parse_money_usd("$0.5/h"); }), "unexpected '/h' after the amount in '$0.5/h'");
  EXPECT_EQ(unit_error([] { parse_money_usd("5 USD"); }), "expected an amount of money such as $0.003, got '5 USD'");
}

TEST(Count, PlainAndSuffixed) {
  EXPECT_EQ(parse_count("10", CountSuffix::forbidden), 10);
  EXPECT_EQ(parse_count("-3", CountSuffix::forbidden), -3);
  EXPECT_EQ(parse_count("4.0", CountSuffix::forbidden), 4);
  EXPECT_EQ(parse_count("10k", CountSuffix::allowed), 10'000);
  EXPECT_EQ(parse_count("1.5k", CountSuffix::allowed), 1'500);
  EXPECT_EQ(parse_count("2M", CountSuffix::allowed), 2'000'000);
  EXPECT_EQ(parse_count("1G", CountSuffix::allowed), 1'000'000'000);
  EXPECT_EQ(parse_count("9223372036854775807", CountSuffix::forbidden), std::numeric_limits<std::int64_t>::max());
}

TEST(Count, Errors) {
  EXPECT_EQ(unit_error([] { parse_count("1.5", CountSuffix::forbidden); }), "expected an integer, got '1.5'");
  EXPECT_EQ(unit_error([] { parse_count("10k", CountSuffix::forbidden); }), "expected an integer, got '10k'");
  EXPECT_EQ(unit_error([] { parse_count("many", CountSuffix::allowed); }),
            "expected an integer such as 10 or 10k, got 'many'");
  EXPECT_EQ(unit_error([] { parse_count("1.2345k", CountSuffix::allowed); }), "'1.2345k' is not a whole number");
  EXPECT_EQ(unit_error([] { parse_count("10x", CountSuffix::allowed); }),
            "unknown multiplier 'x' in '10x'; valid multipliers: k, M, G");
  EXPECT_EQ(unit_error([] { parse_count("9223372036854775808", CountSuffix::forbidden); }),
            "'9223372036854775808' is too large");
}

TEST(Unsigned, FullRange) {
  EXPECT_EQ(parse_unsigned("0"), 0u);
  EXPECT_EQ(parse_unsigned("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(unit_error([] { parse_unsigned("18446744073709551616"); }),
            "'18446744073709551616' is too large (the limit is 18446744073709551615)");
  EXPECT_EQ(unit_error([] { parse_unsigned("-3"); }), "must be >= 0, got '-3'");
  EXPECT_EQ(unit_error([] { parse_unsigned("4.5"); }), "expected an integer >= 0, got '4.5'");
}

TEST(Number, PlainAndSpecial) {
  EXPECT_DOUBLE_EQ(parse_number("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(parse_number("+2"), 2.0);
  EXPECT_DOUBLE_EQ(parse_number("1e-3"), 1e-3);
  EXPECT_DOUBLE_EQ(parse_number("-4"), -4.0);
  EXPECT_TRUE(std::isnan(parse_number(".nan")));
  EXPECT_TRUE(std::isnan(parse_number("nan")));
  EXPECT_EQ(parse_number(".inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_number("-.inf"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_number("1e999"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse_number("1e-999"), 0.0);
  EXPECT_EQ(unit_error([] { parse_number("abc"); }), "expected a number, got 'abc'");
  EXPECT_EQ(unit_error([] { parse_number("1s"); }), "expected a number, got '1s'");
}

}  // namespace
}  // namespace fmsim::models
