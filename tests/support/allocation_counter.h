// Counting heap allocations in a test binary, to show that hot paths allocate nothing. Linking
// tests/support/allocation_counter.cpp into a test executable replaces the global operator
// new/delete for that whole binary (the only place allocations can be observed).
#pragma once

namespace fmsim::testing {

// Allocations made through operator new since the program started.
long allocations();

}  // namespace fmsim::testing
