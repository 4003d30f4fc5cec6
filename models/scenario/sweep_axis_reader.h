// The parts of sweep, plan and break-even files that all three share: an axis (a key with values,
// range or log_range, or a name with variants), a `set:` block of overrides, scenario paths
// relative to the file, key paths, and values with units. Only models/scenario/ uses this header.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/field_reader.h"
#include "models/scenario/mapping_reader.h"
#include "models/scenario/override.h"
#include "models/scenario/sweep_values.h"
#include "models/sweep/sweep_spec.h"

namespace fmsim::models {

// Every axis value list is capped: a typo in a step (1ms for 1s) should be an error, not a sweep
// that never ends.
inline constexpr std::uint64_t kMaxAxisValues = 100'000;

// An axis as read, with what constraints need to know about its values.
struct ReadAxis {
  sweep::AxisSpec spec;
  std::string written_key;  // `key:` as written (rules[0].target); spec.key is its --set form
  bool numeric = false;     // every value has a number
  std::optional<UnitFamily> family;  // when every value is a number of one family
};

sweep::SourceSpot spot_of(const FieldReader& f);
[[noreturn]] void fail_at(const sweep::SourceSpot& spot, std::string_view what);

// A value of one of the families of sweep_values.h; fails with the unit parser's message.
UnitValue read_unit_value(const FieldReader& f);

// A scenario key path (the rules of --set, models/scenario/override.h), in its --set form.
std::string read_key_path(const FieldReader& f);

// A metric path into summary.json, e.g. latency_s.p99.
std::string read_metric_path(const FieldReader& f);

// A scenario file, relative to `base_dir` (the directory of the file being read) unless absolute;
// fails unless it names a regular file.
std::string read_scenario_path(const FieldReader& f, const std::string& base_dir);

// A node as YAML text for an override value: flow style, quoted only where YAML needs it.
std::string yaml_text(const YAML::Node& node);

// `{key.path: value, ...}` into overrides, in the order written. Empty for an empty value.
std::vector<Override> read_set(const FieldReader& f);

// `label: {scenario?: path, set?: {...}}` entries, in the order written, as values of a variant
// axis. `scenario_required`: every entry must name its scenario.
std::vector<sweep::AxisValue> read_variants(const FieldReader& f, const std::string& base_dir, bool scenario_required);

// One axis mapping (axes[i], knobs[i] or volume); keys other than the axis's own (direction) are
// left to the caller.
ReadAxis read_axis(const MappingReader& m, const std::string& base_dir);

}  // namespace fmsim::models
