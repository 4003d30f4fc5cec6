// Poisson arrivals.
#include "models/workload/poisson_arrivals.h"

#include <stdexcept>

namespace fmsim::models {

PoissonArrivals::PoissonArrivals(sim::Simulator& sim, double rate_per_s, sim::RandomEngine rng,
                                 ArrivalListener& listener)
    : sim_(sim), listener_(listener), rng_(rng), gap_s_(rate_per_s) {
  if (!(rate_per_s > 0)) throw std::invalid_argument("PoissonArrivals: rate must be > 0");
}

void PoissonArrivals::start() { schedule_next(); }

void PoissonArrivals::schedule_next() {
  sim_.schedule_in<&PoissonArrivals::on_arrival_event>(sim::Duration::from_seconds(gap_s_(rng_)), this);
}

void PoissonArrivals::on_arrival_event(std::uint64_t) {
  schedule_next();
  listener_.on_arrival();
}

}  // namespace fmsim::models
