// targets.csv: one row per latency window per deployment target (long format), streamed as
// windows close: requests routed to and served by the target, its share of the window's served
// requests, its model calls by how they ended, the fallbacks away from it by reason, and its ok
// calls' latency. Counting rules in models/metrics/target_metrics.h; columns in docs/outputs.md.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "models/metrics/target_metrics.h"
#include "tools/local_time_text.h"

namespace fmsim::cli {

class TargetsCsv final : public models::TargetWindowSink {
 public:
  TargetsCsv(std::FILE* out, std::uint64_t replication, LocalTimeText& local_time, std::vector<std::string> target_names)
      : out_(out), replication_(replication), local_time_(local_time), names_(std::move(target_names)) {}
  static void write_header(std::FILE* out);
  void on_target_window(sim::SimTime start, sim::SimTime end, std::span<const models::TargetWindow> targets) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
  LocalTimeText& local_time_;
  std::vector<std::string> names_;
};

}  // namespace fmsim::cli
