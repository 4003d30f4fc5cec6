// Student t intervals with Boost.Math's quantiles.
#include "models/sweep/student_t.h"

#include <cmath>
#include <algorithm>
#include <limits>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

namespace fmsim::models::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Moments {
  std::size_t n = 0;
  double mean = kNaN;
  double variance = kNaN;  // sample variance
};

Moments moments(std::span<const double> v) {
  Moments m;
  m.n = v.size();
  if (m.n == 0) return m;
  double sum = 0;
  for (double x : v) sum += x;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.variance = ss / static_cast<double>(m.n - 1);
  return m;
}

double t_quantile(double p, double dof) { return boost::math::quantile(boost::math::students_t(dof), p); }

}  // namespace

Interval student_t_interval(std::span<const double> values, double confidence) {
  const auto m = moments(values);
  Interval ci{m.n, m.mean, kNaN, kNaN};
  if (m.n < 2) return ci;
  ci.stddev = std::sqrt(m.variance);
  ci.half_width = t_quantile(1 - (1 - confidence) / 2, static_cast<double>(m.n - 1)) * ci.stddev /
                  std::sqrt(static_cast<double>(m.n));
  return ci;
}

Interval paired_difference(std::span<const double> a, std::span<const double> b, double confidence) {
  std::vector<double> d;
  const auto n = std::min(a.size(), b.size());
  d.reserve(n);
  for (std::size_t i = 0; i < n; ++i) d.push_back(a[i] - b[i]);
  return student_t_interval(d, confidence);
}

Interval welch_difference(std::span<const double> a, std::span<const double> b, double confidence) {
  const auto ma = moments(a);
  const auto mb = moments(b);
  Interval ci{std::min(ma.n, mb.n), ma.mean - mb.mean, kNaN, kNaN};
  if (ma.n < 2 || mb.n < 2) return ci;
  const double va = ma.variance / static_cast<double>(ma.n);
  const double vb = mb.variance / static_cast<double>(mb.n);
  const double se2 = va + vb;
  ci.stddev = std::sqrt(se2);  // standard error of the difference
  if (se2 == 0) {
    ci.half_width = 0;
    return ci;
  }
  const double dof = se2 * se2 / (va * va / static_cast<double>(ma.n - 1) + vb * vb / static_cast<double>(mb.n - 1));
  ci.half_width = t_quantile(1 - (1 - confidence) / 2, dof) * std::sqrt(se2);
  return ci;
}

double upper_confidence_bound(std::span<const double> values, double confidence) {
  const auto m = moments(values);
  if (m.n < 2) return kNaN;
  return m.mean + t_quantile(confidence, static_cast<double>(m.n - 1)) * std::sqrt(m.variance / static_cast<double>(m.n));
}

double lower_confidence_bound(std::span<const double> values, double confidence) {
  const auto m = moments(values);
  if (m.n < 2) return kNaN;
  return m.mean - t_quantile(confidence, static_cast<double>(m.n - 1)) * std::sqrt(m.variance / static_cast<double>(m.n));
}

}  // namespace fmsim::models::sweep
