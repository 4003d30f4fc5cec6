// targets.csv rows.
#include "tools/targets_csv.h"

#include <cmath>

#include <fmt/format.h>

#include "tools/csv_number.h"

namespace fmsim::cli {

void TargetsCsv::write_header(std::FILE* out) {
  // The calls_* and fallbacks_* columns follow the CallStatus and FallbackReason orders, as the
  // counts arrays are indexed.
  fmt::print(out, "replication,window_start_s,window_end_s,local_time,target,requests_routed,requests_served,"
                  "served_share,calls");
  for (std::size_t s = 0; s < models::kCallStatusCount; ++s)
    fmt::print(out, ",calls_{}", models::call_status_name(static_cast<models::CallStatus>(s)));
  for (std::size_t r = 0; r < models::kFallbackReasons; ++r)
    fmt::print(out, ",fallbacks_{}", models::fallback_reason_name(static_cast<models::FallbackReason>(r)));
  fmt::print(out, ",call_latency_p50_s,call_latency_p99_s\n");
}

void TargetsCsv::on_target_window(sim::SimTime start, sim::SimTime end, std::span<const models::TargetWindow> targets) {
  std::uint64_t served = 0;
  for (const auto& t : targets) served += t.counts.served;
  // One formatting of the shared cells per window, not per target.
  const auto head = fmt::format("{},{},{},{}", replication_, start.seconds_f(), end.seconds_f(), local_time_(start));
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& c = targets[i].counts;
    const auto& latency = targets[i].call_latency;
    const double share = served ? static_cast<double>(c.served) / static_cast<double>(served) : NAN;
    fmt::print(out_, "{},{},{},{},{},{}", head, i < names_.size() ? names_[i] : std::string(), c.routed, c.served,
               csv_number(share), c.calls);
    for (auto n : c.ended) fmt::print(out_, ",{}", n);
    for (auto n : c.fallbacks) fmt::print(out_, ",{}", n);
    fmt::print(out_, ",{},{}\n", csv_number(latency.quantile(0.5)), csv_number(latency.quantile(0.99)));
  }
}

}  // namespace fmsim::cli
