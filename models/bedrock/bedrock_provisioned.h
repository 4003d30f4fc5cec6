// Bedrock Provisioned Throughput: N model units of one model, reserved and billed by the hour.
//
// Budget: the units are worth tokens_per_minute_per_unit each; a call's input + output tokens are
// charged to a sliding 60 s window at admission (sliding_window_budget.h), so the tokens served in
// any 60 s window never exceed units x tokens_per_minute_per_unit. A call that does not fit waits
// in a FIFO queue (no overtaking) until enough earlier tokens leave the window, at most
// max_queue_wait; then it ends `throttled`, so that the router can fall back (a "spill"). A call
// that cannot fit even an empty window (more tokens than a minute's budget, or zero units) spills
// at once, as does any call when max_queue_wait is 0 and the budget is short.
//
// Latency: its own time-to-first-token and output-speed distributions (no fleet load factor),
// measured from admission; streaming and the read timeout as on demand (bedrock_on_demand.h).
//
// Units follow a DailySchedule (e.g. 2 MU from 18:00 to 24:00, none otherwise). The reservation is
// billed per MU-hour while it exists, used or not: a rate of units x price_per_unit_hour, set at
// start and at every schedule change; each change is logged to the event log ("schedule").
//
// Per-window metrics (component = the target's name): calls, queued (had to wait), spilled
// (throttled), timed_out, input_tokens, output_tokens (served), gauges units, utilisation (tokens
// counted in the sliding window / the window's budget, so its window mean is the share of the
// budget used) and queue_length. Cost line "<name>.model_unit_hours".
#pragma once

#include <cstdint>
#include <string>

#include "models/bedrock/sliding_window_budget.h"
#include "models/core/daily_schedule.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/ring_queue.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class BedrockProvisioned final : public Service {
 public:
  BedrockProvisioned(ServiceContext& ctx, std::string name, const BedrockProvisionedSpec& spec);
  BedrockProvisioned(const BedrockProvisioned&) = delete;
  BedrockProvisioned& operator=(const BedrockProvisioned&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;
  // Nobody queued and the sliding window has room for the call's tokens now: it is admitted at once.
  bool has_free_capacity(const CallInput& input) override;

  const std::string& name() const { return name_; }
  double units() const { return units_; }
  // Tokens a 60 s window may hold now.
  double budget() const { return units_ * spec_.tokens_per_minute_per_unit; }
  std::size_t queue_length() const { return queue_.size(); }

 private:
  struct Call {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::int64_t input = 0;
    std::int64_t output = 0;
    sim::SimTime first_token_at;
    sim::EventHandle wait_timer;
    bool answered = false;
  };
  void admit(std::uint32_t slot);
  void drain();
  void spill(std::uint32_t slot);
  void update_utilisation();
  void arm_expiry();
  void on_expiry(std::uint64_t);
  void on_wait_expired(std::uint64_t slot);
  void on_schedule(std::uint64_t);
  void on_complete(std::uint64_t slot);
  void on_read_timeout(std::uint64_t slot);
  void set_units(double units, const char* reason);

  ServiceContext& ctx_;
  std::string name_;
  BedrockProvisionedSpec spec_;
  DailySchedule schedule_;  // over spec_.units
  double units_ = 0;
  SlidingWindowBudget window_{sim::Duration::seconds(60)};
  sim::EventHandle expiry_;
  sim::RingQueue<std::uint32_t> queue_;
  sim::SlotPool<Call> calls_;
  sim::Distribution ttft_;
  sim::Distribution speed_;
  sim::RandomEngine ttft_rng_;
  sim::RandomEngine speed_rng_;
  CostLedger::LineId unit_hours_cost_;
  ServiceMetrics::Counter m_calls_, m_queued_, m_spilled_, m_timed_out_, m_input_, m_output_;
  ServiceMetrics::Gauge m_units_, m_utilisation_, m_queue_;
};

}  // namespace fmsim::models
