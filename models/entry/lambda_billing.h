// Lambda's price arithmetic, kept in one place so the function model and the billing tests agree
// on it: durations are billed in whole milliseconds, rounded up (Lambda pricing: "duration is
// rounded up to the nearest 1 ms"), at a price per GB-second where a GB is 1,024 MB of configured
// memory.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace fmsim::models {

// Whole milliseconds billed for a duration: ceil(d / 1 ms); a zero duration bills nothing.
inline std::int64_t billed_milliseconds(sim::Duration d) {
  constexpr std::int64_t kMs = 1'000'000;
  if (d.ns() <= 0) return 0;
  return (d.ns() + kMs - 1) / kMs;
}

inline double memory_gb(std::int32_t memory_mb) { return static_cast<double>(memory_mb) / 1024.0; }

// Dollars for `billed_ms` milliseconds at `memory_mb` and a price per GB-second.
inline double gb_second_cost(std::int64_t billed_ms, std::int32_t memory_mb, double usd_per_gb_second) {
  return static_cast<double>(billed_ms) / 1000.0 * memory_gb(memory_mb) * usd_per_gb_second;
}

}  // namespace fmsim::models
