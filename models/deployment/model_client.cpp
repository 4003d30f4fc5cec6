// Agent steps, one after another, each walking the request's route.
#include "models/deployment/model_client.h"

namespace fmsim::models {

namespace {
RouterSpec default_only(std::size_t default_target) {
  RouterSpec r;
  r.default_index = static_cast<std::int32_t>(default_target);
  return r;
}
}  // namespace

ModelClient::ModelClient(ServiceContext& ctx, std::vector<Service*> targets, const RouterSpec& router,
                         TargetMetrics* target_metrics)
    : ctx_(ctx),
      targets_(std::move(targets)),
      router_(ctx, router, targets_),
      target_metrics_(target_metrics),
      model_calls_(ctx.metrics.add_counter("client", "model_calls")),
      requests_(ctx.metrics.add_counter("client", "requests")) {}

ModelClient::ModelClient(ServiceContext& ctx, std::vector<Service*> targets, std::size_t default_target)
    : ModelClient(ctx, std::move(targets), default_only(default_target), nullptr) {}

void ModelClient::start() { router_.start(); }

void ModelClient::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  const auto id = sessions_.acquire();
  Session& s = sessions_[id];
  s.input = input;
  s.listener = &listener;
  s.tag = tag;
  ctx_.metrics.add(now, requests_);
  s.route = router_.choose(input, step_input(input, 1));
  if (target_metrics_) target_metrics_->routed(now, s.route.chain[0]);
  send_step(id);
}

// Agent step `n` (1-based) of a request: S + u + (n-1)·o in, o out, one call.
CallInput ModelClient::step_input(const CallInput& request, std::int32_t n) {
  CallInput step = request;
  step.model_calls = 1;
  step.input_tokens = request.system_prompt_tokens + request.input_tokens +
                      static_cast<std::int64_t>(n - 1) * request.output_tokens;
  step.system_prompt_tokens = 0;  // already inside input_tokens
  return step;
}

void ModelClient::send_step(std::uint32_t id) {
  Session& s = sessions_[id];
  ++s.step;
  s.hop = 0;
  send_call(id);
}

void ModelClient::send_call(std::uint32_t id) {
  Session& s = sessions_[id];
  const sim::SimTime now = ctx_.sim.now();
  const std::uint16_t target = s.route.chain[s.hop];
  s.sent_at = now;
  ctx_.metrics.add(now, model_calls_);
  if (target_metrics_) target_metrics_->call_sent(now, target);
  const CallInput step = step_input(s.input, s.step);
  // The target may answer inside call(); the session is complete before it is sent.
  targets_[target]->call(step, *this, id);
}

void ModelClient::on_call_done(CallTag tag, const CallResult& result) {
  const auto id = static_cast<std::uint32_t>(tag);
  Session& s = sessions_[id];
  const sim::SimTime now = ctx_.sim.now();
  const std::uint16_t target = s.route.chain[s.hop];
  s.attempts += result.attempts;
  s.cold_start = s.cold_start || result.cold_start;
  if (target_metrics_) target_metrics_->call_ended(now, target, result.status, now - s.sent_at);
  if (result.status == CallStatus::ok) {
    if (s.step < s.input.model_calls) {
      send_step(id);
      return;
    }
    if (target_metrics_) target_metrics_->served(now, target);
  } else if (const auto reason = fallback_reason_of(result.status);
             reason && s.hop + 1 < s.route.length && s.route.falls_back_on(*reason)) {
    if (target_metrics_) target_metrics_->fell_back(now, target, *reason);
    router_.fell_back(now, *reason);
    ++s.hop;
    send_call(id);
    return;
  }
  CallResult r = result;
  r.attempts = s.attempts;
  r.cold_start = s.cold_start;
  CallListener* listener = s.listener;
  const CallTag caller_tag = s.tag;
  sessions_.release(id);
  listener->on_call_done(caller_tag, r);
}

}  // namespace fmsim::models
