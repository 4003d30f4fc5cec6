// Agent steps, one after another.
#include "models/deployment/model_client.h"

namespace fmsim::models {

ModelClient::ModelClient(ServiceContext& ctx, std::vector<Service*> targets, std::size_t default_target)
    : ctx_(ctx),
      targets_(std::move(targets)),
      default_target_(default_target),
      model_calls_(ctx.metrics.add_counter("client", "model_calls")),
      requests_(ctx.metrics.add_counter("client", "requests")) {}

void ModelClient::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const auto id = sessions_.acquire();
  Session& s = sessions_[id];
  s.input = input;
  s.listener = &listener;
  s.tag = tag;
  s.target = static_cast<std::uint32_t>(default_target_);
  ctx_.metrics.add(ctx_.sim.now(), requests_);
  send_step(id);
}

void ModelClient::send_step(std::uint32_t id) {
  Session& s = sessions_[id];
  ++s.step;
  CallInput step = s.input;
  step.model_calls = 1;
  step.input_tokens = s.input.system_prompt_tokens + s.input.input_tokens +
                      static_cast<std::int64_t>(s.step - 1) * s.input.output_tokens;
  step.system_prompt_tokens = 0;  // already inside input_tokens
  ctx_.metrics.add(ctx_.sim.now(), model_calls_);
  // The target may answer inside call(); the session is complete before it is sent.
  targets_[s.target]->call(step, *this, id);
}

void ModelClient::on_call_done(CallTag tag, const CallResult& result) {
  const auto id = static_cast<std::uint32_t>(tag);
  Session& s = sessions_[id];
  s.attempts += result.attempts;
  s.cold_start = s.cold_start || result.cold_start;
  if (result.status == CallStatus::ok && s.step < s.input.model_calls) {
    send_step(id);
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
