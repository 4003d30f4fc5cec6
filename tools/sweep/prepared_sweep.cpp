// Preparing a sweep: every point loaded and checked, metrics checked, the store's identity.
#include "tools/sweep/prepared_sweep.h"

#include <set>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fmsim_version.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/sha256.h"
#include "tools/sweep/summary_metrics.h"

namespace fmsim::cli::sweep {

namespace {

using models::ScenarioError;
using models::sweep::SweepSpec;

// "--set KEY: what" (ScenarioError::in_override) -> KEY, else empty.
std::string override_key_of(std::string_view message) {
  constexpr std::string_view prefix = "--set ";
  if (message.substr(0, prefix.size()) != prefix) return {};
  const auto colon = message.find(':', prefix.size());
  if (colon == std::string_view::npos) return {};
  return std::string(message.substr(prefix.size(), colon - prefix.size()));
}

// A scenario refusing a point: pointed at the sweep file where the sweep wrote the offending
// key (an axis or the fixed `set:`), else the scenario's own message with the point named.
[[noreturn]] void rethrow_for_point(const ScenarioError& e, const SweepSpec& spec,
                                   const models::sweep::SweepPoint& point) {
  const std::string message = e.what();
  const auto key = override_key_of(message);
  const auto what = key.empty() ? message : message.substr(6 + key.size() + 2);
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const auto& axis = spec.axes[a];
    const auto& value = axis.values[point.value_index[a]];
    for (const auto& o : value.overrides) {
      if (!key.empty() && o.path == key) {
        throw ScenarioError::at(axis.where.file, axis.where.line, axis.where.column, axis.where.key,
                                fmt::format("{} = {}: {}", o.path, o.value, what));
      }
    }
  }
  std::string labels;
  const auto names = models::sweep::point_labels(spec, point);
  for (std::size_t a = 0; a < spec.axes.size(); ++a)
    labels += fmt::format("{}{}={}", a ? ", " : "", spec.axes[a].name, names[a]);
  if (!key.empty()) {
    for (const auto& o : spec.fixed) {
      if (o.path == key) throw ScenarioError::in_file(spec.source_path, fmt::format("set: {}: {}", key, what));
    }
  }
  throw ScenarioError(labels.empty() ? message : fmt::format("{} (sweep point {})", message, labels));
}

nlohmann::ordered_json definition_json(const SweepSpec& spec, const std::vector<models::Override>& extra) {
  using json = nlohmann::ordered_json;
  json axes = json::array();
  for (const auto& a : spec.axes) {
    json labels = json::array();
    for (const auto& v : a.values) labels.push_back(v.label);
    axes.push_back(json{{"name", a.name}, {"key", a.key}, {"values", labels}});
  }
  json metrics = json::array();
  for (const auto& m : spec.metrics) metrics.push_back(m.path);
  json sets = json::array();
  for (const auto& o : extra) sets.push_back(o.path + "=" + o.value);
  json constraints = json::array();
  for (const auto& c : spec.constraints) constraints.push_back(c.text);
  json j{{"name", spec.name},
         {"file", spec.source_path},
         {"file_sha256", spec.source_sha256},
         {"scenario", spec.base_scenario},
         {"command_line_sets", sets},
         {"axes", axes},
         {"constraints", constraints},
         {"replications", spec.replications},
         {"metrics", metrics},
         {"seed", spec.seed ? json(*spec.seed) : json(nullptr)},
         {"common_random_numbers", spec.common_random_numbers},
         {"fmsim_version", FMSIM_VERSION}};
  if (spec.stopping) {
    const auto& s = *spec.stopping;
    j["stopping"] = json{{"metric", spec.metrics.at(s.metric).path},
                         {"half_width", s.half_width ? json(*s.half_width) : json(nullptr)},
                         {"relative", s.relative ? json(*s.relative) : json(nullptr)},
                         {"min", s.min_replications},
                         {"max", s.max_replications},
                         {"batch", s.batch}};
  }
  return j;
}

}  // namespace

std::vector<StoredPoint> PreparedSweep::stored_points() const {
  std::vector<StoredPoint> v;
  v.reserve(points.size());
  for (const auto& p : points) v.push_back({p.index, models::sweep::point_labels(spec, p)});
  return v;
}

PreparedSweep prepare_sweep(SweepSpec spec, const std::vector<models::Override>& extra) {
  PreparedSweep s;
  spec.fixed.insert(spec.fixed.end(), extra.begin(), extra.end());
  s.spec = std::move(spec);
  const auto& sp = s.spec;
  s.points = models::sweep::expand_points(sp);
  if (s.points.empty()) {
    throw ScenarioError::in_file(sp.source_path, fmt::format("constraints: they exclude every one of the {} grid points",
                                                             models::sweep::grid_size(sp)));
  }
  s.scenarios.reserve(s.points.size());
  for (const auto& p : s.points) {
    try {
      auto scenario = models::load_scenario(models::sweep::point_scenario_path(sp, p),
                                            models::sweep::point_overrides(sp, p));
      scenario.seed = models::sweep::point_seed(sp, scenario.seed, p);
      s.scenarios.push_back(std::move(scenario));
    } catch (const ScenarioError& e) {
      rethrow_for_point(e, sp, p);
    }
    s.position.emplace(p.index, s.scenarios.size() - 1);
  }

  // A metric must exist in every base scenario the sweep uses (variants may differ in targets).
  std::set<std::string> probed;
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    if (!probed.insert(s.scenarios[i].source_path).second) continue;
    check_metrics(probe_summary(s.scenarios[i]), sp.metrics);
  }
  for (const auto& m : sp.metrics) s.metric_paths.push_back(m.path);

  // The store's identity: the sweep's definition and every point's scenario hash (file bytes and
  // overrides), so a store is resumed only with exactly the inputs that began it.
  const auto definition = definition_json(sp, extra);
  models::Sha256 hash;
  hash.update(definition.dump());
  for (const auto& scenario : s.scenarios) {
    hash.update("\n");
    hash.update(scenario.source_sha256);
    hash.update(fmt::format(" seed {}", scenario.seed));
  }
  s.layout.sweep_name = sp.name;
  s.layout.definition_sha256 = models::to_hex(hash.finish());
  s.layout.definition_json = definition.dump(2);
  for (const auto& a : sp.axes) s.layout.axis_names.push_back(a.name);
  s.layout.metric_names = s.metric_paths;
  return s;
}

}  // namespace fmsim::cli::sweep
