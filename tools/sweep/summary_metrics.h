// Sweep metrics are summary.json fields: a dotted path names one ("latency_s.p99",
// "cost_usd.per_month_30d", "windows.worst_hour.p99_s"). This file reads them out of a summary,
// lists the ones a scenario has (for checks and did-you-mean), and runs one replication the way a
// sweep needs it: no CSV files, the summary built exactly as `fmsim run` builds it.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario/scenario.h"
#include "models/sweep/sweep_spec.h"
#include "tools/sweep/replication_record.h"

namespace fmsim::cli::sweep {

// Thrown out of run_replication_for_metrics when `cancelled` turned true (Ctrl-C).
class ReplicationCancelled : public std::runtime_error {
 public:
  ReplicationCancelled() : std::runtime_error("replication cancelled") {}
};

// The value at `path`. Object keys may themselves contain dots (cost line "server.servers"): the
// longest key that matches wins. null -> NaN, true/false -> 1/0. Throws std::out_of_range when
// the path does not lead to a number, boolean or null.
double summary_metric(const nlohmann::ordered_json& summary, std::string_view path);

// Every path summary_metric accepts in `summary`, in document order.
std::vector<std::string> summary_metric_paths(const nlohmann::ordered_json& summary);

// The summary of a short probe run of `scenario` (same shape as a full run's: every field is
// present whatever the horizon), to check metric names before anything runs.
nlohmann::ordered_json probe_summary(const models::Scenario& scenario);

// Throws models::ScenarioError (FILE:LINE:COL: key: ...) for the first metric that is not a
// field of `probe`, with a did-you-mean from summary_metric_paths.
void check_metrics(const nlohmann::ordered_json& probe, const std::vector<models::sweep::MetricSpec>& metrics);

// Runs replication `replication` of `scenario` to its horizon and reads `metric_paths` out of its
// summary. `cancelled` is polled between slices of simulated time; when it returns true the run
// stops and ReplicationCancelled is thrown. `point` and `seed` are copied into the record.
ReplicationRecord run_replication_for_metrics(const models::Scenario& scenario, std::uint64_t point,
                                              std::uint64_t replication,
                                              const std::vector<std::string>& metric_paths,
                                              const std::function<bool()>& cancelled = {});

}  // namespace fmsim::cli::sweep
