// RealtimeEndpoint: routing, queueing, timeouts, the instance lifecycle and its billing.
#include "models/sagemaker/realtime_endpoint.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace fmsim::models {

namespace {

std::int32_t whole(double v) { return static_cast<std::int32_t>(std::lround(v)); }

void check_spec(const std::string& name, const SageMakerEndpointSpec& s) {
  const auto fail = [&](const std::string& what) { throw std::invalid_argument(name + ": " + what); };
  if (!(s.price_per_instance_hour_usd >= 0) || !std::isfinite(s.price_per_instance_hour_usd)) {
    fail("price_per_instance_hour must be >= 0");
  }
  if (s.server.max_concurrency < 1) fail("server.max_concurrency must be >= 1");
  if (s.invocation_timeout <= sim::Duration::zero()) fail("invocation_timeout must be > 0");
  if (s.queue_capacity && *s.queue_capacity < 0) fail("queue_capacity must be >= 0");
  if (s.instances.base < 0) fail("instances must be >= 0");
  for (const auto& w : s.instances.windows) {
    if (w.value < 0) fail("instances must be >= 0");
  }
  if (s.autoscaling.enabled) {
    if (const std::string p = TargetTrackingScaler::problem(s.autoscaling); !p.empty()) fail("autoscaling: " + p);
  }
}

}  // namespace

RealtimeEndpoint::RealtimeEndpoint(ServiceContext& ctx, std::string name, const SageMakerEndpointSpec& spec)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_((check_spec(name_, spec), spec)),
      provisioning_delay_(spec_.provisioning_delay),
      service_time_(spec_.server.service_time),
      provisioning_rng_(ctx_.stream(name_, "provisioning")),
      service_rng_(ctx_.stream(name_, "service")),
      schedule_(spec_.instances, ctx_.calendar),
      max_concurrency_(spec_.server.max_concurrency) {
  cost_line_ = ctx_.cost.add_line(name_ + ".instances");
  g_in_service_ = ctx_.metrics.add_gauge(name_, "instances_in_service");
  g_provisioning_ = ctx_.metrics.add_gauge(name_, "instances_provisioning");
  g_draining_ = ctx_.metrics.add_gauge(name_, "instances_draining");
  g_busy_ = ctx_.metrics.add_gauge(name_, "busy");
  g_utilisation_ = ctx_.metrics.add_gauge(name_, "utilisation");
  g_queue_ = ctx_.metrics.add_gauge(name_, "queue_length");
  c_invocations_ = ctx_.metrics.add_counter(name_, "invocations");
  c_served_ = ctx_.metrics.add_counter(name_, "served");
  c_timed_out_ = ctx_.metrics.add_counter(name_, "timed_out");
  c_rejected_ = ctx_.metrics.add_counter(name_, "rejected");
  if (spec_.autoscaling.enabled) scaler_.emplace(ctx_, name_, spec_.autoscaling, static_cast<ScalableTarget&>(*this));
}

RealtimeEndpoint::~RealtimeEndpoint() = default;

void RealtimeEndpoint::start() {
  const sim::SimTime now = ctx_.sim.now();
  period_start_ = area_since_ = now;
  std::int32_t initial = whole(schedule_.value(now));
  if (scaler_) initial = std::clamp(initial, scaler_->min_capacity(now), scaler_->max_capacity());
  for (std::int32_t i = 0; i < initial; ++i) launch(true);
  count_changed();
  load_changed();
  if (scaler_) {
    scaler_->start();
  } else {
    const sim::SimTime next = schedule_.next_change(now);
    if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&RealtimeEndpoint::on_schedule>(next, this);
  }
}

// ---------------------------------------------------------------- calls

void RealtimeEndpoint::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ++period_invocations_;
  ctx_.metrics.add(now, c_invocations_);
  if (in_service_ == 0 && spec_.at_zero == ZeroCapacityPolicy::fail) {
    ctx_.metrics.add(now, c_rejected_);
    CallResult r;
    r.status = CallStatus::rejected;
    listener.on_call_done(tag, r);
    return;
  }
  const std::int32_t instance = pick_instance();
  if (instance < 0 && spec_.queue_capacity && static_cast<std::int64_t>(queue_.size()) >= *spec_.queue_capacity) {
    ctx_.metrics.add(now, c_rejected_);
    CallResult r;
    r.status = CallStatus::rejected;
    listener.on_call_done(tag, r);
    return;
  }
  const CallId id = calls_.acquire();
  Call& c = calls_[id];
  c.listener = &listener;
  c.tag = tag;
  c.received = now;
  if (service_time_) {
    c.work = GpuServer::Work{0.0, std::max(service_time_->sample(service_rng_), 0.0)};
  } else {
    std::int64_t out = input.output_tokens;
    if (input.max_tokens >= 0) out = std::min(out, input.max_tokens);
    c.work = GpuServer::work_for(spec_.server, input.input_tokens + input.system_prompt_tokens, out);
  }
  c.timer = ctx_.sim.schedule_in<&RealtimeEndpoint::on_timeout>(spec_.invocation_timeout, this, id);
  if (instance >= 0) {
    admit(id, instance);
  } else {
    c.cold_start = in_service_ == 0;
    queue_.push_back(id);
  }
  load_changed();
}

std::int32_t RealtimeEndpoint::pick_instance() const {
  std::int32_t best = -1;
  std::int32_t best_active = max_concurrency_;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    const Instance& in = *instances_[i];
    if (in.state != InstanceState::in_service) continue;
    const std::int32_t a = in.server.active();
    if (a < best_active) {
      best = static_cast<std::int32_t>(i);
      best_active = a;
    }
  }
  return best;
}

void RealtimeEndpoint::admit(CallId id, std::int32_t instance) {
  Call& c = calls_[id];
  c.instance = instance;
  ++busy_;
  instances_[static_cast<std::size_t>(instance)]->server.admit(id, c.work);
}

void RealtimeEndpoint::refill(std::int32_t instance) {
  Instance& in = *instances_[static_cast<std::size_t>(instance)];
  if (in.state == InstanceState::in_service) {
    while (!queue_.empty() && !in.server.full()) admit(queue_.pop_front(), instance);
  } else if (in.state == InstanceState::draining && in.server.idle()) {
    terminate(instance);
    count_changed();
  }
}

void RealtimeEndpoint::on_first_token(std::uint32_t job) { calls_[job].first_token = ctx_.sim.now(); }

void RealtimeEndpoint::on_finished(std::uint32_t job) {
  --busy_;
  ctx_.metrics.add(ctx_.sim.now(), c_served_);
  finish(job, CallStatus::ok);
}

void RealtimeEndpoint::on_timeout(std::uint64_t raw) {
  const auto id = static_cast<CallId>(raw);
  Call& c = calls_[id];
  c.timer = {};
  if (c.instance < 0) {
    // Every call has the same limit from receipt and the queue is in receipt order, so the call
    // whose limit runs out while queued is the head.
    if (queue_.empty() || queue_.front() != id) {
      throw std::logic_error("RealtimeEndpoint: the expiring queued call is not the head of the queue");
    }
    queue_.pop_front();
  } else {
    instances_[static_cast<std::size_t>(c.instance)]->server.remove(id);
    --busy_;
  }
  ctx_.metrics.add(ctx_.sim.now(), c_timed_out_);
  finish(id, CallStatus::timed_out);
}

void RealtimeEndpoint::finish(CallId id, CallStatus status) {
  const sim::SimTime now = ctx_.sim.now();
  Call& c = calls_[id];
  ctx_.sim.cancel(c.timer);
  CallResult r;
  r.status = status;
  r.cold_start = c.cold_start;
  if (status == CallStatus::ok) r.first_token_at = spec_.streaming ? c.first_token : now;
  CallListener* listener = c.listener;
  const CallTag tag = c.tag;
  const std::int32_t instance = c.instance;
  calls_.release(id);
  // The freed place goes to the queue before the caller hears back: a caller that calls again at
  // once must not overtake the calls already waiting.
  if (instance >= 0) refill(instance);
  load_changed();
  listener->on_call_done(tag, r);
}

// ---------------------------------------------------------------- instances

void RealtimeEndpoint::launch(bool in_service_now) {
  std::int32_t index;
  if (!free_instances_.empty()) {
    index = free_instances_.back();
    free_instances_.pop_back();
  } else {
    index = static_cast<std::int32_t>(instances_.size());
    instances_.push_back(std::make_unique<Instance>(ctx_.sim, spec_.server, static_cast<GpuServerListener&>(*this)));
  }
  Instance& in = *instances_[static_cast<std::size_t>(index)];
  in.launched = ctx_.sim.now();
  if (in_service_now) {
    in.state = InstanceState::in_service;
    ++in_service_;
  } else {
    in.state = InstanceState::provisioning;
    ++provisioning_;
    const double d = std::max(provisioning_delay_.sample(provisioning_rng_), 0.0);
    in.ready = ctx_.sim.schedule_in<&RealtimeEndpoint::on_instance_ready>(sim::Duration::from_seconds(d), this,
                                                                          static_cast<std::uint64_t>(index));
  }
}

void RealtimeEndpoint::on_instance_ready(std::uint64_t raw) {
  const auto index = static_cast<std::int32_t>(raw);
  Instance& in = *instances_[static_cast<std::size_t>(index)];
  in.ready = {};
  in.state = InstanceState::in_service;
  --provisioning_;
  ++in_service_;
  ctx_.events.record({ctx_.sim.now(), name_, "instance_in_service", static_cast<double>(in_service_ - 1),
                      static_cast<double>(in_service_), "provisioned"});
  count_changed();
  refill(index);
  load_changed();
}

void RealtimeEndpoint::terminate(std::int32_t index) {
  Instance& in = *instances_[static_cast<std::size_t>(index)];
  switch (in.state) {
    case InstanceState::provisioning:
      ctx_.sim.cancel(in.ready);
      in.ready = {};
      --provisioning_;
      break;
    case InstanceState::in_service: --in_service_; break;
    case InstanceState::draining: --draining_; break;
    case InstanceState::terminated: return;
  }
  in.state = InstanceState::terminated;
  free_instances_.push_back(index);
}

void RealtimeEndpoint::begin_drain(std::int32_t index) {
  Instance& in = *instances_[static_cast<std::size_t>(index)];
  in.state = InstanceState::draining;
  --in_service_;
  ++draining_;
}

bool RealtimeEndpoint::removal_order_before(std::int32_t a, std::int32_t b) const {
  const auto key = [&](std::int32_t i) {
    const Instance& in = *instances_[static_cast<std::size_t>(i)];
    const int rank = in.state == InstanceState::provisioning ? 0 : in.server.idle() ? 1 : 2;
    return std::tuple(rank, in.server.active(), -in.launched.ns(), -i);
  };
  return key(a) < key(b);
}

void RealtimeEndpoint::set_capacity(std::int32_t target) {
  std::int32_t cap = capacity();
  while (cap < target) {
    launch(false);
    ++cap;
  }
  while (cap > target) {
    // Provisioning first, then idle in service, then the least busy; newest first within each.
    std::int32_t pick = -1;
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      const InstanceState st = instances_[i]->state;
      if (st != InstanceState::provisioning && st != InstanceState::in_service) continue;
      if (pick < 0 || removal_order_before(static_cast<std::int32_t>(i), pick)) pick = static_cast<std::int32_t>(i);
    }
    if (pick < 0) break;
    const Instance& in = *instances_[static_cast<std::size_t>(pick)];
    if (in.state == InstanceState::in_service && !in.server.idle()) begin_drain(pick);
    else terminate(pick);
    --cap;
  }
  count_changed();
  load_changed();
}

void RealtimeEndpoint::on_schedule(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  const std::int32_t want = whole(schedule_.value(now));
  const std::int32_t cap = capacity();
  if (want != cap) {
    ctx_.events.record({now, name_, "schedule", static_cast<double>(cap), static_cast<double>(want),
                        "scheduled instance count"});
    set_capacity(want);
  }
  const sim::SimTime next = schedule_.next_change(now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&RealtimeEndpoint::on_schedule>(next, this);
}

// ---------------------------------------------------------------- measurement

ScalingSample RealtimeEndpoint::take_sample() {
  const sim::SimTime now = ctx_.sim.now();
  load_changed();  // brings the in-flight area up to now
  ScalingSample s;
  s.demand = period_invocations_ > 0 || !queue_.empty();
  if (in_service_ > 0) {
    const double n = in_service_;
    if (spec_.autoscaling.metric == ScalingMetric::invocations_per_instance) {
      s.metric = static_cast<double>(period_invocations_) / n;
    } else {
      const double span = (now - period_start_).seconds_f();
      s.metric = span > 0 ? in_flight_area_ / span / n : 0.0;
    }
  }
  period_invocations_ = 0;
  in_flight_area_ = 0;
  period_start_ = now;
  return s;
}

void RealtimeEndpoint::count_changed() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_in_service_, in_service_);
  ctx_.metrics.set(now, g_provisioning_, provisioning_);
  ctx_.metrics.set(now, g_draining_, draining_);
  const double billed = in_service_ + provisioning_ + draining_;
  if (billed != billed_instances_) {
    billed_instances_ = billed;
    ctx_.cost.set_rate(now, cost_line_, billed * spec_.price_per_instance_hour_usd);
  }
}

void RealtimeEndpoint::load_changed() {
  const sim::SimTime now = ctx_.sim.now();
  in_flight_area_ += in_flight_level_ * (now - area_since_).seconds_f();
  area_since_ = now;
  in_flight_level_ = static_cast<double>(busy_) + static_cast<double>(queue_.size());
  ctx_.metrics.set(now, g_busy_, busy_);
  ctx_.metrics.set(now, g_queue_, static_cast<double>(queue_.size()));
  const std::int32_t serving = in_service_ + draining_;
  ctx_.metrics.set(now, g_utilisation_,
                   serving > 0 ? static_cast<double>(busy_) / (static_cast<double>(serving) * max_concurrency_) : 0.0);
}

}  // namespace fmsim::models
