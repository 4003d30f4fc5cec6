// The worst window and the worst hour of a replication.
#include "tools/sweep/window_extremes.h"

#include <cmath>

namespace fmsim::cli::sweep {

namespace {

constexpr std::int64_t kHourNs = sim::Duration::hours(1).ns();

// NaN stands for "none yet" and never wins.
void raise(double& worst, double v) {
  if (std::isnan(v)) return;
  if (std::isnan(worst) || v > worst) worst = v;
}

double share(std::uint64_t part, std::uint64_t arrivals) {
  return arrivals ? static_cast<double>(part) / static_cast<double>(arrivals) : WindowExtremes::kNone;
}

}  // namespace

void WindowExtremesTally::on_request_window(const models::RequestWindowRow& row) {
  const auto& w = *row.window;
  if (w.latency.count() > 0) {
    raise(closed_.worst_p50_s, w.latency.quantile(0.5));
    raise(closed_.worst_p99_s, w.latency.quantile(0.99));
  }
  const std::int64_t hour = row.start.since_start().ns() / kHourNs;
  if (hour != hour_) {
    if (hour_ >= 0) {
      fold_hour_into(closed_);
      hour_latency_.reset();
      hour_counts_ = {};
    }
    hour_ = hour;
  }
  hour_latency_.merge(w.latency);
  hour_counts_.arrivals += w.counts.arrivals;
  for (std::size_t o = 0; o < hour_counts_.by_outcome.size(); ++o) hour_counts_.by_outcome[o] += w.counts.by_outcome[o];
  if (next_) next_->on_request_window(row);
}

void WindowExtremesTally::fold_hour_into(WindowExtremes& e) const {
  ++e.hours;
  if (hour_latency_.count() > 0) {
    raise(e.worst_hour_p50_s, hour_latency_.quantile(0.5));
    raise(e.worst_hour_p99_s, hour_latency_.quantile(0.99));
  }
  const auto failed = hour_counts_.ended() - hour_counts_[models::Outcome::ok];
  raise(e.worst_hour_throttled_share, share(hour_counts_[models::Outcome::throttled], hour_counts_.arrivals));
  raise(e.worst_hour_failed_share, share(failed, hour_counts_.arrivals));
}

WindowExtremes WindowExtremesTally::extremes() const {
  WindowExtremes e = closed_;
  if (hour_ >= 0) fold_hour_into(e);
  return e;
}

}  // namespace fmsim::cli::sweep
