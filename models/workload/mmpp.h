// Markov-modulated Poisson process (MMPP): checks on its spec and the figures that follow from
// it — the stationary distribution of the modulating chain and the long-run arrival rate. The
// arrival stream itself is in mmpp_arrivals.h. Eigen is used in mmpp.cpp only, so this header
// carries no Eigen dependency to its includers.
#pragma once

#include <vector>

#include "models/workload/workload_spec.h"

namespace fmsim::models {

// Throws std::invalid_argument, with a message that names the offending entry, unless: there is
// at least one state; rates_per_s and the generator have the same number of states and the
// generator is square; every entry is finite; rates are >= 0 and not all zero; off-diagonal
// generator entries are >= 0; each row sums to 0 within 1e-9 of the row's sum of |entries|; the
// chain is irreducible (every state reachable from every other through positive rates); and
// initial_state, if given, is a valid state. O(n²).
void validate_mmpp(const MmppSpec& spec);

// The stationary distribution π of the modulating chain: πQ = 0, Σπ = 1 (π_i > 0 in exact
// arithmetic; a round-off negative is clamped to 0). Validates the spec first (throws as
// validate_mmpp). O(n³).
std::vector<double> mmpp_stationary(const MmppSpec& spec);

// The long-run arrival rate Σ π_i λ_i, per second. Validates the spec first.
double mmpp_mean_rate(const MmppSpec& spec);

}  // namespace fmsim::models
