// cost.csv: one row per closed cost window, a column per line item in US dollars, streamed as
// windows close.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "models/metrics/cost_ledger.h"

namespace fmsim::cli {

class CostCsv final : public models::CostWindowSink {
 public:
  CostCsv(std::FILE* out, std::uint64_t replication) : out_(out), replication_(replication) {}
  static void write_header(std::FILE* out, const std::vector<std::string>& line_names);
  void on_cost_window(sim::SimTime start, sim::SimTime end, std::span<const double> by_line) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
};

}  // namespace fmsim::cli
