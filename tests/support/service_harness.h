// A replication's surroundings for testing one deployment component alone: simulator, streams,
// cost ledger, service metrics, event log and calendar, plus a listener that records every call's
// result. Components are built on `ctx`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/core/service.h"
#include "models/core/service_context.h"

namespace fmsim::testing {

struct RecordedCall {
  models::CallTag tag;
  models::CallResult result;
  sim::SimTime at;
};

class RecordingListener final : public models::CallListener {
 public:
  explicit RecordingListener(const sim::Simulator& sim) : sim_(sim) {}
  void on_call_done(models::CallTag tag, const models::CallResult& r) override { calls.push_back({tag, r, sim_.now()}); }
  std::vector<RecordedCall> calls;

 private:
  const sim::Simulator& sim_;
};

struct ServiceHarness {
  explicit ServiceHarness(std::uint64_t seed = 1, models::CalendarSpec calendar_spec = {},
                          sim::Duration window = sim::Duration::seconds(60),
                          sim::Duration cost_window = sim::Duration::hours(1))
      : streams(seed, 0), cost(cost_window, nullptr), metrics(window, nullptr), calendar(calendar_spec) {}

  sim::Simulator sim;
  sim::RandomStreams streams;
  models::CostLedger cost;
  models::ServiceMetrics metrics;
  models::EventLog events;
  models::LocalCalendar calendar;
  models::ServiceContext ctx{sim, streams, cost, metrics, events, calendar};
  RecordingListener listener{sim};

  // Closes the windows and the ledger at `end`; cost line totals and metric totals are then valid.
  void finish(sim::SimTime end) {
    metrics.finish(end);
    cost.finish(end);
  }
  double cost_of(const std::string& line) const {
    for (std::size_t i = 0; i < cost.line_names().size(); ++i)
      if (cost.line_names()[i] == line) return cost.line_total(i);
    return -1;
  }
};

// The total of counter `component`.`name` in the harness's metrics; a test failure and -1 if there is
// no such counter.
inline double counter(const ServiceHarness& h, const std::string& component, const std::string& name) {
  for (const auto& c : h.metrics.counter_totals())
    if (c.component == component && c.name == name) return c.total;
  ADD_FAILURE() << "no counter " << component << "." << name;
  return -1;
}

}  // namespace fmsim::testing
