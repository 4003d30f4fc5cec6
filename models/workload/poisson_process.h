// Poisson arrivals at a constant rate: exponential gaps from one stream. The common case, kept
// apart from the thinning generator so it costs one draw per arrival.
#pragma once

#include <boost/random/exponential_distribution.hpp>

#include "models/workload/arrival_process.h"
#include "sim/random_streams.h"

namespace fmsim::models {

class PoissonProcess final : public ArrivalProcess {
 public:
  // Throws std::invalid_argument unless rate_per_s > 0.
  PoissonProcess(double rate_per_s, sim::RandomEngine rng, sim::SimTime start = sim::SimTime::zero());
  bool next(Arrival& out) override;

 private:
  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> gap_s_;
  sim::SimTime last_;
};

}  // namespace fmsim::models
