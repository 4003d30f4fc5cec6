// Applying --set overrides to a parsed YAML tree, before validation. A key may be created only
// where the schema has it, so an override path with a typo fails like a typo in the file.
#pragma once

#include <span>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/override.h"
#include "models/scenario/scenario_schema.h"

namespace fmsim::models {

// Applies `overrides` in order (a later one wins). Each value is parsed as a YAML node.
// Throws ScenarioError ("--set path: ...") for an unknown key, a path through a value that is
// not a mapping, or a value that is not valid YAML.
void apply_overrides(YAML::Node& root, std::span<const SchemaKey> root_keys, const std::vector<Override>& overrides);

}  // namespace fmsim::models
