// `fmsim breakeven FILE`: sweeps the traffic volume of a scenario for several deployment patterns
// (common random numbers across patterns), and reports where each pair crosses in monthly cost,
// with 95 % confidence intervals (models/sweep/crossover.h): tables on the terminal, then
// OUT/breakeven.csv, OUT/crossovers.csv, OUT/breakeven.json and OUT/plots/breakeven.{png,svg}
// (cost vs volume per pattern with CI bands and the crossovers marked).
#pragma once

#include <string>
#include <string_view>

#include "tools/sweep/sweep_session.h"

namespace CLI {
class App;
}

namespace fmsim::cli::sweep {

struct BreakevenOptions {
  std::string file;
  SweepRunSettings run;  // main sets run.progress from no_progress and run.print_summary from quiet
  bool no_plot = false;
  bool no_progress = false;
  bool quiet = false;
};

CLI::App* add_breakeven_command(CLI::App& app, BreakevenOptions& options);

// 0 done; 1 a run, the store, an output or the plot failed; 2 bad input (break-even file, a
// pattern's scenario, store conflict), reported before anything runs; 130 interrupted.
int breakeven_command(const BreakevenOptions& options);

// The text of tools/plot/breakeven_plot.py, as built into the binary.
std::string_view breakeven_plot_script_text();

}  // namespace fmsim::cli::sweep
