// `fmsim plot OUTDIR` (and `fmsim run --plot`): draws the plots of a run's output directory —
// latency, outcomes, cost, capacity, targets — as PNG and SVG in OUTDIR/plots/.
//
// The drawing is done by matplotlib, from Debian's python3-matplotlib: the plotting program
// (tools/plot/fmsim_plot.py) is compiled into the binary, written to a temporary file and run with
// the first Python found ($FMSIM_PYTHON, else /usr/bin/python3, else python3 on PATH), so the
// binary plots from any working directory without the source tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fmsim::cli {

struct PlotOptions {
  std::string out_dir;       // a directory written by `fmsim run`
  std::uint64_t replication = 0;  // which replication to draw
  std::string plots_dir;     // empty: OUT_DIR/plots
};

// Returns the process exit status: 0 plots written; 1 no Python or matplotlib, or drawing
// failed; 2 bad input (no such directory, no summary.json, a bad FMSIM_PYTHON). Errors are one
// line on stderr saying what to do (e.g. the apt-get command).
int plot_command(const PlotOptions& options);

// The Python interpreter plot_command runs: $FMSIM_PYTHON when set (even if unusable, so a wrong
// setting is reported, not silently bypassed), else /usr/bin/python3, else the first python3 on
// PATH; empty when there is none.
std::string plot_python();

// The text of tools/plot/fmsim_plot.py, as built into the binary.
std::string_view plot_script_text();

}  // namespace fmsim::cli
