// Retry decisions, backoff timers and adaptive mode's send queue.
#include "models/client/retrying_caller.h"

#include <cmath>
#include <stdexcept>

#include "models/client/retry_backoff.h"

namespace fmsim::models {

RetryingCaller::RetryingCaller(ServiceContext& ctx, std::string name, const RetrySpec& spec, Service& target)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      target_(target),
      quota_(spec.quota_capacity),
      jitter_(sim::Distribution::uniform(0, 1)),
      jitter_rng_(ctx.stream(name_, "backoff")),
      m_calls_(ctx.metrics.add_counter(name_, "calls")),
      m_attempts_(ctx.metrics.add_counter(name_, "attempts")),
      m_retries_(ctx.metrics.add_counter(name_, "retries")),
      m_quota_exhausted_(ctx.metrics.add_counter(name_, "quota_exhausted")),
      m_delay_(ctx.metrics.add_counter(name_, "rate_limited_delay_seconds")),
      m_send_rate_(ctx.metrics.add_gauge(name_, "send_rate")) {
  if (spec.max_attempts < 1) throw std::invalid_argument("RetryingCaller: max_attempts must be >= 1");
  if (spec.base_delay < sim::Duration::zero() || spec.max_backoff < sim::Duration::zero())
    throw std::invalid_argument("RetryingCaller: backoff delays must be >= 0");
  if (spec.quota_capacity < 0 || spec.retry_cost < 0 || spec.timeout_retry_cost < 0 || spec.success_refund < 0)
    throw std::invalid_argument("RetryingCaller: retry quota figures must be >= 0");
}

void RetryingCaller::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const auto slot = calls_.acquire();
  Call& c = calls_[slot];
  c.input = input;
  c.listener = &listener;
  c.tag = tag;
  c.generation = next_generation_++;
  ctx_.metrics.add(ctx_.sim.now(), m_calls_);
  next_attempt(slot);
}

bool RetryingCaller::retryable(CallStatus s) const {
  switch (s) {
    case CallStatus::throttled: return spec_.on_throttled;
    case CallStatus::error: return spec_.on_error;
    case CallStatus::timed_out: return spec_.on_timed_out;
    case CallStatus::ok:
    case CallStatus::rejected: return false;
  }
  return false;
}

void RetryingCaller::next_attempt(std::uint32_t slot) {
  // While attempts wait for send tokens, newcomers queue behind them (FIFO), enabled or not.
  if (spec_.mode == RetryMode::adaptive && (limiter_.enabled() || !send_queue_.empty())) {
    calls_[slot].queued_at = ctx_.sim.now();
    send_queue_.push_back(slot);
    pump();
    return;
  }
  send(slot);
}

void RetryingCaller::send(std::uint32_t slot) {
  Call& c = calls_[slot];
  ++c.attempts;
  ctx_.metrics.add(ctx_.sim.now(), m_attempts_);
  const CallInput input = c.input;
  const CallTag tag = make_tag(slot, c.generation);
  // The target may answer inside call(): nothing of `c` is used after this line.
  target_.call(input, *this, tag);
}

void RetryingCaller::pump() {
  if (pumping_) return;  // an answer inside send(): the loop below goes on with the new rate
  pumping_ = true;
  ctx_.sim.cancel(send_wake_);
  const sim::SimTime now = ctx_.sim.now();
  while (!send_queue_.empty()) {
    const double wait_s = limiter_.try_acquire(now.seconds_f());
    if (wait_s > 0) {
      // Rounded up to whole nanoseconds, so the bucket has the token when the event runs.
      const auto ns = static_cast<std::int64_t>(std::ceil(wait_s * 1e9));
      send_wake_ = ctx_.sim.schedule_in<&RetryingCaller::on_send_token>(sim::Duration::nanoseconds(ns), this);
      break;
    }
    const std::uint32_t slot = send_queue_.pop_front();
    const sim::Duration waited = now - calls_[slot].queued_at;
    if (waited > sim::Duration::zero()) ctx_.metrics.add(now, m_delay_, waited.seconds_f());
    send(slot);
  }
  pumping_ = false;
}

void RetryingCaller::on_send_token(std::uint64_t) { pump(); }

void RetryingCaller::on_backoff_done(std::uint64_t raw) { next_attempt(static_cast<std::uint32_t>(raw)); }

void RetryingCaller::on_call_done(CallTag tag, const CallResult& result) {
  const std::uint32_t slot = tag_slot(tag);
  const sim::SimTime now = ctx_.sim.now();
  if (calls_[slot].generation != tag_generation(tag))
    throw std::logic_error("RetryingCaller: an answer for a call it does not hold");
  if (spec_.mode == RetryMode::adaptive) {
    limiter_.on_response(now.seconds_f(), result.status == CallStatus::throttled);
    ctx_.metrics.set(now, m_send_rate_, limiter_.enabled() ? limiter_.fill_rate() : 0.0);
  }

  Call& c = calls_[slot];
  if (result.status == CallStatus::ok) {
    quota_.release(c.last_retry_cost > 0 ? c.last_retry_cost : spec_.success_refund);
    finish(slot, result);
  } else if (retryable(result.status) && c.attempts < static_cast<std::uint32_t>(spec_.max_attempts)) {
    const std::int32_t cost = result.status == CallStatus::timed_out ? spec_.timeout_retry_cost : spec_.retry_cost;
    if (!quota_.acquire(cost)) {
      ctx_.metrics.add(now, m_quota_exhausted_);
      finish(slot, result);
    } else {
      c.last_retry_cost = cost;
      ctx_.metrics.add(now, m_retries_);
      const sim::Duration delay = backoff_delay(spec_, static_cast<int>(c.attempts), jitter_.sample(jitter_rng_));
      ctx_.sim.schedule_in<&RetryingCaller::on_backoff_done>(delay, this, slot);
    }
  } else {
    finish(slot, result);
  }
  // A new rate changes when the next waiting attempt may go.
  if (spec_.mode == RetryMode::adaptive && !send_queue_.empty()) pump();
}

void RetryingCaller::finish(std::uint32_t slot, const CallResult& result) {
  const Call& c = calls_[slot];
  CallResult r = result;
  r.attempts = c.attempts;
  CallListener* listener = c.listener;
  const CallTag tag = c.tag;
  calls_.release(slot);
  listener->on_call_done(tag, r);
}

}  // namespace fmsim::models
