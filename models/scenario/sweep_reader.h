// Reading sweep, plan and break-even files (YAML) into the plain structs of
// models/sweep/sweep_spec.h. The formats are in docs/sweeps.md. Everything a file alone can get
// wrong (unknown keys, an empty range, a bad unit, a constraint naming no axis, a requirement
// without a bound) is reported here as one ScenarioError line (FILE:LINE:COL: key: what); what
// needs the scenario (does an axis key exist, does a metric exist) is checked by
// tools/sweep/prepared_sweep.h before anything runs.
#pragma once

#include <string>

#include "models/sweep/sweep_spec.h"

namespace fmsim::models {

sweep::SweepSpec load_sweep(const std::string& path);
sweep::PlanSpec load_plan(const std::string& path);
sweep::BreakevenSpec load_breakeven(const std::string& path);

}  // namespace fmsim::models
