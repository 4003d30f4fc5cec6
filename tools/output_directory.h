// Where a command writes by default: out/<name>, with the name made one plain path component
// (a scenario or sweep name is free text).
#pragma once

#include <string>

namespace fmsim::cli {

std::string default_output_directory(const std::string& name);

}  // namespace fmsim::cli
