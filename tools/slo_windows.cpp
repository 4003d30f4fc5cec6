// Counting windows over the SLO.
#include "tools/slo_windows.h"

namespace fmsim::cli {

void SloWindowTally::on_request_window(const models::RequestWindowRow& row) {
  const auto& latency = row.window->latency;
  if (!slo_.empty() && latency.count() > 0) {
    ++counts_.windows;
    bool over = false;
    for (std::size_t i = 0; i < kSloQuantiles.size(); ++i) {
      const auto& bound = slo_.*kSloQuantiles[i].bound;
      if (bound && latency.quantile(kSloQuantiles[i].q) > bound->seconds_f()) {
        ++counts_.over_by_quantile[i];
        over = true;
      }
    }
    if (over) ++counts_.windows_over;
  }
  if (next_) next_->on_request_window(row);
}

}  // namespace fmsim::cli
