// `fmsim run`: load a scenario, run its replications in parallel, write the output directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fmsim::cli {

struct RunOptions {
  std::string scenario_path;
  std::string out_dir;  // empty: out/<scenario name>
  std::optional<std::uint64_t> seed;
  std::optional<std::string> horizon;
  std::vector<std::string> sets;  // "path.to.key=value"
  std::uint64_t replications = 1;
  unsigned jobs = 0;  // 0: all cores
  bool progress = false;
  bool print_summary = true;
  bool plot = false;  // then draw the plots (fmsim plot) once the outputs are complete
};

// Returns the process exit status: 0 done, 1 run or output failure, 2 bad input.
int run_command(const RunOptions& options);

// `fmsim validate`: 0 when the scenario loads, 2 with the error line otherwise.
int validate_command(const std::string& scenario_path, const std::vector<std::string>& sets);

}  // namespace fmsim::cli
