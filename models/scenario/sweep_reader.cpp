// Reading the three files: open and parse once, refuse keys that belong to another kind of file
// (naming the command that takes them), then read the keys of this kind in a fixed order. The
// parts the kinds share (axes, `set:`, paths, values with units) are in sweep_axis_reader.h.
#include "models/scenario/sweep_reader.h"
#include "models/scenario/file_text.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <span>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "models/scenario/comparison_text.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/field_reader.h"
#include "models/scenario/mapping_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/sha256.h"
#include "models/scenario/source_map.h"
#include "models/scenario/sweep_axis_reader.h"
#include "models/scenario/sweep_schema.h"
#include "models/scenario/value_readers.h"
#include "models/scenario/yaml_document.h"

namespace fmsim::models {

namespace {

using sweep::AxisSpec;
using sweep::CompareOp;
using sweep::ConstraintSpec;
using sweep::MetricSpec;
using sweep::Operand;
using sweep::SweepSpec;

constexpr std::string_view kDefaultCost = "cost_usd.per_month_30d";

enum class FileKind { sweep, plan, breakeven };

struct KindInfo {
  FileKind kind;
  std::string_view noun;     // "a sweep file"
  std::string_view plural;   // "sweep files"
  std::string_view command;  // "fmsim sweep"
  std::span<const SchemaKey> keys;
};

constexpr KindInfo kKinds[] = {
    {FileKind::sweep, "a sweep file", "sweep files", "fmsim sweep", sweep_schema::kSweepFile},
    {FileKind::plan, "a plan file", "plan files", "fmsim plan", sweep_schema::kPlanFile},
    {FileKind::breakeven, "a break-even file", "break-even files", "fmsim breakeven", sweep_schema::kBreakevenFile},
};

const KindInfo& info_of(FileKind kind) {
  for (const KindInfo& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds[0];
}

bool has_key(std::span<const SchemaKey> keys, std::string_view name) {
  return std::any_of(keys.begin(), keys.end(), [&](const SchemaKey& k) { return k.name == name; });
}

YAML::Node parse_root(const std::string& text, const std::string& path, const KindInfo& kind) {
  YamlDocument document;
  try {
    document = parse_yaml_document(text);
  } catch (const YamlSyntaxError& e) {
    const YAML::Mark m = e.mark();
    if (m.is_null() || m.line < 0) throw ScenarioError::in_file(path, fmt::format("YAML syntax error: {}", e.what()));
    throw ScenarioError::at(path, m.line + 1, m.column + 1, "", fmt::format("YAML syntax error: {}", e.what()));
  }
  if (!document.has_document || (!document.has_more_documents && document.root.IsNull()))
    throw ScenarioError::at(path, 1, 1, "", fmt::format("the file is empty; see docs/sweeps.md for what {} holds",
                                                        kind.noun));
  if (document.has_more_documents) {
    const YAML::Mark m = document.second_start;
    throw ScenarioError::at(path, m.line + 1, m.column + 1, "",
                            fmt::format("only one YAML document is allowed in {}", kind.noun));
  }
  return document.root;
}

// A top-level key of another kind of file: the user ran the wrong command, or put a plan's keys in
// a sweep. Say which command takes it rather than "unknown key".
void refuse_keys_of_other_kinds(const YAML::Node& root, const KindInfo& kind, const SourceMap& source) {
  for (const auto& pair : root) {
    // A key no kind knows (or not a name) is MappingReader's to report; stopping there keeps the
    // first error the first problem in the file.
    if (!pair.first.IsScalar()) return;
    const std::string& name = pair.first.Scalar();
    if (has_key(kind.keys, name)) continue;
    std::vector<const KindInfo*> owners;
    for (const KindInfo& k : kKinds)
      if (k.kind != kind.kind && has_key(k.keys, name)) owners.push_back(&k);
    if (owners.empty()) return;
    std::string plurals(owners[0]->plural);
    std::string commands(owners[0]->command);
    if (owners.size() > 1) {
      plurals = fmt::format("{} and {}", owners[0]->plural.substr(0, owners[0]->plural.find(' ')), owners[1]->plural);
      commands = fmt::format("{}, {}", owners[0]->command, owners[1]->command);
    }
    std::vector<std::string_view> own;
    for (const SchemaKey& k : kind.keys) own.push_back(k.name);
    source.fail(pair.first.Mark(), name,
                fmt::format("'{}' is a key of {} ({}), not of {} (which take: {})", name, plurals, commands,
                            kind.plural, join_words(own)));
  }
}

// Everything a read needs about the file it reads.
struct FileContext {
  const std::string& path;
  std::string base_dir;  // relative paths in the file are relative to this
  std::string sha256;
};

template <class Read>
auto read_file_as(const std::string& path, FileKind kind_id, Read&& read) {
  const KindInfo& kind = info_of(kind_id);
  const std::string text = read_file_text(path);
  const YAML::Node root = parse_root(text, path, kind);
  const SourceMap source(path, {});
  const FieldReader root_field(root, "", root.Mark(), source);
  if (!root.IsMap())
    root_field.fail(fmt::format("expected a mapping of keys (see docs/sweeps.md), got {}", describe_node(root)));
  const FileContext context{path, std::filesystem::path(path).parent_path().string(), sha256_hex(text)};
  try {
    refuse_keys_of_other_kinds(root, kind, source);
    const MappingReader top(root_field, kind.keys);
    return read(top, context);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use, so this is a reader bug; still a message, not a crash.
    throw ScenarioError::in_file(path, fmt::format("internal error reading YAML: {}", e.what()));
  }
}

// ---------------------------------------------------------------- shared top-level keys

// name, set, seed, common_random_numbers and the file's identity.
void read_common(const MappingReader& top, const FileContext& file, SweepSpec& s) {
  s.source_path = file.path;
  s.source_sha256 = file.sha256;
  s.name = std::filesystem::path(file.path).stem().string();
  if (auto f = top.optional("name")) {
    s.name = f->string();
    if (s.name.empty()) f->fail("must not be empty (leave name out to use the file's name)");
  }
  if (auto f = top.optional("set")) s.fixed = read_set(*f);
  if (auto f = top.optional("seed")) s.seed = f->unsigned_integer();
  if (auto f = top.optional("common_random_numbers")) s.common_random_numbers = read_bool(*f);
}

// The axes (or knobs) list; names and keys unique across axes.
std::vector<ReadAxis> read_axes(const FieldReader& f, std::span<const SchemaKey> schema, const FileContext& file) {
  std::vector<ReadAxis> axes;
  if (f.node().IsNull()) return axes;
  for (const FieldReader& e : f.elements("a list such as [{key: targets.server.servers, values: [2, 3]}]")) {
    ReadAxis a = read_axis(MappingReader(e, schema), file.base_dir);
    for (const ReadAxis& b : axes) {
      if (b.spec.name == a.spec.name)
        fail_at(a.spec.where, fmt::format("the axis name '{}' is already used by {}; give one of them another "
                                          "name:",
                                          a.spec.name, b.spec.where.key));
      if (!a.spec.key.empty() && b.spec.key == a.spec.key)
        fail_at(a.spec.where, fmt::format("the key '{}' is already swept by {}", a.written_key, b.spec.where.key));
    }
    axes.push_back(std::move(a));
  }
  return axes;
}

std::vector<AxisSpec> specs_of(const std::vector<ReadAxis>& axes) {
  std::vector<AxisSpec> out;
  for (const ReadAxis& a : axes) out.push_back(a.spec);
  return out;
}

// One side of a constraint: an axis (by name, or by its key) or a constant with a unit.
struct ReadOperand {
  Operand operand;
  UnitFamily family = UnitFamily::number;
};

ReadOperand read_operand(const FieldReader& f, const std::string& text, const std::vector<ReadAxis>& axes) {
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const ReadAxis& a = axes[i];
    if (text != a.spec.name && text != a.written_key && (a.spec.key.empty() || text != a.spec.key)) continue;
    if (!a.numeric) {
      std::string example;
      for (const sweep::AxisValue& v : a.spec.values)
        if (!v.numeric) {
          example = v.label;
          break;
        }
      f.fail(fmt::format("the axis '{}' has values that are not numbers (such as '{}'), so it cannot be compared",
                         a.spec.name, example));
    }
    if (!a.family) f.fail(fmt::format("the axis '{}' mixes kinds of values (units), so it cannot be compared", a.spec.name));
    return ReadOperand{Operand{i, 0}, *a.family};
  }
  if (const auto v = try_unit_value(text)) return ReadOperand{Operand{std::nullopt, v->base}, v->family};
  std::vector<std::string_view> names;
  for (const ReadAxis& a : axes) names.push_back(a.spec.name);
  if (names.empty()) f.fail(fmt::format("no axis named '{}' (there are no axes)", text));
  const std::string hint = did_you_mean(text, names);
  f.fail(fmt::format("no axis named '{}'{}", text, hint.empty() ? fmt::format(" (axes: {})", join_words(names)) : hint));
}

std::vector<ConstraintSpec> read_constraints(const FieldReader& f, const std::vector<ReadAxis>& axes) {
  std::vector<ConstraintSpec> out;
  if (f.node().IsNull()) return out;
  for (const FieldReader& e : f.elements("a list of comparisons such as \"servers <= 4\"")) {
    const std::string& text = e.scalar("a comparison such as \"servers <= 4\"");
    const auto parts = split_comparison(text);
    if (!parts)
      e.fail(fmt::format("expected 'A op B' with op one of <=, <, >=, >, ==, != and A, B axis names or values "
                         "(e.g. \"servers <= 4\"), got '{}'",
                         text));
    const ReadOperand left = read_operand(e, parts->left, axes);
    const ReadOperand right = read_operand(e, parts->right, axes);
    if (!left.operand.axis && !right.operand.axis) e.fail(fmt::format("'{}' compares two constants; name an axis", text));
    if (left.family != right.family)
      e.fail(fmt::format("'{}' compares {} ('{}') with {} ('{}')", text, family_name(left.family), parts->left,
                         family_name(right.family), parts->right));
    out.push_back(ConstraintSpec{text, left.operand, parts->op, right.operand, spot_of(e)});
  }
  return out;
}

// A metric named outside `metrics:` (an objective, a cost): its spot is the key, or the file's
// top when it is the default.
MetricSpec metric_at(const MappingReader& top, std::string_view key, std::string_view fallback) {
  if (auto f = top.optional(key)) return MetricSpec{read_metric_path(*f), spot_of(*f)};
  sweep::SourceSpot spot = spot_of(top.field());
  spot.key = std::string(key);
  return MetricSpec{std::string(fallback), spot};
}

std::size_t add_metric(std::vector<MetricSpec>& metrics, MetricSpec m) {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].path == m.path) return i;
  metrics.push_back(std::move(m));
  return metrics.size() - 1;
}

// ---------------------------------------------------------------- sweep files

std::vector<MetricSpec> read_metrics(const FieldReader& f) {
  std::vector<MetricSpec> out;
  const std::vector<FieldReader> elements = f.elements("a list of summary metrics such as [latency_s.p99]");
  if (elements.empty()) f.fail("needs at least one metric, e.g. [latency_s.p99]");
  for (const FieldReader& e : elements) {
    const std::string path = read_metric_path(e);
    for (const MetricSpec& m : out)
      if (m.path == path) e.fail(fmt::format("'{}' is listed twice (also at {})", path, m.where.key));
    out.push_back(MetricSpec{path, spot_of(e)});
  }
  return out;
}

std::size_t metric_index(const FieldReader& f, const std::string& path, const std::vector<MetricSpec>& metrics) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].path == path) return i;
    names.push_back(metrics[i].path);
  }
  const std::string hint = did_you_mean(path, names);
  f.fail(fmt::format("'{}' is not one of metrics{}", path, hint.empty() ? fmt::format(" ({})", join_words(names)) : hint));
}

// Sequential stopping; `replications` (when given) is its minimum.
sweep::SequentialStopping read_stopping(const MappingReader& m, const std::vector<MetricSpec>& metrics,
                                        const std::optional<FieldReader>& replications) {
  sweep::SequentialStopping st;
  st.where = spot_of(m.field());
  const FieldReader metric = m.required("metric", "one of metrics, e.g. latency_s.p99");
  st.metric = metric_index(metric, read_metric_path(metric), metrics);
  const FieldReader hw =
      m.required("half_width", "the target half-width of the 95 % interval, e.g. 50ms, $10, 0.01 or 5% of the mean");
  const std::string& hw_text = hw.scalar("a half-width such as 50ms or 5%");
  if (!hw_text.empty() && hw_text.back() == '%') {
    st.relative = read_percentage(hw);
    if (!(*st.relative > 0)) hw.fail(fmt::format("must be > 0, got '{}'", hw_text));
  } else {
    st.half_width = read_unit_value(hw).base;
    if (!(*st.half_width > 0)) hw.fail(fmt::format("must be > 0, got '{}'", hw_text));
  }
  if (auto f = m.optional("min")) {
    st.min_replications = static_cast<std::uint64_t>(f->count(CountSuffix::forbidden, 2));
    if (replications && replications->node().IsScalar() &&
        replications->count(CountSuffix::forbidden, 1) != static_cast<std::int64_t>(st.min_replications))
      f->fail(fmt::format("conflicts with replications: {} (with stopping, replications is the minimum; give one "
                          "of them)",
                          replications->node().Scalar()));
  } else if (replications) {
    st.min_replications = static_cast<std::uint64_t>(replications->count(CountSuffix::forbidden, 1));
    if (st.min_replications < 2)
      replications->fail("must be >= 2 with stopping (replications is the minimum, and an interval needs 2)");
  }
  if (auto f = m.optional("max")) {
    st.max_replications = static_cast<std::uint64_t>(f->count(CountSuffix::forbidden, 2));
    if (st.max_replications < st.min_replications)
      f->fail(fmt::format("must be >= the minimum ({}), got '{}'", st.min_replications, f->node().Scalar()));
  } else if (st.max_replications < st.min_replications) {
    m.fail(m.path_of("max"), fmt::format("the default maximum ({}) is below the minimum ({}); give max",
                                         st.max_replications, st.min_replications));
  }
  if (auto f = m.optional("batch")) st.batch = static_cast<std::uint64_t>(f->count(CountSuffix::forbidden, 1));
  return st;
}

SweepSpec read_sweep(const MappingReader& top, const FileContext& file) {
  SweepSpec s;
  read_common(top, file, s);
  s.base_scenario = read_scenario_path(top.required("scenario", "the path of the base scenario"), file.base_dir);
  std::vector<ReadAxis> axes;
  if (auto f = top.optional("axes")) axes = read_axes(*f, sweep_schema::kAxis, file);
  s.axes = specs_of(axes);
  if (auto f = top.optional("constraints")) s.constraints = read_constraints(*f, axes);
  s.metrics = read_metrics(top.required("metrics", "a list of summary metrics such as [latency_s.p99]"));
  const std::optional<FieldReader> replications = top.optional("replications");
  if (replications) s.replications = static_cast<std::uint64_t>(replications->count(CountSuffix::forbidden, 1));
  if (top.has("stopping")) {
    s.stopping = read_stopping(top.required_mapping("stopping"), s.metrics, replications);
    s.replications = s.stopping->min_replications;
  }
  return s;
}

// ---------------------------------------------------------------- plan files

sweep::Requirement read_requirement(const FieldReader& e, std::vector<MetricSpec>& metrics) {
  const std::string& text = e.scalar("a requirement such as \"windows.worst_hour.p99_s <= 3s\"");
  const auto parts = split_comparison(text);
  if (!parts || (parts->op != CompareOp::le && parts->op != CompareOp::ge))
    e.fail(fmt::format("expected METRIC <= BOUND or METRIC >= BOUND (e.g. \"windows.worst_hour.p99_s <= 3s\"), got "
                       "'{}'",
                       text));
  if (try_unit_value(parts->left))
    e.fail(fmt::format("write the metric first: METRIC <= BOUND or METRIC >= BOUND, got '{}'", text));
  if (parts->left.find_first_of(" \t") != std::string::npos)
    e.fail(fmt::format("'{}' is not a metric: a metric path has no spaces, e.g. latency_s.p99", parts->left));
  double bound = 0;
  try {
    bound = parse_unit_value(parts->right).base;
  } catch (const UnitError& error) {
    e.fail(fmt::format("the bound '{}': {}", parts->right, error.what()));
  }
  sweep::Requirement r;
  r.metric = add_metric(metrics, MetricSpec{parts->left, spot_of(e)});
  r.op = parts->op;
  r.bound = bound;
  r.text = text;
  r.where = spot_of(e);
  return r;
}

sweep::PlanSpec read_plan(const MappingReader& top, const FileContext& file) {
  sweep::PlanSpec p;
  SweepSpec& s = p.sweep;
  read_common(top, file, s);
  s.base_scenario = read_scenario_path(top.required("scenario", "the path of the base scenario"), file.base_dir);
  const FieldReader knobs_field = top.required("knobs", "a list of knobs to search, each {key: path, values: [...]}");
  const std::vector<ReadAxis> knobs = read_axes(knobs_field, sweep_schema::kKnob, file);
  if (knobs.empty()) knobs_field.fail("needs at least one knob to search");
  s.axes = specs_of(knobs);
  const std::vector<FieldReader> elements = knobs_field.elements("a list of knobs");
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    const MappingReader m(elements[i], sweep_schema::kKnob);
    const bool ordered = knobs[i].numeric && knobs[i].spec.scale != sweep::AxisScale::variants;
    sweep::KnobDirection d = ordered ? sweep::KnobDirection::more_is_better : sweep::KnobDirection::categorical;
    if (auto f = m.optional("direction"))
      d = choose_word<sweep::KnobDirection>(*f, "direction",
                                            {{"more_is_better", sweep::KnobDirection::more_is_better},
                                             {"less_is_better", sweep::KnobDirection::less_is_better},
                                             {"categorical", sweep::KnobDirection::categorical}});
    p.directions.push_back(d);
  }
  if (auto f = top.optional("constraints")) s.constraints = read_constraints(*f, knobs);
  s.metrics.push_back(metric_at(top, "objective", kDefaultCost));
  p.objective = 0;
  const FieldReader require = top.required("require", "a list of requirements such as [\"latency_s.p99 <= 3s\"]");
  const std::vector<FieldReader> requirements =
      require.elements("a list of requirements such as [\"windows.worst_hour.p99_s <= 3s\"]");
  if (requirements.empty()) require.fail("needs at least one requirement, e.g. \"windows.worst_hour.p99_s <= 3s\"");
  for (const FieldReader& e : requirements) p.requirements.push_back(read_requirement(e, s.metrics));
  if (auto f = top.optional("confidence")) {
    p.confidence = read_percentage(*f);
    if (!(p.confidence > 0.5 && p.confidence < 1))
      f->fail(fmt::format("must be above 50% and below 100%, got '{}'", f->node().Scalar()));
  }
  s.replications = 5;
  if (auto f = top.optional("replications")) s.replications = static_cast<std::uint64_t>(f->count(CountSuffix::forbidden, 2));
  return p;
}

// ---------------------------------------------------------------- break-even files

sweep::BreakevenSpec read_breakeven(const MappingReader& top, const FileContext& file) {
  sweep::BreakevenSpec b;
  SweepSpec& s = b.sweep;
  read_common(top, file, s);
  std::optional<std::string> base;
  if (auto f = top.optional("scenario")) base = read_scenario_path(*f, file.base_dir);

  const FieldReader patterns_field =
      top.required("patterns", "the deployment patterns to compare: {name: {scenario: path}, ...}");
  AxisSpec patterns;
  patterns.name = "pattern";
  patterns.scale = sweep::AxisScale::variants;
  patterns.where = spot_of(patterns_field);
  patterns.values = read_variants(patterns_field, file.base_dir, /*scenario_required=*/!base);
  if (patterns.values.size() < 2)
    patterns_field.fail(fmt::format("needs at least two patterns to compare, got {}", patterns.values.size()));
  s.base_scenario = base ? *base : *patterns.values.front().scenario_path;

  const MappingReader volume_map = top.required_mapping("volume");
  const ReadAxis volume = read_axis(volume_map, file.base_dir);
  if (!volume.numeric)
    volume_map.fail(volume_map.path(), "the volumes must be numbers with units, such as 1000/day (a rate) or 10k");
  if (volume.spec.values.size() < 2)
    volume_map.fail(volume_map.path(), "needs at least two volumes to find where costs cross");
  if (volume.spec.name == patterns.name)
    fail_at(volume.spec.where, "the name 'pattern' is taken by the patterns axis; give volume another name:");
  s.axes = {patterns, volume.spec};
  b.pattern_axis = 0;
  b.volume_axis = 1;

  s.metrics.push_back(metric_at(top, "cost", kDefaultCost));
  b.cost_metric = 0;
  if (auto f = top.optional("tokens")) {
    const std::string path = read_metric_path(*f);
    if (path == s.metrics[0].path) f->fail(fmt::format("is the same metric as cost ('{}')", path));
    s.metrics.push_back(MetricSpec{path, spot_of(*f)});
    b.tokens_metric = 1;
  }
  s.replications = 3;
  if (auto f = top.optional("replications")) s.replications = static_cast<std::uint64_t>(f->count(CountSuffix::forbidden, 2));
  return b;
}

}  // namespace

sweep::SweepSpec load_sweep(const std::string& path) { return read_file_as(path, FileKind::sweep, read_sweep); }

sweep::PlanSpec load_plan(const std::string& path) { return read_file_as(path, FileKind::plan, read_plan); }

sweep::BreakevenSpec load_breakeven(const std::string& path) {
  return read_file_as(path, FileKind::breakeven, read_breakeven);
}

}  // namespace fmsim::models
