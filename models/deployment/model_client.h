// The caller of the models: the code in the function (or the client, with no entry tier) that
// sends a request's model calls. An agent's request takes `model_calls` calls one after another,
// call i re-sending the system prompt, the user's prompt and the i-1 answers so far
// (input S + u + (i-1)·o, output o — the billing rule of docs/design.md, Agents); a plain request
// is the single call S + u -> o. The user sees the last call's answer, so its first token is the
// request's.
//
// Where the calls go is the router's choice (models/routing/router.h), made once when the request
// arrives here: a chain of targets. Every call of the request walks the chain from its start; a
// call failing with a reason the rule falls back on moves on to the next target of the chain (a
// new call there); a failure that does not fall back, or at the chain's end, ends the request with
// its status. Each target is reached through its SDK retry policy (a RetryingCaller) when it has
// one, so retries happen inside a hop, before any fallback.
//
// Per-target figures go to TargetMetrics: routed (the chain's first target, once per request),
// each call sent and how it ended (latency from sending to the answer), each fallback hop by
// reason, served (the target of the request's last call, when it was ok).
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/metrics/target_metrics.h"
#include "models/routing/router.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class ModelClient final : public Service, private CallListener {
 public:
  // `targets` are the callable targets (retry wrappers where configured), indexed like
  // DeploymentSpec::targets; `target_metrics` may be null.
  ModelClient(ServiceContext& ctx, std::vector<Service*> targets, const RouterSpec& router,
              TargetMetrics* target_metrics);
  // Every request to `default_target`, no rules, no per-target figures.
  ModelClient(ServiceContext& ctx, std::vector<Service*> targets, std::size_t default_target);
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;

  const Router& router() const { return router_; }

 private:
  struct Session {
    CallInput input;
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::int32_t step = 0;  // 1-based index of the agent step in flight
    std::uint32_t attempts = 0;
    bool cold_start = false;
    std::uint8_t hop = 0;   // position in route.chain of the call in flight
    Route route;
    sim::SimTime sent_at;   // of the call in flight
  };
  static CallInput step_input(const CallInput& request, std::int32_t n);
  void send_step(std::uint32_t session);
  void send_call(std::uint32_t session);
  void on_call_done(CallTag tag, const CallResult& result) override;

  ServiceContext& ctx_;
  std::vector<Service*> targets_;
  Router router_;
  TargetMetrics* target_metrics_;
  sim::SlotPool<Session> sessions_;
  ServiceMetrics::Counter model_calls_;
  ServiceMetrics::Counter requests_;
};

}  // namespace fmsim::models
