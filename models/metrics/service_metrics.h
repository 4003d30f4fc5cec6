// What the deployment's components measure about themselves, per window: named counters (cold
// starts, throttles, scaling actions: events in the window) and gauges (environments, instances,
// queue length, model-unit utilisation: piecewise-constant levels, reported as the time-weighted
// mean and the maximum over the window). Components register their columns when they are built;
// the windows are those of the request metrics (`output.window`), and each closed window goes to
// the sink at once (services.csv is streamed).
//
// Column names are "<component>.<name>"; a gauge gives two values per window, "<name>_mean" and
// "<name>_max". Per event only the open window is touched; whole-run figures are folded in as
// windows close.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/moments.h"
#include "sim/time.h"
#include "sim/time_weighted_gauge.h"
#include "sim/window_aggregator.h"

namespace fmsim::models {

class ServiceWindowSink {
 public:
  virtual ~ServiceWindowSink() = default;
  // `values` is indexed like ServiceMetrics::columns().
  virtual void on_service_window(sim::SimTime start, sim::SimTime end, std::span<const double> values) = 0;
};

class ServiceMetrics {
 public:
  using Counter = std::uint32_t;
  using Gauge = std::uint32_t;

  struct Column {
    std::string component;
    std::string name;  // counters: as registered; gauges: "<name>_mean" / "<name>_max"
  };
  // Whole-run figures, valid after finish().
  struct CounterTotal {
    std::string component;
    std::string name;
    double total;
  };
  struct GaugeTotal {
    std::string component;
    std::string name;
    double mean;  // time-weighted over [0, horizon)
    double max;   // largest level held for a positive time
  };

  // `sink` may be null.
  ServiceMetrics(sim::Duration window, ServiceWindowSink* sink);

  // Set-up only, before the first add/set.
  Counter add_counter(std::string component, std::string name);
  Gauge add_gauge(std::string component, std::string name, double initial = 0);

  // Inline: every component calls these several times per request.
  void add(sim::SimTime t, Counter c, double n = 1) {
    touch(t);
    window_.counters[c] += n;
  }
  void set(sim::SimTime t, Gauge g, double level) {
    // An unchanged level changes no figure (windows close at the next touch just the same), and
    // components re-set several gauges per request of which most did not move.
    if (gauges_[g].value() == level) return;
    touch(t);
    gauges_[g].set(t, level);
  }
  double level(Gauge g) const { return gauges_[g].value(); }
  double counted(Counter c) const { return counter_totals_[c] + window_.counters[c]; }

  void finish(sim::SimTime end);

  const std::vector<Column>& columns() const { return columns_; }
  std::vector<CounterTotal> counter_totals() const;
  std::vector<GaugeTotal> gauge_totals() const;

 private:
  struct Window {
    std::vector<double> counters;
    void reset() { std::fill(counters.begin(), counters.end(), 0.0); }
  };
  struct WindowCloser {
    ServiceMetrics* self;
    void operator()(sim::SimTime start, sim::SimTime end, const Window& w) const;
  };
  void touch(sim::SimTime t) { windows_.at(t, WindowCloser{this}); }

  ServiceWindowSink* sink_;
  sim::WindowAggregator<Window> windows_;
  Window& window_ = windows_.current();
  std::vector<Column> columns_;
  std::vector<std::uint32_t> counter_column_;  // counter -> its column
  std::vector<std::uint32_t> gauge_column_;    // gauge -> its _mean column (_max follows)
  std::vector<std::string> counter_names_, counter_components_;
  std::vector<std::string> gauge_names_, gauge_components_;
  std::vector<double> counter_totals_;
  std::vector<sim::TimeWeightedGauge> gauges_;  // restarted at each window boundary
  std::vector<sim::CompensatedSum> gauge_area_;  // whole run, level·s over closed windows
  std::vector<double> gauge_max_;
  sim::SimTime end_ = sim::SimTime::zero();
  std::vector<double> row_;
};

}  // namespace fmsim::models
