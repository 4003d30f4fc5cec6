// The scenario walk: YAML text -> overrides applied -> every key read, typed and checked ->
// Scenario. The order of checks follows the document, so the first error reported is the first
// one the user would meet reading the file top-down.
#include "models/scenario/scenario_loader.h"
#include "models/scenario/file_text.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "models/scenario/catalog_reader.h"
#include "models/scenario/deployment_reader.h"
#include "models/scenario/field_reader.h"
#include "models/scenario/mapping_reader.h"
#include "models/scenario/scenario_schema.h"
#include "models/scenario/sha256.h"
#include "models/scenario/source_map.h"
#include "models/scenario/yaml_document.h"
#include "models/scenario/workload_reader.h"
#include "models/scenario/yaml_overrides.h"

namespace fmsim::models {

namespace {

OutputSpec read_output(const MappingReader& block) {
  OutputSpec out;
  if (auto f = block.optional("window")) out.window = f->duration(Bound::positive);
  if (auto f = block.optional("cost_window")) out.cost_window = f->duration(Bound::positive);
  return out;
}

// The latency objective: at least one quantile bound, each a duration > 0.
SloSpec read_slo(const MappingReader& block) {
  SloSpec slo;
  if (auto f = block.optional("p50")) slo.p50 = f->duration(Bound::positive);
  if (auto f = block.optional("p90")) slo.p90 = f->duration(Bound::positive);
  if (auto f = block.optional("p99")) slo.p99 = f->duration(Bound::positive);
  if (auto f = block.optional("p999")) slo.p999 = f->duration(Bound::positive);
  if (slo.empty()) block.fail(block.path(), "give at least one bound: p50, p90, p99 or p999 (a duration such as 3s)");
  return slo;
}

Scenario read_scenario(const MappingReader& top, const std::string& file_label) {
  const std::string scenario_dir = std::filesystem::path(file_label).parent_path().string();
  Scenario s;
  s.name = std::filesystem::path(file_label).stem().string();
  if (auto f = top.optional("name")) {
    s.name = f->string();
    if (s.name.empty()) f->fail("must not be empty");
  }
  if (auto f = top.optional("description")) s.description = f->string();
  if (auto f = top.optional("seed")) s.seed = f->unsigned_integer();
  s.horizon = top.required("horizon", "a duration such as 2h").duration(Bound::positive);
  s.calendar = read_calendar(top);
  s.workload = read_workload(top.required_mapping("workload"), scenario_dir);
  s.deployment = read_deployment(top, builtin_price_catalog());
  read_router_rules(top, s.workload, s.deployment);
  if (top.has("slo")) s.slo = read_slo(top.required_mapping("slo"));
  check_quotas_fit(top, s.deployment, s.workload);
  s.output = read_output(top.optional_mapping("output"));
  return s;
}

std::string source_hash(std::string_view text, const std::vector<Override>& overrides) {
  Sha256 h;
  h.update(text);
  for (const Override& o : overrides) h.update(fmt::format("\n--set {}={}", o.path, o.value));
  return to_hex(h.finish());
}

ScenarioError syntax_error(const std::string& label, const YAML::Mark& mark, const std::string& msg) {
  if (mark.is_null() || mark.line < 0) return ScenarioError::in_file(label, fmt::format("YAML syntax error: {}", msg));
  return ScenarioError::at(label, mark.line + 1, mark.column + 1, "", fmt::format("YAML syntax error: {}", msg));
}

}  // namespace

Scenario parse_scenario(std::string_view yaml_text, const std::string& file_label,
                        const std::vector<Override>& overrides) {
  YamlDocument document;
  try {
    document = parse_yaml_document(yaml_text);
  } catch (const YamlSyntaxError& e) {
    throw syntax_error(file_label, e.mark(), e.what());
  }
  if (!document.has_document || (!document.has_more_documents && document.root.IsNull()))
    throw ScenarioError::at(file_label, 1, 1, "",
                            "the file is empty; a scenario needs at least horizon, workload and targets");
  if (document.has_more_documents) {
    const YAML::Mark m = document.second_start;
    throw ScenarioError::at(file_label, m.line + 1, m.column + 1, "",
                            "only one YAML document is allowed in a scenario file");
  }
  YAML::Node root = document.root;

  std::vector<std::string> override_paths;
  for (const Override& o : overrides) override_paths.push_back(o.path);
  const SourceMap source(file_label, override_paths);
  const FieldReader root_field(root, "", root.Mark(), source);
  if (!root.IsMap()) root_field.fail(fmt::format("expected a mapping of scenario keys, got {}", describe_node(root)));

  Scenario s;
  try {
    apply_overrides(root, schema::kScenario, overrides);
    s = read_scenario(MappingReader(root_field, schema::kScenario), file_label);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use, so this is a loader bug; still a message, not a crash.
    throw ScenarioError::in_file(file_label, fmt::format("internal error reading YAML: {}", e.what()));
  }
  s.source_path = file_label;
  s.source_sha256 = source_hash(yaml_text, overrides);
  return s;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  return parse_scenario(read_file_text(path), path, overrides);
}

}  // namespace fmsim::models
