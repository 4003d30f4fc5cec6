// TargetTrackingScaler: alarms over datapoints, the proportional policy, cooldowns, the scheduled
// minimum (rules in the header).
#include "models/sagemaker/target_tracking_scaler.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

namespace fmsim::models {

std::string TargetTrackingScaler::problem(const AutoscalingSpec& s) {
  if (!(s.target > 0) || !std::isfinite(s.target)) return fmt::format("target must be > 0, got {}", s.target);
  if (s.min_instances < 0) return fmt::format("min_instances must be >= 0, got {}", s.min_instances);
  if (s.max_instances < 1) return fmt::format("max_instances must be >= 1, got {}", s.max_instances);
  if (s.min_instances > s.max_instances) {
    return fmt::format("min_instances ({}) is greater than max_instances ({})", s.min_instances, s.max_instances);
  }
  if (s.period <= sim::Duration::zero()) return "period must be > 0";
  if (s.scale_out_datapoints < 1) return "scale_out_datapoints must be >= 1";
  if (s.scale_in_datapoints < 1) return "scale_in_datapoints must be >= 1";
  if (!(s.scale_in_ratio > 0 && s.scale_in_ratio <= 1)) {
    return fmt::format("scale_in_ratio must be in (0, 1], got {}", s.scale_in_ratio);
  }
  if (s.scale_out_cooldown < sim::Duration::zero() || s.scale_in_cooldown < sim::Duration::zero()) {
    return "cooldowns must be >= 0";
  }
  if (s.scheduled_min && s.scheduled_min->max_value() > s.max_instances) {
    return fmt::format("scheduled_min reaches {}, above max_instances ({})", s.scheduled_min->max_value(),
                       s.max_instances);
  }
  return "";
}

TargetTrackingScaler::TargetTrackingScaler(ServiceContext& ctx, std::string name, const AutoscalingSpec& spec,
                                           ScalableTarget& target)
    : ctx_(ctx), name_(std::move(name)), spec_(spec), target_(target) {
  if (const std::string p = problem(spec_); !p.empty()) throw std::invalid_argument(name_ + ".autoscaling: " + p);
  if (spec_.scheduled_min) scheduled_min_.emplace(*spec_.scheduled_min, ctx_.calendar);
  metric_gauge_ = ctx_.metrics.add_gauge(name_, "scaling_metric");
  high_gauge_ = ctx_.metrics.add_gauge(name_, "alarm_high");
  low_gauge_ = ctx_.metrics.add_gauge(name_, "alarm_low");
  actions_counter_ = ctx_.metrics.add_counter(name_, "scaling_actions");
}

std::int32_t TargetTrackingScaler::min_capacity(sim::SimTime t) const {
  if (!scheduled_min_) return spec_.min_instances;
  const double v = scheduled_min_->value(t);
  return std::min(static_cast<std::int32_t>(std::lround(v)), spec_.max_instances);
}

std::int32_t TargetTrackingScaler::clamp(std::int64_t desired, std::int32_t min_now) const {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(desired, min_now, spec_.max_instances));
}

const char* TargetTrackingScaler::metric_name() const {
  switch (spec_.metric) {
    case ScalingMetric::invocations_per_instance: return "InvocationsPerInstance";
    case ScalingMetric::concurrent_requests_per_instance: return "ConcurrentRequestsPerInstance";
    case ScalingMetric::backlog_per_instance: return "BacklogPerInstance";
  }
  return "metric";
}

void TargetTrackingScaler::start() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.sim.schedule_in<&TargetTrackingScaler::on_period>(spec_.period, this);
  if (scheduled_min_) {
    const sim::SimTime next = scheduled_min_->next_change(now);
    if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&TargetTrackingScaler::on_schedule>(next, this);
  }
  const std::int32_t cap = target_.capacity();
  const std::int32_t min_now = min_capacity(now);
  if (cap < min_now) {
    reason_.clear();
    fmt::format_to(std::back_inserter(reason_), "minimum {} at start", min_now);
    apply(cap, min_now, "scheduled_min");
  }
}

void TargetTrackingScaler::on_schedule(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  const std::int32_t cap = target_.capacity();
  const std::int32_t min_now = min_capacity(now);
  if (cap < min_now) {
    reason_.clear();
    fmt::format_to(std::back_inserter(reason_), "scheduled minimum {}", min_now);
    apply(cap, min_now, "scheduled_min");
  }
  const sim::SimTime next = scheduled_min_->next_change(now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&TargetTrackingScaler::on_schedule>(next, this);
}

void TargetTrackingScaler::on_period(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.sim.schedule_in<&TargetTrackingScaler::on_period>(spec_.period, this);
  const ScalingSample sample = target_.take_sample();
  const std::int32_t cap = target_.capacity();
  const std::int32_t min_now = min_capacity(now);
  const double target = spec_.target;

  if (sample.metric) {
    const double m = *sample.metric;
    ctx_.metrics.set(now, metric_gauge_, m);
    high_count_ = m > target ? high_count_ + 1 : 0;
    low_count_ = m < spec_.scale_in_ratio * target ? low_count_ + 1 : 0;
  }
  ctx_.metrics.set(now, high_gauge_, alarm_high() ? 1.0 : 0.0);
  ctx_.metrics.set(now, low_gauge_, alarm_low() ? 1.0 : 0.0);

  if (cap == 0) {
    if (sample.demand && spec_.max_instances > 0) {
      const std::int32_t to = std::max<std::int32_t>(1, min_now);
      reason_.clear();
      fmt::format_to(std::back_inserter(reason_), "demand with zero capacity");
      capacity_before_scale_out_ = 0;
      last_scale_out_ = now;
      apply(0, to, "scale_out");
    }
    return;
  }
  if (!sample.metric) return;
  const double m = *sample.metric;
  // ceil with a relative allowance for rounding: 2 * 15 / 10 must give 3, not 4.
  const auto proportional = [&](std::int32_t base) {
    const double x = base * m / target;
    const double c = std::ceil(x - 1e-9 * std::max(1.0, x));
    return static_cast<std::int64_t>(std::min(c, 1e9));
  };
  if (alarm_high()) {
    const bool cooling = last_scale_out_ && now < *last_scale_out_ + spec_.scale_out_cooldown;
    const std::int32_t base = cooling ? capacity_before_scale_out_ : cap;
    const std::int32_t desired = clamp(proportional(base), min_now);
    if (desired > cap) {
      reason_.clear();
      fmt::format_to(std::back_inserter(reason_), "{} datapoints of {} above target {} (last {:.4g}){}",
                     spec_.scale_out_datapoints, metric_name(), target, m,
                     cooling ? ", larger than the scale-out in cooldown" : "");
      capacity_before_scale_out_ = cap;
      last_scale_out_ = now;
      apply(cap, desired, "scale_out");
    }
  } else if (alarm_low()) {
    if (last_scale_in_ && now < *last_scale_in_ + spec_.scale_in_cooldown) return;
    const std::int32_t desired = clamp(proportional(cap), min_now);
    if (desired < cap) {
      reason_.clear();
      fmt::format_to(std::back_inserter(reason_), "{} datapoints of {} below {} x target {} (last {:.4g})",
                     spec_.scale_in_datapoints, metric_name(), spec_.scale_in_ratio, target, m);
      last_scale_in_ = now;
      apply(cap, desired, "scale_in");
    }
  }
}

void TargetTrackingScaler::apply(std::int32_t from, std::int32_t to, const char* kind) {
  const sim::SimTime now = ctx_.sim.now();
  ++actions_;
  ctx_.metrics.add(now, actions_counter_);
  ctx_.events.record({now, name_, kind, static_cast<double>(from), static_cast<double>(to), reason_});
  target_.set_capacity(to);
}

}  // namespace fmsim::models
