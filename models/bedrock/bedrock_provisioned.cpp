// Provisioned Throughput: admission against the sliding budget, the FIFO wait, the schedule of
// units and its billing.
#include "models/bedrock/bedrock_provisioned.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace fmsim::models {

BedrockProvisioned::BedrockProvisioned(ServiceContext& ctx, std::string name, const BedrockProvisionedSpec& spec)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      schedule_(spec_.units, ctx.calendar),
      ttft_(spec.time_to_first_token),
      speed_(spec.output_tokens_per_s),
      ttft_rng_(ctx.stream(name_, "time_to_first_token")),
      speed_rng_(ctx.stream(name_, "output_tokens_per_s")),
      unit_hours_cost_(ctx.cost.add_line(name_ + ".model_unit_hours")),
      m_calls_(ctx.metrics.add_counter(name_, "calls")),
      m_queued_(ctx.metrics.add_counter(name_, "queued")),
      m_spilled_(ctx.metrics.add_counter(name_, "spilled")),
      m_timed_out_(ctx.metrics.add_counter(name_, "timed_out")),
      m_input_(ctx.metrics.add_counter(name_, "input_tokens")),
      m_output_(ctx.metrics.add_counter(name_, "output_tokens")),
      m_units_(ctx.metrics.add_gauge(name_, "units")),
      m_utilisation_(ctx.metrics.add_gauge(name_, "utilisation")),
      m_queue_(ctx.metrics.add_gauge(name_, "queue_length")) {
  if (spec.price_per_unit_hour_usd < 0) throw std::invalid_argument("BedrockProvisioned: price_per_unit_hour must be >= 0");
  if (!(spec.tokens_per_minute_per_unit > 0))
    throw std::invalid_argument("BedrockProvisioned: tokens_per_minute_per_unit must be > 0");
  if (!(spec.units.max_value() >= 1)) throw std::invalid_argument("BedrockProvisioned: units must be >= 1 at some time");
  if (spec.max_queue_wait < sim::Duration::zero()) throw std::invalid_argument("BedrockProvisioned: max_queue_wait must be >= 0");
  if (spec.read_timeout <= sim::Duration::zero()) throw std::invalid_argument("BedrockProvisioned: read_timeout must be > 0");
}

void BedrockProvisioned::start() {
  const sim::SimTime now = ctx_.sim.now();
  set_units(schedule_.value(now), "reservation at start");
  const sim::SimTime next = schedule_.next_change(now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&BedrockProvisioned::on_schedule>(next, this);
}

void BedrockProvisioned::set_units(double units, const char* reason) {
  const sim::SimTime now = ctx_.sim.now();
  if (units != units_) ctx_.events.record({now, name_, "schedule", units_, units, reason});
  units_ = units;
  ctx_.cost.set_rate(now, unit_hours_cost_, units_ * spec_.price_per_unit_hour_usd);
  ctx_.metrics.set(now, m_units_, units_);
  update_utilisation();
}

void BedrockProvisioned::on_schedule(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  const double v = schedule_.value(now);
  if (v != units_) {
    set_units(v, "daily schedule");
    drain();
  }
  const sim::SimTime next = schedule_.next_change(now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&BedrockProvisioned::on_schedule>(next, this);
}

namespace {
// What a call charges to the window: its prompt and its output cut at max_tokens.
std::int64_t input_of(const CallInput& in) {
  return std::max<std::int64_t>(0, in.input_tokens) + std::max<std::int64_t>(0, in.system_prompt_tokens);
}
std::int64_t output_of(const CallInput& in) {
  return std::clamp<std::int64_t>(in.output_tokens, 0,
                                  in.max_tokens >= 0 ? in.max_tokens : std::numeric_limits<std::int64_t>::max());
}
}  // namespace

bool BedrockProvisioned::has_free_capacity(const CallInput& input) {
  if (!queue_.empty()) return false;
  window_.expire(ctx_.sim.now());  // drops only admissions that no longer count: what call() does first
  const auto tokens = static_cast<double>(input_of(input) + output_of(input));
  return tokens <= budget() && static_cast<double>(window_.used()) + tokens <= budget();
}

void BedrockProvisioned::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.add(now, m_calls_);
  const auto slot = calls_.acquire();
  Call& c = calls_[slot];
  c.listener = &listener;
  c.tag = tag;
  c.input = input_of(input);
  c.output = output_of(input);
  const auto tokens = static_cast<double>(c.input + c.output);
  if (tokens > budget()) {
    spill(slot);
    return;
  }
  if (queue_.empty()) {
    window_.expire(now);
    if (static_cast<double>(window_.used()) + tokens <= budget()) {
      admit(slot);
      return;
    }
  }
  if (spec_.max_queue_wait <= sim::Duration::zero()) {
    spill(slot);
    return;
  }
  ctx_.metrics.add(now, m_queued_);
  c.wait_timer = ctx_.sim.schedule_in<&BedrockProvisioned::on_wait_expired>(spec_.max_queue_wait, this, slot);
  queue_.push_back(slot);
  ctx_.metrics.set(now, m_queue_, static_cast<double>(queue_.size()));
}

void BedrockProvisioned::admit(std::uint32_t slot) {
  const sim::SimTime now = ctx_.sim.now();
  Call& c = calls_[slot];
  window_.add(now, c.input + c.output);
  arm_expiry();
  update_utilisation();
  ctx_.metrics.add(now, m_input_, static_cast<double>(c.input));
  ctx_.metrics.add(now, m_output_, static_cast<double>(c.output));

  const double ttft_s = std::max(0.0, ttft_.sample(ttft_rng_));
  const double speed = speed_.sample(speed_rng_);
  const double generation_s = c.output == 0 ? 0.0 : (speed > 0 ? static_cast<double>(c.output) / speed : 1e12);
  const sim::Duration ttft = sim::Duration::from_seconds(ttft_s);
  const sim::Duration total = ttft + sim::Duration::from_seconds(generation_s);
  c.first_token_at = now + ttft;
  if ((spec_.streaming ? ttft : total) > spec_.read_timeout)
    ctx_.sim.schedule_in<&BedrockProvisioned::on_read_timeout>(spec_.read_timeout, this, slot);
  ctx_.sim.schedule_in<&BedrockProvisioned::on_complete>(total, this, slot);
}

// Admits waiting calls, oldest first, while they fit; the first that does not fit blocks the rest.
void BedrockProvisioned::drain() {
  const sim::SimTime now = ctx_.sim.now();
  window_.expire(now);
  while (!queue_.empty()) {
    const std::uint32_t slot = queue_.front();
    const Call& c = calls_[slot];
    if (static_cast<double>(window_.used() + c.input + c.output) > budget()) break;
    queue_.pop_front();
    ctx_.sim.cancel(c.wait_timer);
    admit(slot);
  }
  ctx_.metrics.set(now, m_queue_, static_cast<double>(queue_.size()));
}

void BedrockProvisioned::arm_expiry() {
  if (window_.empty() || ctx_.sim.is_pending(expiry_)) return;
  expiry_ = ctx_.sim.schedule_at<&BedrockProvisioned::on_expiry>(window_.next_expiry(), this);
}

void BedrockProvisioned::on_expiry(std::uint64_t) {
  window_.expire(ctx_.sim.now());
  update_utilisation();
  drain();
  arm_expiry();
}

void BedrockProvisioned::update_utilisation() {
  const sim::SimTime now = ctx_.sim.now();
  window_.expire(now);
  const double b = budget();
  ctx_.metrics.set(now, m_utilisation_, b > 0 ? static_cast<double>(window_.used()) / b : 0.0);
}

void BedrockProvisioned::on_wait_expired(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  // FIFO with one wait limit for all: the call whose wait ends is always the oldest.
  if (queue_.empty() || queue_.front() != slot)
    throw std::logic_error("BedrockProvisioned: the expiring call is not at the head of the queue");
  queue_.pop_front();
  ctx_.metrics.set(ctx_.sim.now(), m_queue_, static_cast<double>(queue_.size()));
  spill(slot);
  // The next call may fit where this one did not.
  drain();
}

void BedrockProvisioned::spill(std::uint32_t slot) {
  const Call c = calls_[slot];
  calls_.release(slot);
  ctx_.metrics.add(ctx_.sim.now(), m_spilled_);
  CallResult r;
  r.status = CallStatus::throttled;
  c.listener->on_call_done(c.tag, r);
}

void BedrockProvisioned::on_read_timeout(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  Call& c = calls_[slot];
  c.answered = true;
  ctx_.metrics.add(ctx_.sim.now(), m_timed_out_);
  CallResult r;
  r.status = CallStatus::timed_out;
  CallListener* listener = c.listener;
  listener->on_call_done(c.tag, r);
}

void BedrockProvisioned::on_complete(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  const Call c = calls_[slot];
  calls_.release(slot);
  if (c.answered) return;
  CallResult r;
  r.status = CallStatus::ok;
  r.first_token_at = spec_.streaming ? c.first_token_at : ctx_.sim.now();
  c.listener->on_call_done(c.tag, r);
}

}  // namespace fmsim::models
