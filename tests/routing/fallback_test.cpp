// The routed model client: a failed call moves on along its rule's chain for each reason the rule
// falls back on (throttle, capacity, error, timeout), and ends the request when the reason is
// switched off or the chain is exhausted; every agent step walks the chain from its start; and
// TargetMetrics counts routed, calls by status, fallbacks by reason, call latency and served.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "models/deployment/model_client.h"
#include "models/metrics/target_metrics.h"
#include "tests/routing/routing_test_support.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::FakeTarget;

struct ChainFixture {
  explicit ChainFixture(std::size_t n_targets = 3)
      : metrics(Duration::hours(1), names(n_targets), nullptr) {
    for (std::size_t i = 0; i < n_targets; ++i) fakes.push_back(std::make_unique<FakeTarget>(h.sim));
  }
  static std::vector<std::string> names(std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::string(1, static_cast<char>('a' + i)));
    return out;
  }
  std::vector<Service*> services() {
    std::vector<Service*> out;
    for (auto& f : fakes) out.push_back(f.get());
    return out;
  }
  // One rule matching everything: target a, fallback b (and c ...).
  RouterSpec chain_spec(std::vector<std::int32_t> fallback = {1}) {
    RouterSpec spec;
    RouteRuleSpec r;
    r.name = "all";
    r.targets = {0};
    r.fallback = std::move(fallback);
    spec.rules = {r};
    return spec;
  }
  std::vector<TargetTotals> finish() {
    const SimTime end = SimTime::zero() + Duration::hours(1);
    h.sim.run_until(end);
    metrics.finish(end);
    h.finish(end);
    return metrics.totals();
  }
  testing::ServiceHarness h;
  TargetMetrics metrics;
  std::vector<std::unique_ptr<FakeTarget>> fakes;
};

CallInput agent(std::int32_t k) {
  CallInput in;
  in.system_prompt_tokens = 800;
  in.input_tokens = 100;
  in.output_tokens = 400;
  in.model_calls = k;
  return in;
}

std::size_t at(CallStatus s) { return static_cast<std::size_t>(s); }
std::size_t at(FallbackReason r) { return static_cast<std::size_t>(r); }

struct ReasonCase {
  CallStatus status;
  FallbackReason reason;
};
class FallbackByReason : public ::testing::TestWithParam<ReasonCase> {};

TEST_P(FallbackByReason, AFailureTheRuleFallsBackOnMovesTheCallToTheNextTarget) {
  const auto [status, reason] = GetParam();
  ChainFixture f;
  f.fakes[0]->status = status;
  ModelClient client(f.h.ctx, f.services(), f.chain_spec(), &f.metrics);
  client.call(agent(1), f.h.listener, 9);
  const auto totals = f.finish();

  ASSERT_EQ(f.h.listener.calls.size(), 1u);
  EXPECT_EQ(f.h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(f.h.listener.calls[0].result.attempts, 2u);  // one on a, one on b
  ASSERT_EQ(f.fakes[1]->received.size(), 1u);
  EXPECT_EQ(f.fakes[1]->received[0].input_tokens, 900);  // the same call, resent
  EXPECT_EQ(f.fakes[1]->received_at[0], SimTime::zero() + Duration::seconds(1));  // when a answered

  const TargetCounts& a = totals[0].counts;
  const TargetCounts& b = totals[1].counts;
  EXPECT_EQ(a.routed, 1u);
  EXPECT_EQ(b.routed, 0u);
  EXPECT_EQ(a.calls, 1u);
  EXPECT_EQ(a.ended[at(status)], 1u);
  EXPECT_EQ(a.fallbacks[at(reason)], 1u);
  EXPECT_EQ(a.served, 0u);
  EXPECT_EQ(b.calls, 1u);
  EXPECT_EQ(b.ended[at(CallStatus::ok)], 1u);
  EXPECT_EQ(b.served, 1u);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", std::string("fallbacks_") + fallback_reason_name(reason)), 1);
}

TEST_P(FallbackByReason, AReasonSwitchedOffEndsTheRequestWithThatStatus) {
  const auto [status, reason] = GetParam();
  ChainFixture f;
  f.fakes[0]->status = status;
  RouterSpec spec = f.chain_spec();
  spec.rules[0].fallback_on = {true, true, true, true};
  spec.rules[0].fallback_on[at(reason)] = false;
  ModelClient client(f.h.ctx, f.services(), spec, &f.metrics);
  client.call(agent(1), f.h.listener, 9);
  const auto totals = f.finish();

  ASSERT_EQ(f.h.listener.calls.size(), 1u);
  EXPECT_EQ(f.h.listener.calls[0].result.status, status);
  EXPECT_TRUE(f.fakes[1]->received.empty());
  EXPECT_EQ(totals[0].counts.fallbacks[at(reason)], 0u);
  EXPECT_EQ(totals[0].counts.ended[at(status)], 1u);
  EXPECT_EQ(totals[0].counts.served, 0u);
  EXPECT_EQ(totals[1].counts.calls, 0u);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", std::string("fallbacks_") + fallback_reason_name(reason)), 0);
}

INSTANTIATE_TEST_SUITE_P(Reasons, FallbackByReason,
                         ::testing::Values(ReasonCase{CallStatus::throttled, FallbackReason::throttle},
                                           ReasonCase{CallStatus::rejected, FallbackReason::capacity},
                                           ReasonCase{CallStatus::error, FallbackReason::error},
                                           ReasonCase{CallStatus::timed_out, FallbackReason::timeout}),
                         [](const auto& p) { return std::string(fallback_reason_name(p.param.reason)); });

TEST(Fallback, AnImmediateAnswerInsideCallFallsBackToo) {
  ChainFixture f;
  f.fakes[0]->status = CallStatus::throttled;
  f.fakes[0]->delay = Duration::zero();  // a 429 answered inside call(), as quotas do
  ModelClient client(f.h.ctx, f.services(), f.chain_spec(), &f.metrics);
  client.call(agent(1), f.h.listener, 9);
  f.finish();
  ASSERT_EQ(f.h.listener.calls.size(), 1u);
  EXPECT_EQ(f.h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(f.fakes[1]->received_at.at(0), SimTime::zero());
}

TEST(Fallback, AnExhaustedChainEndsTheRequestWithTheLastFailure) {
  ChainFixture f;
  f.fakes[0]->status = CallStatus::throttled;
  f.fakes[1]->status = CallStatus::rejected;
  f.fakes[2]->status = CallStatus::error;
  ModelClient client(f.h.ctx, f.services(), f.chain_spec({1, 2}), &f.metrics);
  client.call(agent(1), f.h.listener, 9);
  const auto totals = f.finish();
  ASSERT_EQ(f.h.listener.calls.size(), 1u);
  EXPECT_EQ(f.h.listener.calls[0].result.status, CallStatus::error);
  EXPECT_EQ(f.h.listener.calls[0].at, SimTime::zero() + Duration::seconds(3));  // three hops of 1 s
  EXPECT_EQ(totals[0].counts.fallbacks[at(FallbackReason::throttle)], 1u);
  EXPECT_EQ(totals[1].counts.fallbacks[at(FallbackReason::capacity)], 1u);
  std::uint64_t c_fallbacks = 0;
  for (const auto n : totals[2].counts.fallbacks) c_fallbacks += n;
  EXPECT_EQ(c_fallbacks, 0u);  // nowhere left to go: not a fallback
  EXPECT_EQ(totals[2].counts.ended[at(CallStatus::error)], 1u);
  for (const auto& t : totals) EXPECT_EQ(t.counts.served, 0u);
}

TEST(Fallback, TheDefaultRouteNeverFallsBack) {
  ChainFixture f;
  f.fakes[0]->status = CallStatus::throttled;
  RouterSpec spec = f.chain_spec();
  spec.rules[0].when.classes = std::vector<std::int32_t>{3};  // matches nothing here
  ModelClient client(f.h.ctx, f.services(), spec, &f.metrics);
  client.call(agent(1), f.h.listener, 9);
  const auto totals = f.finish();
  EXPECT_EQ(f.h.listener.calls.at(0).result.status, CallStatus::throttled);
  EXPECT_TRUE(f.fakes[1]->received.empty());
  EXPECT_EQ(totals[0].counts.routed, 1u);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", "default_matched"), 1);
}

TEST(Fallback, EveryAgentStepWalksTheChainFromItsStart) {
  ChainFixture f;
  // a: step 1 throttled, step 2 ok, step 3 times out; b answers ok.
  f.fakes[0]->script = {CallStatus::throttled, CallStatus::ok, CallStatus::timed_out};
  ModelClient client(f.h.ctx, f.services(), f.chain_spec(), &f.metrics);
  client.call(agent(3), f.h.listener, 9);
  const auto totals = f.finish();

  ASSERT_EQ(f.h.listener.calls.size(), 1u);
  EXPECT_EQ(f.h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(f.h.listener.calls[0].at, SimTime::zero() + Duration::seconds(5));
  EXPECT_EQ(f.h.listener.calls[0].result.attempts, 5u);
  // a saw steps 1, 2 and 3; b steps 1 and 3, each with that step's prompt S + u + (i-1)·o.
  ASSERT_EQ(f.fakes[0]->received.size(), 3u);
  ASSERT_EQ(f.fakes[1]->received.size(), 2u);
  EXPECT_EQ(f.fakes[0]->received[0].input_tokens, 900);
  EXPECT_EQ(f.fakes[0]->received[1].input_tokens, 1300);
  EXPECT_EQ(f.fakes[0]->received[2].input_tokens, 1700);
  EXPECT_EQ(f.fakes[1]->received[0].input_tokens, 900);
  EXPECT_EQ(f.fakes[1]->received[1].input_tokens, 1700);

  EXPECT_EQ(totals[0].counts.routed, 1u);  // once per request, however many steps
  EXPECT_EQ(totals[0].counts.calls, 3u);
  EXPECT_EQ(totals[1].counts.calls, 2u);
  EXPECT_EQ(totals[0].counts.fallbacks[at(FallbackReason::throttle)], 1u);
  EXPECT_EQ(totals[0].counts.fallbacks[at(FallbackReason::timeout)], 1u);
  EXPECT_EQ(totals[0].counts.served, 0u);
  EXPECT_EQ(totals[1].counts.served, 1u);  // the last call's target
  EXPECT_EQ(testing::counter_total(f.h.metrics, "client", "model_calls"), 5);
}

TEST(Fallback, CallLatencyRunsFromSendingToTheOkAnswer) {
  ChainFixture f;
  f.fakes[0]->delay = Duration::seconds(2);
  ModelClient client(f.h.ctx, f.services(), f.chain_spec(), &f.metrics);
  for (int i = 0; i < 10; ++i) client.call(agent(2), f.h.listener, static_cast<CallTag>(i));
  const auto totals = f.finish();
  EXPECT_EQ(totals[0].call_latency.count(), 20u);
  EXPECT_NEAR(totals[0].call_latency.quantile(0.5), 2.0, 0.02);  // histogram: <= 1 % error
  EXPECT_EQ(totals[0].counts.served, 10u);
  EXPECT_EQ(totals[0].counts.routed, 10u);
}

TEST(Fallback, AFailedCallsLatencyIsNotRecorded) {
  ChainFixture f;
  f.fakes[0]->status = CallStatus::error;
  ModelClient client(f.h.ctx, f.services(), f.chain_spec(), &f.metrics);
  client.call(agent(1), f.h.listener, 1);
  const auto totals = f.finish();
  EXPECT_EQ(totals[0].call_latency.count(), 0u);
  EXPECT_EQ(totals[1].call_latency.count(), 1u);
}

}  // namespace
}  // namespace fmsim::models
