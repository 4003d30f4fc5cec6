// An AWS Lambda function: a pool of execution environments, each running one invocation at a
// time, in front of a downstream service (the model client) or a handler of an entry tier.
//
// One invocation per call():
//   1. Concurrency: invocations in flight are capped by the reserved concurrency, else by the
//      account limit; past it the call is throttled (429, CallStatus::throttled, answered inside
//      call()). Provisioned environments count against the same cap (Lambda docs, "concurrency").
//   2. An environment: a warm idle provisioned one first (Lambda routes to provisioned concurrency
//      before on-demand), else the most recently used warm on-demand one (Lambda reuses the
//      latest-frozen environment), else a new on-demand one — a cold start — if the scale-up
//      bucket allows (1,000 new environments per 10 s per function, refilled continuously, never
//      more than 1,000 banked); else throttled.
//   3. Cold start: the Init phase (init_duration.h). It is limited to 10 s: a longer init is cut
//      there and retried at the start of the invocation, under the function timeout (Lambda docs,
//      "Init phase"). Init is billed as duration, at the duration price.
//   4. Invoke: the function timeout starts; the function's own overhead, then the handler — by
//      default ONE downstream.call(input); the downstream does the agent steps and retries. The
//      answer's status, first token and cold-start flag are passed on.
//   5. Timeout: the invocation is killed at the timeout, billed for the whole timeout, and ends
//      timed_out. The downstream call still finishes later and is billed by its own target; its
//      answer is recognised by the tag's generation and dropped (counted as a late answer).
//      "If the Lambda function crashes or times out during the Invoke phase, Lambda resets the
//      execution environment ... If another Invoke event results in this execution environment
//      being reused, Lambda initializes the runtime and extensions as part of the next
//      invocation" (Lambda docs, "Failures during the invoke phase"): so the environment goes
//      back to the pool, and the next invocation that takes it runs Init again (a cold start,
//      billed as such).
//   6. After an invocation the environment is frozen, idle. An on-demand one expires after a
//      keep-alive drawn per idle period, or at the end of its lifetime (drawn at creation; it is
//      recycled at its first idle moment past it), whichever comes first.
// Provisioned concurrency follows a DailyScheduleSpec (levels at local times): that many
// environments are kept initialised (the initial level is ready at t = 0; a raise at a schedule
// change initialises the new ones first; a cut removes idle ones at once and busy ones when they
// finish). Billed per GB-second while configured (idle or not) plus the execution price per
// GB-second of invocations they run, instead of the duration price. AWS recycles provisioned
// environments in the background without a gap, so they have no keep-alive nor lifetime here.
//
// Billing (per invocation, at its end): the request price, and duration rounded UP to the
// millisecond (init + invoke together, as the REPORT line's billed duration) at the
// architecture's price per GB-second. Throttled calls are not billed.
//
// Per-call state lives in slot pools, timers are cancelled, nothing is allocated per call once the
// pools have grown.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/daily_schedule.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/entry/init_duration.h"
#include "models/entry/lambda_handler.h"
#include "sim/distribution.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class LambdaFunction final : public Service, private CallListener {
 public:
  // The init phase is limited to 10 s for on-demand environments (Lambda docs, "Init phase").
  static constexpr sim::Duration kInitLimit = sim::Duration::seconds(10);

  LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, Service& downstream);
  // For entry tiers that drive the function themselves: the invoke phase runs `handler`.
  LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, LambdaHandler& handler);
  LambdaFunction(const LambdaFunction&) = delete;
  LambdaFunction& operator=(const LambdaFunction&) = delete;

  void start() override;
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  // call() with a payload for the handler (call() passes 0).
  void invoke(const CallInput& input, std::uint64_t payload, CallListener& listener, CallTag tag);

  // What happened so far (the same figures go to the metrics per window).
  struct Totals {
    std::uint64_t invocations = 0;  // accepted (not throttled)
    std::uint64_t cold_starts = 0;  // invocations that ran Init (new or reset environment)
    std::uint64_t warm_hits = 0;
    std::uint64_t throttles = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t late_answers = 0;  // downstream answers to invocations already timed out
    std::uint64_t expired = 0;       // on-demand environments ended by keep-alive
    std::uint64_t recycled = 0;      // on-demand environments ended by their lifetime
  };
  const Totals& totals() const { return totals_; }
  std::int32_t environments() const { return on_demand_envs_ + provisioned_envs_; }
  std::int32_t provisioned_environments() const { return provisioned_envs_; }
  std::int32_t concurrency() const { return in_flight_; }
  std::int32_t concurrency_limit() const { return cap_; }
  const std::string& name() const { return name_; }

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  static constexpr CostLedger::LineId kNoLine = static_cast<CostLedger::LineId>(-1);

  LambdaFunction(ServiceContext& ctx, std::string name, const LambdaSpec& spec, Service* downstream,
                 LambdaHandler* handler);

  struct Environment {
    enum class State : std::uint8_t { initializing, idle, busy };
    State state = State::idle;
    bool provisioned = false;
    bool needs_init = false;  // reset after a timeout: the next invocation runs Init again
    bool in_use = false;      // the slot holds an environment (scanned at schedule changes)
    std::uint32_t prev = kNil, next = kNil;  // links of its idle list
    sim::SimTime retire_at = sim::SimTime::max();
    sim::EventHandle timer;  // idle: expiry; initializing (provisioned): ready
  };
  struct IdleList {
    std::uint32_t head = kNil, tail = kNil;  // head: most recently used
  };
  struct Invocation {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    CallInput input;
    std::uint64_t payload = 0;
    std::uint32_t generation = 0;  // 0: the slot is free
    std::uint32_t env = kNil;
    bool cold = false;
    sim::Duration init_billed;  // init time billed with this invocation
    sim::Duration init_retry;   // an init over the limit, re-run inside the invoke phase
    sim::SimTime invoke_start;
    sim::EventHandle step;     // end of init, or start of the handler
    sim::EventHandle timeout;
  };

  void on_call_done(CallTag tag, const CallResult& result) override;
  void on_init_done(std::uint64_t tag);
  void on_handler_start(std::uint64_t tag);
  void on_timeout(std::uint64_t tag);
  void on_env_expired(std::uint64_t env);
  void on_provisioned_ready(std::uint64_t env);
  void on_schedule_change(std::uint64_t);

  void throttle(CallListener& listener, CallTag tag);
  Invocation* live(CallTag tag);
  bool take_scale_up_token();
  void begin_invoke(std::uint32_t id);
  // Bills, frees the environment, releases the slot, then tells the caller.
  void finish(std::uint32_t id, CallResult result);
  void release_environment(std::uint32_t env);
  std::uint32_t new_environment(bool provisioned);
  void destroy_environment(std::uint32_t env);
  void push_idle(std::uint32_t env);
  void unlink_idle(std::uint32_t env);
  IdleList& idle_list(const Environment& e) { return e.provisioned ? idle_provisioned_ : idle_on_demand_; }
  void apply_provisioned_level(double level);
  void update_gauges();

  ServiceContext& ctx_;
  std::string name_;
  LambdaSpec spec_;
  Service* downstream_ = nullptr;
  LambdaHandler* handler_ = nullptr;
  DailySchedule provisioned_schedule_;
  InitDuration init_;
  sim::Distribution overhead_, keep_alive_, max_lifetime_;
  sim::RandomEngine overhead_rng_, keep_alive_rng_, lifetime_rng_;

  std::int32_t cap_;
  double bucket_capacity_, bucket_rate_per_ns_, tokens_;
  sim::SimTime bucket_time_;

  sim::SlotPool<Environment> envs_;
  sim::SlotPool<Invocation> invocations_;
  IdleList idle_provisioned_, idle_on_demand_;
  std::int32_t on_demand_envs_ = 0;
  std::int32_t provisioned_envs_ = 0;
  std::int32_t provisioned_target_ = 0;
  std::int32_t in_flight_ = 0;
  std::uint32_t next_generation_ = 1;
  Totals totals_;

  CostLedger::LineId requests_line_, duration_line_, provisioned_line_, provisioned_execution_line_;
  ServiceMetrics::Counter m_invocations_, m_cold_, m_warm_, m_throttles_, m_timeouts_, m_init_s_, m_busy_s_,
      m_late_, m_expired_, m_recycled_;
  ServiceMetrics::Gauge g_envs_, g_provisioned_, g_concurrency_;
};

}  // namespace fmsim::models
