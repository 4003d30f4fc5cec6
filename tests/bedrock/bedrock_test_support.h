// Shared by the Bedrock and client tests: specs with fixed latency, sliding-window maxima over
// recorded events, and distribution-free confidence intervals for quantiles.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::testing {

// An on-demand model with constant latency (ttft + output / speed), a flat fleet load, no quotas,
// prices $3 / $15 per 1M tokens (Claude 3.5 Sonnet).
inline models::BedrockOnDemandSpec fixed_latency_model(double ttft_s = 0.5, double tokens_per_s = 60) {
  models::BedrockOnDemandSpec s;
  s.model = "test-model";
  s.input_usd_per_mtok = 3;
  s.output_usd_per_mtok = 15;
  s.time_to_first_token = sim::Distribution::constant(ttft_s);
  s.output_tokens_per_s = sim::Distribution::constant(tokens_per_s);
  s.load = models::FleetLoadSpec::flat();
  s.read_timeout = sim::Duration::seconds(600);
  return s;
}

// The largest number of the (sorted) instants inside any half-open window [a, a + w). The count
// is a step function of a that only rises when a window's start reaches an instant, so the windows
// starting at each instant cover every value.
inline std::size_t max_count_in_window(const std::vector<sim::SimTime>& sorted, sim::Duration w) {
  std::size_t best = 0, j = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    j = std::max(j, i);
    while (j < sorted.size() && sorted[j] < sorted[i] + w) ++j;
    best = std::max(best, j - i);
  }
  return best;
}

// The largest sum of signed amounts at instants inside any window [a, a + w). The sum changes only
// when a passes an instant (dropping it) or a + w reaches one (taking it), so it is enough to look
// at the windows starting at each instant and those ending just after each instant.
inline double max_sum_in_window(std::vector<std::pair<sim::SimTime, double>> events, sim::Duration w) {
  std::stable_sort(events.begin(), events.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<double> prefix(events.size() + 1, 0.0);
  for (std::size_t i = 0; i < events.size(); ++i) prefix[i + 1] = prefix[i] + events[i].second;
  auto index_at = [&](sim::SimTime t) {  // first event at or after t
    return static_cast<std::size_t>(
        std::lower_bound(events.begin(), events.end(), t, [](const auto& e, sim::SimTime x) { return e.first < x; }) -
        events.begin());
  };
  auto sum = [&](sim::SimTime a) { return prefix[index_at(a + w)] - prefix[index_at(a)]; };
  double best = 0;
  for (const auto& e : events) {
    best = std::max(best, sum(e.first));
    best = std::max(best, sum(e.first - w + sim::Duration::nanoseconds(1)));
  }
  return best;
}

// A distribution-free confidence interval for the p-quantile of n i.i.d. samples: the order
// statistics X_(l) and X_(u) with l, u = n p -/+ z sqrt(n p (1 - p)) (the normal approximation of
// the binomial count of samples below the quantile; good for n p (1 - p) >> 1).
struct QuantileInterval {
  double lo, hi;
  bool covers(double x) const { return lo <= x && x <= hi; }
  double relative_half_width(double x) const { return (hi - lo) / 2 / x; }
};
inline QuantileInterval quantile_interval(std::vector<double>& samples, double p, double z) {
  const double n = static_cast<double>(samples.size());
  const double sd = std::sqrt(n * p * (1 - p));
  const auto l = static_cast<std::size_t>(std::max(0.0, std::floor(n * p - z * sd)));
  const auto u = static_cast<std::size_t>(std::min(n - 1, std::ceil(n * p + z * sd)));
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(l), samples.end());
  const double lo = samples[l];
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(u), samples.end());
  return {lo, samples[u]};
}

// 99.9 % two-sided normal quantile, as the validation tests use.
inline constexpr double kZ = 3.2905267;

// The two-sided normal quantile for a family of `checks` tests at overall confidence `conf`
// (Bonferroni: each check at 1 - (1 - conf) / checks).
inline double bonferroni_z(double conf, int checks) {
  const double alpha = (1 - conf) / checks;
  return boost::math::quantile(boost::math::complement(boost::math::normal(), alpha / 2));
}

}  // namespace fmsim::testing
