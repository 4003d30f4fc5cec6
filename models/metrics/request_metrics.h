// What the run keeps about requests: counts by outcome, latency of served requests, requests in
// the system (time-weighted), whole-run and per window. Models emit arrivals and outcomes; this
// decides what is recorded. Each closed window goes to the sink at once (timeseries.csv is
// streamed), so memory does not grow with the horizon.
//
// Attribution: an arrival counts in the window of its arrival time, an outcome (and its latency)
// in the window of its outcome time. `latency` is arrival -> outcome of requests that ended ok.
//
// Per event only the open window is updated; the whole-run histogram and gauge integral are
// folded in when a window closes (a merge of O(bins) once a window instead of a second record
// per request), which is exact: histograms merge by adding counts.
#pragma once

#include <array>
#include <cstdint>

#include "models/core/outcome.h"
#include "sim/latency_histogram.h"
#include "sim/time.h"
#include "sim/time_weighted_gauge.h"
#include "sim/window_aggregator.h"

namespace fmsim::models {

struct OutcomeCounts {
  std::uint64_t arrivals = 0;
  std::array<std::uint64_t, kOutcomeCount> by_outcome{};

  std::uint64_t& operator[](Outcome o) { return by_outcome[static_cast<std::size_t>(o)]; }
  std::uint64_t operator[](Outcome o) const { return by_outcome[static_cast<std::size_t>(o)]; }
  std::uint64_t ended() const {
    std::uint64_t n = 0;
    for (auto c : by_outcome) n += c;
    return n;
  }
};

struct RequestWindow {
  OutcomeCounts counts;
  sim::LatencyHistogram latency;
  void reset() {
    counts = {};
    latency.reset();
  }
};

// One closed window: [start, end), its contents, and requests in the system over it.
struct RequestWindowRow {
  sim::SimTime start;
  sim::SimTime end;
  const RequestWindow* window;
  double in_system_mean;      // time-weighted over the window
  std::int64_t in_system_end;  // at the window's end
};

class RequestWindowSink {
 public:
  virtual ~RequestWindowSink() = default;
  virtual void on_request_window(const RequestWindowRow& row) = 0;
};

class RequestMetrics {
 public:
  // `sink` may be null (no time series kept).
  RequestMetrics(sim::Duration window, RequestWindowSink* sink);

  void on_arrival(sim::SimTime t);
  void on_outcome(sim::SimTime t, Outcome o, sim::Duration latency);
  // Closes the remaining windows up to `end` (the horizon).
  void finish(sim::SimTime end);

  const OutcomeCounts& totals() const { return totals_; }
  const sim::LatencyHistogram& latency() const { return latency_; }
  std::int64_t in_system() const { return static_cast<std::int64_t>(in_system_window_.value()); }
  // Whole run, from t = 0; valid after finish().
  double in_system_mean() const { return in_system_mean_; }
  double in_system_max() const { return in_system_max_; }

 private:
  struct WindowCloser {
    RequestMetrics* self;
    void operator()(sim::SimTime start, sim::SimTime end, const RequestWindow& w) const;
  };
  RequestWindow& window_at(sim::SimTime t) { return windows_.at(t, WindowCloser{this}); }

  RequestWindowSink* sink_;
  sim::WindowAggregator<RequestWindow> windows_;
  OutcomeCounts totals_;                     // closed windows plus the open one
  sim::LatencyHistogram latency_;            // closed windows only until finish()
  sim::TimeWeightedGauge in_system_window_;  // restarted at each window boundary
  sim::CompensatedSum in_system_area_;       // ∫ in-system dt over closed windows, request·s
  double in_system_mean_ = 0;
  double in_system_max_ = 0;
};

}  // namespace fmsim::models
