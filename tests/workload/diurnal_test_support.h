// Shared fixtures of the diurnal workload tests: the R6 office-traffic shape, UTC instants as
// simulated times, and the chi-square goodness-of-fit check.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "models/workload/workload_spec.h"
#include "sim/time.h"

namespace fmsim::models::testing {

// R6 (seed-scenarios.md): 50,000 requests/day, 80 % between 09:00 and 17:00 local, near zero
// overnight. Weights sum to 1, so weight h is the share of the day in local hour h.
inline std::vector<double> r6_hourly_weights() {
  return {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.010, 0.020,   // 00-08
          0.040, 0.090, 0.105, 0.110, 0.095, 0.100, 0.105, 0.105,   // 08-16 (09-17: 0.80)
          0.090, 0.035, 0.025, 0.015, 0.010, 0.005, 0.005, 0.005};  // 16-24
}
inline constexpr double kR6DailyTotal = 50'000;

inline DiurnalSpec r6_spec() {
  DiurnalSpec s;
  s.hourly_weights = r6_hourly_weights();
  s.daily_total = kR6DailyTotal;
  return s;
}

inline std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} + seconds{s};
}

inline CalendarSpec calendar(std::string zone, std::chrono::sys_seconds start) {
  CalendarSpec c;
  c.time_zone = std::move(zone);
  c.start_utc = start;
  return c;
}

// The simulated time of a UTC instant under `cal`.
inline sim::SimTime at(const CalendarSpec& cal, std::chrono::sys_seconds instant) {
  return sim::SimTime::zero() + sim::Duration::seconds((instant - cal.start_utc).count());
}

struct ChiSquare {
  double statistic = 0;
  double critical = 0;  // the 99 % quantile of chi-square(df)
  std::size_t df = 0;
};

// Pearson's statistic of independent Poisson counts against their known means (no parameter is
// fitted and the total is not conditioned on, so df = number of bins).
inline ChiSquare chi_square(const std::vector<double>& observed, const std::vector<double>& expected,
                            const char* label) {
  ChiSquare r;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double d = observed[i] - expected[i];
    r.statistic += d * d / expected[i];
  }
  r.df = observed.size();
  r.critical = boost::math::quantile(boost::math::chi_squared(static_cast<double>(r.df)), 0.99);
  std::printf("[stat] %s: chi2 = %.2f, df = %zu, critical(1%%) = %.2f\n", label, r.statistic, r.df, r.critical);
  return r;
}

}  // namespace fmsim::models::testing
