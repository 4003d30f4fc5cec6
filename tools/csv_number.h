// Numbers in CSV cells: the shortest text that reads back to the same double, and an empty cell
// for "no value" (NaN), which pandas and spreadsheets read as missing.
#pragma once

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace fmsim::cli {

inline std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

}  // namespace fmsim::cli
