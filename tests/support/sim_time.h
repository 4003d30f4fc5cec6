// Simulated instants written as plain numbers, shared by the test files that use the same helper
// (one definition per executable, which unity builds require).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace fmsim::testing {

// The instant `ns` nanoseconds after time zero.
inline sim::SimTime at(std::int64_t ns) { return sim::SimTime::from_ns(ns); }

// The instant `s` seconds after time zero.
inline sim::SimTime at_s(double s) { return sim::SimTime::from_seconds(s); }

}  // namespace fmsim::testing
