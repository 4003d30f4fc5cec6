// cost.csv rows.
#include "tools/cost_csv.h"

#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

namespace fmsim::cli {

void CostCsv::write_header(std::FILE* out, const std::vector<std::string>& line_names,
                           const std::vector<std::string>& target_names) {
  fmt::print(out, "replication,window_start_s,window_end_s,local_time");
  for (const auto& n : line_names) fmt::print(out, ",{}_usd", n);
  const CostByTarget groups(line_names, target_names);
  for (const auto& g : groups.groups()) fmt::print(out, ",{}.total_usd", g);
  fmt::print(out, ",total_usd\n");
}

void CostCsv::on_cost_window(sim::SimTime start, sim::SimTime end, std::span<const double> by_line) {
  // Lines are all registered before the first charge, so the grouping is made once.
  if (groups_.lines() != by_line.size()) {
    if (!ledger_) throw std::logic_error("CostCsv: no ledger bound");
    groups_ = CostByTarget(ledger_->line_names(), target_names_);
  }
  fmt::print(out_, "{},{},{},{}", replication_, start.seconds_f(), end.seconds_f(), local_time_(start));
  for (double v : by_line) fmt::print(out_, ",{}", v);
  groups_.sum(by_line, by_group_);
  for (double v : by_group_) fmt::print(out_, ",{}", v);
  fmt::print(out_, ",{}\n", std::accumulate(by_line.begin(), by_line.end(), 0.0));
}

}  // namespace fmsim::cli
