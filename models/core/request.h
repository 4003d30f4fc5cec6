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
  // What the workload says about it (see models/workload/request_mix.h); -1 where unknown.
  std::int32_t class_index = -1;
  std::int32_t model_calls = 1;
  std::int64_t input_tokens = -1;
  std::int64_t output_tokens = -1;
  std::int64_t billed_input_tokens = -1;
  std::int64_t billed_output_tokens = -1;
  double complexity = 0;
  std::int64_t system_prompt_tokens = 0;  // S, re-sent by every agent step
  std::int64_t max_tokens = -1;           // the max_tokens parameter of each model call; -1 = unset
  // How it went (set by the deployment when the outcome is known).
  sim::SimTime first_token_at = sim::SimTime::max();  // the first output token reached the client
  bool cold_start = false;
  std::uint32_t attempts = 0;  // model invocations, retries included
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
