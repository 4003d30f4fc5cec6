// A scenario as plain typed structs: what the YAML loader produces after validating everything,
// and all that models ever see of configuration. Defaults live here, next to the fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/deployment/deployment_spec.h"
#include "models/workload/workload_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::models {

struct OutputSpec {
  sim::Duration window = sim::Duration::seconds(60);    // latency and counts
  sim::Duration cost_window = sim::Duration::hours(1);  // cost.csv rows
};

// The latency objective of the run (`slo:`): per-window quantiles of ok requests' latency that
// should stay under the bound. Plots draw it; summary.json says whether it held and in how many
// windows it did not. Unset quantiles are not checked.
struct SloSpec {
  std::optional<sim::Duration> p50;
  std::optional<sim::Duration> p90;
  std::optional<sim::Duration> p99;
  std::optional<sim::Duration> p999;
  bool empty() const { return !p50 && !p90 && !p99 && !p999; }
};

struct Scenario {
  std::string name;  // defaults to the file's stem
  std::string description;
  std::uint64_t seed = 1;
  sim::Duration horizon;  // > 0, required
  CalendarSpec calendar;  // time zone, and the calendar instant of t = 0
  WorkloadSpec workload;
  DeploymentSpec deployment;
  OutputSpec output;
  SloSpec slo;

  std::string source_path;    // the file it was read from
  std::string source_sha256;  // hex SHA-256 of the file's bytes followed by the applied --set overrides
};

}  // namespace fmsim::models
