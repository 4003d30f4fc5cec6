// What every deployment component is built with: the simulator it schedules on, the replication's
// random streams (a component draws only from streams named "<its name>.<purpose>"), the cost
// ledger and metrics it registers its lines and columns with, the event log, and the local
// calendar for time-of-day behaviour. One per replication; components keep the reference.
#pragma once

#include <string>

#include "models/metrics/cost_ledger.h"
#include "models/metrics/event_log.h"
#include "models/metrics/service_metrics.h"
#include "models/workload/local_calendar.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::models {

struct ServiceContext {
  sim::Simulator& sim;
  const sim::RandomStreams& streams;
  CostLedger& cost;
  ServiceMetrics& metrics;
  EventLog& events;
  const LocalCalendar& calendar;

  sim::RandomEngine stream(const std::string& component, const char* purpose) const {
    return streams.stream(component + "." + purpose);
  }
};

}  // namespace fmsim::models
