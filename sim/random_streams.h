// Named random streams: every component and purpose draws from its own engine, seeded from
// (scenario seed, replication index, stream name). Adding or removing a component leaves the
// draws of the others unchanged, so sweep points compare under common random numbers, and a run
// is reproducible whatever the thread count. There is no global engine anywhere.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace fmsim::sim {

using RandomEngine = boost::random::mt19937_64;

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replication)
      : seed_(seed), replication_(replication) {}

  // A freshly seeded engine for `name`; the same (seed, replication, name) always gives the
  // same sequence. Call once per component at set-up, not per draw.
  RandomEngine stream(std::string_view name) const;

  // SplitMix64-mixed hash of (seed, replication, name); exposed for tests and logs.
  static std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t replication,
                                   std::string_view name);

  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
};

}  // namespace fmsim::sim
