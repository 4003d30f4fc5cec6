// Target metrics: per-window accumulators folded into whole-run totals as windows close.
#include "models/metrics/target_metrics.h"

namespace fmsim::models {

void TargetCounts::add(const TargetCounts& o) {
  routed += o.routed;
  served += o.served;
  calls += o.calls;
  for (std::size_t i = 0; i < ended.size(); ++i) ended[i] += o.ended[i];
  for (std::size_t i = 0; i < fallbacks.size(); ++i) fallbacks[i] += o.fallbacks[i];
}

void TargetMetrics::Window::reset() {
  for (auto& t : targets) {
    t.counts = TargetCounts{};
    t.call_latency.reset();
  }
}

TargetMetrics::TargetMetrics(sim::Duration window, std::vector<std::string> target_names, TargetWindowSink* sink)
    : sink_(sink), names_(std::move(target_names)), windows_(window), counts_(names_.size()), latency_(names_.size()) {
  windows_.current().targets.resize(names_.size());
}

void TargetMetrics::call_ended(sim::SimTime t, std::uint32_t target, CallStatus status, sim::Duration latency) {
  TargetWindow& w = at(t)[target];
  w.counts.ended[static_cast<std::size_t>(status)] += 1;
  if (status == CallStatus::ok) w.call_latency.record(latency);
}

void TargetMetrics::WindowCloser::operator()(sim::SimTime start, sim::SimTime end, const Window& w) const {
  for (std::size_t i = 0; i < w.targets.size(); ++i) {
    self->counts_[i].add(w.targets[i].counts);
    self->latency_[i].merge(w.targets[i].call_latency);
  }
  if (self->sink_) self->sink_->on_target_window(start, end, w.targets);
}

void TargetMetrics::finish(sim::SimTime end) { windows_.finish(end, WindowCloser{this}); }

std::vector<TargetTotals> TargetMetrics::totals() const {
  std::vector<TargetTotals> out;
  out.reserve(names_.size());
  for (std::size_t i = 0; i < names_.size(); ++i) out.push_back({names_[i], counts_[i], latency_[i]});
  return out;
}

const char* call_status_name(CallStatus s) {
  switch (s) {
    case CallStatus::ok: return "ok";
    case CallStatus::throttled: return "throttled";
    case CallStatus::timed_out: return "timed_out";
    case CallStatus::error: return "error";
    case CallStatus::rejected: return "rejected";
  }
  return "?";
}

const char* fallback_reason_name(FallbackReason r) {
  switch (r) {
    case FallbackReason::throttle: return "throttle";
    case FallbackReason::capacity: return "capacity";
    case FallbackReason::error: return "error";
    case FallbackReason::timeout: return "timeout";
  }
  return "?";
}

}  // namespace fmsim::models
