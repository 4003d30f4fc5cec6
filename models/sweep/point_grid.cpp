// Mixed-radix grid indices, constraint checks and the overrides and seed of a point.
#include "models/sweep/point_grid.h"

#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/random_streams.h"

namespace fmsim::models::sweep {

namespace {

double operand_value(const SweepSpec& spec, const Operand& o, const std::vector<std::size_t>& value_index) {
  if (!o.axis) return o.constant;
  const std::optional<double>& v = spec.axes.at(*o.axis).values.at(value_index.at(*o.axis)).numeric;
  // The reader refuses constraints on axes without numbers; a spec built by hand may still have one.
  if (!v) throw std::invalid_argument(fmt::format("constraint on axis '{}', whose values are not numbers",
                                                  spec.axes.at(*o.axis).name));
  return *v;
}

bool holds(double left, CompareOp op, double right) {
  switch (op) {
    case CompareOp::lt:
      return left < right;
    case CompareOp::le:
      return left <= right;
    case CompareOp::gt:
      return left > right;
    case CompareOp::ge:
      return left >= right;
    case CompareOp::eq:
      return left == right;
    case CompareOp::ne:
      return left != right;
  }
  return false;
}

void check_value_index(const SweepSpec& spec, const std::vector<std::size_t>& value_index) {
  if (value_index.size() != spec.axes.size())
    throw std::out_of_range(fmt::format("{} value indices for {} axes", value_index.size(), spec.axes.size()));
  for (std::size_t a = 0; a < value_index.size(); ++a)
    if (value_index[a] >= spec.axes[a].values.size())
      throw std::out_of_range(fmt::format("value index {} of axis '{}', which has {} values", value_index[a],
                                          spec.axes[a].name, spec.axes[a].values.size()));
}

}  // namespace

std::uint64_t grid_size(const SweepSpec& spec) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 63;
  std::uint64_t size = 1;
  for (const AxisSpec& a : spec.axes) {
    const std::uint64_t n = a.values.size();
    if (n != 0 && size > kLimit / n) throw std::length_error(fmt::format("the sweep has more than 2^63 points"));
    size *= n;
  }
  return size;
}

std::uint64_t grid_index(const SweepSpec& spec, const std::vector<std::size_t>& value_index) {
  check_value_index(spec, value_index);
  std::uint64_t index = 0;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) index = index * spec.axes[a].values.size() + value_index[a];
  return index;
}

SweepPoint point_at(const SweepSpec& spec, std::uint64_t index) {
  if (index >= grid_size(spec))
    throw std::out_of_range(fmt::format("grid index {} of a sweep with {} points", index, grid_size(spec)));
  SweepPoint p;
  p.index = index;
  p.value_index.resize(spec.axes.size());
  // Last axis fastest: peel digits off from the end.
  for (std::size_t a = spec.axes.size(); a-- > 0;) {
    const std::uint64_t n = spec.axes[a].values.size();
    p.value_index[a] = static_cast<std::size_t>(index % n);
    index /= n;
  }
  return p;
}

bool admissible(const SweepSpec& spec, const std::vector<std::size_t>& value_index) {
  for (const ConstraintSpec& c : spec.constraints)
    if (!holds(operand_value(spec, c.left, value_index), c.op, operand_value(spec, c.right, value_index)))
      return false;
  return true;
}

std::vector<SweepPoint> expand_points(const SweepSpec& spec) {
  const std::uint64_t size = grid_size(spec);
  std::vector<SweepPoint> points;
  std::vector<std::size_t> digits(spec.axes.size(), 0);
  for (std::uint64_t index = 0; index < size; ++index) {
    if (admissible(spec, digits)) points.push_back(SweepPoint{index, digits});
    // Odometer step, last axis fastest, so that the digits follow the index without a division.
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
      if (++digits[a] < spec.axes[a].values.size()) break;
      digits[a] = 0;
    }
  }
  return points;
}

std::string point_scenario_path(const SweepSpec& spec, const SweepPoint& point) {
  std::string path = spec.base_scenario;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const AxisValue& v = spec.axes[a].values.at(point.value_index.at(a));
    if (v.scenario_path) path = *v.scenario_path;
  }
  return path;
}

std::vector<Override> point_overrides(const SweepSpec& spec, const SweepPoint& point) {
  std::vector<Override> out = spec.fixed;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const AxisValue& v = spec.axes[a].values.at(point.value_index.at(a));
    out.insert(out.end(), v.overrides.begin(), v.overrides.end());
  }
  if (spec.seed) out.push_back(Override{"seed", std::to_string(*spec.seed)});
  return out;
}

std::vector<std::string> point_labels(const SweepSpec& spec, const SweepPoint& point) {
  std::vector<std::string> labels;
  labels.reserve(spec.axes.size());
  for (std::size_t a = 0; a < spec.axes.size(); ++a) labels.push_back(spec.axes[a].values.at(point.value_index.at(a)).label);
  return labels;
}

std::uint64_t point_seed(const SweepSpec& spec, std::uint64_t base_seed, const SweepPoint& point) {
  if (spec.common_random_numbers) return base_seed;
  // The same SplitMix64 mix as the random streams, keyed by the grid index: a point's seed does
  // not depend on which other points exist.
  return sim::RandomStreams::derive_seed(base_seed, point.index, "sweep.point");
}

}  // namespace fmsim::models::sweep
