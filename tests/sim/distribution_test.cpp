// Statistical tests of Distribution with fixed seeds: sample mean and variance against the
// analytic mean()/variance(), quantile() against empirical quantiles, the friendly lognormal
// parametrisations, and rejection of invalid parameters.
//
// Tolerances come from standard errors with n = 2e5 draws:
//   mean:      |x̄ - μ|  <= 5 sqrt(σ²/n)
//   variance:  |s² - σ²| <= 5 sqrt((m4 - s⁴)/n), m4 the sample fourth central moment
//   quantile:  the empirical p-quantile lies in [Q(p - δ), Q(p + δ)], δ = 5 sqrt(p(1-p)/n)
// A correct implementation fails one of these with probability ~6e-7 per check for a fresh
// seed; a wrong parametrisation (e.g. rate for mean, variance for sigma) fails by far.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sim/distribution.h"
#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

constexpr std::size_t kN = 200'000;
constexpr double kZ = 5.0;
const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::vector<double> draw(Distribution d, const std::string& stream, std::size_t n = kN) {
  RandomEngine rng = RandomStreams(12345, 0).stream(stream);
  std::vector<double> xs(n);
  for (auto& x : xs) x = d.sample(rng);
  return xs;
}

void expect_moments(const Distribution& d, const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= n;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double dx = (x - mean) * (x - mean);
    m2 += dx;
    m4 += dx * dx;
  }
  const double var = m2 / (n - 1);
  m4 /= n;
  const double se_mean = std::sqrt(d.variance() / n);
  const double se_var = std::sqrt(std::max(m4 - var * var, 0.0) / n);
  EXPECT_NEAR(mean, d.mean(), kZ * se_mean + 1e-12 * std::abs(d.mean())) << d.describe();
  EXPECT_NEAR(var, d.variance(), kZ * se_var + 1e-12) << d.describe();
}

void expect_quantiles(const Distribution& d, std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  for (double p : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
    const double empirical = xs[static_cast<std::size_t>(p * n)];
    const double delta = kZ * std::sqrt(p * (1 - p) / n);
    EXPECT_GE(empirical, d.quantile(p - delta)) << d.describe() << " p=" << p;
    EXPECT_LE(empirical, d.quantile(p + delta)) << d.describe() << " p=" << p;
  }
}

// Fraction of samples <= x, and its binomial tolerance around p.
void expect_fraction_below(const std::vector<double>& xs, double x, double p, const std::string& what) {
  const double n = static_cast<double>(xs.size());
  const double frac = static_cast<double>(std::count_if(xs.begin(), xs.end(), [x](double v) { return v <= x; })) / n;
  EXPECT_NEAR(frac, p, kZ * std::sqrt(p * (1 - p) / n)) << what;
}

struct Case {
  const char* name;
  Distribution dist;
};

std::vector<Case> continuous_cases() {
  return {
      {"exponential", Distribution::exponential(2.5)},
      {"lognormal", Distribution::lognormal(0.3, 0.5)},
      {"lognormal_mean_cv", Distribution::lognormal_mean_cv(3.0, 0.5)},
      {"gamma_shape_below_1", Distribution::gamma(0.5, 2.0)},
      {"gamma_shape_1", Distribution::gamma(1.0, 3.0)},
      {"gamma_shape_above_1", Distribution::gamma(4.5, 0.2)},
      {"gamma_mean_cv", Distribution::gamma_mean_cv(2.0, 0.3)},
      {"uniform", Distribution::uniform(-1.0, 3.0)},
      {"empirical_quantiles", Distribution::empirical_quantiles({{0.0, 0.0}, {0.5, 1.0}, {0.9, 5.0}, {1.0, 10.0}})},
  };
}

TEST(Distribution, SampleMomentsMatchAnalyticMoments) {
  for (const Case& c : continuous_cases()) {
    SCOPED_TRACE(c.name);
    expect_moments(c.dist, draw(c.dist, c.name));
  }
  const Distribution emp = Distribution::empirical_samples({5.0, 1.0, 10.0, 2.0, 2.0});
  expect_moments(emp, draw(emp, "empirical_samples"));
}

TEST(Distribution, QuantileMatchesEmpiricalQuantiles) {
  for (const Case& c : continuous_cases()) {
    SCOPED_TRACE(c.name);
    expect_quantiles(c.dist, draw(c.dist, std::string(c.name) + "-q"));
  }
}

TEST(Distribution, AnalyticMomentsOfParametrisations) {
  EXPECT_DOUBLE_EQ(Distribution::exponential(2.5).mean(), 2.5);
  EXPECT_DOUBLE_EQ(Distribution::exponential(2.5).variance(), 6.25);
  const Distribution ln = Distribution::lognormal_mean_cv(3.0, 0.5);
  EXPECT_NEAR(ln.mean(), 3.0, 1e-12);
  EXPECT_NEAR(std::sqrt(ln.variance()) / ln.mean(), 0.5, 1e-12);
  const Distribution g = Distribution::gamma_mean_cv(2.0, 0.3);
  EXPECT_NEAR(g.mean(), 2.0, 1e-12);
  EXPECT_NEAR(std::sqrt(g.variance()) / g.mean(), 0.3, 1e-12);
  EXPECT_DOUBLE_EQ(Distribution::uniform(-1, 3).variance(), 16.0 / 12.0);
  const Distribution eq = Distribution::empirical_quantiles({{0.0, 0.0}, {1.0, 6.0}});
  EXPECT_NEAR(eq.mean(), 3.0, 1e-12);  // uniform(0, 6)
  EXPECT_NEAR(eq.variance(), 3.0, 1e-12);
  const Distribution es = Distribution::empirical_samples({1.0, 2.0, 3.0, 6.0});
  EXPECT_DOUBLE_EQ(es.mean(), 3.0);
  EXPECT_DOUBLE_EQ(es.variance(), 3.5);  // population variance of the listed values
}

TEST(Distribution, Constant) {
  Distribution d = Distribution::constant(4.2);
  RandomEngine rng = RandomStreams(1, 0).stream("c");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 4.2);
  EXPECT_EQ(d.mean(), 4.2);
  EXPECT_EQ(d.variance(), 0.0);
  EXPECT_EQ(d.quantile(0.0), 4.2);
  EXPECT_EQ(d.quantile(0.99), 4.2);
  EXPECT_EQ(d.kind(), Distribution::Kind::constant);
}

TEST(Distribution, DegenerateUniformReturnsItsPoint) {
  // lo == hi is allowed; Boost's generator would loop forever on it.
  Distribution d = Distribution::uniform(2.0, 2.0);
  RandomEngine rng = RandomStreams(1, 0).stream("u");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 2.0);
  EXPECT_EQ(d.mean(), 2.0);
  EXPECT_EQ(d.variance(), 0.0);
}

TEST(Distribution, ZeroSigmaLognormalIsItsMedian) {
  Distribution d = Distribution::lognormal_median_sigma(3.0, 0.0);
  RandomEngine rng = RandomStreams(1, 0).stream("ln0");
  for (int i = 0; i < 100; ++i) EXPECT_NEAR(d.sample(rng), 3.0, 1e-12);
}

TEST(Distribution, LognormalMedianSigma) {
  const Distribution d = Distribution::lognormal_median_sigma(2.0, 0.8);
  EXPECT_NEAR(d.quantile(0.5), 2.0, 1e-12);
  const std::vector<double> xs = draw(d, "median-sigma");
  expect_fraction_below(xs, 2.0, 0.5, "sampled median");
  expect_moments(d, xs);
  // sigma is the standard deviation of log X.
  double s = 0, s2 = 0;
  for (double x : xs) {
    s += std::log(x);
    s2 += std::log(x) * std::log(x);
  }
  const double n = static_cast<double>(xs.size());
  const double sd_log = std::sqrt(s2 / n - (s / n) * (s / n));
  // SE of a normal sample's standard deviation: sigma / sqrt(2n).
  EXPECT_NEAR(sd_log, 0.8, kZ * 0.8 / std::sqrt(2 * n));
}

TEST(Distribution, LognormalMeanCv) {
  const Distribution d = Distribution::lognormal_mean_cv(3.0, 0.5);
  const std::vector<double> xs = draw(d, "mean-cv");
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  EXPECT_NEAR(mean, 3.0, kZ * 1.5 / std::sqrt(static_cast<double>(xs.size())));
  expect_moments(d, xs);  // variance = (cv * mean)^2 = 2.25
}

TEST(Distribution, LognormalP50P99) {
  const Distribution d = Distribution::lognormal_p50_p99(1.0, 10.0);
  EXPECT_NEAR(d.quantile(0.5), 1.0, 1e-9);
  EXPECT_NEAR(d.quantile(0.99), 10.0, 1e-9);
  std::vector<double> xs = draw(d, "p50-p99");
  expect_fraction_below(xs, 1.0, 0.5, "sampled p50");
  expect_fraction_below(xs, 10.0, 0.99, "sampled p99");
  expect_quantiles(d, xs);
  // Degenerate: p99 == p50 gives a point mass.
  const Distribution point = Distribution::lognormal_p50_p99(4.0, 4.0);
  EXPECT_NEAR(point.quantile(0.99), 4.0, 1e-12);
  EXPECT_NEAR(point.variance(), 0.0, 1e-12);
}

TEST(Distribution, EmpiricalSamplesQuantileAndFrequencies) {
  const Distribution d = Distribution::empirical_samples({5.0, 1.0, 10.0, 2.0, 2.0});
  // Sorted {1, 2, 2, 5, 10}; quantile(p) is the ceil(p n)-th smallest.
  EXPECT_EQ(d.quantile(0.0), 1.0);
  EXPECT_EQ(d.quantile(0.2), 1.0);
  EXPECT_EQ(d.quantile(0.21), 2.0);
  EXPECT_EQ(d.quantile(0.55), 2.0);
  EXPECT_EQ(d.quantile(0.65), 5.0);
  EXPECT_EQ(d.quantile(0.81), 10.0);
  EXPECT_EQ(d.quantile(1.0), 10.0);
  const std::vector<double> xs = draw(d, "empirical-freq");
  expect_fraction_below(xs, 1.0, 0.2, "P(X <= 1)");
  expect_fraction_below(xs, 2.0, 0.6, "P(X <= 2)");
  expect_fraction_below(xs, 5.0, 0.8, "P(X <= 5)");
  for (double x : xs) EXPECT_TRUE(x == 1.0 || x == 2.0 || x == 5.0 || x == 10.0);
}

TEST(Distribution, EmpiricalQuantilesInterpolatesLinearly) {
  const Distribution d = Distribution::empirical_quantiles({{0.0, 0.0}, {0.5, 1.0}, {0.9, 5.0}, {1.0, 10.0}});
  EXPECT_DOUBLE_EQ(d.quantile(0.0), 0.0);
  EXPECT_DOUBLE_EQ(d.quantile(0.25), 0.5);
  EXPECT_DOUBLE_EQ(d.quantile(0.5), 1.0);
  EXPECT_DOUBLE_EQ(d.quantile(0.7), 3.0);
  EXPECT_DOUBLE_EQ(d.quantile(0.95), 7.5);
  EXPECT_DOUBLE_EQ(d.quantile(1.0), 10.0);
}

TEST(Distribution, QuantileEdges) {
  EXPECT_EQ(Distribution::exponential(2.0).quantile(0.0), 0.0);
  EXPECT_NEAR(Distribution::exponential(2.0).quantile(0.5), 2.0 * std::log(2.0), 1e-12);
  EXPECT_EQ(Distribution::lognormal(0, 1).quantile(0.0), 0.0);
  EXPECT_EQ(Distribution::lognormal(0, 1).quantile(1.0), kInf);
  EXPECT_EQ(Distribution::gamma(2, 1).quantile(1.0), kInf);
  EXPECT_EQ(Distribution::uniform(1, 3).quantile(0.5), 2.0);
  // Out-of-range p is clamped.
  EXPECT_EQ(Distribution::uniform(1, 3).quantile(-1.0), 1.0);
  EXPECT_EQ(Distribution::uniform(1, 3).quantile(2.0), 3.0);
}

TEST(Distribution, SameStreamGivesSameDraws) {
  EXPECT_EQ(draw(Distribution::gamma(0.7, 1.3), "repro", 1000), draw(Distribution::gamma(0.7, 1.3), "repro", 1000));
  EXPECT_NE(draw(Distribution::gamma(0.7, 1.3), "repro", 1000), draw(Distribution::gamma(0.7, 1.3), "other", 1000));
}

TEST(Distribution, InvalidParametersThrow) {
  using D = Distribution;
  EXPECT_THROW(D::constant(kNan), std::invalid_argument);
  EXPECT_THROW(D::constant(kInf), std::invalid_argument);
  EXPECT_THROW(D::exponential(0.0), std::invalid_argument);
  EXPECT_THROW(D::exponential(-1.0), std::invalid_argument);
  EXPECT_THROW(D::exponential(kNan), std::invalid_argument);
  EXPECT_THROW(D::exponential(kInf), std::invalid_argument);
  EXPECT_THROW(D::lognormal(0.0, -0.1), std::invalid_argument);
  EXPECT_THROW(D::lognormal(kInf, 1.0), std::invalid_argument);
  EXPECT_THROW(D::lognormal(0.0, kNan), std::invalid_argument);
  EXPECT_THROW(D::lognormal_median_sigma(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::lognormal_median_sigma(1.0, -1.0), std::invalid_argument);
  EXPECT_THROW(D::lognormal_mean_cv(-1.0, 0.5), std::invalid_argument);
  EXPECT_THROW(D::lognormal_mean_cv(1.0, -0.1), std::invalid_argument);
  EXPECT_THROW(D::lognormal_mean_cv(1.0, kNan), std::invalid_argument);
  EXPECT_THROW(D::lognormal_p50_p99(2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::lognormal_p50_p99(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::lognormal_p50_p99(1.0, kInf), std::invalid_argument);
  EXPECT_THROW(D::gamma(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::gamma(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(D::gamma(-1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::gamma(kNan, 1.0), std::invalid_argument);
  EXPECT_THROW(D::gamma_mean_cv(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(D::gamma_mean_cv(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::uniform(2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(D::uniform(kNan, 1.0), std::invalid_argument);
  EXPECT_THROW(D::uniform(0.0, kInf), std::invalid_argument);
  EXPECT_THROW(D::empirical_samples({}), std::invalid_argument);
  EXPECT_THROW(D::empirical_samples({1.0, kNan}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.1, 1.0}, {1.0, 2.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}, {0.9, 2.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}, {0.5, 2.0}, {0.5, 3.0}, {1.0, 4.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}, {0.5, 3.0}, {1.0, 2.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}, {0.5, kNan}, {1.0, 2.0}}), std::invalid_argument);
  EXPECT_THROW(D::empirical_quantiles({{0.0, 1.0}, {kNan, 1.5}, {1.0, 2.0}}), std::invalid_argument);
  // Valid edge cases do not throw.
  EXPECT_NO_THROW(D::lognormal(0.0, 0.0));
  EXPECT_NO_THROW(D::uniform(1.0, 1.0));
  EXPECT_NO_THROW(D::constant(-3.0));
  EXPECT_NO_THROW(D::empirical_quantiles({{0.0, 1.0}, {1.0, 1.0}}));
}

}  // namespace
}  // namespace fmsim::sim
