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
#include <vector>

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

// Runs a plotting program built into the binary (`script_text`, written to a temporary file)
// with plot_python(), passing `args` after the script's path. Errors are one line on stderr
// prefixed with `command` ("fmsim plot"). Returns the script's status — 0 done, 1 matplotlib
// missing or drawing failed, 2 bad input — or 1 when there is no Python, 2 for a FMSIM_PYTHON
// that is not an executable file. Shared by `fmsim plot` and `fmsim breakeven`.
int run_plot_script(std::string_view command, std::string_view script_text, const std::vector<std::string>& args);

}  // namespace fmsim::cli
