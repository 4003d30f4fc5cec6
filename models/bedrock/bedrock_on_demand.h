// A Bedrock model on demand: the shared fleet behind InvokeModel / Converse.
//
// A call is first checked against the account's quotas (shared with every target of the same
// quota pool): one request from the requests-per-minute bucket and input + max_tokens from the
// tokens-per-minute bucket (see token_reservation.h). Either bucket short: the call ends at once
// `throttled` (ThrottlingException, HTTP 429), nothing taken, nothing billed.
//
// Otherwise it runs: time to first token T and output speed S are drawn independently, T
// multiplied and S divided by the fleet load factor at the call's start (fleet_load.h); the answer
// is complete at start + T + output / S. A streaming client perceives the first token at start + T
// (CallResult::first_token_at); a non-streaming one only the whole answer, at completion. With
// probability error_probability the call fails (5xx) at start + T instead, billed nothing.
//
// The SDK's read timeout counts the time without data on the socket: a streaming call times out
// when T > read_timeout, a non-streaming one when the whole answer takes longer. The caller is
// then told `timed_out` at start + read_timeout, but the fleet does not know the client left: the
// generation runs to its end and is settled and billed then (an assumption: AWS does not document
// billing of abandoned calls; this is the conservative reading, and it is what makes retried
// timeouts cost twice). Billing is per input and output token processed, at completion.
//
// Per-window metrics (component = the target's name): calls, throttled_rpm, throttled_tpm,
// timed_out, errors, input_tokens, output_tokens (processed, billed), gauges load_factor and
// in_flight. Cost lines "<name>.input_tokens", "<name>.output_tokens".
#pragma once

#include <cstdint>
#include <string>

#include "models/bedrock/fleet_load.h"
#include "models/bedrock/quota_pools.h"
#include "models/bedrock/token_reservation.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class BedrockOnDemand final : public Service {
 public:
  BedrockOnDemand(ServiceContext& ctx, std::string name, const BedrockOnDemandSpec& spec, BedrockQuotaPools& quotas);
  BedrockOnDemand(const BedrockOnDemand&) = delete;
  BedrockOnDemand& operator=(const BedrockOnDemand&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;
  // Both quota buckets hold the call's reservation now (one request, input + max_tokens): it
  // would not be throttled. Changes no bucket.
  bool has_free_capacity(const CallInput& input) override;

  const std::string& name() const { return name_; }
  double load_factor(sim::SimTime t) const { return load_.factor(t); }
  std::size_t in_flight() const { return calls_.in_use(); }

 private:
  struct Call {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    CallTokens tokens;
    sim::SimTime first_token_at;
    bool answered = false;  // the caller has its result (a timeout came first)
  };
  void on_complete(std::uint64_t slot);
  void on_error(std::uint64_t slot);
  void on_read_timeout(std::uint64_t slot);
  void on_local_hour(std::uint64_t);
  void settle(sim::SimTime t, const Call& c, double settled);
  void finish(std::uint32_t slot);

  ServiceContext& ctx_;
  std::string name_;
  BedrockOnDemandSpec spec_;
  BedrockQuota& quota_;
  FleetLoad load_;
  sim::Distribution ttft_;
  sim::Distribution speed_;
  sim::Distribution unit_;
  sim::RandomEngine ttft_rng_;
  sim::RandomEngine speed_rng_;
  sim::RandomEngine error_rng_;
  sim::SlotPool<Call> calls_;
  CostLedger::LineId input_cost_;
  CostLedger::LineId output_cost_;
  double input_usd_per_token_;
  double output_usd_per_token_;
  ServiceMetrics::Counter m_calls_, m_throttled_rpm_, m_throttled_tpm_, m_timed_out_, m_errors_, m_input_, m_output_;
  ServiceMetrics::Gauge m_load_, m_in_flight_;
};

}  // namespace fmsim::models
