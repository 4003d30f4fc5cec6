// Station calls in, call results out.
#include "models/deployment/station_target.h"

namespace fmsim::models {

namespace {
CallStatus status_of(Outcome o) {
  switch (o) {
    case Outcome::ok: return CallStatus::ok;
    case Outcome::throttled: return CallStatus::throttled;
    case Outcome::timed_out: return CallStatus::timed_out;
    case Outcome::error: return CallStatus::error;
    case Outcome::rejected: return CallStatus::rejected;
  }
  return CallStatus::error;
}
}  // namespace

StationTarget::StationTarget(ServiceContext& ctx, std::string name, const StationSpec& spec)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      station_(ctx.sim, spec, calls_, ctx.stream(name_, "service"), *this),
      servers_line_(ctx.cost.add_line(name_ + ".servers")),
      requests_line_(ctx.cost.add_line(name_ + ".requests")) {}

void StationTarget::start() {
  ctx_.cost.set_rate(ctx_.sim.now(), servers_line_, spec_.servers * spec_.price_per_server_hour_usd);
}

void StationTarget::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const RequestId id = calls_.acquire();
  if (id >= callers_.size()) callers_.resize(id + 1);
  callers_[id] = {&listener, tag};
  calls_[id].arrival = ctx_.sim.now();
  calls_[id].input_tokens = input.input_tokens;
  calls_[id].output_tokens = input.output_tokens;
  station_.submit(id);
}

bool StationTarget::has_free_capacity(const CallInput&) {
  return station_.queue_length() == 0 && station_.busy_servers() < station_.servers();
}

void StationTarget::on_outcome(RequestId id, Outcome outcome) {
  const Caller c = callers_[id];
  calls_.release(id);
  CallResult r;
  r.status = status_of(outcome);
  if (outcome == Outcome::ok) {
    r.first_token_at = ctx_.sim.now();
    if (spec_.price_per_request_usd > 0) ctx_.cost.charge(ctx_.sim.now(), requests_line_, spec_.price_per_request_usd);
  }
  c.listener->on_call_done(c.tag, r);
}

}  // namespace fmsim::models
