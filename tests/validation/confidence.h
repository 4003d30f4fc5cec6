// Confidence intervals for the validation tests. Every estimate there is the mean of R
// independent replications (each one warm-up-truncated run of the simulator), so the interval is
// the Student-t interval mean ± t_{1−α/2, R−1} · s/√R: exact for normal replication means and
// good for R ≥ 20 means of ~10⁵ customers each (CLT). Tests take their tolerance from it, and
// also require the half-width to be small next to the theory value, so a noisy estimate cannot
// pass by having a wide interval.
#pragma once

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace fmsim::validation {

// The one confidence level used throughout: 99.9 %, two-sided. Seeds are fixed, so a test either
// always passes or always fails; but any legitimate change in how the models draw random numbers
// reseeds every check at once. With ~30 interval checks, 99 % would make such a change fail some
// check about one time in four; 99.9 %, about one in thirty. The price is intervals ~1.36× as
// wide (t quantile 3.88 vs 2.86 at R = 20), paid for with more customers.
inline constexpr double kConfidence = 0.999;

struct Estimate {
  double mean = 0;
  double half_width = 0;  // of the kConfidence interval
  std::size_t n = 0;      // replications
  double relative_half_width(double reference) const { return half_width / std::abs(reference); }
  bool covers(double x) const { return std::abs(x - mean) <= half_width; }
};

inline Estimate t_interval(const std::vector<double>& xs, double confidence = kConfidence) {
  if (xs.size() < 2) throw std::invalid_argument("t_interval: need at least two replications");
  const double n = static_cast<double>(xs.size());
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= n;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (n - 1.0));
  const boost::math::students_t t(n - 1.0);
  const double q = boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0));
  return Estimate{mean, q * sd / std::sqrt(n), xs.size()};
}

// One line per check in the test log, so the numbers behind a pass are visible (and can be
// tabulated) without a debugger.
inline void report(std::ostream& os, const std::string& what, double theory, const Estimate& e) {
  os << std::setprecision(6) << "[validation] " << what << ": theory " << theory << ", estimate "
     << e.mean << " ± " << e.half_width << " (" << kConfidence * 100 << " %, R = " << e.n
     << ", ±" << std::setprecision(3) << 100.0 * e.relative_half_width(theory) << " % of theory)\n";
}

}  // namespace fmsim::validation
