// A sweep checked and ready to run: every admissible point's scenario loaded (so an axis with a
// key that does not exist, or a value a key refuses, is reported before anything runs), the
// metrics checked against a probe run, and the identity that names its results store.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/scenario/override.h"
#include "models/scenario/scenario.h"
#include "models/sweep/point_grid.h"
#include "models/sweep/sweep_spec.h"
#include "tools/sweep/result_store.h"

namespace fmsim::cli::sweep {

struct PreparedSweep {
  models::sweep::SweepSpec spec;
  std::vector<models::sweep::SweepPoint> points;  // admissible points, grid order
  std::vector<models::Scenario> scenarios;        // aligned with points
  std::unordered_map<std::uint64_t, std::size_t> position;  // grid index -> index into points
  std::vector<std::string> metric_paths;
  StoreLayout layout;

  const models::Scenario& scenario_of(std::uint64_t grid_index) const { return scenarios.at(position.at(grid_index)); }
  std::vector<StoredPoint> stored_points() const;
};

// Loads and checks everything. `extra` are command-line --set overrides applied to every point
// after the file's fixed `set:` (and before the axes). Throws models::ScenarioError (one line,
// pointing at the sweep file or at the scenario) on any bad input.
PreparedSweep prepare_sweep(models::sweep::SweepSpec spec, const std::vector<models::Override>& extra = {});

}  // namespace fmsim::cli::sweep
