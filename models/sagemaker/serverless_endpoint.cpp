// SageMaker serverless endpoint (see serverless_endpoint.h for the semantics).
#include "models/sagemaker/serverless_endpoint.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fmsim::models {

namespace {
sim::Duration seconds(double s) { return sim::Duration::from_seconds(s); }
}  // namespace

ServerlessEndpoint::ServerlessEndpoint(ServiceContext& ctx, std::string name, const SageMakerServerlessSpec& spec)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      memory_gb_(spec.memory_mb / 1024.0),
      cold_start_(spec.cold_start),
      idle_timeout_(spec.idle_timeout),
      ttft_(spec.time_to_first_token),
      cold_rng_(ctx.stream(name_, "cold_start")),
      idle_rng_(ctx.stream(name_, "idle_timeout")),
      ttft_rng_(ctx.stream(name_, "time_to_first_token")) {
  if (spec.memory_mb < 1024 || spec.memory_mb > 6144 || spec.memory_mb % 1024 != 0)
    throw std::invalid_argument("serverless memory must be 1024-6144 MB in 1024 MB steps");
  if (spec.max_concurrency < 1 || spec.max_concurrency > 200)
    throw std::invalid_argument("serverless max_concurrency must be 1-200");
  if (spec.provisioned_concurrency < 0 || spec.provisioned_concurrency > spec.max_concurrency)
    throw std::invalid_argument("serverless provisioned_concurrency must be 0 to max_concurrency");
  if (!(spec.output_tokens_per_s > 0)) throw std::invalid_argument("serverless output_tokens_per_s must be > 0");
  if (spec.invocation_timeout <= sim::Duration::zero())
    throw std::invalid_argument("serverless invocation_timeout must be > 0");
  if (spec.price_per_gb_second_usd < 0 || spec.provisioned_price_per_gb_second_usd < 0)
    throw std::invalid_argument("serverless prices must be >= 0");
  envs_.resize(static_cast<std::size_t>(spec.max_concurrency));
  absent_.reserve(envs_.size());
  orphans_.reserve(envs_.size());
  for (std::int32_t i = spec.max_concurrency - 1; i >= 0; --i) absent_.push_back(i);

  compute_line_ = ctx.cost.add_line(name_ + ".compute");
  provisioned_line_ = ctx.cost.add_line(name_ + ".provisioned_concurrency");
  g_environments_ = ctx.metrics.add_gauge(name_, "environments");
  g_busy_ = ctx.metrics.add_gauge(name_, "busy");
  c_invocations_ = ctx.metrics.add_counter(name_, "invocations");
  c_cold_starts_ = ctx.metrics.add_counter(name_, "cold_starts");
  c_throttled_ = ctx.metrics.add_counter(name_, "throttled");
  c_timed_out_ = ctx.metrics.add_counter(name_, "timed_out");
  c_served_ = ctx.metrics.add_counter(name_, "served");
  c_scale_downs_ = ctx.metrics.add_counter(name_, "scale_downs");
}

void ServerlessEndpoint::start() {
  const sim::SimTime now = ctx_.sim.now();
  for (std::int32_t i = 0; i < spec_.provisioned_concurrency; ++i) {
    const std::int32_t e = absent_.back();
    absent_.pop_back();
    envs_[e].provisioned = true;
    envs_[e].state = EnvState::idle;
    push_idle(idle_provisioned_, e);
    ++live_;
  }
  if (spec_.provisioned_concurrency > 0) {
    ctx_.cost.set_rate(now, provisioned_line_,
                       spec_.provisioned_concurrency * memory_gb_ * spec_.provisioned_price_per_gb_second_usd * 3600);
    ctx_.events.record({now, name_, "provisioned_concurrency", 0, static_cast<double>(spec_.provisioned_concurrency),
                        "always-warm environments"});
  }
  gauges();
}

void ServerlessEndpoint::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.add(now, c_invocations_);
  std::int32_t env = kNone;
  bool cold = false;
  if (idle_provisioned_.head != kNone) {
    env = idle_provisioned_.head;
  } else if (idle_on_demand_.head != kNone) {
    env = idle_on_demand_.head;
  } else if (!orphans_.empty()) {
    env = orphans_.back();
    orphans_.pop_back();
    cold = true;
  } else if (!absent_.empty()) {
    env = absent_.back();
    absent_.pop_back();
    cold = true;
  } else {
    ctx_.metrics.add(now, c_throttled_);
    CallResult r;
    r.status = CallStatus::throttled;
    listener.on_call_done(tag, r);
    return;
  }

  const CallId id = calls_.acquire();
  Call& c = calls_[id];
  c.listener = &listener;
  c.tag = tag;
  c.output_tokens = std::max<std::int64_t>(0, input.output_tokens);
  c.env = env;
  c.cold_start = cold;
  c.timeout = ctx_.sim.schedule_in<&ServerlessEndpoint::on_timeout>(spec_.invocation_timeout, this, id);
  ++busy_;

  Env& e = envs_[env];
  e.call = static_cast<std::int32_t>(id);
  if (!cold) {
    unlink_idle(idle_list_of(env), env);
    ctx_.sim.cancel(e.timer);  // the idle expiry (provisioned ones have none; cancel is a no-op)
    serve(id, env);
  } else if (e.state == EnvState::starting) {
    ctx_.metrics.add(now, c_cold_starts_);  // the call waits for an orphaned cold start to finish
  } else {
    ctx_.metrics.add(now, c_cold_starts_);
    e.state = EnvState::starting;
    ++live_;
    e.timer = ctx_.sim.schedule_in<&ServerlessEndpoint::on_ready>(seconds(cold_start_.sample(cold_rng_)), this,
                                                                   static_cast<std::uint64_t>(env));
  }
  gauges();
}

void ServerlessEndpoint::serve(CallId id, std::int32_t env) {
  Call& c = calls_[id];
  Env& e = envs_[env];
  e.state = EnvState::busy;
  const sim::SimTime now = ctx_.sim.now();
  const sim::Duration ttft = seconds(ttft_.sample(ttft_rng_));
  const sim::Duration generation = seconds(static_cast<double>(c.output_tokens) / spec_.output_tokens_per_s);
  c.service_start = now;
  c.first_token = now + ttft;
  c.done = ctx_.sim.schedule_in<&ServerlessEndpoint::on_done>(ttft + generation, this, id);
}

void ServerlessEndpoint::on_ready(std::uint64_t env_index) {
  const auto env = static_cast<std::int32_t>(env_index);
  Env& e = envs_[env];
  if (e.call == kNone) {
    // Its call timed out during the cold start: the environment is warm now and waits for work.
    for (std::size_t i = 0; i < orphans_.size(); ++i)
      if (orphans_[i] == env) {
        orphans_[i] = orphans_.back();
        orphans_.pop_back();
        break;
      }
    go_idle(env);
  } else {
    serve(static_cast<CallId>(e.call), env);
  }
  gauges();
}

void ServerlessEndpoint::on_done(std::uint64_t id) { finish(static_cast<CallId>(id), CallStatus::ok); }

void ServerlessEndpoint::on_timeout(std::uint64_t id) { finish(static_cast<CallId>(id), CallStatus::timed_out); }

void ServerlessEndpoint::finish(CallId id, CallStatus status) {
  const sim::SimTime now = ctx_.sim.now();
  Call& c = calls_[id];
  const std::int32_t env = c.env;
  if (status == CallStatus::ok) ctx_.sim.cancel(c.timeout);
  else ctx_.sim.cancel(c.done);

  CallResult r;
  r.status = status;
  r.cold_start = c.cold_start;
  if (status == CallStatus::ok) r.first_token_at = c.first_token;
  if (c.service_start != sim::SimTime::max()) {
    // Billed per millisecond, rounded up, for the time the environment computed.
    const std::int64_t ns = (now - c.service_start).ns();
    const double ms = static_cast<double>((ns + 999'999) / 1'000'000);
    ctx_.cost.charge(now, compute_line_, ms / 1000.0 * memory_gb_ * spec_.price_per_gb_second_usd);
  }
  ctx_.metrics.add(now, status == CallStatus::ok ? c_served_ : c_timed_out_);

  Env& e = envs_[env];
  e.call = kNone;
  --busy_;
  if (e.state == EnvState::busy) go_idle(env);
  else orphans_.push_back(env);  // still cold-starting: it finishes and then idles

  CallListener* listener = c.listener;
  const CallTag tag = c.tag;
  calls_.release(id);
  gauges();
  listener->on_call_done(tag, r);
}

void ServerlessEndpoint::go_idle(std::int32_t env) {
  Env& e = envs_[env];
  e.state = EnvState::idle;
  push_idle(idle_list_of(env), env);
  if (!e.provisioned)
    e.timer = ctx_.sim.schedule_in<&ServerlessEndpoint::on_idle_expired>(seconds(idle_timeout_.sample(idle_rng_)),
                                                                          this, static_cast<std::uint64_t>(env));
}

void ServerlessEndpoint::on_idle_expired(std::uint64_t env_index) {
  const auto env = static_cast<std::int32_t>(env_index);
  unlink_idle(idle_on_demand_, env);
  envs_[env] = Env{};
  absent_.push_back(env);
  --live_;
  ctx_.metrics.add(ctx_.sim.now(), c_scale_downs_);
  gauges();
}

void ServerlessEndpoint::push_idle(IdleList& list, std::int32_t env) {
  Env& e = envs_[env];
  e.prev = kNone;
  e.next = list.head;
  if (list.head != kNone) envs_[list.head].prev = env;
  list.head = env;
}

void ServerlessEndpoint::unlink_idle(IdleList& list, std::int32_t env) {
  Env& e = envs_[env];
  if (e.prev != kNone) envs_[e.prev].next = e.next;
  else list.head = e.next;
  if (e.next != kNone) envs_[e.next].prev = e.prev;
  e.prev = e.next = kNone;
}

void ServerlessEndpoint::gauges() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_environments_, live_);
  ctx_.metrics.set(now, g_busy_, busy_);
}

}  // namespace fmsim::models
