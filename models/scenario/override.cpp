// Parsing of `--set` arguments.
#include "models/scenario/override.h"

#include <fmt/format.h>

#include "models/scenario/scenario_error.h"

namespace fmsim::models {

namespace {
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
}  // namespace

Override parse_override(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw ScenarioError::in_override(text, "expected path.to.key=value, e.g. targets.server.servers=4");
  if (eq == 0) throw ScenarioError::in_override(text, "missing key path before '='");
  // A list element may be written as in error messages, rules[0], or as rules.0: one path.
  std::string normal;
  for (const char c : text.substr(0, eq)) {
    if (c == '[') normal += '.';
    else if (c != ']') normal += c;
  }
  const std::string_view path = normal;
  std::size_t segment_start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      if (i == segment_start) throw ScenarioError::in_override(path, fmt::format("empty key in path '{}'", path));
      segment_start = i + 1;
    } else if (!is_key_char(path[i])) {
      throw ScenarioError::in_override(path, fmt::format("unexpected character '{}' in key path '{}'", path[i], path));
    }
  }
  return Override{std::string(path), std::string(text.substr(eq + 1))};
}

}  // namespace fmsim::models
