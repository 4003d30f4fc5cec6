// A SageMaker real-time endpoint: instances of one type, each a GpuServer serving up to K requests
// at once, behind one FIFO queue, with the 60 s invocation limit, a scheduled or autoscaled
// instance count, and per-second billing of every instance from launch to termination. Also the
// engine of the async endpoint (async_endpoint.h), which configures it differently.
//
// Semantics (docs/models/sagemaker.md has the sources):
// - Routing: a call goes to the in-service instance with the fewest requests in service (SageMaker's
//   least-outstanding-requests routing; ties to the oldest instance) if one has a free place;
//   otherwise it waits in the FIFO queue (`queue_capacity` places; a full queue rejects). A place
//   freed on an instance takes the head of the queue at once, so the queue is never non-empty while
//   an in-service instance has room.
// - Invocation limit: a call still unanswered `invocation_timeout` after the endpoint received it,
//   queueing included, ends timed_out; if it was being served the generation stops and frees its
//   place. (The limit is the client-visible one; measuring it from receipt counts the container's
//   own queue, which is where waiting happens on a real instance.)
// - Zero instances in service: `at_zero: fail` rejects the call at once, `wait` queues it (it is then
//   a cold start).
// - Instances: the initial ones are in service at t = 0. Later ones are billed from launch and
//   serve after `provisioning_delay` (drawn per instance). Without autoscaling the count follows
//   `instances` (a time-of-day schedule): changes happen at the scheduled instant, so billing
//   changes exactly there. With autoscaling a TargetTrackingScaler sets the count.
// - Removing instances: first those still provisioning (newest first, never served), then idle
//   in-service ones (newest first), then busy ones with the fewest requests: a busy instance drains
//   (takes no new calls, finishes its own) and terminates with its last request; billing stops at
//   termination. Draining lasts at most the invocation limit.
// - Autoscaling metric per datapoint period: invocations received in the period per in-service
//   instance, or the time-averaged number of requests in the endpoint (serving + queued) per
//   in-service instance (concurrent requests, and the async backlog).
//
// Metrics (`<name>.` columns): gauges instances_in_service, instances_provisioning,
// instances_draining, busy (requests in service), utilisation (busy / (serving instances x K)),
// queue_length; counters invocations, served, timed_out, rejected; with autoscaling the scaler's
// scaling_metric, alarm_high, alarm_low, scaling_actions. Cost line `<name>.instances`.
// Random streams: `<name>.provisioning`, `<name>.service` (service_time mode only).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/core/daily_schedule.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/gpu_server.h"
#include "models/sagemaker/scalable_target.h"
#include "models/sagemaker/target_tracking_scaler.h"
#include "sim/ring_queue.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class RealtimeEndpoint final : public Service, private GpuServerListener, private ScalableTarget {
 public:
  // Throws std::invalid_argument for an inconsistent spec (the reader reports these first).
  RealtimeEndpoint(ServiceContext& ctx, std::string name, const SageMakerEndpointSpec& spec);
  ~RealtimeEndpoint() override;
  RealtimeEndpoint(const RealtimeEndpoint&) = delete;
  RealtimeEndpoint& operator=(const RealtimeEndpoint&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;
  // An in-service instance below max_concurrency and an empty queue: the call is admitted at once.
  bool has_free_capacity(const CallInput&) override { return queue_.empty() && pick_instance() >= 0; }

  const std::string& name() const { return name_; }
  std::int32_t instances_in_service() const { return in_service_; }
  std::int32_t instances_provisioning() const { return provisioning_; }
  std::int32_t instances_draining() const { return draining_; }
  std::int32_t capacity() const override { return in_service_ + provisioning_; }
  std::int32_t busy() const { return busy_; }
  std::size_t queue_length() const { return queue_.size(); }
  std::size_t calls_in_flight() const { return calls_.in_use(); }
  const TargetTrackingScaler* scaler() const { return scaler_ ? &*scaler_ : nullptr; }

 private:
  enum class InstanceState : std::uint8_t { provisioning, in_service, draining, terminated };
  struct Instance {
    Instance(sim::Simulator& sim, const GpuServerSpec& spec, GpuServerListener& listener) : server(sim, spec, listener) {}
    GpuServer server;
    InstanceState state = InstanceState::terminated;
    sim::SimTime launched;
    sim::EventHandle ready;  // end of provisioning
  };
  struct Call {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    sim::SimTime received;
    sim::SimTime first_token = sim::SimTime::max();
    sim::EventHandle timer;
    GpuServer::Work work;
    std::int32_t instance = -1;  // -1 while queued
    bool cold_start = false;
  };
  using CallId = sim::SlotPool<Call>::Id;

  // GpuServerListener
  void on_first_token(std::uint32_t job) override;
  void on_finished(std::uint32_t job) override;
  // ScalableTarget
  ScalingSample take_sample() override;
  void set_capacity(std::int32_t capacity) override;

  void on_timeout(std::uint64_t id);
  void on_instance_ready(std::uint64_t index);
  void on_schedule(std::uint64_t);

  std::int32_t pick_instance() const;
  void admit(CallId id, std::int32_t instance);
  void refill(std::int32_t instance);
  // Ends a call: releases its record and answers its caller (last, since the caller may call again).
  void finish(CallId id, CallStatus status);
  void launch(bool in_service_now);
  void terminate(std::int32_t instance);
  void begin_drain(std::int32_t instance);
  // Whether instance a goes before b when capacity is removed (both provisioning or in service).
  bool removal_order_before(std::int32_t a, std::int32_t b) const;
  void count_changed();     // instance gauges and the billing rate
  void load_changed();      // busy / queue gauges and the in-flight integral

  ServiceContext& ctx_;
  std::string name_;
  SageMakerEndpointSpec spec_;  // own copy: schedules refer into it
  sim::Distribution provisioning_delay_;
  std::optional<sim::Distribution> service_time_;
  sim::RandomEngine provisioning_rng_;
  sim::RandomEngine service_rng_;
  DailySchedule schedule_;
  GpuServer::Work zero_work_;
  std::int32_t max_concurrency_;

  std::vector<std::unique_ptr<Instance>> instances_;  // stable addresses: servers hold events
  std::vector<std::int32_t> free_instances_;          // terminated, reusable
  sim::SlotPool<Call> calls_;
  sim::RingQueue<CallId> queue_;
  std::int32_t in_service_ = 0, provisioning_ = 0, draining_ = 0;
  std::int32_t busy_ = 0;

  // Datapoint accumulation since the last sample.
  std::uint64_t period_invocations_ = 0;
  double in_flight_area_ = 0;   // request-seconds over the period
  double in_flight_level_ = 0;  // serving + queued, since area_since_
  sim::SimTime area_since_ = sim::SimTime::zero();
  sim::SimTime period_start_ = sim::SimTime::zero();

  std::optional<TargetTrackingScaler> scaler_;
  CostLedger::LineId cost_line_;
  double billed_instances_ = -1;
  ServiceMetrics::Gauge g_in_service_, g_provisioning_, g_draining_, g_busy_, g_utilisation_, g_queue_;
  ServiceMetrics::Counter c_invocations_, c_served_, c_timed_out_, c_rejected_;
};

}  // namespace fmsim::models
