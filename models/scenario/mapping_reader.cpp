// Structural checks of a mapping and lookup of its keys.
#include "models/scenario/mapping_reader.h"

#include <stdexcept>

#include <fmt/format.h>

#include "models/scenario/did_you_mean.h"

namespace fmsim::models {

namespace {
std::vector<std::string_view> names_of(std::span<const SchemaKey> keys) {
  std::vector<std::string_view> names;
  names.reserve(keys.size());
  for (const SchemaKey& k : keys) names.push_back(k.name);
  return names;
}
}  // namespace

MappingReader::MappingReader(const FieldReader& field, std::span<const SchemaKey> keys) : field_(field), keys_(keys) {
  const YAML::Node& node = field_.node();
  if (node.IsNull()) return;
  if (!node.IsMap()) field_.fail(fmt::format("expected a mapping, got {}", describe_node(node)));
  const std::vector<std::string_view> names = names_of(keys_);
  for (const auto& pair : node) {
    const YAML::Node& key = pair.first;
    if (!key.IsScalar())
      field_.source().fail(key.Mark(), path(), fmt::format("keys must be plain names, got {}", describe_node(key)));
    const std::string& name = key.Scalar();
    const std::string key_path = path_of(name);
    if (!find_schema_key(keys_, name)) {
      const std::string hint = did_you_mean(name, names);
      if (!hint.empty()) field_.source().fail(key.Mark(), key_path, fmt::format("unknown key '{}'{}", name, hint));
      field_.source().fail(key.Mark(), key_path,
                           fmt::format("unknown key '{}' (allowed here: {})", name, join_words(names)));
    }
    if (const Entry* first = find(name)) {
      const YAML::Mark m = first->key.Mark();
      field_.source().fail(key.Mark(), key_path,
                           fmt::format("duplicate key (first given at {}:{})", m.line + 1, m.column + 1));
    }
    entries_.push_back(Entry{name, key, pair.second});
  }
}

const MappingReader::Entry* MappingReader::find(std::string_view key) const {
  for (const Entry& e : entries_)
    if (e.name == key) return &e;
  return nullptr;
}

std::vector<std::string_view> MappingReader::present() const {
  std::vector<std::string_view> out;
  for (const Entry& e : entries_) out.push_back(e.name);
  return out;
}

std::string MappingReader::path_of(std::string_view key) const {
  return path().empty() ? std::string(key) : fmt::format("{}.{}", path(), key);
}

FieldReader MappingReader::field_of(const Entry& e) const {
  return FieldReader(e.value, path_of(e.name), e.key.Mark(), field_.source());
}

const SchemaKey& MappingReader::schema_key(std::string_view key) const {
  const SchemaKey* k = find_schema_key(keys_, key);
  // Asking for a key the schema does not list is a bug in the loader, not in the scenario.
  if (!k) throw std::logic_error(fmt::format("scenario loader asked for '{}', which the schema lacks", path_of(key)));
  return *k;
}

void MappingReader::allow_only(std::span<const std::string_view> allowed, std::string_view context) const {
  for (const Entry& e : entries_) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == e.name;
    if (!ok)
      field_.source().fail(e.key.Mark(), path_of(e.name),
                           fmt::format("key '{}' does not apply to {} (it takes: {})", e.name, context,
                                       join_words(allowed)));
  }
}

void MappingReader::fail(std::string_view key_path, std::string_view what) const {
  field_.source().fail(field_.mark(), key_path, what);
}

std::optional<FieldReader> MappingReader::optional(std::string_view key) const {
  schema_key(key);
  if (const Entry* e = find(key)) return field_of(*e);
  return std::nullopt;
}

FieldReader MappingReader::required(std::string_view key, std::string_view what) const {
  schema_key(key);
  if (const Entry* e = find(key)) return field_of(*e);
  fail(path_of(key), fmt::format("required key is missing (expected {})", what));
}

MappingReader MappingReader::required_mapping(std::string_view key) const {
  return MappingReader(required(key, "a mapping"), schema_key(key).children);
}

MappingReader MappingReader::optional_mapping(std::string_view key) const {
  const SchemaKey& k = schema_key(key);
  if (const Entry* e = find(key)) return MappingReader(field_of(*e), k.children);
  return MappingReader(FieldReader(YAML::Node(YAML::NodeType::Null), path_of(key), field_.mark(), field_.source()),
                       k.children);
}

}  // namespace fmsim::models
