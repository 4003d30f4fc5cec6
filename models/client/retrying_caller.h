// An AWS SDK client's retry policy in front of a target (a Bedrock model, a SageMaker endpoint,
// API Gateway as seen by its client): botocore's standard mode and adaptive mode.
//
// Standard: an attempt that ends throttled, error or timed_out (each switchable in RetrySpec) is
// retried while attempts < max_attempts and the retry quota (retry_quota.h) grants the retry's
// cost, after a full-jitter exponential backoff (retry_backoff.h). A call the quota refuses ends
// with its last failure ("quota_exhausted"). `rejected` is never retried. Every retry goes back
// through target.call, so it draws on the same quotas as first attempts: retry storms are not
// modelled, they happen.
//
// Adaptive: standard plus the client-side rate limiter (client_rate_limiter.h). Once a throttle
// has enabled it, every attempt (first ones included) waits in FIFO order for a send token; the
// waiting is counted in rate_limited_delay_seconds. One RetryingCaller stands for one SDK client
// object: its retry quota and rate limiter are shared by all calls through it, as they are by the
// threads of a process sharing a client.
//
// CallResult.attempts = the attempts made (the target's own count is ignored: targets make one).
// Per-window metrics (component = the caller's name): calls, attempts, retries, quota_exhausted,
// rate_limited_delay_seconds; gauge send_rate (adaptive mode's current send rate, 0 while the
// limiter is off).
#pragma once

#include <cstdint>
#include <string>

#include "models/client/client_rate_limiter.h"
#include "models/client/retry_quota.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/ring_queue.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class RetryingCaller final : public Service, private CallListener {
 public:
  RetryingCaller(ServiceContext& ctx, std::string name, const RetrySpec& spec, Service& target);
  RetryingCaller(const RetryingCaller&) = delete;
  RetryingCaller& operator=(const RetryingCaller&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override {}
  // The wrapped target's answer, unless attempts are already waiting for the adaptive mode's send
  // tokens (a new call would queue behind them).
  bool has_free_capacity(const CallInput& input) override {
    return send_queue_.empty() && target_.has_free_capacity(input);
  }

  const std::string& name() const { return name_; }
  const RetryQuota& retry_quota() const { return quota_; }
  const ClientRateLimiter& rate_limiter() const { return limiter_; }

 private:
  struct Call {
    CallInput input;
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::uint32_t generation = 0;
    std::uint32_t attempts = 0;
    std::int32_t last_retry_cost = 0;  // quota taken by the latest retry; 0 = none yet
    sim::SimTime queued_at;            // adaptive mode: when it started waiting for a send token
  };
  void on_call_done(CallTag tag, const CallResult& result) override;
  void next_attempt(std::uint32_t slot);
  void send(std::uint32_t slot);
  void on_backoff_done(std::uint64_t slot);
  void on_send_token(std::uint64_t);
  void pump();
  void finish(std::uint32_t slot, const CallResult& result);
  bool retryable(CallStatus s) const;

  ServiceContext& ctx_;
  std::string name_;
  RetrySpec spec_;
  Service& target_;
  RetryQuota quota_;
  ClientRateLimiter limiter_;
  sim::Distribution jitter_;
  sim::RandomEngine jitter_rng_;
  sim::SlotPool<Call> calls_;
  std::uint32_t next_generation_ = 1;
  sim::RingQueue<std::uint32_t> send_queue_;  // adaptive: attempts waiting for a send token
  sim::EventHandle send_wake_;
  bool pumping_ = false;
  ServiceMetrics::Counter m_calls_, m_attempts_, m_retries_, m_quota_exhausted_, m_delay_;
  ServiceMetrics::Gauge m_send_rate_;
};

}  // namespace fmsim::models
