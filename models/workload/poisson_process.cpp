// Poisson process: the next arrival is the last plus an exponential gap.
#include "models/workload/poisson_process.h"

#include <stdexcept>

namespace fmsim::models {

PoissonProcess::PoissonProcess(double rate_per_s, sim::RandomEngine rng, sim::SimTime start)
    : rng_(rng), gap_s_(rate_per_s > 0 ? rate_per_s : 1.0), last_(start) {
  if (!(rate_per_s > 0)) throw std::invalid_argument("PoissonProcess: rate must be > 0");
}

bool PoissonProcess::next(Arrival& out) {
  last_ += sim::Duration::from_seconds(gap_s_(rng_));
  out = Arrival{};
  out.time = last_;
  return true;
}

}  // namespace fmsim::models
