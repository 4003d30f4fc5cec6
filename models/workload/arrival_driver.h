// Turns an ArrivalProcess into simulation events: one pending event, for the next arrival, at a
// time; when it fires the listener gets the arrival and the driver pulls the following one.
#pragma once

#include <cstdint>

#include "models/workload/arrival_process.h"
#include "sim/simulator.h"

namespace fmsim::models {

class ArrivalListener {
 public:
  virtual ~ArrivalListener() = default;
  // A request arrives now, with what the process knows about it.
  virtual void on_arrival(const Arrival& arrival) = 0;
};

class ArrivalDriver {
 public:
  ArrivalDriver(sim::Simulator& sim, ArrivalProcess& process, ArrivalListener& listener)
      : sim_(sim), process_(process), listener_(listener) {}
  ArrivalDriver(const ArrivalDriver&) = delete;
  ArrivalDriver& operator=(const ArrivalDriver&) = delete;

  // Schedules the first arrival. Arrivals before now (a process starting earlier) are skipped.
  void start() { schedule_next(); }
  std::uint64_t arrivals() const { return arrivals_; }

 private:
  void schedule_next() {
    while (process_.next(pending_)) {
      if (pending_.time >= sim_.now()) {
        sim_.schedule_at<&ArrivalDriver::on_event>(pending_.time, this);
        return;
      }
    }
  }
  void on_event(std::uint64_t) {
    ++arrivals_;
    const Arrival a = pending_;
    schedule_next();
    listener_.on_arrival(a);
  }

  sim::Simulator& sim_;
  ArrivalProcess& process_;
  ArrivalListener& listener_;
  Arrival pending_;
  std::uint64_t arrivals_ = 0;
};

}  // namespace fmsim::models
