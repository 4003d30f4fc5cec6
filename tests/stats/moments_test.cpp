// Moments against hand-computed values, and CompensatedSum against a sum a plain double loses.
#include "sim/moments.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fmsim::sim {
namespace {

TEST(Moments, EmptyIsNaN) {
  const Moments m;
  EXPECT_EQ(m.count(), 0u);
  EXPECT_TRUE(std::isnan(m.mean()));
  EXPECT_TRUE(std::isnan(m.variance()));
  EXPECT_TRUE(std::isnan(m.stddev()));
  EXPECT_TRUE(std::isnan(m.min()));
  EXPECT_TRUE(std::isnan(m.max()));
}

TEST(Moments, OneSampleHasNoVariance) {
  Moments m;
  m.add(-2.5);
  EXPECT_EQ(m.count(), 1u);
  EXPECT_EQ(m.mean(), -2.5);
  EXPECT_EQ(m.min(), -2.5);
  EXPECT_EQ(m.max(), -2.5);
  EXPECT_TRUE(std::isnan(m.variance()));
  EXPECT_TRUE(std::isnan(m.stddev()));
}

TEST(Moments, HandComputed) {
  // 2 4 4 4 5 5 7 9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32,
  // unbiased variance 32/7 (the population one would be 4).
  Moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_EQ(m.count(), 8u);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_DOUBLE_EQ(m.variance(), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(m.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_EQ(m.min(), 2.0);
  EXPECT_EQ(m.max(), 9.0);

  // Two samples: variance = (a − b)² / 2.
  Moments two;
  two.add(1.0);
  two.add(4.0);
  EXPECT_DOUBLE_EQ(two.variance(), 4.5);
}

TEST(Moments, SmallSpreadAroundLargeMeanStaysAccurate) {
  // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, squared deviations 36+9+9+36 = 90, variance 30.
  // E[x²] − E[x]² would cancel 1e18-sized terms and lose every digit.
  Moments m;
  for (double d : {4.0, 7.0, 13.0, 16.0}) m.add(1e9 + d);
  EXPECT_DOUBLE_EQ(m.mean(), 1e9 + 10.0);
  EXPECT_NEAR(m.variance(), 30.0, 1e-6);
}

TEST(Moments, ResetEmpties) {
  Moments m;
  for (double x : {1.0, 2.0, 3.0}) m.add(x);
  m.reset();
  EXPECT_EQ(m.count(), 0u);
  EXPECT_TRUE(std::isnan(m.mean()));
  EXPECT_TRUE(std::isnan(m.min()));
  m.add(10.0);
  m.add(20.0);
  EXPECT_DOUBLE_EQ(m.mean(), 15.0);
  EXPECT_DOUBLE_EQ(m.variance(), 50.0);
  EXPECT_EQ(m.min(), 10.0);
  EXPECT_EQ(m.max(), 20.0);
}

TEST(CompensatedSum, KeepsDigitsAPlainSumLoses) {
  // 1 + 1e7 × 1e-16: each term is below half an ulp of 1, so a plain double sum stays at 1.
  CompensatedSum s;
  double plain = 0.0;
  s.add(1.0);
  plain += 1.0;
  for (int i = 0; i < 10'000'000; ++i) {
    s.add(1e-16);
    plain += 1e-16;
  }
  EXPECT_EQ(plain, 1.0);
  EXPECT_NEAR(s.value(), 1.0 + 1e-9, 1e-15);

  // A term larger than the running sum (where plain Kahan fails): 1 + 1e100 − 1e100 = 1.
  CompensatedSum t;
  t.add(1.0);
  t.add(1e100);
  t.add(-1e100);
  EXPECT_EQ(t.value(), 1.0);

  CompensatedSum merged;
  merged.add(s);
  EXPECT_EQ(merged.value(), s.value());
  merged.reset();
  EXPECT_EQ(merged.value(), 0.0);
}

}  // namespace
}  // namespace fmsim::sim
