// NhppArrivals: counts from thinning match the rate profile (chi-square at the 1 % level and
// confidence intervals with fixed seeds): hourly and linear shapes, DST alignment, a +9 h zone,
// weekday multipliers, spikes; determinism and zero-rate edge cases.
#include "models/workload/nhpp_arrivals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/random_streams.h"
#include "tests/workload/diurnal_test_support.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::at;
using testing::calendar;
using testing::chi_square;
using testing::kR6DailyTotal;
using testing::r6_hourly_weights;
using testing::r6_spec;
using testing::utc;

sim::RandomEngine engine(std::uint64_t replication) {
  return sim::RandomStreams(20260308, replication).stream("arrivals");
}

// z for a two-sided 99.9 % interval: many intervals are checked, each should almost never fail.
constexpr double kZ999 = 3.2905;

// Poisson count against its mean.
void expect_poisson(double observed, double mean, const char* label) {
  const double z = (observed - mean) / std::sqrt(mean);
  std::printf("[stat] %s: observed %.0f, expected %.1f, z = %+.2f\n", label, observed, mean, z);
  EXPECT_LE(std::abs(z), kZ999) << label << ": observed " << observed << ", expected " << mean;
}

TEST(NhppArrivals, R6HourlyCountsMatchTheProfile) {
  const auto cal = calendar("America/New_York", utc(2026, 1, 5, 5));  // Monday 00:00 EST; no DST for 40 days
  constexpr int kDays = 40;
  NhppArrivals src(RateProfile(r6_spec(), LocalCalendar(cal)), engine(1));
  const LocalCalendar local(cal);
  const SimTime end = SimTime::zero() + Duration::days(kDays);
  std::vector<double> per_hour(24, 0), per_day(kDays, 0);
  Arrival a;
  std::uint64_t n = 0;
  SimTime last = SimTime::zero();
  while (src.next(a) && a.time < end) {
    ASSERT_GE(a.time, last);
    last = a.time;
    const auto lt = local.local(a.time);
    per_hour[static_cast<std::size_t>(lt.hour)] += 1;
    per_day[static_cast<std::size_t>(lt.day_index)] += 1;
    ++n;
  }
  std::vector<double> expected(24);
  for (int h = 0; h < 24; ++h) expected[static_cast<std::size_t>(h)] = kDays * kR6DailyTotal * r6_hourly_weights()[static_cast<std::size_t>(h)];
  const auto chi = chi_square(per_hour, expected, "R6 hourly counts over 40 days");
  EXPECT_LT(chi.statistic, chi.critical);

  // Daily totals: each Poisson(50,000); their mean within its 99.9 % interval, their variance
  // near the mean (Poisson dispersion).
  double mean = 0;
  for (double c : per_day) mean += c / kDays;
  double var = 0;
  for (double c : per_day) var += (c - mean) * (c - mean) / (kDays - 1);
  const double half = kZ999 * std::sqrt(kR6DailyTotal / kDays);
  std::printf("[stat] R6 daily total: mean %.1f (99.9%% CI 50000 +- %.1f), variance %.0f\n", mean, half, var);
  EXPECT_NEAR(mean, kR6DailyTotal, half);
  // (n-1) s^2 / sigma^2 ~ chi2(n-1): 99.9 % two-sided bounds for 39 df are about [16.4, 72.1].
  EXPECT_GT(var / kR6DailyTotal * (kDays - 1), 16.0);
  EXPECT_LT(var / kR6DailyTotal * (kDays - 1), 73.0);
  // Hourly weights give constant pieces: every candidate is kept, only the draw that crosses an
  // hour's end is lost (one per hour at most).
  EXPECT_LE(src.candidates(), n + 24u * kDays + 1);
}

// The linear shape's integral over [lo, hi] hours, computed here independently of RateProfile
// (periodic linear interpolation, Simpson's rule is exact on each linear stretch).
struct Linear {
  std::vector<std::pair<double, double>> pts;  // sorted, strictly inside (0, 24)
  double at(double h) const {
    const auto& f = pts.front();
    const auto& l = pts.back();
    if (h < f.first) return l.second + (f.second - l.second) * (h + 24 - l.first) / (f.first + 24 - l.first);
    if (h >= l.first) return l.second + (f.second - l.second) * (h - l.first) / (f.first + 24 - l.first);
    for (std::size_t i = 0; i + 1 < pts.size(); ++i)
      if (h < pts[i + 1].first)
        return pts[i].second + (pts[i + 1].second - pts[i].second) * (h - pts[i].first) / (pts[i + 1].first - pts[i].first);
    return l.second;
  }
  double integral(double lo, double hi) const {  // in value * hours; knots at multiples of 1/4 h
    double s = 0;
    const int steps = 64;
    for (int k = 0; k < steps; ++k) {
      const double a = lo + (hi - lo) * k / steps, b = lo + (hi - lo) * (k + 1) / steps;
      s += (b - a) / 6 * (at(a) + 4 * at((a + b) / 2) + at(b));
    }
    return s;
  }
};

TEST(NhppArrivals, LinearProfileCountsFollowTheRateInQuarterHourBins) {
  const Linear shape{{{2.5, 0.3}, {6.25, 0.2}, {9.5, 3.0}, {13.0, 2.0}, {17.75, 2.5}, {22.0, 0.5}}};
  DiurnalSpec s;
  s.points = shape.pts;
  s.daily_total = 100'000;
  constexpr int kDays = 20;
  const auto cal = calendar("UTC", utc(2026, 1, 5));
  NhppArrivals src(RateProfile(s, LocalCalendar(cal)), engine(2));
  std::vector<double> bins(96, 0);
  Arrival a;
  std::uint64_t n = 0;
  const SimTime end = SimTime::zero() + Duration::days(kDays);
  while (src.next(a) && a.time < end) {
    const std::int64_t ns_of_day = a.time.ns() % Duration::days(1).ns();
    bins[static_cast<std::size_t>(ns_of_day / Duration::minutes(15).ns())] += 1;
    ++n;
  }
  const double day_integral = shape.integral(0, 24);
  std::vector<double> expected(96);
  for (int b = 0; b < 96; ++b)
    expected[static_cast<std::size_t>(b)] = kDays * 100'000 * shape.integral(b / 4.0, (b + 1) / 4.0) / day_integral;
  const auto chi = chi_square(bins, expected, "linear profile, 96 quarter-hour bins over 20 days");
  EXPECT_LT(chi.statistic, chi.critical);
  expect_poisson(static_cast<double>(n), kDays * 100'000.0, "linear profile total");
  // Affine pieces: λ_max <= 2 λ̄ on every piece, so fewer than 2 candidates per arrival.
  const double ratio = static_cast<double>(src.candidates()) / static_cast<double>(n);
  std::printf("[stat] linear profile: %.3f candidates per arrival\n", ratio);
  EXPECT_LT(ratio, 2.0);
}

// Counts of arrivals in [from, to) UTC on each of the given days.
double count_utc(const std::vector<SimTime>& times, const CalendarSpec& cal, int y, unsigned m,
                 std::initializer_list<unsigned> days, int from_h, int to_h) {
  double c = 0;
  for (unsigned d : days) {
    const SimTime a = at(cal, utc(y, m, d, from_h)), b = at(cal, utc(y, m, d, to_h));
    for (SimTime t : times) c += (t >= a && t < b) ? 1 : 0;
  }
  return c;
}

std::vector<SimTime> run(const CalendarSpec& cal, const DiurnalSpec& spec, std::uint64_t rep, Duration horizon) {
  NhppArrivals src(RateProfile(spec, LocalCalendar(cal)), engine(rep));
  std::vector<SimTime> out;
  Arrival a;
  while (src.next(a) && a.time < SimTime::zero() + horizon) out.push_back(a.time);
  return out;
}

TEST(NhppArrivals, NewYorkDstRunsStayOnLocalTime) {
  const auto w = r6_hourly_weights();
  {
    const auto cal = calendar("America/New_York", utc(2026, 3, 1, 5));  // Sunday Mar 1, 00:00 EST
    const auto times = run(cal, r6_spec(), 3, Duration::days(14));
    // 13:00-14:00 UTC is local 08:00-09:00 in EST (Mar 2-6) but 09:00-10:00 in EDT (Mar 9-13).
    expect_poisson(count_utc(times, cal, 2026, 3, {2, 3, 4, 5, 6}, 13, 14), 5 * kR6DailyTotal * w[8], "Mar 2-6, 13-14 UTC (08 EST)");
    expect_poisson(count_utc(times, cal, 2026, 3, {9, 10, 11, 12, 13}, 13, 14), 5 * kR6DailyTotal * w[9], "Mar 9-13, 13-14 UTC (09 EDT)");
    // 21:00-22:00 UTC: local 16:00 EST before, 17:00 EDT after.
    expect_poisson(count_utc(times, cal, 2026, 3, {2, 3, 4, 5, 6}, 21, 22), 5 * kR6DailyTotal * w[16], "Mar 2-6, 21-22 UTC (16 EST)");
    expect_poisson(count_utc(times, cal, 2026, 3, {9, 10, 11, 12, 13}, 21, 22), 5 * kR6DailyTotal * w[17], "Mar 9-13, 21-22 UTC (17 EDT)");
    // The 23-hour local day of Mar 8.
    double day = 0;
    for (SimTime t : times) day += (t >= at(cal, utc(2026, 3, 8, 5)) && t < at(cal, utc(2026, 3, 9, 4))) ? 1 : 0;
    expect_poisson(day, kR6DailyTotal * (1 - w[2]), "Mar 8 (23 h local day)");
  }
  {
    const auto cal = calendar("America/New_York", utc(2026, 10, 25, 4));  // Sunday Oct 25, 00:00 EDT
    const auto times = run(cal, r6_spec(), 4, Duration::days(14));
    expect_poisson(count_utc(times, cal, 2026, 10, {26, 27, 28, 29, 30}, 13, 14), 5 * kR6DailyTotal * w[9], "Oct 26-30, 13-14 UTC (09 EDT)");
    expect_poisson(count_utc(times, cal, 2026, 11, {2, 3, 4, 5, 6}, 13, 14), 5 * kR6DailyTotal * w[8], "Nov 2-6, 13-14 UTC (08 EST)");
    double day = 0;
    for (SimTime t : times) day += (t >= at(cal, utc(2026, 11, 1, 4)) && t < at(cal, utc(2026, 11, 2, 5))) ? 1 : 0;
    expect_poisson(day, kR6DailyTotal * (1 + w[1]), "Nov 1 (25 h local day)");
  }
}

TEST(NhppArrivals, TokyoOfficeHoursAreMidnightToEightUtc) {
  const auto cal = calendar("Asia/Tokyo", utc(2026, 1, 5));  // Monday 09:00 JST
  constexpr int kDays = 10;
  const auto times = run(cal, r6_spec(), 5, Duration::days(kDays));
  double office = 0;
  for (SimTime t : times) office += (t.ns() % Duration::days(1).ns()) < Duration::hours(8).ns() ? 1 : 0;
  expect_poisson(office, kDays * kR6DailyTotal * 0.8, "Tokyo, 00-08 UTC (09-17 JST)");
  expect_poisson(static_cast<double>(times.size()) - office, kDays * kR6DailyTotal * 0.2, "Tokyo, 08-24 UTC");
}

TEST(NhppArrivals, WeekendIsLighterByTheStatedFactor) {
  auto spec = r6_spec();
  spec.daily_total = 20'000;
  spec.weekday_multipliers = {1, 1, 1, 1, 1, 0.3, 0.3};
  const auto cal = calendar("Europe/Paris", utc(2026, 1, 4, 23));  // Monday Jan 5, 00:00 CET
  constexpr int kWeeks = 8;
  NhppArrivals src(RateProfile(spec, LocalCalendar(cal)), engine(6));
  const LocalCalendar local(cal);
  double weekday = 0, weekend = 0;
  Arrival a;
  while (src.next(a) && a.time < SimTime::zero() + Duration::days(7 * kWeeks))
    (local.local(a.time).weekday < 5 ? weekday : weekend) += 1;
  expect_poisson(weekday, 5 * kWeeks * 20'000.0, "weekdays (x1)");
  expect_poisson(weekend, 2 * kWeeks * 20'000.0 * 0.3, "weekend days (x0.3)");
  // Per-day ratio; log-ratio of two Poisson counts has variance ~ 1/W + 1/D.
  const double ratio = (weekend / (2 * kWeeks)) / (weekday / (5 * kWeeks));
  const double half = kZ999 * std::sqrt(1 / weekend + 1 / weekday);
  std::printf("[stat] weekend/weekday per-day ratio %.4f (0.3, log CI +- %.4f)\n", ratio, half);
  EXPECT_LT(std::abs(std::log(ratio / 0.3)), half);
}

TEST(NhppArrivals, SpikesLandWhereDeclared) {
  const std::vector<SpikeSpec> spikes{{Duration::hours(1), Duration::minutes(10), 4.0},
                                      {Duration::hours(2), Duration::minutes(20), 2.0},
                                      {Duration::hours(2) + Duration::minutes(10), Duration::minutes(20), 3.0},
                                      {Duration::hours(3), Duration::minutes(15), 0.0}};
  NhppArrivals src(RateProfile::constant(5.0, spikes), engine(7));
  std::vector<SimTime> times;
  Arrival a;
  while (src.next(a) && a.time < SimTime::zero() + Duration::hours(4)) times.push_back(a.time);
  auto count = [&](Duration from, Duration to) {
    double c = 0;
    for (SimTime t : times) c += (t >= SimTime::zero() + from && t < SimTime::zero() + to) ? 1 : 0;
    return c;
  };
  const auto m = [](int x) { return Duration::minutes(x); };
  expect_poisson(count(m(0), m(60)), 5.0 * 3600, "before the spikes (x1)");
  expect_poisson(count(m(60), m(70)), 4 * 5.0 * 600, "spike x4");
  expect_poisson(count(m(70), m(120)), 5.0 * 3000, "between (x1)");
  expect_poisson(count(m(120), m(130)), 2 * 5.0 * 600, "spike x2");
  expect_poisson(count(m(130), m(140)), 6 * 5.0 * 600, "overlap x2 x3");
  expect_poisson(count(m(140), m(150)), 3 * 5.0 * 600, "spike x3");
  expect_poisson(count(m(150), m(180)), 5.0 * 1800, "between (x1)");
  EXPECT_EQ(count(m(180), m(195)), 0.0) << "outage (x0)";
  expect_poisson(count(m(195), m(240)), 5.0 * 2700, "after (x1)");
}

TEST(NhppArrivals, SameStreamSameArrivals) {
  auto first = [](std::uint64_t rep) {
    DiurnalSpec s;
    s.points = {{0, 1}, {12, 9}, {24, 1}};
    NhppArrivals src(RateProfile(s, LocalCalendar(calendar("Asia/Tokyo", utc(2026, 1, 1)))), engine(rep));
    std::vector<std::int64_t> out;
    Arrival a;
    for (int i = 0; i < 2000 && src.next(a); ++i) out.push_back(a.time.ns());
    return out;
  };
  EXPECT_EQ(first(8), first(8));
  EXPECT_NE(first(8), first(9));
}

TEST(NhppArrivals, ZeroRatesAreSkippedOrEndTheStream) {
  Arrival a;
  NhppArrivals none(RateProfile::constant(0.0), engine(10));
  EXPECT_FALSE(none.next(a));
  EXPECT_EQ(none.candidates(), 0u);

  // A zero constant rate with one spike: arrivals only inside it, then the stream ends.
  NhppArrivals burst(RateProfile::constant(0.0, {{Duration::hours(1), Duration::minutes(1), 1.0}}), engine(11));
  // 0 x 1 is still 0 everywhere: nothing at all.
  EXPECT_FALSE(burst.next(a));

  // An outage at the start: the first arrival comes after it, no candidate drawn inside it.
  NhppArrivals late(RateProfile::constant(2.0, {{Duration::zero(), Duration::hours(1), 0.0}}), engine(12));
  ASSERT_TRUE(late.next(a));
  EXPECT_GE(a.time, SimTime::zero() + Duration::hours(1));
  EXPECT_EQ(late.candidates(), 1u);

  // Only Wednesdays have traffic.
  auto spec = r6_spec();
  spec.weekday_multipliers = {0, 0, 1, 0, 0, 0, 0};
  const auto cal = calendar("UTC", utc(2026, 1, 5));  // Monday
  NhppArrivals wed(RateProfile(spec, LocalCalendar(cal)), engine(13));
  const LocalCalendar local(cal);
  for (int i = 0; i < 100'000; ++i) {
    ASSERT_TRUE(wed.next(a));
    ASSERT_EQ(local.local(a.time).weekday, 2) << to_string(a.time);
  }
  EXPECT_GE(a.time, SimTime::zero() + Duration::days(7));  // reached the second Wednesday
}

}  // namespace
}  // namespace fmsim::models
