// The model client: agent steps re-send the context (call i has input S + u + (i-1)·o), run one
// after another, stop at the first failure, and report the last step's first token and the sum of
// attempts. A scripted fake target records what it was sent and answers after a fixed delay.
#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "models/deployment/model_client.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

class ScriptedTarget final : public Service {
 public:
  explicit ScriptedTarget(sim::Simulator& sim) : sim_(sim) {}
  void call(const CallInput& in, CallListener& l, CallTag tag) override {
    received.push_back(in);
    pending_.push_back({&l, tag});  // a fixed delay answers in call order
    sim_.schedule_in<&ScriptedTarget::answer>(Duration::seconds(2), this);
  }
  std::vector<CallInput> received;
  std::deque<CallResult> script;  // answers in order; ok with 1 attempt when empty

 private:
  void answer(std::uint64_t) {
    CallResult r;
    if (!script.empty()) {
      r = script.front();
      script.pop_front();
    }
    if (r.status == CallStatus::ok) r.first_token_at = sim_.now() - Duration::seconds(1);
    const auto [listener, tag] = pending_.front();
    pending_.pop_front();
    listener->on_call_done(tag, r);
  }
  sim::Simulator& sim_;
  std::deque<std::pair<CallListener*, CallTag>> pending_;
};

CallInput agent_request(std::int32_t k) {
  CallInput in;
  in.system_prompt_tokens = 800;
  in.input_tokens = 100;
  in.output_tokens = 400;
  in.max_tokens = 3000;
  in.model_calls = k;
  return in;
}

TEST(ModelClient, AgentStepsResendTheSystemPromptAndTheAnswersSoFar) {
  testing::ServiceHarness h;
  ScriptedTarget target(h.sim);
  ModelClient client(h.ctx, {&target}, 0);
  client.call(agent_request(3), h.listener, 42);
  h.sim.run_until(SimTime::zero() + Duration::minutes(1));

  ASSERT_EQ(target.received.size(), 3u);
  // Call i: S + u + (i-1)·o = 900, 1300, 1700; billed input 3900 = k(S+u) + o·k(k-1)/2.
  EXPECT_EQ(target.received[0].input_tokens, 900);
  EXPECT_EQ(target.received[1].input_tokens, 1300);
  EXPECT_EQ(target.received[2].input_tokens, 1700);
  std::int64_t billed = 0;
  for (const auto& c : target.received) {
    EXPECT_EQ(c.output_tokens, 400);
    EXPECT_EQ(c.model_calls, 1);
    EXPECT_EQ(c.system_prompt_tokens, 0);
    EXPECT_EQ(c.max_tokens, 3000);
    billed += c.input_tokens;
  }
  EXPECT_EQ(billed, 3 * (800 + 100) + 400 * 3 * 2 / 2);

  ASSERT_EQ(h.listener.calls.size(), 1u);
  const auto& done = h.listener.calls[0];
  EXPECT_EQ(done.tag, 42u);
  EXPECT_EQ(done.result.status, CallStatus::ok);
  // Steps run one after another, 2 s each; the user sees the last step's first token (1 s before it ended).
  EXPECT_EQ(done.at, SimTime::zero() + Duration::seconds(6));
  EXPECT_EQ(done.result.first_token_at, SimTime::zero() + Duration::seconds(5));
  EXPECT_EQ(done.result.attempts, 3u);
}

TEST(ModelClient, APlainRequestIsOneCallWithTheSystemPromptInItsInput) {
  testing::ServiceHarness h;
  ScriptedTarget target(h.sim);
  ModelClient client(h.ctx, {&target}, 0);
  client.call(agent_request(1), h.listener, 1);
  h.sim.run_until(SimTime::zero() + Duration::minutes(1));
  ASSERT_EQ(target.received.size(), 1u);
  EXPECT_EQ(target.received[0].input_tokens, 900);
  ASSERT_EQ(h.listener.calls.size(), 1u);
}

TEST(ModelClient, TheFirstFailedStepEndsTheRequestWithItsStatusAndAttemptsAddUp) {
  testing::ServiceHarness h;
  ScriptedTarget target(h.sim);
  CallResult retried;
  retried.attempts = 2;
  CallResult throttled;
  throttled.status = CallStatus::throttled;
  throttled.attempts = 3;
  throttled.cold_start = true;
  target.script = {retried, throttled};
  ModelClient client(h.ctx, {&target}, 0);
  client.call(agent_request(4), h.listener, 7);
  h.sim.run_until(SimTime::zero() + Duration::minutes(1));
  EXPECT_EQ(target.received.size(), 2u);  // steps 3 and 4 never sent
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::throttled);
  EXPECT_EQ(h.listener.calls[0].result.attempts, 5u);
  EXPECT_TRUE(h.listener.calls[0].result.cold_start);
  EXPECT_EQ(h.listener.calls[0].result.first_token_at, SimTime::max());
}

TEST(ModelClient, CountsRequestsAndModelCallsPerWindow) {
  testing::ServiceHarness h;
  ScriptedTarget target(h.sim);
  ModelClient client(h.ctx, {&target}, 0);
  client.call(agent_request(3), h.listener, 1);
  client.call(agent_request(1), h.listener, 2);
  h.sim.run_until(SimTime::zero() + Duration::minutes(1));
  h.finish(SimTime::zero() + Duration::minutes(1));
  double calls = -1, requests = -1;
  for (const auto& c : h.metrics.counter_totals()) {
    if (c.component == "client" && c.name == "model_calls") calls = c.total;
    if (c.component == "client" && c.name == "requests") requests = c.total;
  }
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(requests, 2);
}

}  // namespace
}  // namespace fmsim::models
