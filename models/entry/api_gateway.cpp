// ApiGateway: integration timeout, error mapping, buffered responses, per-request billing.
#include "models/entry/api_gateway.h"

#include <stdexcept>

namespace fmsim::models {

ApiGateway::ApiGateway(ServiceContext& ctx, std::string name, const ApiGatewaySpec& spec, Service& function)
    : ctx_(ctx), name_(std::move(name)), spec_(spec), function_(function) {
  if (spec_.integration_timeout <= sim::Duration::zero())
    throw std::invalid_argument("ApiGateway: integration timeout must be > 0");
  requests_line_ = ctx.cost.add_line(name_ + ".requests");
  m_requests_ = ctx.metrics.add_counter(name_, "requests");
  m_timeouts_ = ctx.metrics.add_counter(name_, "timeouts");
  m_errors_ = ctx.metrics.add_counter(name_, "server_errors");
  m_late_ = ctx.metrics.add_counter(name_, "late_answers");
}

void ApiGateway::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ++totals_.requests;
  ctx_.metrics.add(now, m_requests_);
  ctx_.cost.charge(now, requests_line_, spec_.price_per_request_usd);
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.listener = &listener;
  r.tag = tag;
  r.generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  const CallTag self = make_tag(id, r.generation);
  r.timeout = ctx_.sim.schedule_in<&ApiGateway::on_integration_timeout>(spec_.integration_timeout, this, self);
  // May answer inside this call (a Lambda throttle): the record is complete before.
  function_.call(input, *this, self);
}

ApiGateway::Request* ApiGateway::live(CallTag tag) {
  const std::uint32_t slot = tag_slot(tag);
  if (slot >= requests_.capacity()) return nullptr;
  Request& r = requests_[slot];
  if (r.generation == 0 || r.generation != tag_generation(tag)) return nullptr;
  return &r;
}

void ApiGateway::on_call_done(CallTag tag, const CallResult& result) {
  Request* r = live(tag);
  const sim::SimTime now = ctx_.sim.now();
  if (!r) {
    ++totals_.late_answers;
    ctx_.metrics.add(now, m_late_);
    return;
  }
  ctx_.sim.cancel(r->timeout);
  CallResult out = result;
  if (result.status == CallStatus::ok) {
    out.first_token_at = now;  // the REST API buffers the whole response
  } else {
    out.status = CallStatus::error;  // 500 (Lambda rejected the invoke) or 502 (function error)
    out.first_token_at = sim::SimTime::max();
    ++totals_.server_errors;
    ctx_.metrics.add(now, m_errors_);
  }
  finish(tag_slot(tag), out);
}

void ApiGateway::on_integration_timeout(std::uint64_t tag) {
  if (!live(tag)) return;
  ++totals_.integration_timeouts;
  ctx_.metrics.add(ctx_.sim.now(), m_timeouts_);
  CallResult out;
  out.status = CallStatus::timed_out;  // 504
  finish(tag_slot(tag), out);
}

void ApiGateway::finish(std::uint32_t id, const CallResult& result) {
  Request& r = requests_[id];
  CallListener* listener = r.listener;
  const CallTag tag = r.tag;
  r.generation = 0;
  requests_.release(id);
  listener->on_call_done(tag, result);
}

}  // namespace fmsim::models
