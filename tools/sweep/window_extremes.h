// The worst of a replication's latency windows and of its hours, for summary.json's `windows`
// block: an SLO such as "p99 <= 3 s in every hour" or "throttled <= 0.1 % in every hour" is met
// when the worst hour meets it, so a sweep or plan can keep that one figure per replication.
//
// Hours are of simulated time from t = 0: [0, 1h), [1h, 2h), ... An hour takes the windows that
// start in it, so with an output window that does not divide an hour (7 min, say) a window
// crossing an hour boundary counts whole in the hour it starts in. The last hour may be short
// (a horizon that is not whole hours). Within an hour the window histograms are merged and the
// counts added, so an hour's quantiles are exactly those of its requests.
//
// The sink sits in a chain of window sinks and passes every window on. It keeps only the current
// hour's merged histogram and the running maxima: memory does not grow with the horizon.
#pragma once

#include <cstdint>
#include <limits>

#include "models/metrics/request_metrics.h"
#include "sim/latency_histogram.h"

namespace fmsim::cli::sweep {

// Each figure is its own maximum: the window with the worst p50 need not be the one with the worst
// p99. NaN where undefined: no window (hour) in which a request ended ok, no hour with an arrival.
struct WindowExtremes {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t hours = 0;         // hours in which at least one window starts
  double worst_p50_s = kNone;      // highest window p50 of ok latency, seconds
  double worst_p99_s = kNone;      // highest window p99
  double worst_hour_p50_s = kNone;  // highest hourly p50 (window histograms merged)
  double worst_hour_p99_s = kNone;
  // Of the hour's arrivals: requests that ended throttled in the hour / arrivals in the hour, and
  // requests that ended otherwise than ok (throttled, timed out, error, rejected) likewise. An
  // outcome counts in the hour it happens, an arrival in the hour it arrives, as in
  // timeseries.csv, so a share can exceed 1 when a backlog drains.
  double worst_hour_throttled_share = kNone;
  double worst_hour_failed_share = kNone;
};

class WindowExtremesTally final : public models::RequestWindowSink {
 public:
  // `next` (may be null) receives every window unchanged.
  explicit WindowExtremesTally(models::RequestWindowSink* next = nullptr) : next_(next) {}
  void on_request_window(const models::RequestWindowRow& row) override;

  // The figures over every window received so far, the current (possibly partial) hour included.
  WindowExtremes extremes() const;

 private:
  void fold_hour_into(WindowExtremes& e) const;

  models::RequestWindowSink* next_;
  WindowExtremes closed_;  // over the hours before the current one
  std::int64_t hour_ = -1;  // index of the current hour; -1 before the first window
  sim::LatencyHistogram hour_latency_;
  models::OutcomeCounts hour_counts_;
};

}  // namespace fmsim::cli::sweep
