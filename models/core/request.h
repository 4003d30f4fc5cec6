// A request in flight and the narrow interface between services and whoever listens for
// outcomes. A service receives a request and reports exactly one outcome for it, exactly once.
#pragma once

#include <cstdint>

#include "models/core/outcome.h"
#include "sim/event_queue.h"
#include "sim/slot_pool.h"
#include "sim/time.h"

namespace fmsim::models {

using RequestId = sim::SlotPool<struct Request>::Id;

struct Request {
  sim::SimTime arrival;
  sim::SimTime service_start;  // when a server took it; queueing delay = service_start - arrival
  sim::EventHandle timer;  // the pending timeout of whichever component holds the request
};

using RequestPool = sim::SlotPool<Request>;

class OutcomeListener {
 public:
  virtual ~OutcomeListener() = default;
  // Called once per request, at the simulated time the outcome happens. The request id stays
  // valid during the call and is released by the listener.
  virtual void on_outcome(RequestId id, Outcome outcome) = 0;
};

}  // namespace fmsim::models
