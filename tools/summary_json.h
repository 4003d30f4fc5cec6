// summary.json: a replication's totals, quantiles, costs, conservation check and run metadata;
// and, over several replications, each one's summary plus mean and 95 % Student-t confidence
// interval of every headline figure. Field meanings are in docs/outputs.md.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "models/run/replication.h"
#include "models/scenario/scenario.h"

namespace fmsim::cli {

struct RunTiming {
  double wall_s = 0;
};

nlohmann::ordered_json replication_summary(const models::Scenario& scenario, const models::ReplicationResult& r,
                                           const RunTiming& timing);

// Mean, standard deviation and 95 % CI over replications of the headline figures, plus latency
// quantiles of all replications' histograms merged.
nlohmann::ordered_json across_replications(const std::vector<models::ReplicationResult>& results);

// Mean ± t(0.975, n-1)·s/√n. Exposed for tests.
struct ConfidenceInterval {
  double mean = 0;
  double stddev = 0;
  double half_width = 0;
};
ConfidenceInterval confidence_interval_95(const std::vector<double>& values);

}  // namespace fmsim::cli
