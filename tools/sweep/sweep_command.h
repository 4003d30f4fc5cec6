// `fmsim sweep FILE`: every point of a sweep × its replications, on all cores (and MPI ranks),
// into the SQLite results store; then points.csv / replications.csv and a table of means with
// 95 % confidence intervals, and how much common random numbers narrowed the comparisons.
#pragma once

#include <string>

#include "tools/sweep/sweep_session.h"

namespace CLI {
class App;
}

namespace fmsim::cli::sweep {

struct SweepOptions {
  std::string file;
  SweepRunSettings run;
  bool independent_seeds = false;  // every point its own seed (compare with common random numbers)
  bool export_only = false;        // write the CSVs and tables from the store; run nothing
  bool dry_run = false;            // check everything and list the points; run nothing, create nothing
  bool no_progress = false;
  bool quiet = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);

// 0 done, 1 a run or the store failed, 2 bad input (sweep file, scenario, store conflict),
// 130 interrupted (resume with --resume).
int sweep_command(const SweepOptions& options);

}  // namespace fmsim::cli::sweep
