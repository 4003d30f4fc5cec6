// Windowing of component counters and gauges.
#include "models/metrics/service_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fmsim::models {

ServiceMetrics::ServiceMetrics(sim::Duration window, ServiceWindowSink* sink) : sink_(sink), windows_(window) {}

ServiceMetrics::Counter ServiceMetrics::add_counter(std::string component, std::string name) {
  counter_column_.push_back(static_cast<std::uint32_t>(columns_.size()));
  columns_.push_back({component, name});
  counter_components_.push_back(std::move(component));
  counter_names_.push_back(std::move(name));
  counter_totals_.push_back(0);
  window_.counters.push_back(0);
  return static_cast<Counter>(counter_totals_.size() - 1);
}

ServiceMetrics::Gauge ServiceMetrics::add_gauge(std::string component, std::string name, double initial) {
  gauge_column_.push_back(static_cast<std::uint32_t>(columns_.size()));
  columns_.push_back({component, name + "_mean"});
  columns_.push_back({component, name + "_max"});
  gauge_components_.push_back(std::move(component));
  gauge_names_.push_back(std::move(name));
  gauges_.emplace_back(sim::SimTime::zero(), initial);
  gauge_area_.emplace_back();
  gauge_max_.push_back(-std::numeric_limits<double>::infinity());
  return static_cast<Gauge>(gauges_.size() - 1);
}

void ServiceMetrics::WindowCloser::operator()(sim::SimTime start, sim::SimTime end, const Window& w) const {
  ServiceMetrics& m = *self;
  m.row_.assign(m.columns_.size(), 0.0);
  for (std::size_t c = 0; c < w.counters.size(); ++c) {
    m.row_[m.counter_column_[c]] = w.counters[c];
    m.counter_totals_[c] += w.counters[c];
  }
  for (std::size_t g = 0; g < m.gauges_.size(); ++g) {
    sim::TimeWeightedGauge& gauge = m.gauges_[g];
    const double mean = gauge.mean(end);
    const double max = gauge.max();
    m.row_[m.gauge_column_[g]] = mean;
    m.row_[m.gauge_column_[g] + 1] = max;
    m.gauge_area_[g].add(gauge.integral(end));
    m.gauge_max_[g] = std::max(m.gauge_max_[g], max);
    gauge.restart(end);
  }
  m.end_ = end;
  if (m.sink_) m.sink_->on_service_window(start, end, m.row_);
}

void ServiceMetrics::finish(sim::SimTime end) { windows_.finish(end, WindowCloser{this}); }

std::vector<ServiceMetrics::CounterTotal> ServiceMetrics::counter_totals() const {
  std::vector<CounterTotal> v;
  for (std::size_t c = 0; c < counter_totals_.size(); ++c)
    v.push_back({counter_components_[c], counter_names_[c], counter_totals_[c]});
  return v;
}

std::vector<ServiceMetrics::GaugeTotal> ServiceMetrics::gauge_totals() const {
  std::vector<GaugeTotal> v;
  const double seconds = (end_ - sim::SimTime::zero()).seconds_f();
  for (std::size_t g = 0; g < gauges_.size(); ++g) {
    const double mean = seconds > 0 ? gauge_area_[g].value() / seconds : gauges_[g].value();
    const double max = std::isfinite(gauge_max_[g]) ? gauge_max_[g] : gauges_[g].value();
    v.push_back({gauge_components_[g], gauge_names_[g], mean, max});
  }
  return v;
}

}  // namespace fmsim::models
