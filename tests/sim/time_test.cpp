// Tests of Duration/SimTime arithmetic, conversion from seconds and the printed forms.
#include <cmath>
#include <limits>
#include <stdexcept>

#include <gtest/gtest.h>

#include "sim/time.h"

namespace fmsim::sim {
namespace {

TEST(Duration, UnitsAreNanoseconds) {
  EXPECT_EQ(Duration::nanoseconds(7).ns(), 7);
  EXPECT_EQ(Duration::microseconds(3).ns(), 3'000);
  EXPECT_EQ(Duration::milliseconds(250).ns(), 250'000'000);
  EXPECT_EQ(Duration::seconds(2).ns(), 2'000'000'000);
  EXPECT_EQ(Duration::minutes(2).ns(), 120'000'000'000);
  EXPECT_EQ(Duration::hours(1).ns(), 3'600'000'000'000);
  EXPECT_EQ(Duration::days(30).ns(), 2'592'000'000'000'000);
  EXPECT_EQ(Duration::zero().ns(), 0);
  EXPECT_EQ(Duration::max().ns(), std::numeric_limits<std::int64_t>::max());
  EXPECT_DOUBLE_EQ(Duration::milliseconds(1500).seconds_f(), 1.5);
}

TEST(Duration, Arithmetic) {
  const Duration a = Duration::seconds(5);
  const Duration b = Duration::milliseconds(1500);
  EXPECT_EQ((a + b).ns(), 6'500'000'000);
  EXPECT_EQ((a - b).ns(), 3'500'000'000);
  EXPECT_EQ((-b).ns(), -1'500'000'000);
  EXPECT_EQ((b * 4).ns(), 6'000'000'000);
  EXPECT_EQ((a / 4).ns(), 1'250'000'000);
  EXPECT_EQ(a / b, 3);  // integer quotient of two spans
  EXPECT_EQ((a % b).ns(), 500'000'000);
  Duration c = a;
  c += b;
  EXPECT_EQ(c, Duration::milliseconds(6500));
  c -= a;
  EXPECT_EQ(c, b);
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_LE(a, a);
  EXPECT_NE(a, b);
}

TEST(SimTime, Arithmetic) {
  const SimTime t = SimTime::from_ns(1'000);
  EXPECT_EQ((t + Duration::nanoseconds(500)).ns(), 1'500);
  EXPECT_EQ((t - Duration::nanoseconds(400)).ns(), 600);
  EXPECT_EQ(SimTime::from_ns(5'000) - t, Duration::nanoseconds(4'000));
  EXPECT_EQ(t - SimTime::from_ns(5'000), Duration::nanoseconds(-4'000));
  SimTime u = t;
  u += Duration::microseconds(2);
  EXPECT_EQ(u.ns(), 3'000);
  EXPECT_EQ(u.since_start(), Duration::nanoseconds(3'000));
  EXPECT_LT(t, u);
  EXPECT_EQ(SimTime::zero().ns(), 0);
  EXPECT_GT(SimTime::max(), SimTime::from_ns(std::numeric_limits<std::int64_t>::max() - 1));
  EXPECT_DOUBLE_EQ(SimTime::from_ns(2'500'000'000).seconds_f(), 2.5);
}

TEST(Duration, FromSecondsRoundsToNearestNanosecond) {
  EXPECT_EQ(Duration::from_seconds(0.1).ns(), 100'000'000);
  EXPECT_EQ(Duration::from_seconds(1.5).ns(), 1'500'000'000);
  EXPECT_EQ(Duration::from_seconds(0.4e-9).ns(), 0);
  EXPECT_EQ(Duration::from_seconds(0.6e-9).ns(), 1);
  EXPECT_EQ(Duration::from_seconds(-0.6e-9).ns(), -1);
  EXPECT_EQ(Duration::from_seconds(-0.4e-9).ns(), 0);
  // Far from a half: 1234567891.4 ns and 1234567891.6 ns.
  EXPECT_EQ(Duration::from_seconds(1.2345678914).ns(), 1'234'567'891);
  EXPECT_EQ(Duration::from_seconds(1.2345678916).ns(), 1'234'567'892);
  // A month in seconds converts exactly.
  EXPECT_EQ(Duration::from_seconds(30.0 * 86400), Duration::days(30));
  EXPECT_EQ(SimTime::from_seconds(2.5).ns(), 2'500'000'000);
}

TEST(Duration, FromSecondsSaturatesAndRejectsNan) {
  EXPECT_EQ(Duration::from_seconds(1e10), Duration::max());
  EXPECT_EQ(Duration::from_seconds(std::numeric_limits<double>::infinity()), Duration::max());
  EXPECT_EQ(Duration::from_seconds(-1e10).ns(), std::numeric_limits<std::int64_t>::min() + 1);
  EXPECT_EQ(Duration::from_seconds(-std::numeric_limits<double>::infinity()).ns(),
            std::numeric_limits<std::int64_t>::min() + 1);
  EXPECT_THROW(Duration::from_seconds(std::nan("")), std::invalid_argument);
}

TEST(Duration, ToStringForms) {
  EXPECT_EQ(to_string(Duration::zero()), "0s");
  EXPECT_EQ(to_string(Duration::nanoseconds(42)), "42ns");
  EXPECT_EQ(to_string(Duration::microseconds(7)), "7us");
  EXPECT_EQ(to_string(Duration::nanoseconds(1'230)), "1.23us");
  EXPECT_EQ(to_string(Duration::nanoseconds(12'345)), "12.3us");
  EXPECT_EQ(to_string(Duration::milliseconds(250)), "250ms");
  EXPECT_EQ(to_string(Duration::microseconds(1'500)), "1.5ms");
  EXPECT_EQ(to_string(Duration::nanoseconds(1'234'567)), "1.23ms");
  EXPECT_EQ(to_string(Duration::nanoseconds(123'456'789)), "123ms");
  EXPECT_EQ(to_string(Duration::milliseconds(1500)), "1.5s");
  EXPECT_EQ(to_string(Duration::seconds(42)), "42s");
  EXPECT_EQ(to_string(Duration::milliseconds(59'500)), "59.5s");
  EXPECT_EQ(to_string(Duration::minutes(150)), "2h30min");
  EXPECT_EQ(to_string(Duration::days(3) + Duration::hours(4)), "3d4h");
  EXPECT_EQ(to_string(Duration::minutes(1)), "1min");
  // Above a minute, sub-second detail is dropped.
  EXPECT_EQ(to_string(Duration::milliseconds(90'500)), "1min30s");
  EXPECT_EQ(to_string(Duration::days(1) + Duration::seconds(5)), "1d5s");
  EXPECT_EQ(to_string(Duration::milliseconds(-250)), "-250ms");
  EXPECT_EQ(to_string(Duration::minutes(-150)), "-2h30min");
  EXPECT_EQ(to_string(SimTime::from_ns(1'500'000'000)), "1.5s");
}

TEST(Duration, ToStringNeverUsesExponentNotation) {
  // Just under a unit boundary, three significant digits round up into the next unit.
  EXPECT_EQ(to_string(Duration::nanoseconds(999'999'999)), "1s");
  EXPECT_EQ(to_string(Duration::nanoseconds(999'600)), "1ms");
  EXPECT_EQ(to_string(Duration::nanoseconds(999'400)), "999us");
  EXPECT_EQ(to_string(Duration::nanoseconds(9'996)), "10us");
  EXPECT_EQ(to_string(Duration::nanoseconds(99'960)), "100us");
  for (std::int64_t ns = 1; ns < 4'000'000'000'000; ns = ns * 3 + 1) {
    const std::string s = to_string(Duration::nanoseconds(ns));
    EXPECT_EQ(s.find('e'), std::string::npos) << ns << " -> " << s;
  }
  EXPECT_EQ(to_string(Duration::nanoseconds(std::numeric_limits<std::int64_t>::min())).front(), '-');
}

}  // namespace
}  // namespace fmsim::sim
