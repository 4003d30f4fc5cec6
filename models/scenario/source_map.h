// Where a YAML node came from: a line and column of the scenario file, or a `--set` on the
// command line. Every error of the loader goes through here, so that each one points at what
// the user actually wrote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/scenario_error.h"

namespace fmsim::models {

class SourceMap {
 public:
  // `override_paths` are the key paths replaced by --set: anything at or below one of them came
  // from the command line, whatever its YAML mark says.
  SourceMap(std::string file_label, std::vector<std::string> override_paths);

  const std::string& file_label() const { return file_label_; }

  // The error for something wrong at `mark` (0-based, as yaml-cpp gives it) under `key_path`.
  // A node without a mark was created by --set (a missing mapping on the way to the key it set).
  ScenarioError error(const YAML::Mark& mark, std::string_view key_path, std::string_view what) const;
  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view key_path, std::string_view what) const;

 private:
  bool from_override(std::string_view key_path) const;
  std::string file_label_;
  std::vector<std::string> override_paths_;
};

}  // namespace fmsim::models
