// Student t intervals against values worked out by hand and against coverage over many samples.
#include "models/sweep/student_t.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace fmsim::models::sweep {
namespace {

TEST(StudentT, IntervalOfKnownSample) {
  // mean 5, s = sqrt(2.5) for 3,4,5,6,7; t(0.975, 4) = 2.776445105
  const std::vector<double> v{3, 4, 5, 6, 7};
  const auto ci = student_t_interval(v);
  EXPECT_EQ(ci.n, 5u);
  EXPECT_DOUBLE_EQ(ci.mean, 5.0);
  EXPECT_NEAR(ci.stddev, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(ci.half_width, 2.776445105 * std::sqrt(2.5) / std::sqrt(5.0), 1e-8);
}

TEST(StudentT, TooFewValuesGiveNaN) {
  EXPECT_TRUE(std::isnan(student_t_interval(std::vector<double>{}).mean));
  const auto one = student_t_interval(std::vector<double>{2.0});
  EXPECT_EQ(one.mean, 2.0);
  EXPECT_TRUE(std::isnan(one.half_width));
  EXPECT_TRUE(std::isnan(upper_confidence_bound(std::vector<double>{2.0})));
}

TEST(StudentT, OneSidedBounds) {
  // t(0.95, 4) = 2.131846786
  const std::vector<double> v{3, 4, 5, 6, 7};
  const double se = std::sqrt(2.5 / 5);
  EXPECT_NEAR(upper_confidence_bound(v), 5 + 2.131846786 * se, 1e-8);
  EXPECT_NEAR(lower_confidence_bound(v), 5 - 2.131846786 * se, 1e-8);
  const std::vector<double> flat{4, 4, 4};
  EXPECT_EQ(upper_confidence_bound(flat), 4.0);
}

TEST(StudentT, PairedDifferenceRemovesTheSharedPart) {
  // b = a + 1 exactly: the paired difference has zero width, the unpaired one does not.
  const std::vector<double> a{1, 5, 2, 8, 3, 9};
  std::vector<double> b;
  for (double x : a) b.push_back(x + 1);
  const auto paired = paired_difference(a, b);
  EXPECT_DOUBLE_EQ(paired.mean, -1.0);
  EXPECT_EQ(paired.half_width, 0.0);
  const auto welch = welch_difference(a, b);
  EXPECT_DOUBLE_EQ(welch.mean, -1.0);
  EXPECT_GT(welch.half_width, 2.0);
}

TEST(StudentT, WelchDegreesOfFreedomForEqualVariances) {
  // Equal n and variances: dof = 2(n - 1); n = 5 -> t(0.975, 8) = 2.306004135
  const std::vector<double> a{3, 4, 5, 6, 7};
  const std::vector<double> b{13, 14, 15, 16, 17};
  const auto w = welch_difference(a, b);
  EXPECT_NEAR(w.mean, -10, 1e-12);
  EXPECT_NEAR(w.half_width, 2.306004135 * std::sqrt(2.5 / 5 + 2.5 / 5), 1e-8);
}

TEST(StudentT, NinetyFivePercentCoverage) {
  // 4000 samples of n = 6 normals: coverage within 3 binomial standard deviations of 0.95.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> normal(10.0, 3.0);
  int covered = 0;
  constexpr int kTrials = 4000;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<double> v(6);
    for (auto& x : v) x = normal(rng);
    const auto ci = student_t_interval(v);
    covered += (ci.low() <= 10.0 && 10.0 <= ci.high()) ? 1 : 0;
  }
  const double p = static_cast<double>(covered) / kTrials;
  EXPECT_NEAR(p, 0.95, 3 * std::sqrt(0.95 * 0.05 / kTrials));
}

}  // namespace
}  // namespace fmsim::models::sweep
