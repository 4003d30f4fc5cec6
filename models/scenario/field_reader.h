// One value of the YAML tree together with its key path and source, read as the type its key
// expects. Types are checked before any conversion (never `as<>` on an unchecked node), and
// every failure is a ScenarioError that names the key and quotes what was written.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/source_map.h"
#include "models/scenario/units.h"
#include "sim/time.h"

namespace fmsim::models {

// The sign a number must have; the message names the bound ("must be > 0, got '0s'").
enum class Bound { any, non_negative, positive };

class FieldReader {
 public:
  // `key_mark` locates an empty value (YAML gives an empty value the position of whatever
  // follows it, often the next line's key).
  FieldReader(YAML::Node node, std::string key_path, YAML::Mark key_mark, const SourceMap& source);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const SourceMap& source() const { return *source_; }
  // Where errors about this value point: the value, or its key when the value is empty.
  YAML::Mark mark() const;

  bool is_scalar() const { return node_.IsScalar(); }
  bool is_word(std::string_view word) const { return node_.IsScalar() && node_.Scalar() == word; }
  // The scalar's text; fails with "expected <what>, got <description>" for anything else.
  const std::string& scalar(std::string_view what) const;

  sim::Duration duration(Bound bound) const;
  double rate_per_second(Bound bound) const;
  double money_usd(Bound bound) const;
  double number(Bound bound) const;  // finite, always
  std::int64_t count(CountSuffix suffix, std::int64_t min,
                     std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  std::uint64_t unsigned_integer() const;
  std::string string() const;

  // The elements of a list, each with path `key[i]`; fails on anything but a list.
  std::vector<FieldReader> elements(std::string_view what) const;
  // The (key, value) pairs of a mapping whose keys are data rather than names (e.g. quantile
  // probabilities); value paths are `key[k]`. Fails on anything but a mapping.
  std::vector<std::pair<FieldReader, FieldReader>> entries(std::string_view what) const;

  [[noreturn]] void fail(std::string_view what) const;

 private:
  YAML::Node node_;
  std::string path_;
  YAML::Mark key_mark_;
  const SourceMap* source_;
};

// How a node looks in a message: 'text' for a scalar, "a list", "a mapping", "an empty value".
std::string describe_node(const YAML::Node& node);

}  // namespace fmsim::models
