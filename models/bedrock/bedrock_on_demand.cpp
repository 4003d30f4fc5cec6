// Bedrock on demand: quota check, latency draws, completion, settlement and billing.
#include "models/bedrock/bedrock_on_demand.h"

#include <algorithm>
#include <stdexcept>

namespace fmsim::models {

namespace {

std::string pool_key(const BedrockOnDemandSpec& spec) { return spec.quota_pool.empty() ? spec.model : spec.quota_pool; }

}  // namespace

BedrockOnDemand::BedrockOnDemand(ServiceContext& ctx, std::string name, const BedrockOnDemandSpec& spec,
                                 BedrockQuotaPools& quotas)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      quota_(quotas.pool(pool_key(spec), spec.requests_per_minute, spec.tokens_per_minute)),
      load_(spec.load, ctx.calendar),
      ttft_(spec.time_to_first_token),
      speed_(spec.output_tokens_per_s),
      unit_(sim::Distribution::uniform(0, 1)),
      ttft_rng_(ctx.stream(name_, "time_to_first_token")),
      speed_rng_(ctx.stream(name_, "output_tokens_per_s")),
      error_rng_(ctx.stream(name_, "errors")),
      input_cost_(ctx.cost.add_line(name_ + ".input_tokens")),
      output_cost_(ctx.cost.add_line(name_ + ".output_tokens")),
      input_usd_per_token_(spec.input_usd_per_mtok / 1e6),
      output_usd_per_token_(spec.output_usd_per_mtok / 1e6),
      m_calls_(ctx.metrics.add_counter(name_, "calls")),
      m_throttled_rpm_(ctx.metrics.add_counter(name_, "throttled_rpm")),
      m_throttled_tpm_(ctx.metrics.add_counter(name_, "throttled_tpm")),
      m_timed_out_(ctx.metrics.add_counter(name_, "timed_out")),
      m_errors_(ctx.metrics.add_counter(name_, "errors")),
      m_input_(ctx.metrics.add_counter(name_, "input_tokens")),
      m_output_(ctx.metrics.add_counter(name_, "output_tokens")),
      m_load_(ctx.metrics.add_gauge(name_, "load_factor", 1.0)),
      m_in_flight_(ctx.metrics.add_gauge(name_, "in_flight")) {
  if (spec.input_usd_per_mtok < 0 || spec.output_usd_per_mtok < 0)
    throw std::invalid_argument("BedrockOnDemand: prices must be >= 0");
  if (spec.error_probability < 0 || spec.error_probability > 1)
    throw std::invalid_argument("BedrockOnDemand: error_probability must be in [0, 1]");
  if (spec.max_output_tokens < 1) throw std::invalid_argument("BedrockOnDemand: max_output_tokens must be >= 1");
  if (spec.read_timeout <= sim::Duration::zero()) throw std::invalid_argument("BedrockOnDemand: read_timeout must be > 0");
}

void BedrockOnDemand::start() {
  ctx_.metrics.set(ctx_.sim.now(), m_load_, load_.factor(ctx_.sim.now()));
  ctx_.sim.schedule_at<&BedrockOnDemand::on_local_hour>(ctx_.calendar.next_local_hour(ctx_.sim.now()), this);
}

void BedrockOnDemand::on_local_hour(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, m_load_, load_.factor(now));
  ctx_.sim.schedule_at<&BedrockOnDemand::on_local_hour>(ctx_.calendar.next_local_hour(now), this);
}

bool BedrockOnDemand::has_free_capacity(const CallInput& input) {
  const sim::SimTime now = ctx_.sim.now();
  const CallTokens tokens = on_demand_tokens(spec_, input);
  return (!quota_.requests || quota_.requests->level_at(now) >= 1) &&
         (!quota_.tokens || quota_.tokens->level_at(now) >= static_cast<double>(tokens.reserved));
}

void BedrockOnDemand::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.add(now, m_calls_);
  const CallTokens tokens = on_demand_tokens(spec_, input);

  // Both quotas are checked before either is taken: a refused call consumes nothing.
  const bool rpm_ok = !quota_.requests || quota_.requests->level(now) >= 1;
  const bool tpm_ok = !quota_.tokens || quota_.tokens->level(now) >= static_cast<double>(tokens.reserved);
  if (!rpm_ok || !tpm_ok) {
    ctx_.metrics.add(now, rpm_ok ? m_throttled_tpm_ : m_throttled_rpm_);
    CallResult r;
    r.status = CallStatus::throttled;
    listener.on_call_done(tag, r);
    return;
  }
  if (quota_.requests) quota_.requests->try_take(now, 1);
  if (quota_.tokens) quota_.tokens->try_take(now, static_cast<double>(tokens.reserved));

  const double f = load_.factor(now);
  const double ttft_s = std::max(0.0, ttft_.sample(ttft_rng_)) * f;
  const double speed = speed_.sample(speed_rng_) / f;
  // A non-positive speed can only come from a misconfigured empirical table: the call then never
  // finishes within any horizon rather than finishing instantly.
  const double generation_s = tokens.output == 0 ? 0.0 : (speed > 0 ? static_cast<double>(tokens.output) / speed : 1e12);
  const bool fails = spec_.error_probability > 0 &&
                     unit_.sample(error_rng_) < spec_.error_probability;

  const auto slot = calls_.acquire();
  Call& c = calls_[slot];
  c.listener = &listener;
  c.tag = tag;
  c.tokens = tokens;
  const sim::Duration ttft = sim::Duration::from_seconds(ttft_s);
  const sim::Duration total = ttft + sim::Duration::from_seconds(generation_s);
  c.first_token_at = now + ttft;
  ctx_.metrics.set(now, m_in_flight_, static_cast<double>(calls_.in_use()));

  const sim::Duration waited = (spec_.streaming || fails) ? ttft : total;
  if (waited > spec_.read_timeout)
    ctx_.sim.schedule_in<&BedrockOnDemand::on_read_timeout>(spec_.read_timeout, this, slot);
  if (fails)
    ctx_.sim.schedule_in<&BedrockOnDemand::on_error>(ttft, this, slot);
  else
    ctx_.sim.schedule_in<&BedrockOnDemand::on_complete>(total, this, slot);
}

void BedrockOnDemand::settle(sim::SimTime t, const Call& c, double settled) {
  if (quota_.tokens) quota_.tokens->give_back(t, static_cast<double>(c.tokens.reserved) - settled);
}

void BedrockOnDemand::on_read_timeout(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  Call& c = calls_[slot];
  c.answered = true;
  ctx_.metrics.add(ctx_.sim.now(), m_timed_out_);
  CallResult r;
  r.status = CallStatus::timed_out;
  // The slot stays until the generation ends; the listener may start new calls (the pool may grow).
  CallListener* listener = c.listener;
  listener->on_call_done(c.tag, r);
}

void BedrockOnDemand::on_error(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  const sim::SimTime now = ctx_.sim.now();
  const Call c = calls_[slot];
  // The prompt was read before the failure: it counts against TPM, but a failed call is not billed.
  settle(now, c, static_cast<double>(c.tokens.input));
  finish(slot);
  if (c.answered) return;
  ctx_.metrics.add(now, m_errors_);
  CallResult r;
  r.status = CallStatus::error;
  c.listener->on_call_done(c.tag, r);
}

void BedrockOnDemand::on_complete(std::uint64_t raw) {
  const auto slot = static_cast<std::uint32_t>(raw);
  const sim::SimTime now = ctx_.sim.now();
  const Call c = calls_[slot];
  settle(now, c, c.tokens.settled);
  ctx_.cost.charge(now, input_cost_, static_cast<double>(c.tokens.input) * input_usd_per_token_);
  ctx_.cost.charge(now, output_cost_, static_cast<double>(c.tokens.output) * output_usd_per_token_);
  ctx_.metrics.add(now, m_input_, static_cast<double>(c.tokens.input));
  ctx_.metrics.add(now, m_output_, static_cast<double>(c.tokens.output));
  finish(slot);
  if (c.answered) return;
  CallResult r;
  r.status = CallStatus::ok;
  r.first_token_at = spec_.streaming ? c.first_token_at : now;
  c.listener->on_call_done(c.tag, r);
}

void BedrockOnDemand::finish(std::uint32_t slot) {
  calls_.release(slot);
  ctx_.metrics.set(ctx_.sim.now(), m_in_flight_, static_cast<double>(calls_.in_use()));
}

}  // namespace fmsim::models
