// Grouping cost lines by target.
#include "tools/cost_by_target.h"

namespace fmsim::cli {

CostByTarget::CostByTarget(const std::vector<std::string>& line_names, const std::vector<std::string>& target_names)
    : groups_(target_names) {
  const std::size_t entry = groups_.size();
  bool any_entry = false;
  for (const auto& line : line_names) {
    std::size_t g = entry;
    for (std::size_t t = 0; t < target_names.size(); ++t) {
      const auto& name = target_names[t];
      // The dot is part of the prefix, so target "haiku" does not take "haiku_pt.input_tokens".
      if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == '.') {
        g = t;
        break;
      }
    }
    any_entry = any_entry || g == entry;
    group_of_line_.push_back(g);
  }
  if (any_entry) groups_.emplace_back(kEntryCostGroup);
}

void CostByTarget::sum(std::span<const double> by_line, std::vector<double>& out) const {
  out.assign(groups_.size(), 0.0);
  for (std::size_t i = 0; i < by_line.size() && i < group_of_line_.size(); ++i) out[group_of_line_[i]] += by_line[i];
}

}  // namespace fmsim::cli
