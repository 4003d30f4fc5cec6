// Per-target figures of a routed deployment, per window (targets.csv) and for the whole run: how
// many requests each target was chosen for and served, the model calls it received and how they
// ended, the fallbacks away from it by reason, and its call latency. The model client reports
// here; the windows are those of the request metrics (`output.window`), each closed window goes
// to the sink at once (streamed), and only the open window's accumulators are touched per call.
//
// Counting rules (docs/outputs.md, targets.csv):
// - routed: a request's rule chose this target first (a split's draw, first_free's pick).
// - served: a request's last model call ended ok here (what the model client saw; an entry tier
//   in front may still time the request out).
// - calls / calls by status: each model call sent here, fallback hops included; the SDK retries
//   inside a call are not separate calls (services.csv `<target>.sdk.attempts` counts them).
// - fallbacks by reason: calls that ended here with a failure the rule falls back on and moved on
//   to the next target of the chain.
// - call latency: from sending the call here to its ok answer (the whole answer).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/deployment/deployment_spec.h"
#include "sim/latency_histogram.h"
#include "sim/time.h"
#include "sim/window_aggregator.h"

namespace fmsim::models {

inline constexpr std::size_t kCallStatusCount = 5;  // ok, throttled, timed_out, error, rejected

struct TargetCounts {
  std::uint64_t routed = 0;
  std::uint64_t served = 0;
  std::uint64_t calls = 0;
  std::array<std::uint64_t, kCallStatusCount> ended{};       // indexed by CallStatus
  std::array<std::uint64_t, kFallbackReasons> fallbacks{};   // indexed by FallbackReason
  void add(const TargetCounts& o);
};

struct TargetWindow {
  TargetCounts counts;
  sim::LatencyHistogram call_latency;  // ok calls
};

// Whole-run figures of one target.
struct TargetTotals {
  std::string name;
  TargetCounts counts;
  sim::LatencyHistogram call_latency;
};

class TargetWindowSink {
 public:
  virtual ~TargetWindowSink() = default;
  // One entry per target, in DeploymentSpec::targets order.
  virtual void on_target_window(sim::SimTime start, sim::SimTime end, std::span<const TargetWindow> targets) = 0;
};

class TargetMetrics {
 public:
  // `sink` may be null.
  TargetMetrics(sim::Duration window, std::vector<std::string> target_names, TargetWindowSink* sink);

  void routed(sim::SimTime t, std::uint32_t target) { at(t)[target].counts.routed += 1; }
  void served(sim::SimTime t, std::uint32_t target) { at(t)[target].counts.served += 1; }
  void call_sent(sim::SimTime t, std::uint32_t target) { at(t)[target].counts.calls += 1; }
  // `latency` counts only for ok calls.
  void call_ended(sim::SimTime t, std::uint32_t target, CallStatus status, sim::Duration latency);
  void fell_back(sim::SimTime t, std::uint32_t from_target, FallbackReason reason) {
    at(t)[from_target].counts.fallbacks[static_cast<std::size_t>(reason)] += 1;
  }

  void finish(sim::SimTime end);

  const std::vector<std::string>& target_names() const { return names_; }
  // Valid after finish().
  std::vector<TargetTotals> totals() const;

 private:
  struct Window {
    std::vector<TargetWindow> targets;
    void reset();
  };
  struct WindowCloser {
    TargetMetrics* self;
    void operator()(sim::SimTime start, sim::SimTime end, const Window& w) const;
  };
  std::vector<TargetWindow>& at(sim::SimTime t) { return windows_.at(t, WindowCloser{this}).targets; }

  TargetWindowSink* sink_;
  std::vector<std::string> names_;
  sim::WindowAggregator<Window> windows_;
  std::vector<TargetCounts> counts_;
  std::vector<sim::LatencyHistogram> latency_;
};

// The name of a call status / fallback reason as in column names: "ok", "throttled", "timed_out",
// "error", "rejected"; "throttle", "capacity", "error", "timeout".
const char* call_status_name(CallStatus s);
const char* fallback_reason_name(FallbackReason r);

}  // namespace fmsim::models
