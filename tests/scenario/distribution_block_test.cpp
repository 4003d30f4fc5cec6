// Distribution blocks under a station target's service_time: every family and form, and the errors for
// wrong combinations and violated constraints.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_station;

// The service time parsed from a flow-style block, e.g. "{distribution: exponential, mean: 1s}".
sim::Distribution service(const std::string& block) {
  const Scenario s = parse_scenario(with_station("    service_time: " + block + "\n"), "d.yaml");
  return s.deployment.targets.at(0).station.service_time;
}

// The error for a block-style service_time whose lines (six spaces of indent) start at line 10.
std::string block_error(const std::string& lines) { return error_of(with_station("    service_time:\n" + lines)); }

TEST(DistributionBlock, EveryFamilyAndForm) {
  using K = sim::Distribution::Kind;
  const auto exp = service("{distribution: exponential, mean: 250ms}");
  EXPECT_EQ(exp.kind(), K::exponential);
  EXPECT_DOUBLE_EQ(exp.mean(), 0.25);

  const auto det = service("{distribution: deterministic, value: 1s}");
  EXPECT_EQ(det.kind(), K::constant);
  EXPECT_DOUBLE_EQ(det.mean(), 1.0);
  EXPECT_DOUBLE_EQ(service("{distribution: deterministic, mean: 2s}").mean(), 2.0);

  const auto ln1 = service("{distribution: lognormal, median: 1s, sigma: 0.5}");
  EXPECT_EQ(ln1.kind(), K::lognormal);
  EXPECT_NEAR(ln1.quantile(0.5), 1.0, 1e-12);
  const auto ln2 = service("{distribution: lognormal, mean: 2s, cv: 0.5}");
  EXPECT_NEAR(ln2.mean(), 2.0, 1e-12);
  EXPECT_NEAR(std::sqrt(ln2.variance()) / ln2.mean(), 0.5, 1e-12);
  const auto ln3 = service("{distribution: lognormal, p50: 300ms, p99: 3s}");
  EXPECT_NEAR(ln3.quantile(0.5), 0.3, 1e-12);
  EXPECT_NEAR(ln3.quantile(0.99), 3.0, 1e-6);

  const auto g1 = service("{distribution: gamma, mean: 2s, cv: 0.5}");
  EXPECT_EQ(g1.kind(), K::gamma);
  EXPECT_NEAR(g1.mean(), 2.0, 1e-12);
  const auto g2 = service("{distribution: gamma, shape: 4, scale: 500ms}");
  EXPECT_NEAR(g2.mean(), 2.0, 1e-12);

  const auto u = service("{distribution: uniform, min: 100ms, max: 300ms}");
  EXPECT_EQ(u.kind(), K::uniform);
  EXPECT_NEAR(u.mean(), 0.2, 1e-12);

  const auto es = service("{distribution: empirical, samples: [100ms, 200ms, 600ms]}");
  EXPECT_EQ(es.kind(), K::empirical_samples);
  EXPECT_NEAR(es.mean(), 0.3, 1e-12);

  const auto eq = service("{distribution: empirical, quantiles: {0: 100ms, 0.5: 300ms, 1: 2s}}");
  EXPECT_EQ(eq.kind(), K::empirical_quantiles);
  EXPECT_NEAR(eq.quantile(0.5), 0.3, 1e-12);
  EXPECT_NEAR(eq.quantile(1.0), 2.0, 1e-12);
}

TEST(DistributionBlock, ZeroIsAllowedWhereItMakesSense) {
  EXPECT_DOUBLE_EQ(service("{distribution: deterministic, value: 0s}").mean(), 0.0);
  EXPECT_DOUBLE_EQ(service("{distribution: uniform, min: 0s, max: 0s}").mean(), 0.0);
  EXPECT_NEAR(service("{distribution: lognormal, median: 1s, sigma: 0}").mean(), 1.0, 1e-12);
  EXPECT_NEAR(service("{distribution: lognormal, p50: 1s, p99: 1s}").mean(), 1.0, 1e-12);
}

TEST(DistributionBlockErrors, NotABlock) {
  EXPECT_EQ(error_of(with_station("    service_time: 1s\n")),
            "s.yaml:9:19: targets.server.service_time: expected a distribution such as {distribution: exponential, "
            "mean: 1s}, got '1s'");
}

TEST(DistributionBlockErrors, UnknownFamily) {
  EXPECT_EQ(block_error("      distribution: exponental\n      mean: 1s\n"),
            "s.yaml:10:21: targets.server.service_time.distribution: unknown distribution 'exponental', did you mean "
            "'exponential'?");
  EXPECT_EQ(block_error("      distribution: weibull\n"),
            "s.yaml:10:21: targets.server.service_time.distribution: unknown distribution 'weibull' (expected one of: "
            "exponential, deterministic, lognormal, gamma, uniform, empirical)");
  EXPECT_EQ(block_error("      mean: 1s\n"),
            "s.yaml:10:7: targets.server.service_time.distribution: required key is missing (expected one of "
            "exponential, "
            "deterministic, lognormal, gamma, uniform, empirical)");
  EXPECT_EQ(block_error("      distribution: exponential\n      mena: 1s\n"),
            "s.yaml:11:7: targets.server.service_time.mena: unknown key 'mena', did you mean 'mean'?");
}

TEST(DistributionBlockErrors, WrongCombinations) {
  EXPECT_EQ(block_error("      distribution: lognormal\n      median: 1s\n      mean: 2s\n"),
            "s.yaml:12:13: targets.server.service_time.mean: cannot be combined with 'median': lognormal takes "
            "exactly one of {median, sigma}, {mean, cv} or {p50, p99}");
  EXPECT_EQ(block_error("      distribution: lognormal\n      median: 1s\n"),
            "s.yaml:10:7: targets.server.service_time.sigma: required key is missing (lognormal with 'median' needs "
            "{median, sigma})");
  EXPECT_EQ(block_error("      distribution: lognormal\n"),
            "s.yaml:10:7: targets.server.service_time: lognormal needs exactly one of {median, sigma}, {mean, cv} or "
            "{p50, p99}");
  EXPECT_EQ(block_error("      distribution: exponential\n      mean: 1s\n      sigma: 0.5\n"),
            "s.yaml:12:14: targets.server.service_time.sigma: 'sigma' is not a parameter of exponential, which takes "
            "mean");
  EXPECT_EQ(block_error("      distribution: exponential\n"),
            "s.yaml:10:7: targets.server.service_time.mean: required key is missing (exponential takes mean)");
  EXPECT_EQ(block_error("      distribution: deterministic\n      value: 1s\n      mean: 1s\n"),
            "s.yaml:12:13: targets.server.service_time.mean: cannot be combined with 'value': deterministic takes "
            "exactly one of value or mean");
  EXPECT_EQ(block_error("      distribution: gamma\n      shape: 2\n      cv: 0.5\n"),
            "s.yaml:12:11: targets.server.service_time.cv: cannot be combined with 'shape': gamma takes exactly one of "
            "{mean, cv} or {shape, scale}");
  EXPECT_EQ(block_error("      distribution: uniform\n      max: 1s\n"),
            "s.yaml:10:7: targets.server.service_time.min: required key is missing (uniform takes {min, max})");
  EXPECT_EQ(block_error("      distribution: empirical\n      samples: [1s]\n      quantiles: {0: 1s, 1: 2s}\n"),
            "s.yaml:12:18: targets.server.service_time.quantiles: cannot be combined with 'samples': empirical takes "
            "exactly one of samples or quantiles");
}

TEST(DistributionBlockErrors, Bounds) {
  EXPECT_EQ(block_error("      distribution: exponential\n      mean: 0s\n"),
            "s.yaml:11:13: targets.server.service_time.mean: must be > 0, got '0s'");
  EXPECT_EQ(block_error("      distribution: lognormal\n      median: 1s\n      sigma: -0.5\n"),
            "s.yaml:12:14: targets.server.service_time.sigma: must be >= 0, got '-0.5'");
  EXPECT_EQ(block_error("      distribution: gamma\n      mean: 1s\n      cv: 0\n"),
            "s.yaml:12:11: targets.server.service_time.cv: must be > 0, got '0'");
  EXPECT_EQ(block_error("      distribution: deterministic\n      value: -1s\n"),
            "s.yaml:11:14: targets.server.service_time.value: must be >= 0, got '-1s'");
}

TEST(DistributionBlockErrors, CrossChecks) {
  EXPECT_EQ(block_error("      distribution: lognormal\n      p50: 1s\n      p99: 500ms\n"),
            "s.yaml:12:12: targets.server.service_time.p99: must be >= p50 ('1s'), got '500ms'");
  EXPECT_EQ(block_error("      distribution: uniform\n      min: 2s\n      max: 1s\n"),
            "s.yaml:12:12: targets.server.service_time.max: must be >= min ('2s'), got '1s'");
}

TEST(DistributionBlockErrors, EmpiricalSamples) {
  EXPECT_EQ(block_error("      distribution: empirical\n      samples: []\n"),
            "s.yaml:11:16: targets.server.service_time.samples: must not be empty");
  EXPECT_EQ(block_error("      distribution: empirical\n      samples: [1s, -2s]\n"),
            "s.yaml:11:21: targets.server.service_time.samples[1]: must be >= 0, got '-2s'");
  EXPECT_EQ(block_error("      distribution: empirical\n      samples: [1s, 2]\n"),
            "s.yaml:11:21: targets.server.service_time.samples[1]: missing unit in '2', e.g. 300ms");
  EXPECT_EQ(block_error("      distribution: empirical\n      samples: 1s\n"),
            "s.yaml:11:16: targets.server.service_time.samples: expected a list of values (a duration such as 300ms), "
            "got '1s'");
}

TEST(DistributionBlockErrors, EmpiricalQuantiles) {
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0: 1s}\n"),
            "s.yaml:11:18: targets.server.service_time.quantiles: needs at least two points, from probability 0 to "
            "probability 1");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0.1: 1s, 1: 2s}\n"),
            "s.yaml:11:19: targets.server.service_time.quantiles[0.1]: the first probability must be 0, got '0.1'");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0: 1s, 0.99: 2s}\n"),
            "s.yaml:11:26: targets.server.service_time.quantiles[0.99]: the last probability must be 1, got '0.99'");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0: 1s, 0.9: 2s, 0.5: 3s, 1: 4s}\n"),
            "s.yaml:11:35: targets.server.service_time.quantiles[0.5]: probabilities must increase, got '0.5' after "
            "'0.9'");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0: 1s, 1.5: 2s}\n"),
            "s.yaml:11:26: targets.server.service_time.quantiles[1.5]: a probability must be <= 1, got '1.5'");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: {0: 2s, 1: 1s}\n"),
            "s.yaml:11:29: targets.server.service_time.quantiles[1]: values must not decrease, got '1s' after '2s'");
  EXPECT_EQ(block_error("      distribution: empirical\n      quantiles: [1s, 2s]\n"),
            "s.yaml:11:18: targets.server.service_time.quantiles: expected a mapping of probability to value, e.g. {0: "
            "100ms, 0.5: 300ms, 1: 2s}, got a list");
}

}  // namespace
}  // namespace fmsim::models
