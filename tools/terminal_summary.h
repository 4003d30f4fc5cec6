// The compact table printed at the end of `fmsim run`: requests by outcome, latency, cost, and
// the conservation line.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "models/run/replication.h"
#include "models/scenario/scenario.h"

namespace fmsim::cli {

void print_terminal_summary(std::FILE* out, const models::Scenario& scenario,
                            const std::vector<models::ReplicationResult>& results, const std::string& out_dir);

}  // namespace fmsim::cli
