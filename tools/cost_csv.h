// cost.csv: one row per closed cost window, a column per line item in US dollars, then the cost
// of each target (and of the entry tier in front) and the total, streamed as windows close.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "models/metrics/cost_ledger.h"
#include "tools/cost_by_target.h"
#include "tools/local_time_text.h"

namespace fmsim::cli {

class CostCsv final : public models::CostWindowSink {
 public:
  CostCsv(std::FILE* out, std::uint64_t replication, LocalTimeText& local_time, std::vector<std::string> target_names)
      : out_(out), replication_(replication), local_time_(local_time), target_names_(std::move(target_names)) {}
  static void write_header(std::FILE* out, const std::vector<std::string>& line_names,
                           const std::vector<std::string>& target_names);
  // The ledger whose windows come here: its line names say which target each column belongs to.
  void bind(const models::CostLedger& ledger) { ledger_ = &ledger; }
  void on_cost_window(sim::SimTime start, sim::SimTime end, std::span<const double> by_line) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
  LocalTimeText& local_time_;
  std::vector<std::string> target_names_;
  const models::CostLedger* ledger_ = nullptr;
  CostByTarget groups_;
  std::vector<double> by_group_;
};

}  // namespace fmsim::cli
