// RateProfile: the R6 shape, alignment to local time across DST, weekday multipliers, spikes,
// exact max_rate / expected_count against brute force, and validation messages.
#include "models/workload/rate_profile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "tests/workload/diurnal_test_support.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::at;
using testing::calendar;
using testing::kR6DailyTotal;
using testing::r6_hourly_weights;
using testing::r6_spec;
using testing::utc;

double r6_rate(int hour) { return kR6DailyTotal * r6_hourly_weights()[static_cast<std::size_t>(hour)] / 3600.0; }

TEST(RateProfile, R6DayBrings50000With80PercentInOfficeHours) {
  const auto cal = calendar("America/New_York", utc(2026, 1, 5, 5));  // Monday 00:00 EST
  const RateProfile p(r6_spec(), LocalCalendar(cal));
  const SimTime day = SimTime::zero() + Duration::days(1);
  EXPECT_NEAR(p.expected_count(SimTime::zero(), day), 50'000, 1e-6);
  const double office = p.expected_count(SimTime::zero() + Duration::hours(9), SimTime::zero() + Duration::hours(17));
  EXPECT_NEAR(office / 50'000, 0.80, 1e-12);
  EXPECT_NEAR(p.max_rate(SimTime::zero(), day), r6_rate(11), 1e-12);
}

TEST(RateProfile, SpringForwardKeepsTheShapeOnLocalTime) {
  const auto cal = calendar("America/New_York", utc(2026, 3, 1, 5));  // Sunday 00:00 EST
  const RateProfile p(r6_spec(), LocalCalendar(cal));
  // Before the change (EST, UTC-5) the 09:00 rise is at 14:00 UTC ...
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 6, 13, 59, 59))), r6_rate(8));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 6, 14))), r6_rate(9));
  // ... after it (EDT, UTC-4) at 13:00 UTC.
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 9, 12, 59, 59))), r6_rate(8));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 9, 13))), r6_rate(9));
  // 06:59:59 UTC is 01:59:59 EST, 07:00 UTC is 03:00 EDT: local hour 02 never happens.
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 8, 6, 59, 59))), r6_rate(1));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 3, 8, 7))), r6_rate(3));
  // The 23-hour local day lacks hour 02's share.
  const double day = p.expected_count(at(cal, utc(2026, 3, 8, 5)), at(cal, utc(2026, 3, 9, 4)));
  EXPECT_NEAR(day, kR6DailyTotal * (1 - r6_hourly_weights()[2]), 1e-6);
}

TEST(RateProfile, FallBackKeepsTheShapeOnLocalTime) {
  const auto cal = calendar("America/New_York", utc(2026, 10, 25, 4));  // Sunday 00:00 EDT
  const RateProfile p(r6_spec(), LocalCalendar(cal));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 10, 31, 12, 59, 59))), r6_rate(8));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 10, 31, 13))), r6_rate(9));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 11, 2, 13, 59, 59))), r6_rate(8));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 11, 2, 14))), r6_rate(9));
  // Hour 01 is lived twice (05:00-07:00 UTC) and hour 02 starts at 07:00 UTC.
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 11, 1, 6, 30))), r6_rate(1));
  const double day = p.expected_count(at(cal, utc(2026, 11, 1, 4)), at(cal, utc(2026, 11, 2, 5)));
  EXPECT_NEAR(day, kR6DailyTotal * (1 + r6_hourly_weights()[1]), 1e-6);
}

TEST(RateProfile, TokyoRiseIsAtMidnightUtc) {
  const auto cal = calendar("Asia/Tokyo", utc(2026, 7, 6));  // Monday 09:00 JST
  const RateProfile p(r6_spec(), LocalCalendar(cal));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 7, 5, 23, 59, 59))), r6_rate(8));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 7, 6))), r6_rate(9));
  EXPECT_DOUBLE_EQ(p.rate_at(at(cal, utc(2026, 7, 6, 8))), r6_rate(17));
}

TEST(RateProfile, WeekdayMultipliersScaleWholeLocalDays) {
  auto spec = r6_spec();
  spec.weekday_multipliers = {1, 1, 1, 1, 1, 0.3, 0.3};
  const auto cal = calendar("America/New_York", utc(2026, 1, 5, 5));  // Monday 00:00 EST
  const RateProfile p(spec, LocalCalendar(cal));
  for (int d = 0; d < 7; ++d) {
    const SimTime a = SimTime::zero() + Duration::days(d);
    EXPECT_NEAR(p.expected_count(a, a + Duration::days(1)), kR6DailyTotal * (d < 5 ? 1.0 : 0.3), 1e-6) << d;
  }
}

TEST(RateProfile, SpikesMultiplyWhereDeclaredAndCompose) {
  const std::vector<SpikeSpec> spikes{{Duration::hours(1), Duration::minutes(10), 4.0},
                                      {Duration::hours(2), Duration::minutes(20), 2.0},
                                      {Duration::hours(2) + Duration::minutes(10), Duration::minutes(20), 3.0}};
  const auto p = RateProfile::constant(5.0, spikes);
  const SimTime h1 = SimTime::zero() + Duration::hours(1);
  const SimTime h2 = SimTime::zero() + Duration::hours(2);
  EXPECT_EQ(p.rate_at(h1 - Duration::nanoseconds(1)), 5.0);
  EXPECT_EQ(p.rate_at(h1), 20.0);
  EXPECT_EQ(p.rate_at(h1 + Duration::minutes(10) - Duration::nanoseconds(1)), 20.0);
  EXPECT_EQ(p.rate_at(h1 + Duration::minutes(10)), 5.0);
  EXPECT_EQ(p.rate_at(h2 + Duration::minutes(5)), 10.0);
  EXPECT_EQ(p.rate_at(h2 + Duration::minutes(15)), 30.0);
  EXPECT_EQ(p.rate_at(h2 + Duration::minutes(25)), 15.0);
  EXPECT_EQ(p.rate_at(h2 + Duration::minutes(30)), 5.0);
  EXPECT_NEAR(p.expected_count(SimTime::zero(), SimTime::zero() + Duration::hours(3)),
              5.0 * (3 * 3600 + 3 * 600 + 600 + 5 * 600 + 2 * 600), 1e-6);
  EXPECT_EQ(p.max_rate(SimTime::zero(), SimTime::zero() + Duration::hours(3)), 30.0);

  // On a diurnal shape a spike scales whatever the shape gives there.
  const auto cal = calendar("UTC", utc(2026, 1, 5));
  const RateProfile base(r6_spec(), LocalCalendar(cal));
  const RateProfile spiked(r6_spec(), LocalCalendar(cal), {{Duration::hours(10), Duration::minutes(30), 3.0}});
  for (int m = 0; m < 24 * 60; m += 7) {
    const SimTime t = SimTime::zero() + Duration::minutes(m);
    const bool in = m >= 600 && m < 630;
    EXPECT_DOUBLE_EQ(spiked.rate_at(t), base.rate_at(t) * (in ? 3.0 : 1.0)) << m;
  }
}

TEST(RateProfile, PointsInterpolateLinearlyAndWrapAroundMidnight) {
  DiurnalSpec s;
  s.points = {{3, 2}, {21, 5}};  // rates per second: 2 at 03:00, 5 at 21:00, linear between
  const auto cal = calendar("UTC", utc(2026, 1, 5));
  const RateProfile p(s, LocalCalendar(cal));
  EXPECT_DOUBLE_EQ(p.rate_at(SimTime::zero() + Duration::hours(12)), 3.5);
  EXPECT_DOUBLE_EQ(p.rate_at(SimTime::zero() + Duration::hours(21)), 5.0);
  // 21:00 -> 27:00 (03:00 next day) goes from 5 to 2: midnight is half way, 3.5.
  EXPECT_DOUBLE_EQ(p.rate_at(SimTime::zero()), 3.5);
  EXPECT_DOUBLE_EQ(p.rate_at(SimTime::zero() + Duration::hours(24)), 3.5);
  EXPECT_DOUBLE_EQ(p.rate_at(SimTime::zero() + Duration::hours(1)), 3.0);
  EXPECT_NEAR(p.expected_count(SimTime::zero(), SimTime::zero() + Duration::days(1)), 3.5 * 86400, 1e-6);

  s.daily_total = 1000;
  const RateProfile scaled(s, LocalCalendar(cal));
  EXPECT_NEAR(scaled.expected_count(SimTime::zero() + Duration::minutes(77),
                                    SimTime::zero() + Duration::minutes(77) + Duration::days(1)),
              1000, 1e-9);
}

// ∫λ by the midpoint rule on a 1-second grid: exact for affine pieces whose change points are on
// whole seconds (all of them here), so it checks expected_count's bookkeeping, not quadrature.
double brute_integral(const RateProfile& p, SimTime a, SimTime b) {
  double sum = 0;
  for (SimTime t = a; t < b; t += Duration::seconds(1)) sum += p.rate_at(t + Duration::milliseconds(500));
  return sum;
}

TEST(RateProfile, ExpectedCountAndMaxRateMatchBruteForce) {
  DiurnalSpec s;
  s.points = {{0.5, 1}, {6.25, 1}, {9.5, 30}, {12, 20}, {12, 10}, {17.75, 25}, {22, 2}};
  s.daily_total = 200'000;
  s.weekday_multipliers = {1, 1.1, 1, 1, 0.9, 0.4, 0.2};
  const auto cal = calendar("America/New_York", utc(2026, 3, 6, 5));  // Friday 00:00 EST, DST on Sunday
  const std::vector<SpikeSpec> spikes{{Duration::hours(40) + Duration::seconds(17), Duration::minutes(95), 2.5}};
  const RateProfile p(s, LocalCalendar(cal), spikes);
  const RateProfile hourly(r6_spec(), LocalCalendar(cal), spikes);
  const std::pair<int, int> windows_s[] = {{0, 3 * 86400}, {7 * 3600 + 13, 13 * 3600 + 1}, {140000, 201000}};
  for (const RateProfile* prof : {&p, &hourly}) {
    for (const auto& [a_s, b_s] : windows_s) {
      const SimTime a = SimTime::zero() + Duration::seconds(a_s);
      const SimTime b = SimTime::zero() + Duration::seconds(b_s);
      const double exact = prof->expected_count(a, b);
      EXPECT_NEAR(exact, brute_integral(*prof, a, b), 1e-9 * exact) << a_s << ".." << b_s;
      double grid_max = 0;
      for (SimTime t = a; t < b; t += Duration::seconds(1)) grid_max = std::max(grid_max, prof->rate_at(t));
      const double bound = prof->max_rate(a, b);
      EXPECT_GE(bound, grid_max * (1 - 1e-12));
      // Tight: exceeds every grid value by at most one second's worth of the steepest slope.
      EXPECT_LE(bound, grid_max + 0.01) << a_s << ".." << b_s;
    }
  }
  EXPECT_EQ(p.expected_count(SimTime::zero() + Duration::hours(2), SimTime::zero() + Duration::hours(1)), 0.0);
}

void expect_invalid(const DiurnalSpec& s, const std::string& fragment) {
  try {
    RateProfile p(s, LocalCalendar(calendar("UTC", utc(2026, 1, 1))));
    ADD_FAILURE() << "no exception, expected: " << fragment;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(RateProfile, BadSpecsThrowClearMessages) {
  DiurnalSpec s = r6_spec();
  s.hourly_weights.pop_back();
  expect_invalid(s, "hourly_weights must have exactly 24 values");
  expect_invalid(s, "got 23");
  s = r6_spec();
  s.hourly_weights[5] = -1;
  expect_invalid(s, "hourly_weights[5] = -1 is negative");
  s.hourly_weights[5] = std::nan("");
  expect_invalid(s, "hourly_weights[5] = nan is not a finite number");
  s = r6_spec();
  s.hourly_weights.assign(24, 0.0);
  expect_invalid(s, "all weights are zero");
  s = r6_spec();
  s.points = {{1, 1}};
  expect_invalid(s, "not both");
  expect_invalid(DiurnalSpec{}, "none was given");
  s = DiurnalSpec{};
  s.points = {{1, 1}, {9, 3}, {8, 2}};
  expect_invalid(s, "points must be sorted by hour: points[2] (hour 8) comes after hour 9");
  s.points = {{1, 1}, {25, 3}};
  expect_invalid(s, "points[1]: hour 25 is outside [0, 24]");
  s.points = {{-0.5, 1}};
  expect_invalid(s, "outside [0, 24]");
  s = r6_spec();
  s.weekday_multipliers[6] = -0.5;
  expect_invalid(s, "weekday_multipliers[6] = -0.5 is negative");
  s = r6_spec();
  s.daily_total = -3;
  expect_invalid(s, "daily_total");

  EXPECT_THROW(RateProfile::constant(-1), std::invalid_argument);
  try {
    RateProfile::constant(1, {{Duration::hours(1), Duration::hours(1), -2.0}});
    ADD_FAILURE() << "negative spike multiplier accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("spikes[0]: multiplier -2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RateProfile::constant(1, {{Duration::hours(1), Duration::zero(), 2.0}}), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
