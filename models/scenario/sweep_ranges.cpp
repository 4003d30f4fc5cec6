// Stepping ranges in the unit of `from`: one multiply-add per value (no accumulated error), then
// 12 significant digits in the label hide the last bits of binary rounding.
#include "models/scenario/sweep_ranges.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fmsim::models {

namespace {

__extension__ using Int128 = __int128;

constexpr double kRelativeTolerance = 1e-9;

double in_unit_of(const UnitValue& v, const UnitValue& like) {
  return like.family == UnitFamily::percentage ? v.base * 100 : v.base / like.scale;
}

bool whole(double v) { return v == std::floor(v); }

}  // namespace

std::uint64_t linear_range_size(const UnitValue& from, const UnitValue& to, const UnitValue& step) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  if (from.family == UnitFamily::duration) {
    const Int128 steps = (static_cast<Int128>(to.ns) - from.ns) / step.ns;
    return steps >= static_cast<Int128>(kMax) ? kMax : static_cast<std::uint64_t>(steps) + 1;
  }
  const double first = in_unit_of(from, from);
  const double last = in_unit_of(to, from);
  const double stride = in_unit_of(step, from);
  const double tolerance = kRelativeTolerance * std::max({std::abs(first), std::abs(last), stride});
  const double steps = std::floor((last - first + tolerance) / stride);
  if (steps < 0) return 0;
  if (!(steps < 1.8e19)) return kMax;
  return static_cast<std::uint64_t>(steps) + 1;
}

std::vector<std::string> linear_range_labels(const UnitValue& from, const UnitValue& to, const UnitValue& step) {
  const std::uint64_t n = linear_range_size(from, to, step);
  std::vector<std::string> labels;
  labels.reserve(static_cast<std::size_t>(n));
  const double first = in_unit_of(from, from);
  const double stride = in_unit_of(step, from);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (from.family == UnitFamily::duration) {
      labels.push_back(exact_duration_text(from.ns + static_cast<std::int64_t>(i) * step.ns, from));
    } else {
      labels.push_back(text_in_unit(first + static_cast<double>(i) * stride, from));
    }
  }
  return labels;
}

std::vector<std::string> log_range_labels(const UnitValue& from, const UnitValue& to, std::size_t points) {
  const bool integers = from.family == UnitFamily::number && whole(from.base) && whole(to.base);
  const double ratio = to.base / from.base;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < points; ++i) {
    std::string label;
    if (i == 0) {
      label = from.family == UnitFamily::duration ? exact_duration_text(from.ns, from) : text_like(from.base, from);
    } else if (i + 1 == points) {
      label = to.family == UnitFamily::duration ? exact_duration_text(to.ns, from) : text_like(to.base, from);
    } else {
      double base = from.base * std::pow(ratio, static_cast<double>(i) / static_cast<double>(points - 1));
      if (integers) base = std::round(base);
      label = text_like(base, from);
    }
    if (labels.empty() || labels.back() != label) labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace fmsim::models
