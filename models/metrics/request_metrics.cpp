// Request metrics: window attribution and the in-system gauges.
#include "models/metrics/request_metrics.h"

#include <algorithm>

namespace fmsim::models {

RequestMetrics::RequestMetrics(sim::Duration window, RequestWindowSink* sink)
    : sink_(sink), windows_(window) {}

void RequestMetrics::WindowCloser::operator()(sim::SimTime start, sim::SimTime end,
                                              const RequestWindow& w) const {
  // The gauge has not moved since the last event, which is before `end`, so its mean up to `end`
  // covers exactly this window.
  auto& gauge = self->in_system_window_;
  const double mean = gauge.mean(end);
  self->in_system_area_.add(gauge.integral(end));
  self->in_system_max_ = std::max(self->in_system_max_, gauge.max());
  gauge.restart(end);
  self->latency_.merge(w.latency);
  if (self->sink_) {
    self->sink_->on_request_window(RequestWindowRow{start, end, &w, mean, self->in_system()});
  }
}

void RequestMetrics::on_arrival(sim::SimTime t) {
  RequestWindow& w = window_at(t);
  ++w.counts.arrivals;
  ++totals_.arrivals;
  in_system_window_.add(t, 1);
}

void RequestMetrics::on_outcome(sim::SimTime t, Outcome o, sim::Duration latency) {
  RequestWindow& w = window_at(t);
  ++w.counts[o];
  ++totals_[o];
  if (o == Outcome::ok) w.latency.record(latency);
  in_system_window_.add(t, -1);
}

void RequestMetrics::finish(sim::SimTime end) {
  windows_.finish(end, WindowCloser{this});
  const double elapsed = end.seconds_f();
  in_system_mean_ = elapsed > 0 ? in_system_area_.value() / elapsed : static_cast<double>(in_system());
}

}  // namespace fmsim::models
