// has_free_capacity, what a router's first_free asks, on each target kind: whether a call like
// this one, sent now, would start at once (neither throttled nor queued, nor cold-starting), and
// that asking changes nothing.
#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/bedrock_provisioned.h"
#include "models/bedrock/quota_pools.h"
#include "models/client/retrying_caller.h"
#include "models/deployment/station_target.h"
#include "models/sagemaker/realtime_endpoint.h"
#include "models/sagemaker/serverless_endpoint.h"
#include "tests/routing/routing_test_support.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Distribution;
using sim::Duration;
using sim::SimTime;

SimTime at_s(double s) { return SimTime::from_seconds(s); }

CallInput call_of(std::int64_t input, std::int64_t output, std::int64_t max_tokens = -1) {
  CallInput in;
  in.input_tokens = input;
  in.output_tokens = output;
  in.max_tokens = max_tokens;
  return in;
}

TEST(FreeCapacity, AStationIsFreeWithAnIdleServerAndNobodyWaiting) {
  testing::ServiceHarness h;
  StationSpec spec;
  spec.servers = 2;
  spec.service_time = Distribution::constant(10);
  StationTarget station(h.ctx, "server", spec);
  station.start();
  const CallInput c = call_of(100, 10);
  EXPECT_TRUE(station.has_free_capacity(c));
  station.call(c, h.listener, 1);
  EXPECT_TRUE(station.has_free_capacity(c));  // one of two busy
  station.call(c, h.listener, 2);
  EXPECT_FALSE(station.has_free_capacity(c));
  station.call(c, h.listener, 3);  // waits
  h.sim.run_until(at_s(10.5));     // two done, the waiting one took a server
  EXPECT_TRUE(station.has_free_capacity(c));
  h.sim.run_until(at_s(30));
  EXPECT_TRUE(station.has_free_capacity(c));
  EXPECT_EQ(h.listener.calls.size(), 3u);
}

BedrockOnDemandSpec quota_model(std::optional<double> rpm, std::optional<double> tpm) {
  BedrockOnDemandSpec s;
  s.model = "test-model";
  s.time_to_first_token = Distribution::constant(0.5);
  s.output_tokens_per_s = Distribution::constant(100);
  s.load = FleetLoadSpec::flat();
  s.requests_per_minute = rpm;
  s.tokens_per_minute = tpm;
  return s;
}

TEST(FreeCapacity, OnDemandIsFreeWhileTheRequestsPerMinuteBucketHoldsOne) {
  testing::ServiceHarness h;
  BedrockQuotaPools pools;
  BedrockOnDemand model(h.ctx, "m", quota_model(2, std::nullopt), pools);
  model.start();
  const CallInput c = call_of(100, 10);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(model.has_free_capacity(c));  // asking takes nothing
  model.call(c, h.listener, 1);
  EXPECT_TRUE(model.has_free_capacity(c));
  model.call(c, h.listener, 2);
  EXPECT_FALSE(model.has_free_capacity(c));
  h.sim.run_until(at_s(29.9));
  EXPECT_FALSE(model.has_free_capacity(c));
  h.sim.run_until(at_s(30));  // 2 per minute: one request back after 30 s
  EXPECT_TRUE(model.has_free_capacity(c));
  model.call(c, h.listener, 3);
  h.sim.run_until(at_s(60));
  for (const auto& done : h.listener.calls) EXPECT_EQ(done.result.status, CallStatus::ok);
}

TEST(FreeCapacity, OnDemandIsFreeWhenTheTokensPerMinuteBucketHoldsTheReservation) {
  testing::ServiceHarness h;
  BedrockQuotaPools pools;
  BedrockOnDemand model(h.ctx, "m", quota_model(std::nullopt, 1000), pools);
  model.start();
  // A call reserves input + max_tokens: 100 + 500.
  const CallInput big = call_of(100, 10, 500);
  const CallInput small = call_of(100, 10, 290);
  EXPECT_TRUE(model.has_free_capacity(big));
  model.call(big, h.listener, 1);  // 400 left
  EXPECT_FALSE(model.has_free_capacity(big));
  EXPECT_TRUE(model.has_free_capacity(small));  // 390 fits
  model.call(small, h.listener, 2);
  EXPECT_EQ(h.listener.calls.size(), 0u);  // neither was throttled
  EXPECT_FALSE(model.has_free_capacity(small));
}

BedrockProvisionedSpec units(double tokens_per_minute) {
  BedrockProvisionedSpec s;
  s.model = "test-model";
  s.units = DailyScheduleSpec::constant(1);
  s.tokens_per_minute_per_unit = tokens_per_minute;
  s.max_queue_wait = Duration::seconds(5);
  s.time_to_first_token = Distribution::constant(0.2);
  s.output_tokens_per_s = Distribution::constant(100);
  return s;
}

TEST(FreeCapacity, ProvisionedIsFreeWhenTheWindowAdmitsTheCallAndNobodyWaits) {
  testing::ServiceHarness h;
  BedrockProvisioned pt(h.ctx, "pt", units(1000));
  pt.start();
  const CallInput c = call_of(100, 300);  // 400 tokens
  EXPECT_TRUE(pt.has_free_capacity(c));
  pt.call(c, h.listener, 1);
  EXPECT_TRUE(pt.has_free_capacity(c));  // 800 of 1000
  pt.call(c, h.listener, 2);
  EXPECT_FALSE(pt.has_free_capacity(c));
  EXPECT_TRUE(pt.has_free_capacity(call_of(100, 100)));  // 200 still fit
  EXPECT_FALSE(pt.has_free_capacity(call_of(1000, 1)));  // more than a minute's budget: never
  pt.call(c, h.listener, 3);                              // waits in the queue
  EXPECT_FALSE(pt.has_free_capacity(call_of(1, 1)));     // a newcomer would queue behind it
  h.sim.run_until(at_s(4));
  EXPECT_EQ(pt.queue_length(), 1u);
  h.sim.run_until(at_s(6));  // its wait ran out: spilled
  EXPECT_EQ(pt.queue_length(), 0u);
  EXPECT_TRUE(pt.has_free_capacity(call_of(100, 100)));
  h.sim.run_until(at_s(60));  // the first two leave the window
  EXPECT_TRUE(pt.has_free_capacity(c));
  EXPECT_EQ(h.listener.calls.size(), 3u);
}

TEST(FreeCapacity, ARealtimeEndpointIsFreeWithAnInServiceInstanceBelowItsConcurrency) {
  testing::ServiceHarness h;
  SageMakerEndpointSpec spec;
  spec.instance_type = "ml.g5.xlarge";
  spec.instances = DailyScheduleSpec::constant(1);
  spec.server.max_concurrency = 2;
  spec.server.service_time = Distribution::constant(10);
  RealtimeEndpoint ep(h.ctx, "sm", spec);
  ep.start();
  const CallInput c = call_of(100, 10);
  EXPECT_TRUE(ep.has_free_capacity(c));
  ep.call(c, h.listener, 1);
  EXPECT_TRUE(ep.has_free_capacity(c));
  ep.call(c, h.listener, 2);
  EXPECT_FALSE(ep.has_free_capacity(c));
  ep.call(c, h.listener, 3);  // queued
  EXPECT_EQ(ep.queue_length(), 1u);
  EXPECT_FALSE(ep.has_free_capacity(c));
  h.sim.run_until(at_s(50));
  EXPECT_TRUE(ep.has_free_capacity(c));
  EXPECT_EQ(h.listener.calls.size(), 3u);
}

SageMakerServerlessSpec serverless(std::int32_t provisioned) {
  SageMakerServerlessSpec s;
  s.memory_mb = 2048;
  s.max_concurrency = 2;
  s.provisioned_concurrency = provisioned;
  s.cold_start = Distribution::constant(2.0);
  s.idle_timeout = Distribution::constant(600.0);
  s.time_to_first_token = Distribution::constant(0.5);
  s.output_tokens_per_s = 10;
  return s;
}

TEST(FreeCapacity, AServerlessEndpointIsFreeOnlyWithAWarmIdleEnvironment) {
  testing::ServiceHarness h;
  ServerlessEndpoint ep(h.ctx, "sls", serverless(0));
  ep.start();
  const CallInput c = call_of(50, 10);  // 0.5 + 1 s of service
  EXPECT_FALSE(ep.has_free_capacity(c));  // would cold-start
  ep.call(c, h.listener, 1);
  EXPECT_FALSE(ep.has_free_capacity(c));
  h.sim.run_until(at_s(10));  // served; the environment stays warm for 600 s
  EXPECT_TRUE(ep.has_free_capacity(c));
  ep.call(c, h.listener, 2);  // takes it
  EXPECT_FALSE(ep.has_free_capacity(c));
  h.sim.run_until(at_s(700));  // idle past the timeout: scaled down
  EXPECT_FALSE(ep.has_free_capacity(c));
}

TEST(FreeCapacity, AServerlessEndpointWithProvisionedConcurrencyIsFreeFromTheStart) {
  testing::ServiceHarness h;
  ServerlessEndpoint ep(h.ctx, "sls", serverless(1));
  ep.start();
  const CallInput c = call_of(50, 10);
  EXPECT_TRUE(ep.has_free_capacity(c));
  ep.call(c, h.listener, 1);
  EXPECT_FALSE(ep.has_free_capacity(c));
}

TEST(FreeCapacity, ARetryingCallerAsksTheTargetItWraps) {
  testing::ServiceHarness h;
  testing::FakeTarget target(h.sim);
  RetryingCaller sdk(h.ctx, "t.sdk", RetrySpec{}, target);
  const CallInput c = call_of(100, 10);
  target.free = false;
  EXPECT_FALSE(sdk.has_free_capacity(c));
  target.free = true;
  EXPECT_TRUE(sdk.has_free_capacity(c));
  ASSERT_EQ(target.probed.size(), 2u);
  EXPECT_EQ(target.probed[1].input_tokens, 100);
}

}  // namespace
}  // namespace fmsim::models
