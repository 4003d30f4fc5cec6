// Cost lines grouped by deployment target: a target's lines are those named "<target>.<item>";
// every other line (function, api_gateway, orchestrator, queue: the entry tier in front) goes to
// the group "entry". cost.csv's `<target>.total_usd` columns, summary.json's cost by target and
// the terminal summary's cost/day per target all come from this one grouping.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace fmsim::cli {

inline constexpr const char* kEntryCostGroup = "entry";

class CostByTarget {
 public:
  CostByTarget() = default;
  CostByTarget(const std::vector<std::string>& line_names, const std::vector<std::string>& target_names);

  // Every target in order (a target without lines has a group too, always 0), then "entry" when
  // some line belongs to no target.
  const std::vector<std::string>& groups() const { return groups_; }
  std::size_t lines() const { return group_of_line_.size(); }
  // Sums by group of `by_line` (indexed like the line names) into `out` (resized to groups()).
  void sum(std::span<const double> by_line, std::vector<double>& out) const;

 private:
  std::vector<std::string> groups_;
  std::vector<std::size_t> group_of_line_;
};

}  // namespace fmsim::cli
