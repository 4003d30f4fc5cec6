// A SageMaker serverless endpoint: CPU environments of a configured memory size created on demand
// (with a cold start), kept warm while idle for an idle timeout, then scaled down; at most
// `max_concurrency` of them; optional provisioned concurrency that is always warm. Billed per
// millisecond of compute by memory size, plus the provisioned environments by memory x time.
//
// Semantics (sources and defaults in docs/models/pricing.md):
// - One call per environment at a time. A call takes an idle warm environment (provisioned ones
//   first: they are paid for anyway; then the most recently used on-demand one, so the surplus
//   ages out), else an environment still cold-starting whose call has gone, else a new environment
//   (a cold start drawn from `cold_start`). When all `max_concurrency` environments are busy the
//   call is throttled at once (SageMaker's ThrottlingException).
// - Service: time to first token (drawn) + output tokens / output_tokens_per_s. first_token_at is
//   when the first token is generated.
// - Invocation limit: a call unanswered `invocation_timeout` after receipt (cold start included)
//   ends timed_out; its environment stops the work and becomes idle (or finishes its cold start).
// - Scale-down: an on-demand environment idle for `idle_timeout` (drawn each time it goes idle)
//   is removed. Provisioned environments never are.
// - Billing: each call's compute time (service start to end, rounded up to the millisecond) x
//   memory GB x price_per_gb_second, charged when it ends; cold starts are not billed (AWS bills
//   inference duration). Provisioned concurrency accrues memory GB x count x
//   provisioned_price_per_gb_second continuously from start.
//
// Metrics (`<name>.`): gauges environments (warm + starting), busy; counters invocations,
// cold_starts, throttled, timed_out, served, scale_downs. Cost lines `<name>.compute`,
// `<name>.provisioned_concurrency`. Random streams `<name>.cold_start`, `<name>.idle_timeout`,
// `<name>.time_to_first_token`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class ServerlessEndpoint final : public Service {
 public:
  // Throws std::invalid_argument for a spec outside SageMaker's limits (the reader reports these
  // first, with the file position).
  ServerlessEndpoint(ServiceContext& ctx, std::string name, const SageMakerServerlessSpec& spec);
  ServerlessEndpoint(const ServerlessEndpoint&) = delete;
  ServerlessEndpoint& operator=(const ServerlessEndpoint&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;
  // A warm idle environment (provisioned or on demand): the call is served at once. A call that
  // would cold-start (1-5 s) or be throttled is not "free": first_free is meant to prefer capacity
  // that answers now.
  bool has_free_capacity(const CallInput&) override {
    return idle_provisioned_.head != kNone || idle_on_demand_.head != kNone;
  }

  const std::string& name() const { return name_; }
  std::int32_t environments() const { return live_; }
  std::int32_t busy() const { return busy_; }
  std::size_t calls_in_flight() const { return calls_.in_use(); }

 private:
  static constexpr std::int32_t kNone = -1;
  enum class EnvState : std::uint8_t { absent, starting, idle, busy };
  struct Env {
    EnvState state = EnvState::absent;
    bool provisioned = false;
    std::int32_t call = kNone;  // the call it is starting for or serving
    std::int32_t prev = kNone, next = kNone;  // links in its idle list
    sim::EventHandle timer;  // end of cold start, or idle expiry
  };
  struct IdleList {
    std::int32_t head = kNone;
  };
  struct Call {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::int64_t output_tokens = 0;
    std::int32_t env = kNone;
    bool cold_start = false;
    sim::SimTime service_start = sim::SimTime::max();  // max: not yet serving
    sim::SimTime first_token = sim::SimTime::max();
    sim::EventHandle timeout;
    sim::EventHandle done;
  };
  using CallId = sim::SlotPool<Call>::Id;

  void on_ready(std::uint64_t env);
  void on_done(std::uint64_t call);
  void on_timeout(std::uint64_t call);
  void on_idle_expired(std::uint64_t env);

  void serve(CallId id, std::int32_t env);
  void finish(CallId id, CallStatus status);
  void go_idle(std::int32_t env);
  void push_idle(IdleList& list, std::int32_t env);
  void unlink_idle(IdleList& list, std::int32_t env);
  IdleList& idle_list_of(std::int32_t env) { return envs_[env].provisioned ? idle_provisioned_ : idle_on_demand_; }
  void gauges();

  ServiceContext& ctx_;
  std::string name_;
  SageMakerServerlessSpec spec_;
  double memory_gb_;
  sim::Distribution cold_start_, idle_timeout_, ttft_;
  sim::RandomEngine cold_rng_, idle_rng_, ttft_rng_;

  std::vector<Env> envs_;              // max_concurrency slots, fixed at construction
  std::vector<std::int32_t> absent_;   // free slots
  std::vector<std::int32_t> orphans_;  // starting with no call (its call timed out)
  IdleList idle_provisioned_, idle_on_demand_;
  sim::SlotPool<Call> calls_;
  std::int32_t live_ = 0, busy_ = 0;

  CostLedger::LineId compute_line_, provisioned_line_;
  ServiceMetrics::Gauge g_environments_, g_busy_;
  ServiceMetrics::Counter c_invocations_, c_cold_starts_, c_throttled_, c_timed_out_, c_served_, c_scale_downs_;
};

}  // namespace fmsim::models
