// Bedrock on-demand billing and token accounting: per input and output token processed, to the
// cent; TPM reservation at the start (input + max_tokens) and settlement at the end (input +
// burndown x output); what is and is not billed (throttles, 5xx errors, read timeouts).
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/token_reservation.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

using testing::counter;

// Sends `in` to `model` every `gap` from t = 0, n times.
class Metronome final {
 public:
  Metronome(testing::ServiceHarness& h, Service& model, CallInput in, Duration gap, int n)
      : h_(h), model_(model), in_(in), gap_(gap), left_(n) {
    h_.sim.schedule_in<&Metronome::tick>(Duration::zero(), this);
  }

 private:
  void tick(std::uint64_t) {
    model_.call(in_, h_.listener, static_cast<CallTag>(left_));
    if (--left_ > 0) h_.sim.schedule_in<&Metronome::tick>(gap_, this);
  }
  testing::ServiceHarness& h_;
  Service& model_;
  CallInput in_;
  Duration gap_;
  int left_;
};

// Seed R1: 1,000 requests a day of 500 input + 200 output tokens, Claude 3.5 Sonnet at $3 / $15
// per 1M tokens: 500,000 x $3/1M = $1.50 input, 200,000 x $15/1M = $3.00 output, $4.50 a day.
TEST(OnDemandBilling, R1DayIsFourFiftyToTheCent) {
  testing::ServiceHarness h(1);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec;  // default lognormal latency, quotas off
  spec.model = "claude-3-5-sonnet";
  spec.input_usd_per_mtok = 3;
  spec.output_usd_per_mtok = 15;
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 200;
  Metronome m(h, model, in, Duration::from_seconds(86.4), 1000);  // spread over the day
  h.sim.run_until(SimTime::from_seconds(86400 + 600));
  h.finish(SimTime::from_seconds(86400 + 600));
  ASSERT_EQ(h.listener.calls.size(), 1000u);
  EXPECT_NEAR(h.cost_of("sonnet.input_tokens"), 1.50, 1e-9);
  EXPECT_NEAR(h.cost_of("sonnet.output_tokens"), 3.00, 1e-9);
  EXPECT_NEAR(h.cost.total(), 4.50, 1e-9);
  EXPECT_DOUBLE_EQ(counter(h, "sonnet", "input_tokens"), 500'000);
  EXPECT_DOUBLE_EQ(counter(h, "sonnet", "output_tokens"), 200'000);
  EXPECT_DOUBLE_EQ(counter(h, "sonnet", "calls"), 1000);
}

// Bedrock docs' example for a burndown-5 model: 3,000 input tokens, max_tokens 32,000, 1,000
// output tokens: 35,000 reserved at the start, 3,000 + 5 x 1,000 = 8,000 settled at the end.
TEST(OnDemandBilling, ReservesInputPlusMaxTokensAndSettlesWithBurndown) {
  BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 1000);
  spec.output_burndown = 5;
  spec.max_output_tokens = 64'000;
  CallInput in;
  in.input_tokens = 3000;
  in.max_tokens = 32'000;
  in.output_tokens = 1000;
  const CallTokens t = on_demand_tokens(spec, in);
  EXPECT_EQ(t.input, 3000);
  EXPECT_EQ(t.output, 1000);
  EXPECT_EQ(t.reserved, 35'000);
  EXPECT_DOUBLE_EQ(t.settled, 8000);
  in.max_tokens = -1;  // unset: the model's maximum is reserved
  EXPECT_EQ(on_demand_tokens(spec, in).reserved, 67'000);
  in.max_tokens = 500;  // the answer is cut at max_tokens, and billed so
  EXPECT_EQ(on_demand_tokens(spec, in).output, 500);
  in.system_prompt_tokens = 800;  // part of the prompt
  EXPECT_EQ(on_demand_tokens(spec, in).input, 3800);

  // Through the bucket: TPM 60,000 refills 1,000/s. Start: 60,000 - 35,000 = 25,000. The call
  // ends at 0.5 s + 1,000 / 1,000 tok/s = 1.5 s: 25,000 + 1,500 refill + (35,000 - 8,000) = 53,500.
  testing::ServiceHarness h(1);
  BedrockQuotaPools pools;
  spec.tokens_per_minute = 60'000;
  BedrockOnDemand model(h.ctx, "sonnet4", spec, pools);
  model.start();
  in.max_tokens = 32'000;
  in.system_prompt_tokens = 0;
  model.call(in, h.listener, 1);
  BedrockQuota& q = pools.pool("test-model", std::nullopt, 60'000);
  EXPECT_NEAR(q.tokens->level(SimTime::zero()), 25'000, 1e-9);
  h.sim.run_until(SimTime::from_seconds(1.5) + Duration::nanoseconds(1));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_NEAR(q.tokens->level(SimTime::from_seconds(1.5)), 53'500, 1e-6);
}

// The trap of an unset max_tokens: 100 calls at the same instant into 60,000 TPM, 1,000 input
// tokens each. max_tokens unset reserves 1,000 + 4,096 = 5,096: floor(60,000 / 5,096) = 11 pass.
// max_tokens 200 reserves 1,200: 50 pass.
TEST(OnDemandBilling, UnsetMaxTokensThrottlesEarly) {
  for (const std::int64_t max_tokens : {std::int64_t{-1}, std::int64_t{200}}) {
    testing::ServiceHarness h(1);
    BedrockQuotaPools pools;
    BedrockOnDemandSpec spec = testing::fixed_latency_model();
    spec.tokens_per_minute = 60'000;
    BedrockOnDemand model(h.ctx, "m", spec, pools);
    model.start();
    CallInput in;
    in.input_tokens = 1000;
    in.output_tokens = 100;
    in.max_tokens = max_tokens;
    for (int i = 0; i < 100; ++i) model.call(in, h.listener, static_cast<CallTag>(i));
    int throttled = 0;
    for (const auto& c : h.listener.calls) throttled += c.result.status == CallStatus::throttled;
    EXPECT_EQ(100 - throttled, max_tokens < 0 ? 11 : 50);
    h.sim.run_until(SimTime::from_seconds(10));
    h.finish(SimTime::from_seconds(10));
    EXPECT_DOUBLE_EQ(counter(h, "m", "throttled_tpm"), max_tokens < 0 ? 89 : 50);
    EXPECT_DOUBLE_EQ(counter(h, "m", "throttled_rpm"), 0);
  }
}

TEST(OnDemandBilling, ThrottlesAndErrorsAreNotBilled) {
  testing::ServiceHarness h(3);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model();
  spec.requests_per_minute = 10;
  spec.error_probability = 1;
  BedrockOnDemand model(h.ctx, "m", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 1000;
  in.output_tokens = 100;
  for (int i = 0; i < 15; ++i) model.call(in, h.listener, static_cast<CallTag>(i));
  h.sim.run_until(SimTime::from_seconds(10));
  h.finish(SimTime::from_seconds(10));
  int throttled = 0, errors = 0;
  for (const auto& c : h.listener.calls) {
    throttled += c.result.status == CallStatus::throttled;
    errors += c.result.status == CallStatus::error;
    if (c.result.status == CallStatus::error) {
      EXPECT_EQ(c.at, SimTime::from_seconds(0.5));  // fails when the first token was due
    }
  }
  EXPECT_EQ(throttled, 5);  // the first 10 use the bucket of 10 requests
  EXPECT_EQ(errors, 10);
  EXPECT_DOUBLE_EQ(h.cost.total(), 0.0);
  EXPECT_DOUBLE_EQ(counter(h, "m", "errors"), 10);
  EXPECT_DOUBLE_EQ(counter(h, "m", "throttled_rpm"), 5);
}

TEST(OnDemandBilling, QuotaBelowOneCallIsReportedAndThrottlesEveryCall) {
  BedrockOnDemandSpec spec = testing::fixed_latency_model();
  spec.tokens_per_minute = 2000;
  EXPECT_EQ(tpm_fit_problem(spec, 1000, -1),
            "tokens_per_minute 2000 is below one call's reservation of 5096 tokens (input 1000 + max_output_tokens "
            "4096): every such call would be throttled; raise the quota or lower max_tokens");
  EXPECT_EQ(tpm_fit_problem(spec, 1000, 1500),
            "tokens_per_minute 2000 is below one call's reservation of 2500 tokens (input 1000 + max_tokens 1500): "
            "every such call would be throttled; raise the quota or lower max_tokens");
  EXPECT_EQ(tpm_fit_problem(spec, 1000, 1000), "");  // exactly fits
  spec.tokens_per_minute.reset();
  EXPECT_EQ(tpm_fit_problem(spec, 1'000'000, -1), "");  // no quota

  testing::ServiceHarness h(1);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec small = testing::fixed_latency_model();
  small.tokens_per_minute = 2000;
  BedrockOnDemand model(h.ctx, "m", small, pools);
  model.start();
  CallInput in;
  in.input_tokens = 1000;
  in.output_tokens = 10;
  for (int i = 0; i < 3; ++i) {
    model.call(in, h.listener, static_cast<CallTag>(i));
    h.sim.run_until(SimTime::from_seconds(120.0 * (i + 1)));  // a full bucket each time
  }
  for (const auto& c : h.listener.calls) EXPECT_EQ(c.result.status, CallStatus::throttled);
}

}  // namespace
}  // namespace fmsim::models
