// One mapping of the scenario with the keys the schema allows there. Construction does the
// structural checks once — it is a mapping, every key is a plain name, none is unknown (with a
// "did you mean" for typos), none is repeated — so the loader only asks for keys by name and a
// misspelt key can never fall back silently to a default.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/field_reader.h"
#include "models/scenario/scenario_schema.h"
#include "models/scenario/source_map.h"

namespace fmsim::models {

class MappingReader {
 public:
  // An empty value (`output:` with nothing under it) reads as an empty mapping.
  MappingReader(const FieldReader& field, std::span<const SchemaKey> keys);

  const std::string& path() const { return field_.path(); }
  const FieldReader& field() const { return field_; }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The keys present, in the order written.
  std::vector<std::string_view> present() const;

  std::optional<FieldReader> optional(std::string_view key) const;
  // Fails with "required key is missing (expected <what>)" at this mapping.
  FieldReader required(std::string_view key, std::string_view what) const;
  // The mapping under `key`, checked against the schema's keys for it.
  MappingReader required_mapping(std::string_view key) const;
  // An absent key reads as an empty mapping, so that optional blocks need no special case.
  MappingReader optional_mapping(std::string_view key) const;

  // Fails at the first present key not in `allowed`: "key 'x' does not apply to <context> (it
  // takes: a, b, c)". For mappings whose schema is a union over kinds (targets, entry tiers).
  void allow_only(std::span<const std::string_view> allowed, std::string_view context) const;

  std::string path_of(std::string_view key) const;
  // Errors about this mapping as a whole (e.g. a missing key) point at its start.
  [[noreturn]] void fail(std::string_view key_path, std::string_view what) const;

 private:
  struct Entry {
    std::string name;
    YAML::Node key;
    YAML::Node value;
  };
  const Entry* find(std::string_view key) const;
  FieldReader field_of(const Entry& e) const;
  const SchemaKey& schema_key(std::string_view key) const;

  FieldReader field_;
  std::span<const SchemaKey> keys_;
  std::vector<Entry> entries_;
};

}  // namespace fmsim::models
