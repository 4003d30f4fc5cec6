// Axes, variants, `set:` blocks and paths of sweep-like files (see sweep_axis_reader.h).
#include "models/scenario/sweep_axis_reader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "models/scenario/scenario_error.h"
#include "models/scenario/sweep_ranges.h"
#include "models/scenario/sweep_schema.h"

namespace fmsim::models {

namespace {

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// A FieldReader for the value of a data mapping's entry, with the path `parent.label` (the form
// --set and error messages use) rather than FieldReader::entries' `parent[label]`.
FieldReader entry_value(const FieldReader& parent, const std::string& label, const FieldReader& key,
                        const FieldReader& value) {
  return FieldReader(value.node(), fmt::format("{}.{}", parent.path(), label), key.mark(), parent.source());
}

void require_same_family(const FieldReader& f, const UnitValue& v, const FieldReader& from_f, const UnitValue& from) {
  if (v.family == from.family) return;
  f.fail(fmt::format("'{}' is {} but from '{}' is {}; from, to and step must be of the same kind of unit",
                     f.node().Scalar(), family_name(v.family), from_f.node().Scalar(), family_name(from.family)));
}

// Values of a generated range: each label is also the value set.
std::vector<sweep::AxisValue> generated_values(const std::string& key, const std::vector<std::string>& labels) {
  std::vector<sweep::AxisValue> values;
  values.reserve(labels.size());
  for (const std::string& label : labels)
    values.push_back(sweep::AxisValue{label, std::nullopt, {Override{key, label}}, parse_unit_value(label).base});
  return values;
}

void read_linear_range(const MappingReader& r, ReadAxis& a) {
  const FieldReader from_f = r.required("from", "the first value, e.g. 1/s");
  const FieldReader to_f = r.required("to", "the last value, e.g. 3/s");
  const FieldReader step_f = r.required("step", "the step between values, e.g. 0.5/s");
  const UnitValue from = read_unit_value(from_f);
  const UnitValue to = read_unit_value(to_f);
  const UnitValue step = read_unit_value(step_f);
  require_same_family(to_f, to, from_f, from);
  require_same_family(step_f, step, from_f, from);
  if (!(step.base > 0)) step_f.fail(fmt::format("must be > 0, got '{}'", step_f.node().Scalar()));
  const bool empty = from.family == UnitFamily::duration ? from.ns > to.ns : from.base > to.base;
  if (empty)
    r.fail(r.path(), fmt::format("empty range: from '{}' is greater than to '{}'", from_f.node().Scalar(),
                                 to_f.node().Scalar()));
  const std::uint64_t size = linear_range_size(from, to, step);
  if (size > kMaxAxisValues)
    r.fail(r.path(), fmt::format("the range has {} values, more than the {} an axis may have; is the step '{}' "
                                 "right?",
                                 size == UINT64_MAX ? std::string("too many") : std::to_string(size), kMaxAxisValues,
                                 step_f.node().Scalar()));
  a.spec.scale = sweep::AxisScale::linear;
  a.spec.values = generated_values(a.spec.key, linear_range_labels(from, to, step));
  a.numeric = true;
  a.family = from.family;
}

void read_log_range(const MappingReader& r, ReadAxis& a) {
  const FieldReader from_f = r.required("from", "the first value, e.g. 1min");
  const FieldReader to_f = r.required("to", "the last value, e.g. 1h");
  const FieldReader points_f = r.required("points", "the number of values, at least 2");
  const UnitValue from = read_unit_value(from_f);
  const UnitValue to = read_unit_value(to_f);
  require_same_family(to_f, to, from_f, from);
  const auto points =
      static_cast<std::size_t>(points_f.count(CountSuffix::forbidden, 2, static_cast<std::int64_t>(kMaxAxisValues)));
  if (!(from.base > 0))
    from_f.fail(fmt::format("must be > 0 (a log_range is geometric), got '{}'", from_f.node().Scalar()));
  if (!(to.base > 0)) to_f.fail(fmt::format("must be > 0 (a log_range is geometric), got '{}'", to_f.node().Scalar()));
  if (!(from.base < to.base))
    r.fail(r.path(), fmt::format("empty range: from '{}' must be less than to '{}' (for one value, use values: [{}])",
                                 from_f.node().Scalar(), to_f.node().Scalar(), from_f.node().Scalar()));
  a.spec.scale = sweep::AxisScale::log;
  a.spec.values = generated_values(a.spec.key, log_range_labels(from, to, points));
  a.numeric = true;
  a.family = from.family;
}

void read_value_list(const FieldReader& f, ReadAxis& a) {
  const std::vector<FieldReader> elements = f.elements("a list of values such as [2, 3, 4]");
  if (elements.empty()) f.fail("needs at least one value");
  a.spec.scale = sweep::AxisScale::list;
  a.numeric = true;
  bool one_family = true;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const FieldReader& e = elements[i];
    if (e.node().IsNull()) e.fail("expected a value, got an empty value");
    const std::string label = e.is_scalar() ? e.node().Scalar() : yaml_text(e.node());
    for (std::size_t j = 0; j < i; ++j)
      if (a.spec.values[j].label == label) e.fail(fmt::format("the value '{}' is listed twice (also at [{}])", label, j));
    std::optional<UnitValue> number;
    if (e.is_scalar()) number = try_unit_value(label);
    a.spec.values.push_back(sweep::AxisValue{label, std::nullopt, {Override{a.spec.key, yaml_text(e.node())}},
                                             number ? std::optional<double>(number->base) : std::nullopt});
    if (!number) {
      a.numeric = false;
    } else if (!a.family && i == 0) {
      a.family = number->family;
    } else if (a.family != number->family) {
      one_family = false;
    }
  }
  if (!a.numeric || !one_family) a.family.reset();
}

}  // namespace

sweep::SourceSpot spot_of(const FieldReader& f) {
  const YAML::Mark m = f.mark();
  const bool known = !m.is_null() && m.line >= 0;
  return sweep::SourceSpot{f.source().file_label(), known ? m.line + 1 : 0, known ? m.column + 1 : 0, f.path()};
}

void fail_at(const sweep::SourceSpot& spot, std::string_view what) {
  if (spot.line <= 0) throw ScenarioError::in_file(spot.file, fmt::format("{}: {}", spot.key, what));
  throw ScenarioError::at(spot.file, spot.line, spot.column, spot.key, what);
}

UnitValue read_unit_value(const FieldReader& f) {
  const std::string& text = f.scalar("a number or a value with a unit such as 10, 10k, 300ms, 2/s, $0.5 or 5%");
  try {
    return parse_unit_value(text);
  } catch (const UnitError& e) {
    f.fail(e.what());
  }
}

std::string read_key_path(const FieldReader& f) {
  const std::string& text = f.scalar("a scenario key path such as targets.server.servers");
  if (!text.empty() && text.find('=') == std::string::npos) {
    try {
      // The rules of --set, so that an axis key and a --set of it are the same path.
      return parse_override(text + "=").path;
    } catch (const ScenarioError&) {
    }
  }
  f.fail(fmt::format("'{}' is not a scenario key path: write names (letters, digits, '_', '-') joined by '.', with "
                     "[i] for a list element, e.g. targets.server.servers or router.rules[0].target",
                     text));
}

std::string read_metric_path(const FieldReader& f) {
  const std::string& text = f.scalar("a summary metric such as latency_s.p99");
  if (text.empty()) f.fail("must not be empty (a summary metric such as latency_s.p99)");
  if (has_space(text)) f.fail(fmt::format("'{}' is not a metric: a metric path has no spaces, e.g. latency_s.p99", text));
  return text;
}

std::string read_scenario_path(const FieldReader& f, const std::string& base_dir) {
  const std::string& text = f.scalar("the path of a scenario file");
  if (text.empty()) f.fail("must not be empty (the path of a scenario file)");
  std::filesystem::path p(text);
  if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
  p = p.lexically_normal();
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) f.fail(fmt::format("'{}' is a directory, not a scenario file", p.string()));
  if (!std::filesystem::is_regular_file(p, ec))
    f.fail(fmt::format("no scenario file at '{}' (relative paths are relative to this file's directory)", p.string()));
  return p.string();
}

std::string yaml_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

std::vector<Override> read_set(const FieldReader& f) {
  if (f.node().IsNull()) return {};
  std::vector<Override> out;
  for (const auto& [key, value] : f.entries("a mapping of scenario key paths to values, e.g. {horizon: 2h}")) {
    const std::string& written = key.scalar("a scenario key path such as horizon");
    const FieldReader key_field(key.node(), fmt::format("{}.{}", f.path(), written), key.mark(), f.source());
    const std::string path = read_key_path(key_field);
    const FieldReader v = entry_value(f, written, key, value);
    if (v.node().IsNull()) v.fail("expected a value, got an empty value (give a value, or leave the key out)");
    for (const Override& o : out)
      if (o.path == path) key_field.fail(fmt::format("'{}' is set twice", written));
    out.push_back(Override{path, yaml_text(v.node())});
  }
  return out;
}

std::vector<sweep::AxisValue> read_variants(const FieldReader& f, const std::string& base_dir,
                                            bool scenario_required) {
  const auto entries = f.entries("a mapping of names to {scenario: path, set: {key: value}}");
  if (entries.empty()) f.fail("needs at least one entry, e.g. {on_demand: {scenario: r2_bedrock.yaml}}");
  std::vector<sweep::AxisValue> values;
  for (const auto& [key, value] : entries) {
    const std::string& label = key.scalar("a name such as on_demand");
    if (label.empty()) key.fail("a name must not be empty");
    for (const sweep::AxisValue& v : values)
      if (v.label == label) key.fail(fmt::format("'{}' is given twice", label));
    const MappingReader m(entry_value(f, label, key, value), sweep_schema::kVariant);
    sweep::AxisValue v;
    v.label = label;
    if (scenario_required) {
      v.scenario_path = read_scenario_path(m.required("scenario", "the path of its scenario file"), base_dir);
    } else if (auto s = m.optional("scenario")) {
      v.scenario_path = read_scenario_path(*s, base_dir);
    }
    if (auto s = m.optional("set")) v.overrides = read_set(*s);
    values.push_back(std::move(v));
  }
  return values;
}

ReadAxis read_axis(const MappingReader& m, const std::string& base_dir) {
  ReadAxis a;
  a.spec.where = spot_of(m.field());
  constexpr std::array<std::string_view, 3> kForms{"values", "range", "log_range"};
  if (m.has("variants")) {
    for (const std::string_view k : std::array<std::string_view, 4>{"key", "values", "range", "log_range"})
      if (m.has(k))
        m.optional(k)->fail(fmt::format("an axis has either key with values, range or log_range, or name with "
                                        "variants (whole scenarios), not both; '{}' does not go with variants",
                                        k));
    const FieldReader name = m.required("name", "the axis's name, e.g. pattern (a variant axis has no key)");
    a.spec.name = name.string();
    if (a.spec.name.empty()) name.fail("must not be empty");
    a.spec.scale = sweep::AxisScale::variants;
    a.spec.values = read_variants(*m.optional("variants"), base_dir, false);
    return a;
  }
  const FieldReader key =
      m.required("key", "the scenario key path the axis sets, e.g. targets.server.servers (or name and variants)");
  a.spec.key = read_key_path(key);
  a.written_key = key.node().Scalar();
  a.spec.name = a.written_key;
  if (auto name = m.optional("name")) {
    a.spec.name = name->string();
    if (a.spec.name.empty()) name->fail("must not be empty (leave name out to use the key)");
  }
  std::optional<std::string_view> form;
  for (const std::string_view k : kForms) {
    if (!m.has(k)) continue;
    if (form)
      m.optional(k)->fail(fmt::format("give only one of values, range or log_range (this axis already has {})", *form));
    form = k;
  }
  if (!form) m.fail(m.path(), "give the axis's values: one of values, range or log_range");
  if (*form == "values") {
    read_value_list(*m.optional("values"), a);
  } else if (*form == "range") {
    read_linear_range(m.required_mapping("range"), a);
  } else {
    read_log_range(m.required_mapping("log_range"), a);
  }
  return a;
}

}  // namespace fmsim::models
