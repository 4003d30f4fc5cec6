// LambdaFunction: environments, invocations, timeouts, provisioned concurrency and billing.
#include "models/entry/lambda_function.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/entry/lambda_billing.h"

namespace fmsim::models {

namespace {

sim::Duration draw_seconds(sim::Distribution& d, sim::RandomEngine& rng) {
  const double s = d.sample(rng);
  return sim::Duration::from_seconds(s > 0 ? s : 0);
}

}  // namespace

LambdaFunction::LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, Service& downstream)
    : LambdaFunction(ctx, std::move(name), spec, &downstream, nullptr) {}

LambdaFunction::LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, LambdaHandler& handler)
    : LambdaFunction(ctx, std::move(name), spec, nullptr, &handler) {}

LambdaFunction::LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, Service* downstream,
                               LambdaHandler* handler)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      downstream_(downstream),
      handler_(handler),
      provisioned_schedule_(spec_.provisioned_concurrency, ctx.calendar),
      init_(ctx, name_, spec_),
      overhead_(spec_.overhead),
      keep_alive_(spec_.keep_alive),
      max_lifetime_(spec_.max_lifetime),
      overhead_rng_(ctx.stream(name_, "overhead")),
      keep_alive_rng_(ctx.stream(name_, "keep_alive")),
      lifetime_rng_(ctx.stream(name_, "max_lifetime")),
      cap_(spec_.reserved_concurrency ? std::min(*spec_.reserved_concurrency, spec_.account_concurrency)
                                      : spec_.account_concurrency),
      bucket_capacity_(spec_.scale_up_per_10s),
      bucket_rate_per_ns_(spec_.scale_up_per_10s / 10e9),
      tokens_(spec_.scale_up_per_10s),
      bucket_time_(sim::SimTime::zero()),
      provisioned_line_(kNoLine),
      provisioned_execution_line_(kNoLine) {
  // The scenario reader reports these with file positions; here they guard direct construction.
  if (spec_.memory_mb < 128 || spec_.memory_mb > 10240)
    throw std::invalid_argument("LambdaFunction: memory must be 128-10240 MB");
  if (spec_.timeout < sim::Duration::seconds(1) || spec_.timeout > sim::Duration::seconds(900))
    throw std::invalid_argument("LambdaFunction: timeout must be 1-900 s");
  if (spec_.account_concurrency < 1) throw std::invalid_argument("LambdaFunction: account concurrency must be >= 1");
  if (spec_.reserved_concurrency && *spec_.reserved_concurrency < 0)
    throw std::invalid_argument("LambdaFunction: reserved concurrency must be >= 0");
  if (!(spec_.scale_up_per_10s > 0)) throw std::invalid_argument("LambdaFunction: scale-up rate must be > 0");
  const double max_provisioned = spec_.provisioned_concurrency.max_value();
  if (max_provisioned > cap_)
    throw std::invalid_argument("LambdaFunction: provisioned concurrency above the concurrency limit");

  requests_line_ = ctx.cost.add_line(name_ + ".requests");
  duration_line_ = ctx.cost.add_line(name_ + ".duration");
  if (max_provisioned > 0) {
    provisioned_line_ = ctx.cost.add_line(name_ + ".provisioned");
    provisioned_execution_line_ = ctx.cost.add_line(name_ + ".provisioned_execution");
  }
  m_invocations_ = ctx.metrics.add_counter(name_, "invocations");
  m_cold_ = ctx.metrics.add_counter(name_, "cold_starts");
  m_warm_ = ctx.metrics.add_counter(name_, "warm_hits");
  m_throttles_ = ctx.metrics.add_counter(name_, "throttles");
  m_timeouts_ = ctx.metrics.add_counter(name_, "timeouts");
  m_init_s_ = ctx.metrics.add_counter(name_, "init_seconds");
  m_busy_s_ = ctx.metrics.add_counter(name_, "busy_seconds");
  m_late_ = ctx.metrics.add_counter(name_, "late_answers");
  m_expired_ = ctx.metrics.add_counter(name_, "expired");
  m_recycled_ = ctx.metrics.add_counter(name_, "recycled");
  g_envs_ = ctx.metrics.add_gauge(name_, "environments");
  g_provisioned_ = ctx.metrics.add_gauge(name_, "provisioned_environments");
  g_concurrency_ = ctx.metrics.add_gauge(name_, "concurrency");
}

// ---------------------------------------------------------------- provisioned concurrency

void LambdaFunction::start() {
  if (provisioned_line_ == kNoLine) return;
  // The level in force at t = 0 was configured before the run: those environments are ready.
  const auto level = static_cast<std::int32_t>(std::lround(provisioned_schedule_.value(ctx_.sim.now())));
  provisioned_target_ = level;
  for (std::int32_t i = 0; i < level; ++i) push_idle(new_environment(true));
  ctx_.cost.set_rate(ctx_.sim.now(), provisioned_line_,
                     level * memory_gb(spec_.memory_mb) * spec_.provisioned_price_per_gb_second_usd * 3600.0);
  update_gauges();
  const sim::SimTime next = provisioned_schedule_.next_change(ctx_.sim.now());
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&LambdaFunction::on_schedule_change>(next, this);
}

void LambdaFunction::on_schedule_change(std::uint64_t) {
  const double level = provisioned_schedule_.value(ctx_.sim.now());
  if (static_cast<std::int32_t>(std::lround(level)) != provisioned_target_) apply_provisioned_level(level);
  const sim::SimTime next = provisioned_schedule_.next_change(ctx_.sim.now());
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&LambdaFunction::on_schedule_change>(next, this);
}

void LambdaFunction::apply_provisioned_level(double level) {
  const sim::SimTime now = ctx_.sim.now();
  const std::int32_t from = provisioned_target_;
  provisioned_target_ = static_cast<std::int32_t>(std::lround(level));
  ctx_.events.record({now, name_, "provisioned_concurrency", static_cast<double>(from),
                      static_cast<double>(provisioned_target_), "schedule"});
  ctx_.cost.set_rate(now, provisioned_line_,
                     provisioned_target_ * memory_gb(spec_.memory_mb) * spec_.provisioned_price_per_gb_second_usd *
                         3600.0);
  // A raise initialises the new environments first (not billed as duration: they are paid for
  // by the provisioned rate from now on).
  while (provisioned_envs_ < provisioned_target_) {
    const std::uint32_t id = new_environment(true);
    envs_[id].state = Environment::State::initializing;
    envs_[id].timer = ctx_.sim.schedule_in<&LambdaFunction::on_provisioned_ready>(init_.sample(), this, id);
  }
  // A cut removes idle environments (least recently used first), then initialising ones; busy
  // ones go when their invocation ends.
  while (provisioned_envs_ > provisioned_target_ && idle_provisioned_.tail != kNil) {
    const std::uint32_t id = idle_provisioned_.tail;
    unlink_idle(id);
    destroy_environment(id);
  }
  for (std::uint32_t id = 0; provisioned_envs_ > provisioned_target_ && id < envs_.capacity(); ++id) {
    const Environment& e = envs_[id];
    if (e.in_use && e.provisioned && e.state == Environment::State::initializing) destroy_environment(id);
  }
  update_gauges();
}

void LambdaFunction::on_provisioned_ready(std::uint64_t raw) {
  const auto id = static_cast<std::uint32_t>(raw);
  envs_[id].timer = {};
  push_idle(id);
}

// ---------------------------------------------------------------- invocations

void LambdaFunction::call(const CallInput& input, CallListener& listener, CallTag tag) {
  invoke(input, 0, listener, tag);
}

void LambdaFunction::throttle(CallListener& listener, CallTag tag) {
  ++totals_.throttles;
  ctx_.metrics.add(ctx_.sim.now(), m_throttles_);
  CallResult r;
  r.status = CallStatus::throttled;
  listener.on_call_done(tag, r);
}

bool LambdaFunction::take_scale_up_token() {
  const sim::SimTime now = ctx_.sim.now();
  tokens_ = std::min(bucket_capacity_, tokens_ + bucket_rate_per_ns_ * static_cast<double>((now - bucket_time_).ns()));
  bucket_time_ = now;
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

void LambdaFunction::invoke(const CallInput& input, std::uint64_t payload, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  if (in_flight_ >= cap_) {
    throttle(listener, tag);
    return;
  }
  std::uint32_t env = idle_provisioned_.head != kNil ? idle_provisioned_.head : idle_on_demand_.head;
  bool cold = false;
  if (env != kNil) {
    unlink_idle(env);
    ctx_.sim.cancel(envs_[env].timer);
    envs_[env].timer = {};
    cold = envs_[env].needs_init;
    envs_[env].needs_init = false;
  } else {
    if (!take_scale_up_token()) {
      throttle(listener, tag);
      return;
    }
    env = new_environment(false);
    cold = true;
  }
  envs_[env].state = Environment::State::busy;

  const std::uint32_t id = invocations_.acquire();
  Invocation& inv = invocations_[id];
  inv.listener = &listener;
  inv.tag = tag;
  inv.input = input;
  inv.payload = payload;
  inv.generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  inv.env = env;
  inv.cold = cold;
  ++in_flight_;
  ++totals_.invocations;
  ctx_.metrics.add(now, m_invocations_);
  update_gauges();

  const CallTag self = make_tag(id, inv.generation);
  if (cold) {
    ++totals_.cold_starts;
    ctx_.metrics.add(now, m_cold_);
    const sim::Duration init = init_.sample();
    if (!envs_[env].provisioned && init > kInitLimit) {
      // Cut at the limit, then retried in full at the start of the invocation.
      inv.init_billed = kInitLimit;
      inv.init_retry = init;
    } else {
      inv.init_billed = init;
    }
    inv.step = ctx_.sim.schedule_in<&LambdaFunction::on_init_done>(inv.init_billed, this, self);
  } else {
    ++totals_.warm_hits;
    ctx_.metrics.add(now, m_warm_);
    begin_invoke(id);
  }
}

LambdaFunction::Invocation* LambdaFunction::live(CallTag tag) {
  const std::uint32_t slot = tag_slot(tag);
  if (slot >= invocations_.capacity()) return nullptr;
  Invocation& inv = invocations_[slot];
  if (inv.generation == 0 || inv.generation != tag_generation(tag)) return nullptr;
  return &inv;
}

void LambdaFunction::on_init_done(std::uint64_t tag) {
  if (Invocation* inv = live(tag)) {
    inv->step = {};
    begin_invoke(tag_slot(tag));
  }
}

void LambdaFunction::begin_invoke(std::uint32_t id) {
  Invocation& inv = invocations_[id];
  const CallTag self = make_tag(id, inv.generation);
  inv.invoke_start = ctx_.sim.now();
  inv.timeout = ctx_.sim.schedule_in<&LambdaFunction::on_timeout>(spec_.timeout, this, self);
  const sim::Duration overhead = draw_seconds(overhead_, overhead_rng_);
  inv.step = ctx_.sim.schedule_in<&LambdaFunction::on_handler_start>(inv.init_retry + overhead, this, self);
}

void LambdaFunction::on_handler_start(std::uint64_t tag) {
  Invocation* inv = live(tag);
  if (!inv) return;
  inv->step = {};
  // Copies: the handler may answer at once, and the slot may be reused before it returns.
  const CallInput input = inv->input;
  const std::uint64_t payload = inv->payload;
  if (handler_) {
    handler_->handle(input, payload, inv->cold, *this, tag);
  } else {
    downstream_->call(input, *this, tag);
  }
}

void LambdaFunction::on_call_done(CallTag tag, const CallResult& result) {
  Invocation* inv = live(tag);
  if (!inv) {
    // The invocation was killed at its timeout; the downstream's work is billed by the downstream.
    ++totals_.late_answers;
    ctx_.metrics.add(ctx_.sim.now(), m_late_);
    return;
  }
  ctx_.sim.cancel(inv->timeout);
  CallResult out = result;
  out.cold_start = result.cold_start || inv->cold;
  finish(tag_slot(tag), out);
}

void LambdaFunction::on_timeout(std::uint64_t tag) {
  Invocation* inv = live(tag);
  if (!inv) return;
  ctx_.sim.cancel(inv->step);  // still in the overhead or a retried init: the handler never runs
  envs_[inv->env].needs_init = true;
  ++totals_.timeouts;
  ctx_.metrics.add(ctx_.sim.now(), m_timeouts_);
  CallResult r;
  r.status = CallStatus::timed_out;
  r.cold_start = inv->cold;
  finish(tag_slot(tag), r);
}

void LambdaFunction::finish(std::uint32_t id, CallResult result) {
  const sim::SimTime now = ctx_.sim.now();
  Invocation& inv = invocations_[id];
  const sim::Duration elapsed = now - inv.invoke_start;
  const std::int64_t billed_ms = billed_milliseconds(inv.init_billed + elapsed);
  const Environment& e = envs_[inv.env];
  ctx_.cost.charge(now, requests_line_, spec_.price_per_request_usd);
  if (e.provisioned) {
    ctx_.cost.charge(now, provisioned_execution_line_,
                     gb_second_cost(billed_ms, spec_.memory_mb, spec_.provisioned_execution_price_per_gb_second_usd));
  } else {
    ctx_.cost.charge(now, duration_line_, gb_second_cost(billed_ms, spec_.memory_mb, spec_.price_per_gb_second_usd));
  }
  const sim::Duration retried = std::min(inv.init_retry, elapsed);
  ctx_.metrics.add(now, m_init_s_, (inv.init_billed + retried).seconds_f());
  ctx_.metrics.add(now, m_busy_s_, (elapsed - retried).seconds_f());

  CallListener* listener = inv.listener;
  const CallTag tag = inv.tag;
  const std::uint32_t env = inv.env;
  inv.generation = 0;
  invocations_.release(id);
  --in_flight_;
  release_environment(env);
  update_gauges();
  listener->on_call_done(tag, result);
}

// ---------------------------------------------------------------- environments

std::uint32_t LambdaFunction::new_environment(bool provisioned) {
  const std::uint32_t id = envs_.acquire();
  Environment& e = envs_[id];
  e.in_use = true;
  e.provisioned = provisioned;
  e.state = Environment::State::idle;
  if (provisioned) {
    ++provisioned_envs_;
  } else {
    ++on_demand_envs_;
    e.retire_at = ctx_.sim.now() + draw_seconds(max_lifetime_, lifetime_rng_);
  }
  return id;
}

void LambdaFunction::destroy_environment(std::uint32_t id) {
  Environment& e = envs_[id];
  ctx_.sim.cancel(e.timer);
  e.timer = {};
  e.in_use = false;
  if (e.provisioned) {
    --provisioned_envs_;
  } else {
    --on_demand_envs_;
  }
  envs_.release(id);
}

void LambdaFunction::release_environment(std::uint32_t id) {
  Environment& e = envs_[id];
  const sim::SimTime now = ctx_.sim.now();
  if (e.provisioned) {
    if (provisioned_envs_ > provisioned_target_) {
      destroy_environment(id);
    } else {
      push_idle(id);
    }
    return;
  }
  if (now >= e.retire_at) {
    ++totals_.recycled;
    ctx_.metrics.add(now, m_recycled_);
    destroy_environment(id);
    return;
  }
  push_idle(id);
  const sim::SimTime expiry = std::min(now + draw_seconds(keep_alive_, keep_alive_rng_), e.retire_at);
  e.timer = ctx_.sim.schedule_at<&LambdaFunction::on_env_expired>(expiry, this, id);
}

void LambdaFunction::on_env_expired(std::uint64_t raw) {
  const auto id = static_cast<std::uint32_t>(raw);
  Environment& e = envs_[id];
  e.timer = {};
  const sim::SimTime now = ctx_.sim.now();
  if (now >= e.retire_at) {
    ++totals_.recycled;
    ctx_.metrics.add(now, m_recycled_);
  } else {
    ++totals_.expired;
    ctx_.metrics.add(now, m_expired_);
  }
  unlink_idle(id);
  destroy_environment(id);
  update_gauges();
}

void LambdaFunction::push_idle(std::uint32_t id) {
  Environment& e = envs_[id];
  e.state = Environment::State::idle;
  IdleList& l = idle_list(e);
  e.prev = kNil;
  e.next = l.head;
  if (l.head != kNil) envs_[l.head].prev = id;
  l.head = id;
  if (l.tail == kNil) l.tail = id;
}

void LambdaFunction::unlink_idle(std::uint32_t id) {
  Environment& e = envs_[id];
  IdleList& l = idle_list(e);
  if (e.prev != kNil) {
    envs_[e.prev].next = e.next;
  } else {
    l.head = e.next;
  }
  if (e.next != kNil) {
    envs_[e.next].prev = e.prev;
  } else {
    l.tail = e.prev;
  }
  e.prev = e.next = kNil;
}

void LambdaFunction::update_gauges() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_envs_, environments());
  ctx_.metrics.set(now, g_provisioned_, provisioned_envs_);
  ctx_.metrics.set(now, g_concurrency_, in_flight_);
}

}  // namespace fmsim::models
