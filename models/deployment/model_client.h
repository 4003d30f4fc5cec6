// The caller of the models: the code in the function (or the client, with no entry tier) that
// sends a request's model calls. An agent's request takes `model_calls` calls one after another,
// call i re-sending the system prompt, the user's prompt and the i-1 answers so far
// (input S + u + (i-1)·o, output o — the billing rule of docs/design.md, Agents); a plain request
// is the single call S + u -> o. The first call that fails ends the request with its status. The
// user sees the last call's answer, so its first token is the request's.
//
// The target is the router's choice; each target is reached through its SDK retry policy (a
// RetryingCaller) when it has one.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class ModelClient final : public Service, private CallListener {
 public:
  // `targets` are the callable targets (retry wrappers where configured), `default_target` an index.
  ModelClient(ServiceContext& ctx, std::vector<Service*> targets, std::size_t default_target);
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;

 private:
  struct Session {
    CallInput input;
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::int32_t step = 0;  // 1-based index of the call in flight
    std::uint32_t attempts = 0;
    bool cold_start = false;
    std::uint32_t target = 0;
  };
  void send_step(std::uint32_t session);
  void on_call_done(CallTag tag, const CallResult& result) override;

  ServiceContext& ctx_;
  std::vector<Service*> targets_;
  std::size_t default_target_;
  sim::SlotPool<Session> sessions_;
  ServiceMetrics::Counter model_calls_;
  ServiceMetrics::Counter requests_;
};

}  // namespace fmsim::models
