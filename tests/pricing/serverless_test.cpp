// SageMaker serverless endpoint: throttling past max concurrency, cold starts (and again after the
// idle timeout), timeouts during and after a cold start, provisioned concurrency, billing to the cent.
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <gtest/gtest.h>

#include "models/sagemaker/serverless_endpoint.h"
#include "tests/support/service_harness.h"
#include "tests/support/sim_time.h"

namespace fmsim::models {
namespace {

using sim::Distribution;
using sim::Duration;
using sim::SimTime;
using testing::ServiceHarness;

using testing::at_s;

// Cold start 2 s, TTFT 0.5 s, 10 tokens/s: a 100-token call is served in 0.5 + 10 = 10.5 s.
SageMakerServerlessSpec base_spec() {
  SageMakerServerlessSpec s;
  s.memory_mb = 2048;
  s.max_concurrency = 3;
  s.cold_start = Distribution::constant(2.0);
  s.idle_timeout = Distribution::constant(600.0);
  s.time_to_first_token = Distribution::constant(0.5);
  s.output_tokens_per_s = 10;
  s.price_per_gb_second_usd = 0.00002;
  s.provisioned_price_per_gb_second_usd = 0.0000048;
  return s;
}

CallInput tokens(std::int64_t output) {
  CallInput in;
  in.input_tokens = 50;
  in.output_tokens = output;
  return in;
}

// Issues calls at scheduled times (one pending event at a time, like an arrival driver).
struct Caller {
  ServiceHarness& h;
  Service& target;
  std::int64_t output_tokens = 100;
  CallTag next_tag = 0;
  void fire(std::uint64_t) { target.call(tokens(output_tokens), h.listener, next_tag++); }
  void at(double s) { h.sim.schedule_at<&Caller::fire>(at_s(s), this); }
};

TEST(ServerlessEndpoint, ThrottlesPastMaxConcurrency) {
  ServiceHarness h;
  ServerlessEndpoint ep(h.ctx, "sls", base_spec());
  ep.start();
  Caller c{h, ep};
  for (int i = 0; i < 5; ++i) c.at(0);
  c.at(13);  // all three environments idle and warm by then
  h.sim.run_until(at_s(100));
  h.finish(h.sim.now());

  ASSERT_EQ(h.listener.calls.size(), 6u);
  // Calls 3 and 4 find three environments starting: throttled at once, at t = 0.
  EXPECT_EQ(h.listener.calls[0].tag, 3u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::throttled);
  EXPECT_EQ(h.listener.calls[0].at, at_s(0));
  EXPECT_EQ(h.listener.calls[1].tag, 4u);
  EXPECT_EQ(h.listener.calls[1].result.status, CallStatus::throttled);
  // Calls 0-2: cold start 2 s + 10.5 s service = 12.5 s; first token at 2.5 s.
  for (int i = 2; i < 5; ++i) {
    const auto& r = h.listener.calls[i];
    EXPECT_EQ(r.result.status, CallStatus::ok);
    EXPECT_TRUE(r.result.cold_start);
    EXPECT_EQ(r.at, at_s(12.5));
    EXPECT_EQ(r.result.first_token_at, at_s(2.5));
  }
  // Call 5 at 13 s: warm, 10.5 s.
  EXPECT_EQ(h.listener.calls[5].tag, 5u);
  EXPECT_FALSE(h.listener.calls[5].result.cold_start);
  EXPECT_EQ(h.listener.calls[5].at, at_s(23.5));
  EXPECT_EQ(ep.environments(), 3);
  EXPECT_EQ(ep.calls_in_flight(), 0u);
  // Billing: 4 calls x 10.5 s x 2 GB x $0.00002 = $0.00168 (cold starts not billed).
  EXPECT_NEAR(h.cost_of("sls.compute"), 0.00168, 1e-12);
}

TEST(ServerlessEndpoint, ColdStartAgainAfterIdleTimeout) {
  ServiceHarness h;
  auto spec = base_spec();
  spec.max_concurrency = 1;
  ServerlessEndpoint ep(h.ctx, "sls", spec);
  ep.start();
  Caller c{h, ep};
  c.at(0);              // cold; done 12.5 s; idle from 12.5 s, expires at 612.5 s
  c.at(612.5 - 0.001);  // warm, just before the expiry; done 622.999; expires 1222.999
  c.at(1223.5);         // after the expiry: cold again
  h.sim.run_until(at_s(2000));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 3u);
  EXPECT_TRUE(h.listener.calls[0].result.cold_start);
  EXPECT_FALSE(h.listener.calls[1].result.cold_start);
  EXPECT_TRUE(h.listener.calls[2].result.cold_start);
  EXPECT_EQ(h.listener.calls[2].at, at_s(1223.5 + 12.5));
  // Counters: 2 cold starts; scale-downs at 1222.999 s and 1836 s.
  double cold = -1, downs = -1;
  for (const auto& t : h.metrics.counter_totals()) {
    if (t.name == "cold_starts") cold = t.total;
    if (t.name == "scale_downs") downs = t.total;
  }
  EXPECT_EQ(cold, 2);
  EXPECT_EQ(downs, 2);
  EXPECT_EQ(ep.environments(), 0);
}

TEST(ServerlessEndpoint, TimeoutWhileServingBillsTheComputeTime) {
  ServiceHarness h;
  auto spec = base_spec();
  spec.memory_mb = 1024;
  spec.cold_start = Distribution::constant(30.0);
  ServerlessEndpoint ep(h.ctx, "sls", spec);
  ep.start();
  Caller c{h, ep, 395};  // 0.5 + 39.5 = 40 s of service from t = 30 s: past the 60 s limit
  c.at(0);
  h.sim.run_until(at_s(200));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[0].at, at_s(60));
  // 30 s computed (30 s to 60 s) x 1 GB x $0.00002 = $0.0006.
  EXPECT_NEAR(h.cost_of("sls.compute"), 0.0006, 1e-12);
  EXPECT_EQ(ep.environments(), 1);  // idle, warm
}

TEST(ServerlessEndpoint, TimeoutDuringColdStartLeavesAWarmEnvironment) {
  ServiceHarness h;
  auto spec = base_spec();
  spec.max_concurrency = 1;
  spec.cold_start = Distribution::constant(70.0);
  ServerlessEndpoint ep(h.ctx, "sls", spec);
  ep.start();
  Caller c{h, ep};
  c.at(0);   // times out at 60 s, still starting; no compute billed
  c.at(65);  // takes over the environment still starting: a cold start, served from 70 s
  c.at(66);  // the only environment is taken: throttled
  c.at(90);  // warm
  h.sim.run_until(at_s(300));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 4u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[0].at, at_s(60));
  EXPECT_EQ(h.listener.calls[1].tag, 2u);
  EXPECT_EQ(h.listener.calls[1].result.status, CallStatus::throttled);
  EXPECT_EQ(h.listener.calls[2].tag, 1u);
  EXPECT_TRUE(h.listener.calls[2].result.cold_start);
  EXPECT_EQ(h.listener.calls[2].at, at_s(80.5));
  EXPECT_EQ(h.listener.calls[3].tag, 3u);
  EXPECT_FALSE(h.listener.calls[3].result.cold_start);
  EXPECT_EQ(h.listener.calls[3].at, at_s(100.5));
  // Two calls of 10.5 s x 2 GB x $0.00002.
  EXPECT_NEAR(h.cost_of("sls.compute"), 2 * 10.5 * 2 * 0.00002, 1e-12);
}

TEST(ServerlessEndpoint, BillingPerMillisecondToTheCent) {
  // 100,000 calls 4 s apart (the first cold: 2 s + service), each 0.2345678 s + 10 tokens / 10 tok/s = 1.2345678 s each, at 6 GB.
  // Billed per call: ceil to 1.235 s x 6 GB x $0.00002 = $0.0001482; x 100,000 = $14.82.
  // (Without the rounding it would be $14.8148 -> $14.81: the millisecond rounding shows.)
  ServiceHarness h;
  auto spec = base_spec();
  spec.memory_mb = 6144;
  spec.max_concurrency = 1;
  spec.time_to_first_token = Distribution::constant(0.2345678);
  ServerlessEndpoint ep(h.ctx, "sls", spec);
  ep.start();
  struct Every4s {
    ServiceHarness& h;
    Service& target;
    std::int64_t left;
    void fire(std::uint64_t) {
      target.call(tokens(10), h.listener, 0);
      if (--left > 0) h.sim.schedule_in<&Every4s::fire>(Duration::seconds(4), this);
    }
  } driver{h, ep, 100'000};
  h.sim.schedule_at<&Every4s::fire>(at_s(0), &driver);
  h.sim.run_until(at_s(400'010));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 100'000u);
  for (const auto& c : h.listener.calls) ASSERT_EQ(c.result.status, CallStatus::ok);
  EXPECT_EQ(std::round(h.cost_of("sls.compute") * 100) / 100, 14.82);
  EXPECT_NEAR(h.cost_of("sls.compute"), 14.82, 1e-9);
  EXPECT_EQ(h.cost_of("sls.provisioned_concurrency"), 0);
}

TEST(ServerlessEndpoint, ProvisionedConcurrencyIsWarmAndBilledByTime) {
  // 2 provisioned environments of 4 GB for 24 h: 2 x 4 x $0.0000048 x 86,400 s = $3.31776 -> $3.32.
  ServiceHarness h;
  auto spec = base_spec();
  spec.memory_mb = 4096;
  spec.provisioned_concurrency = 2;
  ServerlessEndpoint ep(h.ctx, "sls", spec);
  ep.start();
  Caller c{h, ep};
  c.at(10);
  c.at(10);
  c.at(10);  // the third needs an on-demand environment: cold
  h.sim.run_until(at_s(86'400));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 3u);
  EXPECT_FALSE(h.listener.calls[0].result.cold_start);
  EXPECT_FALSE(h.listener.calls[1].result.cold_start);
  EXPECT_TRUE(h.listener.calls[2].result.cold_start);
  EXPECT_NEAR(h.cost_of("sls.provisioned_concurrency"), 3.31776, 1e-9);
  // Compute: 3 x 10.5 s x 4 GB x $0.00002 = $0.00252.
  EXPECT_NEAR(h.cost_of("sls.compute"), 0.00252, 1e-12);
  EXPECT_EQ(ep.environments(), 2);  // the on-demand one scaled down after 600 s idle
}

TEST(ServerlessEndpoint, RejectsSpecsOutsideTheLimits) {
  ServiceHarness h;
  auto bad = [&](auto edit) {
    auto s = base_spec();
    edit(s);
    EXPECT_THROW(ServerlessEndpoint(h.ctx, "x", s), std::invalid_argument);
  };
  bad([](auto& s) { s.memory_mb = 512; });
  bad([](auto& s) { s.memory_mb = 1536; });
  bad([](auto& s) { s.memory_mb = 7168; });
  bad([](auto& s) { s.max_concurrency = 0; });
  bad([](auto& s) { s.max_concurrency = 201; });
  bad([](auto& s) { s.provisioned_concurrency = 4; });
  bad([](auto& s) { s.price_per_gb_second_usd = -1; });
}

}  // namespace
}  // namespace fmsim::models
