// Discrete happenings worth a line of their own (events.csv): scaling actions, provisioned
// schedule changes, budget guard trips, messages dead-lettered. Unlike the per-window metrics
// these are rare, so each is passed to the sink as it happens, with what changed and why.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/time.h"

namespace fmsim::models {

struct ServiceEvent {
  sim::SimTime time;
  std::string_view component;  // the component's name, e.g. "endpoint" or "function"
  std::string_view kind;       // e.g. "scale_out", "scale_in", "schedule", "instance_in_service"
  double from = 0;             // the level before (instances, model units, environments ...)
  double to = 0;               // and after
  std::string_view reason;     // e.g. "3 datapoints above target 10 (12.5)"; may be empty
};

class EventLogSink {
 public:
  virtual ~EventLogSink() = default;
  // The views are valid during the call only.
  virtual void on_service_event(const ServiceEvent& event) = 0;
};

class EventLog {
 public:
  explicit EventLog(EventLogSink* sink = nullptr) : sink_(sink) {}
  void record(const ServiceEvent& e) {
    ++count_;
    if (sink_) sink_->on_service_event(e);
  }
  std::uint64_t count() const { return count_; }

 private:
  EventLogSink* sink_;
  std::uint64_t count_ = 0;
};

}  // namespace fmsim::models
