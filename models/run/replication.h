// One replication of a scenario: wires the workload, the deployment and the metrics onto one
// Simulator, runs it to the horizon, and returns the totals. Replications share nothing, so any
// number can run side by side on threads; replication r draws from streams seeded with
// (scenario seed, r, stream name).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/core/request.h"
#include "models/metrics/cost_ledger.h"
#include "models/metrics/request_metrics.h"
#include "models/scenario/scenario.h"
#include "models/station/station.h"
#include "models/workload/poisson_arrivals.h"
#include "sim/latency_histogram.h"
#include "sim/simulator.h"

namespace fmsim::models {

struct ReplicationResult {
  std::uint64_t replication = 0;
  sim::SimTime horizon;
  OutcomeCounts counts;
  std::uint64_t in_flight = 0;  // requests still in the system at the horizon (from the pool)
  bool conservation_ok = false;
  sim::LatencyHistogram latency;  // requests that ended ok, arrival -> outcome
  double in_system_mean = 0;      // time-weighted
  double in_system_max = 0;
  std::vector<std::pair<std::string, double>> cost_by_line;
  double cost_total = 0;
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;
};

struct ReplicationSinks {
  RequestWindowSink* requests = nullptr;
  CostWindowSink* cost = nullptr;
};

class Replication final : private ArrivalListener, private OutcomeListener {
 public:
  Replication(const Scenario& scenario, std::uint64_t replication, ReplicationSinks sinks = {});
  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;

  // Runs to the horizon in `slices` equal steps of simulated time, calling `on_progress(now)`
  // between them (on this thread). Slicing does not change results: run_until is half-open.
  ReplicationResult run(const std::function<void(sim::SimTime)>& on_progress = {}, int slices = 200);

  const sim::Simulator& simulator() const { return sim_; }

 private:
  void on_arrival() override;
  void on_outcome(RequestId id, Outcome outcome) override;

  const Scenario& scenario_;
  std::uint64_t replication_;
  sim::Simulator sim_;
  RequestPool pool_;
  RequestMetrics metrics_;
  CostLedger cost_;
  CostLedger::LineId servers_line_;
  CostLedger::LineId requests_line_;
  Station station_;
  PoissonArrivals arrivals_;
};

}  // namespace fmsim::models
