// Reading a configuration file whole (scenario, catalog, sweep, plan, break-even), with the one
// error line every reader gives for a file it cannot read.
#pragma once

#include <string>

namespace fmsim::models {

// The file's bytes. Throws ScenarioError "PATH: cannot read: reason".
std::string read_file_text(const std::string& path);

}  // namespace fmsim::models
