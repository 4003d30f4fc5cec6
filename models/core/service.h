// The one interface between the parts of a deployment: an entry tier (Lambda, API Gateway, an
// orchestrator, a queue), the model client, and a target (a Bedrock model, a SageMaker endpoint,
// a station) are all Services. A caller starts a call with what the service needs to know about
// it (CallInput, copied: a service never looks at the caller's request afterwards) and an opaque
// tag, and is told exactly once how the call ended, with that tag.
//
// Why copies and tags rather than request ids: a caller may stop waiting (a Lambda timeout, API
// Gateway's 29 s) while the service goes on and still bills the work. The service keeps its own
// record of the call; the caller recognises a late answer to a call it abandoned by its tag (a
// slot index plus a generation) and drops it.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace fmsim::models {

struct CallInput {
  std::int64_t input_tokens = 0;          // the user's prompt (u), or one agent step's whole prompt
  std::int64_t output_tokens = 0;         // tokens the model generates (o)
  std::int64_t system_prompt_tokens = 0;  // S, re-sent by every agent step
  std::int64_t max_tokens = -1;           // the call's max_tokens parameter; -1 = unset (model maximum)
  std::int32_t model_calls = 1;           // agent steps; targets always receive single calls
  std::int32_t class_index = -1;          // -1: no class
  double complexity = 0;
  sim::SimTime arrival;                   // when the client sent the request (for end-to-end limits)
};

enum class CallStatus : std::uint8_t {
  ok,
  throttled,  // 429: a quota, a concurrency cap or a scale-up rate said no
  timed_out,  // a time limit of the service or of the caller ran out
  error,      // a 5xx / model error
  rejected,   // no capacity and nowhere to wait (a full queue, zero instances with fail policy)
};

struct CallResult {
  CallStatus status = CallStatus::ok;
  // When the first output token reached the caller (ok calls; what a streaming client perceives).
  // SimTime::max() when unknown or not ok.
  sim::SimTime first_token_at = sim::SimTime::max();
  bool cold_start = false;        // some environment or instance had to start for this call
  std::uint32_t attempts = 1;     // model invocations made, retries included
};

// An opaque value the caller chooses per call and gets back with the result.
using CallTag = std::uint64_t;

class CallListener {
 public:
  virtual ~CallListener() = default;
  // Exactly once per call. May run inside Service::call itself when the answer is immediate (a
  // throttle): a caller sets up its record for the tag before it calls.
  virtual void on_call_done(CallTag tag, const CallResult& result) = 0;
};

class Service {
 public:
  virtual ~Service() = default;
  virtual void call(const CallInput& input, CallListener& listener, CallTag tag) = 0;
  // Called once at t = 0 before the first call: schedules, initial instances, rates to bill.
  virtual void start() {}
  // Whether a call like `input` sent now would start at once: neither throttled nor queued (a
  // free server or instance slot, quota headroom, provisioned budget). What a router's
  // "first with free capacity" asks; it changes nothing. Services without a limit say true.
  virtual bool has_free_capacity(const CallInput& input) {
    (void)input;
    return true;
  }
};

// Tags built from a slot index and a generation counter, for callers that may abandon calls.
inline CallTag make_tag(std::uint32_t slot, std::uint32_t generation) {
  return (static_cast<CallTag>(generation) << 32) | slot;
}
inline std::uint32_t tag_slot(CallTag t) { return static_cast<std::uint32_t>(t); }
inline std::uint32_t tag_generation(CallTag t) { return static_cast<std::uint32_t>(t >> 32); }

}  // namespace fmsim::models
