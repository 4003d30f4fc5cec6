// Poisson arrivals at a constant rate: exponential inter-arrival times from the "arrivals"
// stream. One pending event at a time (the next arrival), so the future-event list stays small.
#pragma once

#include <cstdint>

#include <boost/random/exponential_distribution.hpp>

#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::models {

class ArrivalListener {
 public:
  virtual ~ArrivalListener() = default;
  // A request arrives now.
  virtual void on_arrival() = 0;
};

class PoissonArrivals {
 public:
  PoissonArrivals(sim::Simulator& sim, double rate_per_s, sim::RandomEngine rng, ArrivalListener& listener);
  // Schedules the first arrival (after an exponential gap from now).
  void start();

 private:
  void on_arrival_event(std::uint64_t);
  void schedule_next();

  sim::Simulator& sim_;
  ArrivalListener& listener_;
  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> gap_s_;
};

}  // namespace fmsim::models
