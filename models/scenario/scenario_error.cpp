// Formatting of ScenarioError messages: the single place that decides their shape.
#include "models/scenario/scenario_error.h"

#include <fmt/format.h>

namespace fmsim::models {

namespace {
// Messages must stay one line even when a YAML value contains a newline.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}
}  // namespace

ScenarioError ScenarioError::at(std::string_view file, int line, int column, std::string_view key_path,
                                std::string_view what) {
  if (key_path.empty()) return ScenarioError(one_line(fmt::format("{}:{}:{}: {}", file, line, column, what)));
  return ScenarioError(one_line(fmt::format("{}:{}:{}: {}: {}", file, line, column, key_path, what)));
}

ScenarioError ScenarioError::in_override(std::string_view key_path, std::string_view what) {
  return ScenarioError(one_line(fmt::format("--set {}: {}", key_path, what)));
}

ScenarioError ScenarioError::in_file(std::string_view file, std::string_view what) {
  return ScenarioError(one_line(fmt::format("{}: {}", file, what)));
}

}  // namespace fmsim::models
