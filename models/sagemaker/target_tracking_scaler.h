// Target-tracking autoscaling as Application Auto Scaling does it for a SageMaker variant: a metric
// published as one datapoint per period, two CloudWatch alarms made by the policy, cooldowns,
// min/max capacity, optionally a scheduled minimum (scheduled actions setting MinCapacity).
//
// Rules (sources in docs/models/sagemaker.md):
// - Datapoints every `period` from t = 0; each covers the period that just ended. No publication
//   lag is modelled.
// - High alarm: the last `scale_out_datapoints` datapoints all > target. Low alarm: the last
//   `scale_in_datapoints` all < scale_in_ratio * target. A missing datapoint (no instance in
//   service) leaves both counts as they are.
// - CloudWatch repeats Auto Scaling actions at every evaluation while an alarm stays in ALARM
//   ("Except for Auto Scaling actions, the actions happen only on state transitions", CloudWatch
//   alarm actions), so the policy runs at each datapoint of an alarm.
// - Desired capacity = ceil(base * metric / target), clamped to [min, max]: capacity proportional
//   to the metric ("adds capacity proportional to the metric value", AAS target tracking overview).
//   base is the current capacity (in service + provisioning).
// - Scale-out cooldown: for `scale_out_cooldown` after a scale-out, "the capacity that has been
//   added by the previous scale out event that initiated the cooldown is calculated as part of the
//   desired capacity for the next scale out": base is the capacity before that scale-out, and only
//   a result above the current capacity proceeds (a larger scale-out). Outside it, base is the
//   current capacity, so instances still provisioning count again: a cooldown shorter than the
//   provisioning delay compounds scale-outs (AWS advises a cooldown covering the warm-up).
// - Scale-in cooldown: no scale-in within `scale_in_cooldown` of the last scale-in; it never blocks
//   a scale-out ("if another alarm triggers a scale out policy during the cooldown period after a
//   scale-in, application auto scaling scales out your scalable target immediately").
// - Scale in only to a capacity that keeps the metric at or below target (the ceil above).
// - Zero capacity (min 0): a datapoint with demand and capacity 0 scales out to max(1, min) at
//   once, as the step policies on NoCapacityInvocationFailures / HasBacklogWithoutCapacity do.
// - Scheduled minimum: at each change the minimum becomes the schedule's level; capacity below it
//   is raised at once (a scheduled action).
// Every action goes to the event log (kind scale_out / scale_in / scheduled_min, from, to, reason)
// and counts in `<name>.scaling_actions`; gauges `<name>.scaling_metric`, `<name>.alarm_high`,
// `<name>.alarm_low` (1 in ALARM, else 0).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/core/daily_schedule.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/scalable_target.h"

namespace fmsim::models {

class TargetTrackingScaler {
 public:
  // Throws std::invalid_argument for an inconsistent spec (min > max, target <= 0, ...).
  TargetTrackingScaler(ServiceContext& ctx, std::string name, const AutoscalingSpec& spec, ScalableTarget& target);
  TargetTrackingScaler(const TargetTrackingScaler&) = delete;
  TargetTrackingScaler& operator=(const TargetTrackingScaler&) = delete;

  // At t = 0, after the target has its initial capacity: schedules the datapoints and the
  // scheduled minimum, and raises the capacity to the minimum if it is below.
  void start();

  // The minimum in force at t (the scheduled one if any), at most the maximum.
  std::int32_t min_capacity(sim::SimTime t) const;
  std::int32_t max_capacity() const { return spec_.max_instances; }
  bool alarm_high() const { return high_count_ >= spec_.scale_out_datapoints; }
  bool alarm_low() const { return low_count_ >= spec_.scale_in_datapoints; }
  std::uint64_t actions() const { return actions_; }

  // Checks what the constructor requires; the message of the first problem, or "" when fine.
  static std::string problem(const AutoscalingSpec& spec);

 private:
  void on_period(std::uint64_t);
  void on_schedule(std::uint64_t);
  void apply(std::int32_t from, std::int32_t to, const char* kind);
  std::int32_t clamp(std::int64_t desired, std::int32_t min_now) const;
  const char* metric_name() const;

  ServiceContext& ctx_;
  std::string name_;
  AutoscalingSpec spec_;
  ScalableTarget& target_;
  std::optional<DailySchedule> scheduled_min_;  // refers to spec_.scheduled_min
  ServiceMetrics::Gauge metric_gauge_, high_gauge_, low_gauge_;
  ServiceMetrics::Counter actions_counter_;

  std::int32_t high_count_ = 0;  // consecutive datapoints above target
  std::int32_t low_count_ = 0;   // consecutive datapoints below scale_in_ratio * target
  std::optional<sim::SimTime> last_scale_out_;
  std::int32_t capacity_before_scale_out_ = 0;
  std::optional<sim::SimTime> last_scale_in_;
  std::uint64_t actions_ = 0;
  std::string reason_;  // reused: formatting a reason allocates only until it has grown
};

}  // namespace fmsim::models
