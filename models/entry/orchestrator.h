// An always-warm orchestrator (an ECS/Fargate-like container service) calling the model: `tasks`
// running tasks of `slots_per_task` concurrent requests each, so tasks x slots requests in service
// at once and no cold starts ever. Requests beyond that wait in one FIFO queue; when the queue
// holds `queue_capacity` the next request is rejected at once. A request in service spends the
// orchestrator's overhead, then makes ONE downstream call and holds its slot until the answer.
// Billed per task-hour from start(), busy or idle, at OrchestratorSpec::price_per_task_hour_usd.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/ring_queue.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class Orchestrator final : public Service, private CallListener {
 public:
  Orchestrator(ServiceContext& ctx, std::string name, const OrchestratorSpec& spec, Service& downstream);
  Orchestrator(const Orchestrator&) = delete;
  Orchestrator& operator=(const Orchestrator&) = delete;

  void start() override;
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;

  std::int32_t slots() const { return slots_; }
  std::int32_t busy_slots() const { return busy_; }
  std::size_t queue_length() const { return queue_.size(); }
  std::uint64_t rejected() const { return rejected_; }

 private:
  struct Request {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    CallInput input;
  };

  void begin_service(std::uint32_t id);
  void on_handler_start(std::uint64_t id);
  void on_call_done(CallTag tag, const CallResult& result) override;
  void update_gauges();

  ServiceContext& ctx_;
  std::string name_;
  OrchestratorSpec spec_;
  Service& downstream_;
  sim::Distribution overhead_;
  sim::RandomEngine overhead_rng_;
  std::int32_t slots_;
  std::int32_t busy_ = 0;
  sim::SlotPool<Request> requests_;
  sim::RingQueue<std::uint32_t> queue_;
  std::uint64_t rejected_ = 0;
  CostLedger::LineId tasks_line_;
  ServiceMetrics::Counter m_requests_, m_rejected_;
  ServiceMetrics::Gauge g_queue_, g_busy_;
};

}  // namespace fmsim::models
