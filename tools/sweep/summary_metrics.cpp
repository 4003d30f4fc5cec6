// Summary fields as sweep metrics, and one replication run for them.
#include "tools/sweep/summary_metrics.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "models/run/replication.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/scenario_error.h"
#include "tools/slo_windows.h"
#include "tools/summary_json.h"
#include "tools/sweep/window_extremes.h"

namespace fmsim::cli::sweep {

namespace {

using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// Long enough for every component to be built and billed once, short enough to cost nothing.
constexpr sim::Duration kProbeHorizon = sim::Duration::minutes(1);

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The leaf `path` leads to, trying at each level the longest key that matches (so "server.servers"
// under cost_usd wins over a key "server"), and shorter ones if that path ends nowhere.
const json* find_leaf(const json& node, std::string_view path) {
  if (!node.is_object()) return nullptr;
  std::size_t end = path.size();
  while (end > 0) {
    if (const auto it = node.find(std::string(path.substr(0, end))); it != node.end()) {
      if (end == path.size()) return &*it;
      if (const json* leaf = find_leaf(*it, path.substr(end + 1))) return leaf;
    }
    end = path.rfind('.', end - 1);
    if (end == std::string_view::npos) return nullptr;
  }
  return nullptr;
}

bool is_metric(const json& v) { return v.is_number() || v.is_boolean() || v.is_null(); }

void collect_paths(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [key, value] : node.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      collect_paths(value, path, out);
    } else if (is_metric(value)) {
      out.push_back(path);
    }
  }
}

struct SummarisedRun {
  json summary;
  models::ReplicationResult result;
};

// One replication with the window sinks summary.json needs and nothing else (no CSV), summarised
// exactly as `fmsim run` summarises it.
SummarisedRun run_and_summarise(const models::Scenario& scenario, std::uint64_t replication,
                                const std::function<bool()>& cancelled) {
  if (cancelled && cancelled()) throw ReplicationCancelled();
  WindowExtremesTally windows;
  SloWindowTally slo(scenario.slo, &windows);
  models::Replication run(scenario, replication, {.requests = &slo});
  const auto t0 = Clock::now();
  SummarisedRun out;
  out.result = run.run([&](sim::SimTime) {
    if (cancelled && cancelled()) throw ReplicationCancelled();
  });
  const RunTiming timing{seconds_since(t0)};
  out.summary = replication_summary(scenario, out.result, timing, slo.counts(), windows.extremes());
  return out;
}

}  // namespace

double summary_metric(const nlohmann::ordered_json& summary, std::string_view path) {
  const json* leaf = path.empty() ? nullptr : find_leaf(summary, path);
  if (!leaf || !is_metric(*leaf)) throw std::out_of_range(fmt::format("'{}' is not a summary field", path));
  if (leaf->is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (leaf->is_boolean()) return leaf->get<bool>() ? 1.0 : 0.0;
  return leaf->get<double>();
}

std::vector<std::string> summary_metric_paths(const nlohmann::ordered_json& summary) {
  std::vector<std::string> paths;
  if (summary.is_object()) collect_paths(summary, "", paths);
  return paths;
}

nlohmann::ordered_json probe_summary(const models::Scenario& scenario) {
  models::Scenario probe = scenario;
  probe.horizon = std::min(probe.horizon, kProbeHorizon);
  return run_and_summarise(probe, 0, {}).summary;
}

void check_metrics(const nlohmann::ordered_json& probe, const std::vector<models::sweep::MetricSpec>& metrics) {
  const auto paths = summary_metric_paths(probe);
  for (const auto& m : metrics) {
    // Wall-clock figures differ between identical runs: a store keeps only what the simulation
    // determines, so that results do not depend on --jobs, ranks or the machine.
    for (const char* timing : {"run.wall_s", "run.events_per_s"}) {
      if (m.path == timing) {
        throw models::ScenarioError::at(m.where.file, m.where.line, m.where.column, m.where.key,
                                        fmt::format("'{}' is wall-clock time, not a simulated result; a sweep keeps "
                                                    "only figures the simulation determines (time sweeps with "
                                                    "bench/sweep_scaling.sh or the timings table)",
                                                    m.path));
      }
    }
    try {
      summary_metric(probe, m.path);
      continue;
    } catch (const std::out_of_range&) {
    }
    std::string what = fmt::format("'{}' is not a summary field", m.path);
    // A group ("latency_s") is answered with its first field, a typo with the closest field.
    const auto in_group = std::find_if(paths.begin(), paths.end(), [&](const std::string& p) {
      return p.size() > m.path.size() && p.starts_with(m.path) && p[m.path.size()] == '.';
    });
    std::optional<std::string> suggestion;
    if (in_group != paths.end()) {
      suggestion = *in_group;
    } else {
      const std::vector<std::string_view> candidates(paths.begin(), paths.end());
      suggestion = models::closest_match(m.path, candidates);
    }
    if (suggestion) what += fmt::format("; did you mean '{}'?", *suggestion);
    throw models::ScenarioError::at(m.where.file, m.where.line, m.where.column, m.where.key, what);
  }
}

ReplicationRecord run_replication_for_metrics(const models::Scenario& scenario, std::uint64_t point,
                                              std::uint64_t replication,
                                              const std::vector<std::string>& metric_paths,
                                              const std::function<bool()>& cancelled) {
  const auto t0 = Clock::now();
  const auto run = run_and_summarise(scenario, replication, cancelled);
  ReplicationRecord record;
  record.point = point;
  record.replication = replication;
  record.seed = scenario.seed;
  record.values.reserve(metric_paths.size());
  for (const auto& path : metric_paths) record.values.push_back(summary_metric(run.summary, path));
  record.events = run.result.events;
  record.fingerprint = run.result.fingerprint;
  record.conservation_ok = run.result.conservation_ok;
  record.wall_s = seconds_since(t0);
  return record;
}

}  // namespace fmsim::cli::sweep
