// Dollar amounts as whole cents, so that tests compare costs exactly. Shared by the test files
// that need it (one definition per executable, which unity builds require).
#pragma once

#include <cmath>
#include <cstdint>

namespace fmsim::testing {

inline std::int64_t cents(double usd) { return std::llround(usd * 100.0); }

}  // namespace fmsim::testing
