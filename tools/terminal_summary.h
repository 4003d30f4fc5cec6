// The compact table printed at the end of `fmsim run`: requests by outcome, latency (and first
// token), cost in total, per day and per 30-day month, the SLO verdict when the scenario has one,
// the conservation line, and with several targets a table per target. Within 100 columns; colour
// only on a terminal.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "models/run/replication.h"
#include "models/scenario/scenario.h"
#include "tools/slo_windows.h"

namespace fmsim::cli {

void print_terminal_summary(std::FILE* out, const models::Scenario& scenario,
                            const std::vector<models::ReplicationResult>& results,
                            const std::vector<SloWindowCounts>& slo, const std::string& out_dir);

}  // namespace fmsim::cli
