// A scenario as plain typed structs: what the YAML loader produces after validating everything,
// and all that models ever see of configuration. Defaults live here, next to the fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/workload/workload_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::models {

// c parallel servers in front of one FIFO queue (see models/station/station.h).
struct StationSpec {
  std::int32_t servers = 1;                                           // >= 1
  std::optional<std::int64_t> queue_capacity;                         // waiting places; nullopt = unlimited
  sim::Distribution service_time = sim::Distribution::constant(1.0);  // seconds, >= 0
  std::optional<sim::Duration> max_wait;                              // queued longer than this -> timed_out
  double price_per_server_hour_usd = 0;                               // billed for every server, busy or idle
  double price_per_request_usd = 0;                                   // billed per request served (ok)
};

struct OutputSpec {
  sim::Duration window = sim::Duration::seconds(60);    // latency and counts
  sim::Duration cost_window = sim::Duration::hours(1);  // cost.csv rows
};

struct Scenario {
  std::string name;  // defaults to the file's stem
  std::string description;
  std::uint64_t seed = 1;
  sim::Duration horizon;  // > 0, required
  CalendarSpec calendar;  // time zone, and the calendar instant of t = 0
  WorkloadSpec workload;
  StationSpec station;
  OutputSpec output;

  std::string source_path;    // the file it was read from
  std::string source_sha256;  // hex SHA-256 of the file's bytes followed by the applied --set overrides
};

}  // namespace fmsim::models
