// Shared by the scenario tests: the message a load fails with, and a valid head of a scenario
// (optionally followed by the head of one station target) to which a test appends the block it is
// about.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/scenario_loader.h"

namespace fmsim::models::testing {

// Lines 1-5 of a scenario: horizon and workload. A `targets:` appended to it starts on line 6.
inline constexpr std::string_view kHead =
    "horizon: 1h\n"
    "workload:\n"
    "  arrivals:\n"
    "    process: poisson\n"
    "    rate: 1/s\n";

// The ScenarioError message of parsing `yaml` as "s.yaml", or "(no error)".
inline std::string error_of(std::string_view yaml, const std::vector<Override>& overrides = {}) {
  try {
    parse_scenario(yaml, "s.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

inline std::string with_head(std::string_view rest) { return std::string(kHead) + std::string(rest); }

// Lines 6-8 after kHead: the one target, a station named `server`. Its other keys, appended with
// four spaces of indent, start on line 9 at column 5; the router is left to its default (the only
// target).
inline constexpr std::string_view kStationTarget =
    "targets:\n"
    "  server:\n"
    "    kind: station\n";

inline std::string with_station(std::string_view keys) {
  return std::string(kHead) + std::string(kStationTarget) + std::string(keys);
}

}  // namespace fmsim::models::testing
