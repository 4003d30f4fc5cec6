// "A op B" texts of sweep constraints ("servers <= 4") and plan requirements
// ("windows.worst_hour.p99_s <= 3s"): split into two trimmed operands and one operator, so that
// both readers accept exactly the same spellings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/sweep/sweep_spec.h"

namespace fmsim::models {

struct ComparisonText {
  std::string left;
  sweep::CompareOp op = sweep::CompareOp::le;
  std::string right;
};

// nullopt unless the text is exactly two non-empty operands around one of <=, <, >=, >, ==, !=.
std::optional<ComparisonText> split_comparison(std::string_view text);

// "<=", "<", ...
std::string_view operator_text(sweep::CompareOp op);

}  // namespace fmsim::models
