// summary.json: a replication's totals, quantiles, costs (by line and by target), per-target and
// router figures, the SLO verdict, the worst window and hour, conservation check and run
// metadata; and, over several
// replications, each one's summary plus mean and 95 % Student-t confidence
// interval of every headline figure. Field meanings are in docs/outputs.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/run/replication.h"
#include "models/scenario/scenario.h"
#include "tools/slo_windows.h"
#include "tools/sweep/window_extremes.h"

namespace fmsim::cli {

struct RunTiming {
  double wall_s = 0;
};

// `slo` counts the replication's latency windows over the scenario's SLO (unused without one);
// `windows` gives the `windows` block (all null when left out).
nlohmann::ordered_json replication_summary(const models::Scenario& scenario, const models::ReplicationResult& r,
                                           const RunTiming& timing, const SloWindowCounts& slo = {},
                                           const sweep::WindowExtremes& windows = {});

// Mean, standard deviation and 95 % CI over replications of the headline figures, plus latency
// quantiles of all replications' histograms merged; per-target and router figures likewise, and
// the SLO verdict on the pooled histograms with the window counts added up. `slo` and `windows`
// hold one entry per replication (or are empty: no window figures then).
nlohmann::ordered_json across_replications(const models::Scenario& scenario,
                                           const std::vector<models::ReplicationResult>& results,
                                           const std::vector<SloWindowCounts>& slo = {},
                                           const std::vector<sweep::WindowExtremes>& windows = {});

// The scenario block: name, path, time zone, and the start instant (local ISO 8601 and UTC
// seconds since 1970).
nlohmann::ordered_json scenario_json(const models::Scenario& scenario);

// Cost of each target (and "entry" for lines of no target), in US dollars, in target order.
std::vector<std::pair<std::string, double>> cost_by_target(const models::Scenario& scenario,
                                                           const models::ReplicationResult& r);

// The whole-run total of the services counter `component.name`, or nullopt when no component
// registered it (e.g. a router without that rule).
std::optional<double> counter_total(const models::ReplicationResult& r, std::string_view component,
                                    std::string_view name);

// Mean ± t(0.975, n-1)·s/√n (models/sweep/student_t.h); stddev and half_width NaN when n < 2.
struct ConfidenceInterval {
  double mean = 0;
  double stddev = 0;
  double half_width = 0;
};
ConfidenceInterval confidence_interval_95(const std::vector<double>& values);

}  // namespace fmsim::cli
