// The points of a sweep: the cartesian product of its axes' values (first axis slowest), less the
// combinations a constraint excludes. A point is identified by its grid index (mixed radix over
// every axis, gaps included), so its identity does not change when a constraint is added, and a
// plan search can address any combination directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/override.h"
#include "models/sweep/sweep_spec.h"

namespace fmsim::models::sweep {

struct SweepPoint {
  std::uint64_t index = 0;               // grid index
  std::vector<std::size_t> value_index;  // one per axis: index into AxisSpec::values
};

// Product of the axes' sizes (1 with no axis). Throws std::length_error past 2^63.
std::uint64_t grid_size(const SweepSpec& spec);

// Grid index <-> value indices.
std::uint64_t grid_index(const SweepSpec& spec, const std::vector<std::size_t>& value_index);
SweepPoint point_at(const SweepSpec& spec, std::uint64_t index);

// Whether a combination satisfies every constraint.
bool admissible(const SweepSpec& spec, const std::vector<std::size_t>& value_index);

// Every admissible point, in grid order.
std::vector<SweepPoint> expand_points(const SweepSpec& spec);

// The base scenario of a point: the last variant axis value that names one, else the sweep's.
std::string point_scenario_path(const SweepSpec& spec, const SweepPoint& point);

// The overrides of a point: the sweep's fixed `set:`, then each axis value's overrides in axis
// order (a later one wins), then `seed` when the sweep sets one.
std::vector<Override> point_overrides(const SweepSpec& spec, const SweepPoint& point);

// Labels of a point, one per axis ("3", "5min", "on_demand").
std::vector<std::string> point_labels(const SweepSpec& spec, const SweepPoint& point);

// The scenario seed a point runs with: `base_seed` under common random numbers, else a seed mixed
// from (base_seed, grid index) by SplitMix64 so that points draw independent numbers.
std::uint64_t point_seed(const SweepSpec& spec, std::uint64_t base_seed, const SweepPoint& point);

}  // namespace fmsim::models::sweep
