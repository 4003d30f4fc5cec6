// cost.csv rows.
#include "tools/cost_csv.h"

#include <numeric>

#include <fmt/format.h>

namespace fmsim::cli {

void CostCsv::write_header(std::FILE* out, const std::vector<std::string>& line_names) {
  fmt::print(out, "replication,window_start_s,window_end_s");
  for (const auto& n : line_names) fmt::print(out, ",{}_usd", n);
  fmt::print(out, ",total_usd\n");
}

void CostCsv::on_cost_window(sim::SimTime start, sim::SimTime end, std::span<const double> by_line) {
  fmt::print(out_, "{},{},{}", replication_, start.seconds_f(), end.seconds_f());
  for (double v : by_line) fmt::print(out_, ",{}", v);
  fmt::print(out_, ",{}\n", std::accumulate(by_line.begin(), by_line.end(), 0.0));
}

}  // namespace fmsim::cli
