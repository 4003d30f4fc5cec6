// Reading the workload part of a scenario (arrival processes, spikes, traces, request classes)
// and the calendar keys (time_zone, start) into the structs of models/workload/workload_spec.h.
// Internal to the scenario loader: it includes yaml-cpp through mapping_reader.h.
#pragma once

#include <string>

#include "models/scenario/mapping_reader.h"
#include "models/workload/workload_spec.h"

namespace fmsim::models {

// `scenario_dir` resolves a trace path written relative to the scenario file.
WorkloadSpec read_workload(const MappingReader& block, const std::string& scenario_dir);

// time_zone (IANA name, checked against the tz database) and start (a date or date-time, local
// to time_zone unless it carries Z or an offset); both optional.
CalendarSpec read_calendar(const MappingReader& top);

}  // namespace fmsim::models
