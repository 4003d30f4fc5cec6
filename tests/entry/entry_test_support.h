// Shared by the entry-tier tests: a Lambda spec whose every random quantity is a constant, so
// that times and dollars can be worked out by hand.
#pragma once

#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::testing {

// Init 300 + 100 + 200 ms (the defaults), overhead 10 ms (the default), keep-alive 600 s, no
// lifetime recycling within any test.
inline models::LambdaSpec deterministic_lambda() {
  models::LambdaSpec s;
  s.keep_alive = sim::Distribution::constant(600);
  s.max_lifetime = sim::Distribution::constant(1e9);
  return s;
}

inline sim::SimTime at_s(double s) { return sim::SimTime::from_seconds(s); }

}  // namespace fmsim::testing
