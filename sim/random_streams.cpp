// Stream seeding: FNV-1a over the name, folded with seed and replication through SplitMix64's
// finaliser (a bijective avalanche mix), then expanded through seed_seq to fill the engine state.
#include "sim/random_streams.h"

#include <array>

#include <boost/random/seed_seq.hpp>

namespace fmsim::sim {

namespace {
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace

std::uint64_t RandomStreams::derive_seed(std::uint64_t seed, std::uint64_t replication,
                                         std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  std::uint64_t x = splitmix64(seed);
  x = splitmix64(x ^ replication);
  x = splitmix64(x ^ h);
  return x;
}

RandomEngine RandomStreams::stream(std::string_view name) const {
  std::uint64_t x = derive_seed(seed_, replication_, name);
  std::array<std::uint32_t, 8> words{};
  for (std::size_t i = 0; i < words.size(); i += 2) {
    x = splitmix64(x);
    words[i] = static_cast<std::uint32_t>(x);
    words[i + 1] = static_cast<std::uint32_t>(x >> 32);
  }
  boost::random::seed_seq seq(words.begin(), words.end());
  return RandomEngine(seq);
}

}  // namespace fmsim::sim
