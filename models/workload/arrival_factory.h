// Builds the arrival process a scenario asks for. Every process draws from the one stream
// "arrivals" (a scenario has one arrival process), so changing other components leaves the
// arrival times unchanged.
#pragma once

#include <memory>

#include "models/workload/arrival_process.h"
#include "models/workload/workload_spec.h"
#include "sim/random_streams.h"

namespace fmsim::models {

class TraceReplay;

struct ArrivalSource {
  std::unique_ptr<ArrivalProcess> process;
  const TraceReplay* trace = nullptr;  // set when the process replays a trace (for its row counts)
};

ArrivalSource make_arrival_process(const ArrivalProcessSpec& spec, const CalendarSpec& calendar,
                                   const sim::RandomStreams& streams);

}  // namespace fmsim::models
