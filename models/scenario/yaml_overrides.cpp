// Walking an override's key path through the YAML tree and the schema side by side.
#include "models/scenario/yaml_overrides.h"

#include <string>

#include <fmt/format.h>

#include "models/scenario/did_you_mean.h"
#include "models/scenario/field_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/yaml_document.h"

namespace fmsim::models {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// The element index a path part names inside a list, or -1 when it is not a number.
long list_index(const std::string& part) {
  if (part.empty() || part.size() > 6) return -1;
  for (const char c : part)
    if (c < '0' || c > '9') return -1;
  return std::stol(part);
}

YAML::Node parse_value(const Override& o) {
  YamlDocument doc;
  try {
    doc = parse_yaml_document(o.value);
  } catch (const YamlSyntaxError& e) {
    throw ScenarioError::in_override(o.path, fmt::format("YAML syntax error in value '{}': {}", o.value, e.what()));
  }
  if (doc.has_more_documents)
    throw ScenarioError::in_override(o.path, fmt::format("the value '{}' must be a single YAML node", o.value));
  return doc.root;  // Null for an empty value, reported by the key's own check
}

void apply_one(YAML::Node& root, std::span<const SchemaKey> root_keys, const Override& o) {
  const std::vector<std::string> parts = split_path(o.path);
  const YAML::Node value = parse_value(o);
  // yaml-cpp nodes are references: assigning one node variable to another writes through, so
  // the walk keeps a fresh variable per level instead of reassigning one.
  std::vector<YAML::Node> chain{root};
  chain.reserve(parts.size() + 1);
  std::span<const SchemaKey> keys = root_keys;
  std::string prefix;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (chain.back().IsSequence()) {
      // Inside a list (router.rules, workload.classes): a part is an element's index, and the
      // element's keys are those the schema gives the list.
      const long index = list_index(part);
      const std::string here = fmt::format("{}[{}]", prefix, part);
      if (index < 0)
        throw ScenarioError::in_override(here, fmt::format("{} is a list: give an element's index (0, 1, ...), not '{}'",
                                                           prefix, part));
      if (static_cast<std::size_t>(index) >= chain.back().size())
        throw ScenarioError::in_override(here, fmt::format("{} has {} elements (indices 0 to {})", prefix,
                                                           chain.back().size(), chain.back().size() - 1));
      if (i + 1 == parts.size()) {
        chain.back()[static_cast<std::size_t>(index)] = value;
      } else {
        chain.push_back(chain.back()[static_cast<std::size_t>(index)]);
      }
      prefix = here;
      continue;
    }
    const std::string here = prefix.empty() ? part : fmt::format("{}.{}", prefix, part);
    if (i > 0 && keys.empty())
      throw ScenarioError::in_override(here, fmt::format("{} takes a single value, not keys", prefix));
    const SchemaKey* key = find_schema_key(keys, part);
    if (!key) {
      std::vector<std::string_view> names;
      for (const SchemaKey& k : keys) names.push_back(k.name);
      const std::string hint = did_you_mean(part, names);
      throw ScenarioError::in_override(
          here, hint.empty() ? fmt::format("unknown key '{}' (allowed here: {})", part, join_words(names))
                             : fmt::format("unknown key '{}'{}", part, hint));
    }
    YAML::Node& parent = chain.back();
    // An empty value (`output:`) or a key not written yet becomes a mapping; anything else in
    // the way is an error, not silently replaced.
    if (parent.IsDefined() && !parent.IsMap() && !parent.IsNull())
      throw ScenarioError::in_override(
          here, fmt::format("cannot set a key inside {}, which is {}", prefix, describe_node(parent)));
    if (i + 1 == parts.size()) {
      parent[part] = value;
    } else {
      chain.push_back(parent[part]);
    }
    keys = key->children;
    prefix = here;
  }
}

}  // namespace

void apply_overrides(YAML::Node& root, std::span<const SchemaKey> root_keys, const std::vector<Override>& overrides) {
  for (const Override& o : overrides) apply_one(root, root_keys, o);
}

}  // namespace fmsim::models
