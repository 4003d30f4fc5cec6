// Orchestrator: slots, FIFO queue, overhead, task-hour billing.
#include "models/entry/orchestrator.h"

#include <stdexcept>

namespace fmsim::models {

Orchestrator::Orchestrator(ServiceContext& ctx, std::string name, const OrchestratorSpec& spec, Service& downstream)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      downstream_(downstream),
      overhead_(spec_.overhead),
      overhead_rng_(ctx.stream(name_, "overhead")),
      slots_(spec_.tasks * spec_.slots_per_task) {
  if (spec_.tasks < 1 || spec_.slots_per_task < 1)
    throw std::invalid_argument("Orchestrator: tasks and slots per task must be >= 1");
  if (spec_.queue_capacity && *spec_.queue_capacity < 0)
    throw std::invalid_argument("Orchestrator: queue capacity must be >= 0");
  tasks_line_ = ctx.cost.add_line(name_ + ".tasks");
  m_requests_ = ctx.metrics.add_counter(name_, "requests");
  m_rejected_ = ctx.metrics.add_counter(name_, "rejected");
  g_queue_ = ctx.metrics.add_gauge(name_, "queue_length");
  g_busy_ = ctx.metrics.add_gauge(name_, "busy_slots");
}

void Orchestrator::start() {
  ctx_.cost.set_rate(ctx_.sim.now(), tasks_line_, spec_.tasks * spec_.price_per_task_hour_usd);
}

void Orchestrator::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.add(now, m_requests_);
  if (busy_ >= slots_ && spec_.queue_capacity && static_cast<std::int64_t>(queue_.size()) >= *spec_.queue_capacity) {
    ++rejected_;
    ctx_.metrics.add(now, m_rejected_);
    CallResult r;
    r.status = CallStatus::rejected;
    listener.on_call_done(tag, r);
    return;
  }
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.listener = &listener;
  r.tag = tag;
  r.input = input;
  if (busy_ < slots_) {
    begin_service(id);
  } else {
    queue_.push_back(id);
  }
  update_gauges();
}

void Orchestrator::begin_service(std::uint32_t id) {
  ++busy_;
  const double s = overhead_.sample(overhead_rng_);
  ctx_.sim.schedule_in<&Orchestrator::on_handler_start>(sim::Duration::from_seconds(s > 0 ? s : 0), this, id);
}

void Orchestrator::on_handler_start(std::uint64_t raw) {
  const auto id = static_cast<std::uint32_t>(raw);
  const CallInput input = requests_[id].input;  // a copy: the slot pool may grow during the call
  // No caller abandons a call here, so the slot id is the whole tag.
  downstream_.call(input, *this, id);
}

void Orchestrator::on_call_done(CallTag tag, const CallResult& result) {
  const auto id = static_cast<std::uint32_t>(tag_slot(tag));
  CallListener* listener = requests_[id].listener;
  const CallTag caller_tag = requests_[id].tag;
  requests_.release(id);
  --busy_;
  // The freed slot goes to the head of the queue before the caller hears back, so that a caller
  // calling again from its callback cannot jump the queue.
  if (!queue_.empty()) begin_service(queue_.pop_front());
  update_gauges();
  listener->on_call_done(caller_tag, result);
}

void Orchestrator::update_gauges() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_queue_, static_cast<double>(queue_.size()));
  ctx_.metrics.set(now, g_busy_, busy_);
}

}  // namespace fmsim::models
