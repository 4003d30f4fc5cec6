// Tests of named random streams: reproducibility, distinctness across names / replications /
// seeds, statistical independence between streams and uniformity of one stream.
//
// Statistical checks use fixed seeds, so they are deterministic; their bounds are set at a
// stated confidence so that a correct generator would fail them with probability ~1e-5 for a
// fresh seed, while a broken seeding (e.g. two names mapping to overlapping sequences) fails.
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/uniform_01.hpp>
#include <gtest/gtest.h>

#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

std::vector<std::uint64_t> draws(RandomEngine rng, std::size_t n) {
  std::vector<std::uint64_t> out(n);
  for (auto& x : out) x = rng();
  return out;
}

TEST(RandomStreams, SameSeedReplicationNameGivesSameSequence) {
  const RandomStreams a(7, 3);
  const RandomStreams b(7, 3);
  EXPECT_EQ(draws(a.stream("arrivals"), 1000), draws(b.stream("arrivals"), 1000));
  // Asking again for the same stream restarts it.
  EXPECT_EQ(draws(a.stream("arrivals"), 10), draws(a.stream("arrivals"), 10));
  EXPECT_EQ(RandomStreams::derive_seed(7, 3, "arrivals"), RandomStreams::derive_seed(7, 3, "arrivals"));
  EXPECT_EQ(a.seed(), 7u);
  EXPECT_EQ(a.replication(), 3u);
}

TEST(RandomStreams, DifferentNamesReplicationsSeedsGiveDifferentSequences) {
  const std::vector<std::uint64_t> base = draws(RandomStreams(7, 3).stream("arrivals"), 64);
  const std::vector<std::vector<std::uint64_t>> others = {
      draws(RandomStreams(7, 3).stream("service"), 64),
      draws(RandomStreams(7, 3).stream("arrivals2"), 64),
      draws(RandomStreams(7, 3).stream("Arrivals"), 64),
      draws(RandomStreams(7, 3).stream(""), 64),
      draws(RandomStreams(7, 4).stream("arrivals"), 64),
      draws(RandomStreams(7, 2).stream("arrivals"), 64),
      draws(RandomStreams(8, 3).stream("arrivals"), 64),
      draws(RandomStreams(3, 7).stream("arrivals"), 64),  // seed and replication swapped
  };
  std::set<std::uint64_t> base_values(base.begin(), base.end());
  for (const auto& o : others) {
    EXPECT_NE(o, base);
    // Not merely shifted copies of each other: no value in common at all.
    for (std::uint64_t x : o) EXPECT_EQ(base_values.count(x), 0u);
  }
}

TEST(RandomStreams, DerivedSeedsAreDistinctOverAGrid) {
  std::set<std::uint64_t> seen;
  std::size_t n = 0;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    for (std::uint64_t rep = 0; rep < 32; ++rep) {
      for (const char* name : {"a", "b", "arrivals", "service", "router", "s0", "s1", "s10"}) {
        seen.insert(RandomStreams::derive_seed(seed, rep, name));
        ++n;
      }
    }
  }
  EXPECT_EQ(seen.size(), n);
}

// Pearson correlation of n pairs; under independence it is ~ Normal(0, 1/n).
double correlation(RandomEngine x_rng, RandomEngine y_rng, std::size_t n, std::size_t lag = 0) {
  boost::random::uniform_01<double> u;
  std::vector<double> xs(n + lag), ys(n);
  for (auto& x : xs) x = u(x_rng);
  for (auto& y : ys) y = u(y_rng);
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += xs[i + lag];
    my += ys[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = xs[i + lag] - mx, dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / std::sqrt(sxx * syy);
}

TEST(RandomStreams, StreamsAreUncorrelated) {
  constexpr std::size_t kN = 100'000;
  // Two-sided bound at confidence 1 - 1e-5: |r| < z * SE, SE = 1/sqrt(n) ~ 0.0032, z ~ 4.42.
  const double z = boost::math::quantile(boost::math::normal(), 1 - 0.5e-5);
  const double bound = z / std::sqrt(static_cast<double>(kN));
  const RandomStreams rs(2024, 0);
  const RandomStreams next_rep(2024, 1);
  // Different names, adjacent replications (the seeds closest to each other), and a lag.
  const double r_names = correlation(rs.stream("arrivals"), rs.stream("service"), kN);
  const double r_reps = correlation(rs.stream("arrivals"), next_rep.stream("arrivals"), kN);
  const double r_lag = correlation(rs.stream("s1"), rs.stream("s2"), kN, 1);
  EXPECT_LT(std::abs(r_names), bound) << "r=" << r_names;
  EXPECT_LT(std::abs(r_reps), bound) << "r=" << r_reps;
  EXPECT_LT(std::abs(r_lag), bound) << "r=" << r_lag;
  // The check can fail: a stream is perfectly correlated with itself.
  EXPECT_GT(correlation(rs.stream("arrivals"), rs.stream("arrivals"), kN), 0.999);
}

TEST(RandomStreams, OneStreamIsUniformByChiSquare) {
  constexpr std::size_t kN = 100'000;
  constexpr std::size_t kBins = 100;  // 1000 expected per bin, far above the >= 5 rule
  RandomEngine rng = RandomStreams(99, 0).stream("chi-square");
  boost::random::uniform_01<double> u;
  std::array<std::size_t, kBins> counts{};
  for (std::size_t i = 0; i < kN; ++i) {
    const auto bin = static_cast<std::size_t>(u(rng) * kBins);
    ++counts[bin < kBins ? bin : kBins - 1];
  }
  const double expected = static_cast<double>(kN) / kBins;
  double chi2 = 0;
  for (std::size_t c : counts) {
    const double diff = static_cast<double>(c) - expected;
    chi2 += diff * diff / expected;
  }
  // 99 degrees of freedom; both tails at 1e-4 each (too uneven, or suspiciously even).
  const boost::math::chi_squared dist(kBins - 1);
  const double hi = boost::math::quantile(dist, 1 - 1e-4);
  const double lo = boost::math::quantile(dist, 1e-4);
  EXPECT_LT(chi2, hi) << "chi2=" << chi2;
  EXPECT_GT(chi2, lo) << "chi2=" << chi2;
}

}  // namespace
}  // namespace fmsim::sim
