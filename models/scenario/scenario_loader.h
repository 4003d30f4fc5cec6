// Reading a scenario file (YAML) into the typed structs of scenario.h: the only entry point to
// configuration that the CLI and tests use. Everything is validated before it returns; any
// problem is one ScenarioError whose message points at what the user wrote (see
// scenario_error.h and docs/scenarios.md for the format).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/override.h"
#include "models/scenario/scenario.h"
#include "models/scenario/scenario_error.h"

namespace fmsim::models {

// Reads the file at `path` and parses it (`source_path` = `path`, `name` defaults to its stem).
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// Parses YAML text; `file_label` stands in for the file name in messages, `source_path` and
// the default `name` (its stem). `source_sha256` covers the text followed by each override as
// "\n--set path=value", so a run's metadata identifies exactly what was simulated.
Scenario parse_scenario(std::string_view yaml_text, const std::string& file_label,
                        const std::vector<Override>& overrides = {});

}  // namespace fmsim::models
