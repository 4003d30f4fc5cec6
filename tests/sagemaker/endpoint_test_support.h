// Shared by the SageMaker endpoint tests: deterministic per-minute loads, a listener that tallies
// outcomes, and a probe that reads an endpoint's instance counts at chosen instants.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/realtime_endpoint.h"
#include "sim/simulator.h"

namespace fmsim::testing {

// The event log's entries, copied.
struct LoggedEvent {
  double t_s;
  std::string kind;
  double from, to;
  std::string reason;
};
struct EventRecorder final : models::EventLogSink {
  void on_service_event(const models::ServiceEvent& e) override {
    events.push_back({e.time.seconds_f(), std::string(e.kind), e.from, e.to, std::string(e.reason)});
  }
  std::vector<LoggedEvent> of_kind(const std::string& kind) const {
    std::vector<LoggedEvent> out;
    for (const auto& e : events)
      if (e.kind == kind) out.push_back(e);
    return out;
  }
  std::vector<LoggedEvent> events;
};

// ServiceHarness with the event log recorded (tests/support/service_harness.h builds it without a
// sink).
struct EndpointHarness {
  explicit EndpointHarness(std::uint64_t seed = 1) : streams(seed, 0), cost(sim::Duration::hours(1), nullptr),
                                                     metrics(sim::Duration::seconds(60), nullptr), calendar({}) {}
  sim::Simulator sim;
  sim::RandomStreams streams;
  models::CostLedger cost;
  models::ServiceMetrics metrics;
  EventRecorder recorder;
  models::EventLog events{&recorder};
  models::LocalCalendar calendar;
  models::ServiceContext ctx{sim, streams, cost, metrics, events, calendar};

  void finish(sim::SimTime end) {
    metrics.finish(end);
    cost.finish(end);
  }
  double cost_of(const std::string& line) const {
    for (std::size_t i = 0; i < cost.line_names().size(); ++i)
      if (cost.line_names()[i] == line) return cost.line_total(i);
    return -1;
  }
  double counter_total(const std::string& component, const std::string& name) const {
    for (const auto& c : metrics.counter_totals())
      if (c.component == component && c.name == name) return c.total;
    return -1;
  }
};

// Calls evenly spread over each minute: minute m brings per_minute[m] calls, the k-th at
// 60 m + (k + 1/2) 60 / per_minute[m] seconds (never on a minute mark, where datapoints fall).
class MinuteLoad {
 public:
  MinuteLoad(sim::Simulator& sim, models::Service& target, models::CallListener& listener,
             std::vector<int> per_minute, models::CallInput input = {})
      : sim_(sim), target_(target), listener_(listener), per_minute_(std::move(per_minute)), input_(input) {}

  void start() { schedule(0, 0); }
  std::uint64_t sent() const { return sent_; }

 private:
  void schedule(std::size_t minute, int k) {
    while (minute < per_minute_.size() && k >= per_minute_[minute]) {
      ++minute;
      k = 0;
    }
    if (minute >= per_minute_.size()) return;
    minute_ = minute;
    k_ = k;
    const double t = 60.0 * static_cast<double>(minute) + (k + 0.5) * 60.0 / per_minute_[minute];
    sim_.schedule_at<&MinuteLoad::fire>(sim::SimTime::from_seconds(t), this);
  }
  void fire(std::uint64_t) {
    models::CallInput in = input_;
    in.arrival = sim_.now();
    ++sent_;
    const std::size_t m = minute_;
    const int k = k_;
    target_.call(in, listener_, sent_);
    schedule(m, k + 1);
  }

  sim::Simulator& sim_;
  models::Service& target_;
  models::CallListener& listener_;
  std::vector<int> per_minute_;
  models::CallInput input_;
  std::size_t minute_ = 0;
  int k_ = 0;
  std::uint64_t sent_ = 0;
};

// Outcome counts, without storing calls.
struct TallyListener final : models::CallListener {
  void on_call_done(models::CallTag, const models::CallResult& r) override {
    ++by_status[static_cast<int>(r.status)];
    if (r.cold_start) ++cold_starts;
  }
  std::uint64_t count(models::CallStatus s) const { return by_status[static_cast<int>(s)]; }
  std::uint64_t by_status[5] = {0, 0, 0, 0, 0};
  std::uint64_t cold_starts = 0;
};

// An endpoint's instance counts read at chosen instants.
struct InstanceCounts {
  int capacity, in_service, provisioning, draining;
  bool operator==(const InstanceCounts&) const = default;
};
inline std::string to_string(const InstanceCounts& c) {
  return "{cap " + std::to_string(c.capacity) + ", in service " + std::to_string(c.in_service) + ", provisioning " +
         std::to_string(c.provisioning) + ", draining " + std::to_string(c.draining) + "}";
}

class InstanceProbe {
 public:
  InstanceProbe(sim::Simulator& sim, const models::RealtimeEndpoint& endpoint) : sim_(sim), endpoint_(endpoint) {}
  // Reads the counts at each of `times`.
  void at(const std::vector<sim::SimTime>& times) {
    for (const sim::SimTime t : times) sim_.schedule_at<&InstanceProbe::read>(t, this);
  }
  std::vector<InstanceCounts> readings;

 private:
  void read(std::uint64_t) {
    readings.push_back({endpoint_.capacity(), endpoint_.instances_in_service(), endpoint_.instances_provisioning(),
                        endpoint_.instances_draining()});
  }
  sim::Simulator& sim_;
  const models::RealtimeEndpoint& endpoint_;
};

}  // namespace fmsim::testing
