// Crossovers between cost curves: exact interpolation on known lines (linear and log volume
// axes), intervals that cover the true crossing on noisy costs, no crossing, several crossings,
// and deterministic costs (zero-width intervals, exactly equal costs).
#include "models/sweep/crossover.h"

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace fmsim::models::sweep {
namespace {

// A pattern whose cost at each volume is `cost(v)` in every one of `reps` replications.
template <typename F>
PatternCosts deterministic(const std::vector<double>& volumes, F cost, std::size_t reps = 3) {
  PatternCosts out;
  for (double v : volumes) out.emplace_back(reps, cost(v));
  return out;
}

TEST(Crossover, LinearCostsCrossAtTheArithmeticValue) {
  // a = 100 + 2v, b = 400 + v: equal at v = 300, between the swept 250 and 350.
  const VolumeScale scale{{50, 150, 250, 350, 450}, false};
  const auto a = deterministic(scale.volumes, [](double v) { return 100 + 2 * v; });
  const auto b = deterministic(scale.volumes, [](double v) { return 400 + v; });
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 1u);
  const auto& x = r.crossovers[0];
  EXPECT_DOUBLE_EQ(x.volume, 300);
  EXPECT_EQ(x.below, Cheaper::first);
  EXPECT_EQ(x.above, Cheaper::second);
  // Deterministic: zero-width intervals, so the crossover's interval is the point itself.
  EXPECT_EQ(x.low.kind, CrossingBound::Kind::inside);
  EXPECT_EQ(x.high.kind, CrossingBound::Kind::inside);
  EXPECT_DOUBLE_EQ(x.low.volume, 300);
  EXPECT_DOUBLE_EQ(x.high.volume, 300);
  ASSERT_EQ(r.difference.size(), 5u);
  EXPECT_DOUBLE_EQ(r.difference[0].mean, -250);
  EXPECT_DOUBLE_EQ(r.difference[0].half_width, 0);
  EXPECT_TRUE(r.significant_throughout);
}

TEST(Crossover, LogAxisInterpolatesInLogVolume) {
  // d = 10 ln(v / 1000) is linear in ln v: zero at exactly 1000, between the swept 500 and 4000.
  // Interpolating linearly in v instead would give 500 + 3500 * 6.93 / 27.7 = 1375.
  const VolumeScale scale{{10, 100, 500, 4000, 20000}, true};
  const auto a = deterministic(scale.volumes, [](double v) { return 10 * std::log(v); });
  const auto b = deterministic(scale.volumes, [](double) { return 10 * std::log(1000.0); });
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_NEAR(r.crossovers[0].volume, 1000, 1e-9);
  EXPECT_EQ(r.crossovers[0].below, Cheaper::first);
  EXPECT_EQ(r.crossovers[0].above, Cheaper::second);

  const VolumeScale linear{scale.volumes, false};
  EXPECT_NEAR(compare_pair(linear, a, b).crossovers.at(0).volume,
              500 + 3500 * (10 * std::log(2.0)) / (10 * std::log(8.0)), 1e-9);
}

TEST(Crossover, NoCrossingSaysWhichIsCheaperThroughout) {
  const VolumeScale scale{{1, 2, 3, 4}, false};
  const auto a = deterministic(scale.volumes, [](double v) { return 10 + v; });
  const auto b = deterministic(scale.volumes, [](double v) { return 5 + v; });
  const auto r = compare_pair(scale, a, b, 3, 7);
  EXPECT_EQ(r.first, 3u);
  EXPECT_EQ(r.second, 7u);
  EXPECT_TRUE(r.crossovers.empty());
  EXPECT_EQ(r.throughout, Cheaper::second);
  EXPECT_TRUE(r.significant_throughout);
}

TEST(Crossover, SeveralCrossingsAreAllFound) {
  // d = (v - 2)(v - 5)(v - 8) sampled between its roots: -80, -28, 10, 8, -8, -10, 28, 80.
  const VolumeScale scale{{0, 1, 3, 4, 6, 7, 9, 10}, false};
  const auto a = deterministic(scale.volumes, [](double v) { return 1000 + (v - 2) * (v - 5) * (v - 8); });
  const auto b = deterministic(scale.volumes, [](double) { return 1000.0; });
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 3u);
  // Linear interpolation between the samples: d(1) = -28, d(3) = 10 -> 1 + 2 * 28/38.
  EXPECT_NEAR(r.crossovers[0].volume, 1 + 2 * 28.0 / 38.0, 1e-12);
  EXPECT_EQ(r.crossovers[0].below, Cheaper::first);  // a cheaper below the first crossing
  EXPECT_EQ(r.crossovers[0].above, Cheaper::second);
  // d(4) = 8, d(6) = -8: exactly 5.
  EXPECT_NEAR(r.crossovers[1].volume, 5, 1e-12);
  EXPECT_EQ(r.crossovers[1].below, Cheaper::second);
  EXPECT_EQ(r.crossovers[1].above, Cheaper::first);
  // d(7) = -10, d(9) = 28 -> 7 + 2 * 10/38.
  EXPECT_NEAR(r.crossovers[2].volume, 7 + 2 * 10.0 / 38.0, 1e-12);
  EXPECT_EQ(r.crossovers[2].above, Cheaper::second);
  EXPECT_EQ(r.throughout, Cheaper::neither);  // only meaningful without crossovers
}

TEST(Crossover, ExactlyZeroDifferencesAtAPointAndOverAStretch) {
  // Equal at one swept volume: one crossover there, not two.
  {
    const VolumeScale scale{{1, 2, 3}, false};
    const auto a = deterministic(scale.volumes, [](double v) { return v; });
    const auto b = deterministic(scale.volumes, [](double) { return 2.0; });
    const auto r = compare_pair(scale, a, b);
    ASSERT_EQ(r.crossovers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.crossovers[0].volume, 2);
    EXPECT_DOUBLE_EQ(r.crossovers[0].low.volume, 2);
    EXPECT_DOUBLE_EQ(r.crossovers[0].high.volume, 2);
    EXPECT_FALSE(r.significant_throughout);  // at 2 the interval [0, 0] holds zero
  }
  // Equal from 2 to 4: the crossover is the middle of the stretch, its interval the stretch.
  {
    const VolumeScale scale{{1, 2, 3, 4, 5}, false};
    const auto a = deterministic(scale.volumes, [](double v) { return v < 2 ? 1.0 : (v > 4 ? 9.0 : 5.0); });
    const auto b = deterministic(scale.volumes, [](double) { return 5.0; });
    const auto r = compare_pair(scale, a, b);
    ASSERT_EQ(r.crossovers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.crossovers[0].volume, 3);
    EXPECT_DOUBLE_EQ(r.crossovers[0].low.volume, 2);
    EXPECT_DOUBLE_EQ(r.crossovers[0].high.volume, 4);
    EXPECT_EQ(r.crossovers[0].below, Cheaper::first);
    EXPECT_EQ(r.crossovers[0].above, Cheaper::second);
  }
  // Identical patterns: no crossover, neither cheaper.
  {
    const VolumeScale scale{{1, 2}, false};
    const auto a = deterministic(scale.volumes, [](double v) { return v; });
    const auto r = compare_pair(scale, a, a);
    EXPECT_TRUE(r.crossovers.empty());
    EXPECT_EQ(r.throughout, Cheaper::neither);
    EXPECT_FALSE(r.significant_throughout);
  }
}

// Noisy costs around a = v, b = 300 (true crossing 300, a swept volume): each replication adds a
// shared shock to both patterns (common random numbers, cancels in the difference) and its own
// noise of sd 20 to each.
PatternCosts noisy(const std::vector<double>& volumes, bool first, std::size_t reps, std::mt19937_64& rng,
                   const std::vector<double>& shared) {
  std::normal_distribution<double> own(0, 20);
  PatternCosts out(volumes.size());
  for (std::size_t i = 0; i < volumes.size(); ++i) {
    for (std::size_t r = 0; r < reps; ++r)
      out[i].push_back((first ? volumes[i] : 300.0) + shared[r] + own(rng));
  }
  return out;
}

TEST(Crossover, NoisyCostsIntervalCoversTheTruth) {
  const VolumeScale scale{{100, 200, 300, 400, 500}, false};
  std::mt19937_64 rng(20260308);
  std::normal_distribution<double> shock(0, 200);
  const int trials = 400;
  int covered = 0;
  int open = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> shared;
    for (int r = 0; r < 5; ++r) shared.push_back(shock(rng));
    const auto a = noisy(scale.volumes, true, 5, rng, shared);
    const auto b = noisy(scale.volumes, false, 5, rng, shared);
    const auto r = compare_pair(scale, a, b);
    ASSERT_FALSE(r.crossovers.empty());
    // One crossing near 300; noise of sd 20 against a slope of 100 per step rarely makes more.
    const auto& x = r.crossovers[0];
    ASSERT_NE(x.low.kind, CrossingBound::Kind::unknown);
    EXPECT_LE(x.low.volume, x.volume);
    EXPECT_GE(x.high.volume, x.volume);
    if (x.low.kind == CrossingBound::Kind::beyond_range || x.high.kind == CrossingBound::Kind::beyond_range) ++open;
    if (x.low.volume <= 300 && 300 <= x.high.volume) ++covered;
  }
  // The truth is a swept volume, where the paired 95 % interval holds zero in 95 % of trials
  // (sd of the share over 400 trials: 1.1 %). Zero-width or misplaced intervals cover far less.
  EXPECT_GE(covered, static_cast<int>(0.90 * trials));
  EXPECT_LE(open, trials / 20);
}

TEST(Crossover, CommonRandomNumbersCancelInThePairing) {
  // The shared shock is 10x the own noise: paired intervals stay narrow, so the crossover's
  // interval is within a step or so of 300.
  const VolumeScale scale{{100, 200, 300, 400, 500}, false};
  std::mt19937_64 rng(7);
  std::normal_distribution<double> shock(0, 200);
  std::vector<double> shared;
  for (int r = 0; r < 10; ++r) shared.push_back(shock(rng));
  const auto r = compare_pair(scale, noisy(scale.volumes, true, 10, rng, shared),
                              noisy(scale.volumes, false, 10, rng, shared));
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_EQ(r.crossovers[0].low.kind, CrossingBound::Kind::inside);
  EXPECT_EQ(r.crossovers[0].high.kind, CrossingBound::Kind::inside);
  EXPECT_GT(r.crossovers[0].low.volume, 200);
  EXPECT_LT(r.crossovers[0].high.volume, 400);
  EXPECT_NEAR(r.crossovers[0].volume, 300, 30);
}

TEST(Crossover, OpenEndedWhenTheIntervalReachesTheRangeEnd) {
  // Difference -1, -0.5, +0.5 with wide intervals: the crossing at 2.5 cannot be told apart from
  // equal costs anywhere in the range.
  const VolumeScale scale{{1, 2, 3}, false};
  const PatternCosts a{{-1 - 5, -1 + 5}, {-0.5 - 5, -0.5 + 5}, {0.5 - 5, 0.5 + 5}};
  const PatternCosts b{{0, 0}, {0, 0}, {0, 0}};
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_DOUBLE_EQ(r.crossovers[0].volume, 2.5);
  EXPECT_EQ(r.crossovers[0].low.kind, CrossingBound::Kind::beyond_range);
  EXPECT_DOUBLE_EQ(r.crossovers[0].low.volume, 1);
  EXPECT_EQ(r.crossovers[0].high.kind, CrossingBound::Kind::beyond_range);
  EXPECT_DOUBLE_EQ(r.crossovers[0].high.volume, 3);
}

TEST(Crossover, IntervalEndsInterpolateTheIntervalCurves) {
  // Two replications differing by ±1 give a half-width of t(0.975, 1) = 12.706.
  const double h = 12.706204736174705;
  const VolumeScale scale{{0, 100, 200, 300}, false};
  auto pair_at = [](double mean) { return std::vector<double>{mean - 1, mean + 1}; };
  const PatternCosts a{pair_at(-40), pair_at(-10), pair_at(10), pair_at(40)};
  const PatternCosts b(4, std::vector<double>{0, 0});
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_NEAR(r.difference[0].half_width, h, 1e-9);
  EXPECT_DOUBLE_EQ(r.crossovers[0].volume, 150);
  // Upper curve: -40 + h at 0, -10 + h at 100 (> 0): zero at 100 * (40 - h) / 30.
  EXPECT_NEAR(r.crossovers[0].low.volume, 100 * (40 - h) / 30, 1e-9);
  // Lower curve: 10 - h at 200 (< 0), 40 - h at 300: zero at 200 + 100 * (h - 10) / 30.
  EXPECT_NEAR(r.crossovers[0].high.volume, 200 + 100 * (h - 10) / 30, 1e-9);
}

TEST(Crossover, OneReplicationGivesNoInterval) {
  const VolumeScale scale{{1, 3}, false};
  const PatternCosts a{{1}, {3}};
  const PatternCosts b{{2}, {2}};
  const auto r = compare_pair(scale, a, b);
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_DOUBLE_EQ(r.crossovers[0].volume, 2);
  EXPECT_EQ(r.crossovers[0].low.kind, CrossingBound::Kind::unknown);
  EXPECT_EQ(r.crossovers[0].high.kind, CrossingBound::Kind::unknown);
  EXPECT_FALSE(r.significant_throughout);
}

TEST(Crossover, MissingReplicationsAreLeftOutOfThePairs) {
  const double nan = std::nan("");
  const VolumeScale scale{{1, 2}, false};
  const PatternCosts a{{1, nan, 1}, {nan, nan, nan}};
  const PatternCosts b{{2, 5, 2}, {3, 3, 3}};
  const auto r = compare_pair(scale, a, b);
  EXPECT_EQ(r.difference[0].n, 2u);
  EXPECT_DOUBLE_EQ(r.difference[0].mean, -1);
  EXPECT_TRUE(std::isnan(r.difference[1].mean));
  EXPECT_EQ(r.throughout, Cheaper::first);
}

TEST(Crossover, EveryPairInOrder) {
  const VolumeScale scale{{1, 2, 3}, false};
  const std::vector<PatternCosts> patterns{deterministic(scale.volumes, [](double v) { return v; }),
                                           deterministic(scale.volumes, [](double) { return 2.5; }),
                                           deterministic(scale.volumes, [](double v) { return 4 - v; })};
  const auto pairs = compare_patterns(scale, patterns);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].first, 0u);
  EXPECT_EQ(pairs[0].second, 1u);
  EXPECT_DOUBLE_EQ(pairs[0].crossovers.at(0).volume, 2.5);
  EXPECT_EQ(pairs[1].second, 2u);
  EXPECT_DOUBLE_EQ(pairs[1].crossovers.at(0).volume, 2);  // v = 4 - v
  EXPECT_EQ(pairs[2].first, 1u);
  EXPECT_DOUBLE_EQ(pairs[2].crossovers.at(0).volume, 1.5);  // 2.5 = 4 - v
}

TEST(Crossover, BadAxesAreRefused) {
  const auto a = PatternCosts{{1}, {2}};
  EXPECT_THROW(compare_pair(VolumeScale{{2, 1}, false}, a, a), std::invalid_argument);
  EXPECT_THROW(compare_pair(VolumeScale{{0, 1}, true}, a, a), std::invalid_argument);
  EXPECT_THROW(compare_pair(VolumeScale{{1, 2, 3}, false}, a, a), std::invalid_argument);
}

TEST(Crossover, ValueAtVolumeInterpolatesLinearly) {
  const std::vector<double> v{1000, 10000, 100000};
  const std::vector<double> tokens{7e5 / 24, 7e6 / 24, 7e7 / 24};  // proportional to volume
  EXPECT_NEAR(value_at_volume(v, tokens, 24444.0), 24444.0 * 700 / 24, 1e-6);
  EXPECT_DOUBLE_EQ(value_at_volume(v, tokens, 1000), tokens[0]);
  EXPECT_DOUBLE_EQ(value_at_volume(v, tokens, 100000), tokens[2]);
  EXPECT_TRUE(std::isnan(value_at_volume(v, tokens, 999)));
  EXPECT_TRUE(std::isnan(value_at_volume(v, tokens, 100001)));
}

}  // namespace
}  // namespace fmsim::models::sweep
