// `fmsim plan FILE`: the cheapest configuration of a scenario's knobs that meets the plan's
// requirements with statistical confidence. The search (models/sweep/plan_search.h) asks for
// batches of points; each batch runs as a sweep schedule (replications in parallel, common random
// numbers, the SQLite store, MPI) and each point is judged by the one-sided confidence bounds of
// its requirement metrics. Writes OUT/plan.json, OUT/plan.csv and OUT/plan.sqlite.
#pragma once

#include <cstddef>
#include <string>

#include "tools/sweep/sweep_session.h"

namespace CLI {
class App;
}

namespace fmsim::cli::sweep {

struct PlanOptions {
  std::string file;
  SweepRunSettings run;
  bool exhaustive = false;       // evaluate every admissible point instead of searching
  std::size_t batch = 1;         // points evaluated together per bisection step
  bool no_progress = false;
  bool quiet = false;
};

CLI::App* add_plan_command(CLI::App& app, PlanOptions& options);

// 0 a feasible configuration was found, 3 none of the evaluated points meets every requirement,
// 1 a run or the store failed, 2 bad input (plan file, scenario, metric, store conflict),
// 130 interrupted (run again with --resume).
int plan_command(const PlanOptions& options);

}  // namespace fmsim::cli::sweep
