// Turning a node's mark and key path into the error the user sees.
#include "models/scenario/source_map.h"

#include <utility>

namespace fmsim::models {

SourceMap::SourceMap(std::string file_label, std::vector<std::string> override_paths)
    : file_label_(std::move(file_label)), override_paths_(std::move(override_paths)) {}

bool SourceMap::from_override(std::string_view key_path) const {
  for (const std::string& o : override_paths_) {
    if (key_path == o) return true;
    // Segment-wise: "station.servers" does not contain "station.server".
    if (key_path.size() > o.size() && key_path.starts_with(o) &&
        (key_path[o.size()] == '.' || key_path[o.size()] == '['))
      return true;
  }
  return false;
}

ScenarioError SourceMap::error(const YAML::Mark& mark, std::string_view key_path, std::string_view what) const {
  if (from_override(key_path) || mark.is_null() || mark.line < 0) return ScenarioError::in_override(key_path, what);
  return ScenarioError::at(file_label_, mark.line + 1, mark.column + 1, key_path, what);
}

void SourceMap::fail(const YAML::Mark& mark, std::string_view key_path, std::string_view what) const {
  throw error(mark, key_path, what);
}

}  // namespace fmsim::models
