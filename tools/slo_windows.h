// The latency objective checked window by window: as each latency window closes, which of the
// scenario's SLO quantiles (slo: p50/p90/p99/p999) of the requests that ended ok in it are over
// their bound. It sits in front of timeseries.csv's writer (the same windows) and passes every
// window on; summary.json reports the counts next to the whole-run verdict.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "models/metrics/request_metrics.h"
#include "models/scenario/scenario.h"

namespace fmsim::cli {

// The quantiles an SLO may bound, in SloSpec order.
struct SloQuantile {
  const char* name;  // "p50", "p90", "p99", "p999"
  double q;
  std::optional<sim::Duration> models::SloSpec::*bound;
};
inline constexpr std::array<SloQuantile, 4> kSloQuantiles{{{"p50", 0.5, &models::SloSpec::p50},
                                                           {"p90", 0.9, &models::SloSpec::p90},
                                                           {"p99", 0.99, &models::SloSpec::p99},
                                                           {"p999", 0.999, &models::SloSpec::p999}}};

struct SloWindowCounts {
  std::uint64_t windows = 0;        // windows in which some request ended ok (the quantiles exist)
  std::uint64_t windows_over = 0;   // of those, windows with any bounded quantile over its bound
  std::array<std::uint64_t, kSloQuantiles.size()> over_by_quantile{};
};

class SloWindowTally final : public models::RequestWindowSink {
 public:
  // `next` (may be null) receives every window unchanged.
  SloWindowTally(const models::SloSpec& slo, models::RequestWindowSink* next) : slo_(slo), next_(next) {}
  void on_request_window(const models::RequestWindowRow& row) override;
  const SloWindowCounts& counts() const { return counts_; }

 private:
  models::SloSpec slo_;
  models::RequestWindowSink* next_;
  SloWindowCounts counts_;
};

}  // namespace fmsim::cli
