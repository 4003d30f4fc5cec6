// LatencyHistogram: the ≤ 1 % quantile bound against exact order statistics, merge/reset
// semantics, exact extremes, flow bins and tiny counts.
#include "sim/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/random/lognormal_distribution.hpp>

#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

// The nearest-rank definition quantile() documents: the ⌈q·n⌉-th smallest (the first for q = 0).
double exact_quantile(const std::vector<double>& sorted, double q) {
  const auto n = sorted.size();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  return sorted[rank - 1];
}

double rel_error(double estimate, double exact) { return std::abs(estimate - exact) / exact; }

TEST(LatencyHistogram, BinRatioMeetsOnePercentBound) {
  const double ratio = std::pow(LatencyHistogram::kMaxSeconds / LatencyHistogram::kMinSeconds,
                                1.0 / LatencyHistogram::kBins);
  EXPECT_LE(ratio - 1.0, 0.01);
}

struct LognormalCase {
  double median;
  double sigma;
};

TEST(LatencyHistogram, QuantilesWithinOnePercentOfExactOnLognormals) {
  constexpr std::size_t kSamples = 1'000'000;
  const RandomStreams streams(20240601, 0);
  const LognormalCase cases[] = {{0.2, 0.1}, {0.2, 0.5}, {0.2, 1.0}, {0.05, 2.0}, {2.0, 2.5}};
  double worst = 0.0;
  for (const auto& c : cases) {
    SCOPED_TRACE("sigma " + std::to_string(c.sigma));
    RandomEngine engine = streams.stream("lognormal-" + std::to_string(c.sigma));
    boost::random::lognormal_distribution<double> dist(std::log(c.median), c.sigma);
    LatencyHistogram h;
    std::vector<double> xs(kSamples);
    for (auto& x : xs) {
      x = dist(engine);
      h.record_seconds(x);
    }
    std::sort(xs.begin(), xs.end());
    ASSERT_EQ(h.count(), kSamples);
    EXPECT_EQ(h.min_seconds(), xs.front());
    EXPECT_EQ(h.max_seconds(), xs.back());

    for (double q : {0.5, 0.9, 0.99, 0.999}) {
      const double err = rel_error(h.quantile(q), exact_quantile(xs, q));
      EXPECT_LE(err, 0.01) << "q " << q;
      worst = std::max(worst, err);
    }
    // A dense sweep, so the bound is shown everywhere, not only at the reported quantiles.
    for (int i = 0; i <= 10'000; ++i) {
      const double q = i / 10'000.0;
      const double err = rel_error(h.quantile(q), exact_quantile(xs, q));
      ASSERT_LE(err, 0.01) << "q " << q;
      worst = std::max(worst, err);
    }

    double sum = 0.0;
    for (double x : xs) sum += x;  // sorted ascending: an accurate reference
    EXPECT_NEAR(h.sum_seconds(), sum, 1e-12 * sum);
    EXPECT_NEAR(h.mean_seconds(), sum / kSamples, 1e-12 * sum / kSamples);
  }
  std::printf("worst relative quantile error: %.5f %%\n", worst * 100.0);
  RecordProperty("worst_relative_error_ppm", static_cast<int>(worst * 1e6));
}

TEST(LatencyHistogram, WorstCasePlacementInsideABinStaysWithinOnePercent) {
  // Smooth data flatters interpolation; the bound has to hold when a bin's samples all sit at
  // one edge and the estimate is pushed towards the other one.
  const double ratio = std::pow(LatencyHistogram::kMaxSeconds / LatencyHistogram::kMinSeconds,
                                1.0 / LatencyHistogram::kBins);
  const double edge = LatencyHistogram::kMinSeconds * std::pow(ratio, 1500);  // a bin edge, ≈ 2.6 s
  double worst = 0.0;
  for (const double x : {edge * (1 + 1e-9), edge / (1 + 1e-9)}) {  // just above / just below
    LatencyHistogram h;
    std::vector<double> xs = {0.001, 10.0};  // extremes far away, so [min, max] narrows nothing
    for (int i = 0; i < 1000; ++i) xs.push_back(x);
    for (double v : xs) h.record_seconds(v);
    std::sort(xs.begin(), xs.end());
    for (int i = 0; i <= 1000; ++i) {
      const double q = i / 1000.0;
      const double err = rel_error(h.quantile(q), exact_quantile(xs, q));
      ASSERT_LE(err, 0.01) << "x " << x << " q " << q;
      worst = std::max(worst, err);
    }
  }
  EXPECT_GT(worst, 0.009);  // the test really probes the edge of the bound
  std::printf("worst relative quantile error, adversarial bin placement: %.5f %%\n",
              worst * 100.0);
}

TEST(LatencyHistogram, MergeEqualsRecordingIntoOne) {
  RandomEngine engine = RandomStreams(7, 3).stream("merge");
  boost::random::lognormal_distribution<double> dist(std::log(0.01), 3.0);  // reaches underflow
  LatencyHistogram all;
  LatencyHistogram parts[3];
  for (int i = 0; i < 30'000; ++i) {
    const double x = i % 1000 == 7 ? 1e5 + i : dist(engine);  // and some overflow
    all.record_seconds(x);
    parts[i % 3].record_seconds(x);
  }
  LatencyHistogram merged;
  for (const auto& p : parts) merged.merge(p);

  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min_seconds(), all.min_seconds());
  EXPECT_EQ(merged.max_seconds(), all.max_seconds());
  EXPECT_DOUBLE_EQ(merged.sum_seconds(), all.sum_seconds());
  for (int i = 0; i <= 1000; ++i) {
    const double q = i / 1000.0;
    ASSERT_EQ(merged.quantile(q), all.quantile(q)) << "q " << q;
  }
  // Merging an empty histogram changes nothing, and empty.merge(x) equals x.
  const double p99 = merged.quantile(0.99);
  merged.merge(LatencyHistogram{});
  EXPECT_EQ(merged.quantile(0.99), p99);
  EXPECT_EQ(merged.count(), all.count());

  // Merging a histogram into itself doubles every count and leaves the shape alone.
  LatencyHistogram twice = all;
  twice.merge(twice);
  EXPECT_EQ(twice.count(), 2 * all.count());
  EXPECT_DOUBLE_EQ(twice.sum_seconds(), 2 * all.sum_seconds());
  EXPECT_EQ(twice.min_seconds(), all.min_seconds());
  EXPECT_EQ(twice.max_seconds(), all.max_seconds());
}

TEST(LatencyHistogram, ResetEmptiesAndStaysUsable) {
  LatencyHistogram h;
  for (int i = 1; i <= 100; ++i) h.record_seconds(i * 0.01);
  h.record_seconds(1e-9);
  h.record_seconds(1e6);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_TRUE(std::isnan(h.quantile(0.5)));
  EXPECT_TRUE(std::isnan(h.min_seconds()));
  EXPECT_TRUE(std::isnan(h.max_seconds()));
  EXPECT_TRUE(std::isnan(h.mean_seconds()));
  EXPECT_EQ(h.sum_seconds(), 0.0);

  // After reset it behaves exactly like a fresh histogram (no stale counts in any cell).
  LatencyHistogram fresh;
  for (double x : {0.3, 0.4, 0.5, 0.6}) {
    h.record_seconds(x);
    fresh.record_seconds(x);
  }
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.min_seconds(), 0.3);
  EXPECT_EQ(h.max_seconds(), 0.6);
  for (double q : {0.0, 0.3, 0.5, 0.7, 1.0}) EXPECT_EQ(h.quantile(q), fresh.quantile(q));
}

TEST(LatencyHistogram, EmptyIsNaN) {
  const LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_TRUE(std::isnan(h.quantile(0.0)));
  EXPECT_TRUE(std::isnan(h.quantile(0.5)));
  EXPECT_TRUE(std::isnan(h.quantile(1.0)));
  EXPECT_TRUE(std::isnan(h.min_seconds()));
  EXPECT_TRUE(std::isnan(h.max_seconds()));
  EXPECT_TRUE(std::isnan(h.mean_seconds()));
  EXPECT_EQ(h.sum_seconds(), 0.0);
}

TEST(LatencyHistogram, QuantileRejectsQOutsideUnitInterval) {
  LatencyHistogram h;
  h.record_seconds(1.0);
  EXPECT_THROW((void)h.quantile(-0.01), std::invalid_argument);
  EXPECT_THROW((void)h.quantile(1.01), std::invalid_argument);
  EXPECT_THROW((void)h.quantile(std::nan("")), std::invalid_argument);
}

TEST(LatencyHistogram, MinMaxExact) {
  LatencyHistogram h;
  for (double x : {0.123456789, 7.5, 0.000123, 3.25}) h.record_seconds(x);
  EXPECT_EQ(h.min_seconds(), 0.000123);
  EXPECT_EQ(h.max_seconds(), 7.5);
  EXPECT_EQ(h.quantile(0.0), 0.000123);
  EXPECT_EQ(h.quantile(1.0), 7.5);
}

TEST(LatencyHistogram, RecordsDurations) {
  LatencyHistogram h;
  h.record(Duration::milliseconds(250));
  h.record(Duration::microseconds(1500));
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.min_seconds(), 0.0015);
  EXPECT_EQ(h.max_seconds(), 0.25);
  EXPECT_DOUBLE_EQ(h.sum_seconds(), 0.2515);
  EXPECT_DOUBLE_EQ(h.mean_seconds(), 0.12575);
}

TEST(LatencyHistogram, OutOfRangeValuesGoToFlowBins) {
  LatencyHistogram h;
  h.record_seconds(-5.0);   // clamped to 0
  h.record_seconds(0.0);
  h.record_seconds(3e-7);   // below 1 µs
  h.record(Duration::days(2));
  h.record_seconds(1e9);    // far above 1 day
  EXPECT_EQ(h.count(), 5u);
  EXPECT_EQ(h.min_seconds(), 0.0);
  EXPECT_EQ(h.max_seconds(), 1e9);
  EXPECT_DOUBLE_EQ(h.sum_seconds(), 3e-7 + 172800.0 + 1e9);
  EXPECT_EQ(h.quantile(0.0), 0.0);
  EXPECT_EQ(h.quantile(1.0), 1e9);
  // Ranks inside the flow bins land inside those bins' known ranges.
  const double below = h.quantile(0.5);  // rank 3 of 5: 3e-7, in underflow
  EXPECT_GE(below, 0.0);
  EXPECT_LT(below, LatencyHistogram::kMinSeconds);
  const double above = h.quantile(0.8);  // rank 4 of 5: 2 days, in overflow
  EXPECT_GE(above, LatencyHistogram::kMaxSeconds);
  EXPECT_LE(above, 1e9);

  // Ranks are still exact: with 100 tiny and 100 huge values the median stays tiny.
  LatencyHistogram mixed;
  for (int i = 0; i < 101; ++i) mixed.record_seconds(1e-8);
  for (int i = 0; i < 100; ++i) mixed.record_seconds(1e7);
  const double median = mixed.quantile(0.5);
  EXPECT_GE(median, 1e-8);
  EXPECT_LT(median, LatencyHistogram::kMinSeconds);
  const double p90 = mixed.quantile(0.9);
  EXPECT_GE(p90, LatencyHistogram::kMaxSeconds);
  EXPECT_LE(p90, 1e7);
}

TEST(LatencyHistogram, TinyCountsGiveSensibleQuantiles) {
  LatencyHistogram one;
  one.record_seconds(0.123);
  for (double q : {0.0, 0.01, 0.5, 0.99, 1.0}) EXPECT_EQ(one.quantile(q), 0.123) << q;

  LatencyHistogram two;
  two.record_seconds(0.3);
  two.record_seconds(0.1);
  EXPECT_EQ(two.quantile(0.0), 0.1);
  EXPECT_EQ(two.quantile(0.5), 0.1);   // rank ⌈1⌉ = 1
  EXPECT_EQ(two.quantile(0.51), 0.3);  // rank 2
  EXPECT_EQ(two.quantile(0.99), 0.3);
  EXPECT_EQ(two.mean_seconds(), 0.2);

  LatencyHistogram three;
  for (double x : {0.1, 0.2, 0.3}) three.record_seconds(x);
  EXPECT_LE(rel_error(three.quantile(0.5), 0.2), 0.01);
  // Identical samples: every quantile is that value.
  LatencyHistogram same;
  for (int i = 0; i < 10; ++i) same.record_seconds(0.042);
  for (double q : {0.0, 0.25, 0.5, 0.9, 1.0}) EXPECT_EQ(same.quantile(q), 0.042) << q;
}

TEST(LatencyHistogram, QuantilesAreMonotoneInQ) {
  RandomEngine engine = RandomStreams(11, 0).stream("monotone");
  boost::random::lognormal_distribution<double> dist(std::log(0.5), 1.5);
  LatencyHistogram h;
  for (int i = 0; i < 5'000; ++i) h.record_seconds(dist(engine));
  double prev = h.quantile(0.0);
  for (int i = 1; i <= 2000; ++i) {
    const double cur = h.quantile(i / 2000.0);
    ASSERT_GE(cur, prev) << "q " << i / 2000.0;
    prev = cur;
  }
}

TEST(LatencyHistogram, CopiesAreIndependent) {
  LatencyHistogram a;
  a.record_seconds(1.0);
  LatencyHistogram b = a;
  b.record_seconds(2.0);
  EXPECT_EQ(a.count(), 1u);
  EXPECT_EQ(b.count(), 2u);
  EXPECT_EQ(a.max_seconds(), 1.0);
}

}  // namespace
}  // namespace fmsim::sim
