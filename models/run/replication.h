// One replication of a scenario: wires the workload, the deployment and the metrics onto one
// Simulator, runs it to the horizon, and returns the totals. Replications share nothing, so any
// number can run side by side on threads; replication r draws from streams seeded with
// (scenario seed, r, stream name).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/core/request.h"
#include "models/metrics/cost_ledger.h"
#include "models/metrics/request_metrics.h"
#include "models/scenario/scenario.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment.h"
#include "models/metrics/event_log.h"
#include "models/metrics/service_metrics.h"
#include "models/metrics/target_metrics.h"
#include "models/workload/arrival_driver.h"
#include "models/workload/arrival_factory.h"
#include "models/workload/local_calendar.h"
#include "models/workload/request_mix.h"
#include "sim/latency_histogram.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::models {

// Requests and tokens that arrived, for one request class or for all. Tokens count only
// requests that carry them (from a class or a trace).
struct WorkloadTotals {
  std::string name;
  std::uint64_t arrivals = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t billed_input_tokens = 0;   // agents re-send context: billed >= seen
  std::int64_t billed_output_tokens = 0;
  void add(const Request& r);
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  sim::SimTime horizon;
  OutcomeCounts counts;
  std::uint64_t in_flight = 0;  // requests still in the system at the horizon (from the pool)
  bool conservation_ok = false;
  sim::LatencyHistogram latency;  // requests that ended ok, arrival -> outcome
  sim::LatencyHistogram time_to_first_token;  // requests that ended ok, arrival -> first token
  std::uint64_t cold_starts = 0;       // ended requests that met a cold start somewhere
  std::uint64_t model_attempts = 0;    // model invocations of ended requests, retries included
  std::vector<ServiceMetrics::CounterTotal> service_counters;
  std::vector<ServiceMetrics::GaugeTotal> service_gauges;
  std::uint64_t service_events = 0;   // lines of events.csv
  std::vector<TargetTotals> targets;  // one per target, in DeploymentSpec::targets order
  double in_system_mean = 0;      // time-weighted
  double in_system_max = 0;
  std::vector<std::pair<std::string, double>> cost_by_line;
  double cost_total = 0;
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;
  WorkloadTotals workload_all;
  std::vector<WorkloadTotals> workload_by_class;  // empty when the scenario has no classes
  std::uint64_t trace_rows_read = 0;
  std::uint64_t trace_rows_skipped = 0;
};

struct ReplicationSinks {
  RequestWindowSink* requests = nullptr;
  CostWindowSink* cost = nullptr;
  ServiceWindowSink* services = nullptr;
  EventLogSink* events = nullptr;
  TargetWindowSink* targets = nullptr;
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
  // The per-window component columns (services.csv), known once the deployment is built.
  const ServiceMetrics& service_metrics() const { return services_; }
  // The cost lines (cost.csv columns), known once the deployment is built.
  const CostLedger& cost_ledger() const { return cost_; }

 private:
  void on_arrival(const Arrival& arrival) override;
  void on_outcome(RequestId id, Outcome outcome) override;

  const Scenario& scenario_;
  std::uint64_t replication_;
  sim::RandomStreams streams_;  // (seed, replication): every component's streams derive from it
  sim::Simulator sim_;
  RequestPool pool_;
  RequestMetrics metrics_;
  CostLedger cost_;
  ServiceMetrics services_;
  EventLog events_;
  TargetMetrics targets_;
  LocalCalendar calendar_;
  ServiceContext context_;
  Deployment deployment_;
  sim::LatencyHistogram ttft_;
  std::uint64_t cold_starts_ = 0;
  std::uint64_t model_attempts_ = 0;
  std::optional<RequestMix> mix_;
  ArrivalSource arrivals_;
  ArrivalDriver driver_;
  WorkloadTotals workload_all_;
  std::vector<WorkloadTotals> workload_by_class_;
};

}  // namespace fmsim::models
