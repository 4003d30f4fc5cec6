// The values of a `range` (arithmetic, inclusive) or `log_range` (geometric) axis, as labels
// written in the unit of `from`: from 1/s step 0.5/s gives "1/s", "1.5/s", "2/s". The labels are
// also the override values the points run with, so each reads back (models/scenario/sweep_values.h)
// to the value it stands for; durations are stepped in whole nanoseconds and stay exact.
//
// The reader checks the inputs (same unit family, step > 0, from <= to, the size) before calling
// these and reports any problem at the key that has it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/sweep_values.h"

namespace fmsim::models {

// How many values from, from + step, ... <= to (relative tolerance 1e-9) the range has;
// saturates at UINT64_MAX. Requires one family, step > 0 and from <= to.
std::uint64_t linear_range_size(const UnitValue& from, const UnitValue& to, const UnitValue& step);
std::vector<std::string> linear_range_labels(const UnitValue& from, const UnitValue& to, const UnitValue& step);

// `points` values from `from` to `to` (both > 0, from < to) at a constant ratio. When both ends
// are whole plain numbers (or counts such as 10k) the values are rounded to whole numbers and
// repeats dropped, so there may be fewer than `points`.
std::vector<std::string> log_range_labels(const UnitValue& from, const UnitValue& to, std::size_t points);

}  // namespace fmsim::models
