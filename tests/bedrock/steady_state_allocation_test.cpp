// Once the pools, rings and event queue have grown to their peak, Bedrock calls allocate nothing:
// per-call state lives in SlotPools and RingQueues, events are trampolines. Checked by counting
// operator new over the second half of a run whose load is stationary (this executable links the
// counting operator new of tests/support/allocation_counter.cpp).
#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/bedrock_provisioned.h"
#include "models/client/retrying_caller.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

// Calls at a fixed pace, counting answers; records nothing per call.
class Pacer final : public CallListener {
 public:
  Pacer(sim::Simulator& sim, Service& target, Duration gap) : sim_(sim), target_(target), gap_(gap) {
    in_.input_tokens = 700;
    in_.output_tokens = 300;
    sim_.schedule_in<&Pacer::tick>(gap_, this);
  }
  std::uint64_t answered = 0;

 private:
  void tick(std::uint64_t) {
    target_.call(in_, *this, 0);
    sim_.schedule_in<&Pacer::tick>(gap_, this);
  }
  void on_call_done(CallTag, const CallResult&) override { ++answered; }
  sim::Simulator& sim_;
  Service& target_;
  Duration gap_;
  CallInput in_;
};

// Runs 20 min to warm up, then counts allocations over the next 20 min.
long allocations_in_steady_state(testing::ServiceHarness& h, Service& front, Pacer*& pacer) {
  pacer = new Pacer(h.sim, front, Duration::milliseconds(10));  // 100 calls/s
  h.sim.run_until(SimTime::from_seconds(1200));
  const long before = testing::allocations();
  h.sim.run_until(SimTime::from_seconds(2400));
  return testing::allocations() - before;
}

TEST(SteadyState, OnDemandWithQuotasAndRetriesAllocatesNothingPerCall) {
  testing::ServiceHarness h(1);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec;  // lognormal latency, default load profile
  spec.model = "test-model";
  spec.requests_per_minute = 3000;  // 50/s: half the calls are throttled and retried
  spec.error_probability = 0.01;
  BedrockOnDemand model(h.ctx, "m", spec, pools);
  RetryingCaller client(h.ctx, "m.sdk", RetrySpec{}, model);
  model.start();
  Pacer* pacer = nullptr;
  EXPECT_EQ(allocations_in_steady_state(h, client, pacer), 0);
  EXPECT_GT(pacer->answered, 100'000u);
  delete pacer;
}

TEST(SteadyState, ProvisionedAtItsBudgetAllocatesNothingPerCall) {
  testing::ServiceHarness h(1);
  BedrockProvisionedSpec spec;
  spec.units = DailyScheduleSpec::constant(2);
  spec.tokens_per_minute_per_unit = 40'000;  // 80 calls/min of 1,000 tokens: most calls spill
  spec.price_per_unit_hour_usd = 20;
  BedrockProvisioned pt(h.ctx, "pt", spec);
  pt.start();
  Pacer* pacer = nullptr;
  EXPECT_EQ(allocations_in_steady_state(h, pt, pacer), 0);
  EXPECT_GT(pacer->answered, 100'000u);
  delete pacer;
}

}  // namespace
}  // namespace fmsim::models
