// Bedrock on-demand quotas: requests-per-minute and tokens-per-minute token buckets (one minute's
// worth, refilled continuously), shared by targets of one pool, and the R7 trap (a 5 requests/s
// quota under ~50 users).
//
// A bucket of capacity C refilled at r per second admits at most C + r·w in ANY window of length w
// (it can hold C at the window's start and gains r·w during it) and, once drained, exactly r per
// second. The tests check the first bound over every sliding window of the run and the second
// against its derived value.
#include <cmath>
#include <iostream>
#include <vector>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/quota_pools.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/bedrock/call_drivers.h"
#include "tests/support/service_harness.h"
#include "tests/validation/confidence.h"

namespace fmsim::models {
namespace {

using fmsim::testing::ClosedLoopUsers;
using fmsim::testing::PoissonCaller;
using fmsim::testing::SentCall;
using sim::Duration;
using sim::SimTime;

constexpr std::uint64_t kQuotaSeed = 20250611;
using testing::kZ;

std::vector<SimTime> admitted_times(const std::vector<SentCall>& calls) {
  std::vector<SimTime> t;
  for (const SentCall& c : calls)
    if (c.result.status != CallStatus::throttled) t.push_back(c.sent);
  return t;
}

TEST(TokenBucket, StartsFullRefillsContinuouslyAndCaps) {
  TokenBucket b(300, 5);  // 300 per minute
  const SimTime t0 = SimTime::zero();
  EXPECT_DOUBLE_EQ(b.level(t0), 300);
  EXPECT_TRUE(b.try_take(t0, 300));
  EXPECT_FALSE(b.try_take(t0, 1));
  EXPECT_NEAR(b.level(SimTime::from_seconds(0.5)), 2.5, 1e-12);  // 5/s x 0.5 s
  EXPECT_FALSE(b.try_take(SimTime::from_seconds(0.5), 3));       // nothing taken on refusal
  EXPECT_TRUE(b.try_take(SimTime::from_seconds(0.6), 3));        // 3.0 exactly
  EXPECT_NEAR(b.level(SimTime::from_seconds(3600)), 300, 1e-9);  // capped at one minute's worth
  b.give_back(SimTime::from_seconds(3600), 50);                  // a refund cannot exceed capacity
  EXPECT_DOUBLE_EQ(b.level(SimTime::from_seconds(3600)), 300);
  b.give_back(SimTime::from_seconds(3600), -400);  // a settlement above the reservation: debt
  EXPECT_DOUBLE_EQ(b.level(SimTime::from_seconds(3600)), -100);
  EXPECT_FALSE(b.try_take(SimTime::from_seconds(3619.9), 0.5));  // -100 + 99.5 < 0.5
  EXPECT_TRUE(b.try_take(SimTime::from_seconds(3620.1), 0.5));   // -100 + 100.5 >= 0.5
}

TEST(QuotaPools, SamePoolSharedDifferentPoolsIndependent) {
  BedrockQuotaPools pools;
  BedrockQuota& a = pools.pool("claude-3-5-sonnet", 50, 400'000);
  BedrockQuota& b = pools.pool("claude-3-5-sonnet", 50, 400'000);
  BedrockQuota& c = pools.pool("us.claude-3-5-sonnet", 100, 800'000);
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  EXPECT_EQ(pools.size(), 2u);
  EXPECT_DOUBLE_EQ(a.requests->capacity(), 50);
  EXPECT_DOUBLE_EQ(a.tokens->rate_per_s(), 400'000 / 60.0);
  EXPECT_FALSE(pools.pool("nova-lite", std::nullopt, std::nullopt).requests.has_value());
  EXPECT_THROW(pools.pool("claude-3-5-sonnet", 60, 400'000), std::invalid_argument);
}

// 20 requests/s into a 300 RPM quota (5/s) for 30 min: every sliding window of w seconds admits
// at most 300 + 5 w, the first minute reaches that bound (the bucket starts full), and from then
// on the bucket admits 5/s.
TEST(OnDemandQuota, RequestsThroughTheQuotaStayWithinTheBucketEnvelope) {
  testing::ServiceHarness h(kQuotaSeed);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model();
  spec.requests_per_minute = 300;
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 30;
  const SimTime end = SimTime::from_seconds(1800);
  PoissonCaller src(h.sim, model, kQuotaSeed, 20.0, in, end);
  h.sim.run_until(end + Duration::minutes(1));

  const std::vector<SimTime> admitted = admitted_times(src.calls);
  for (double w : {1.0, 10.0, 60.0, 300.0, 1800.0}) {
    const std::size_t most = testing::max_count_in_window(admitted, Duration::from_seconds(w));
    const double bound = 300 + 5 * w;
    std::cout << "[quota] RPM 300, window " << w << " s: at most " << most << " admitted (bound " << bound << ")\n";
    EXPECT_LE(static_cast<double>(most), bound + 1e-9) << "window " << w;
  }
  // Not vacuous: the full bucket plus a minute's refill pass in the first minute (arrivals at 20/s
  // leave no token unused: level < 1 within 1/20 s of any token).
  EXPECT_GE(testing::max_count_in_window(admitted, Duration::seconds(60)), 595u);
  // Drained: 5/s. The level stays below 1 + 5 x (longest gap between arrivals, ~1 s in 36,000
  // arrivals), so the count in [10 min, 30 min] is 6,000 within a few.
  const auto in_span = std::count_if(admitted.begin(), admitted.end(), [](SimTime t) {
    return t >= SimTime::from_seconds(600) && t < SimTime::from_seconds(1800);
  });
  EXPECT_NEAR(static_cast<double>(in_span), 6000.0, 8.0);
  h.finish(end + Duration::minutes(1));
}

// Tokens: 60,000 TPM (1,000/s), calls of 500 input tokens with max_tokens 1,000 and output drawn
// uniformly from 0..1,000 (settled at the end: the unused reservation goes back). The net tokens
// taken in any window — reservations at starts minus refunds at ends — stay within
// 60,000 + 1,000 w; burndown 1 and output <= max_tokens, so no settlement ever runs into debt.
TEST(OnDemandQuota, TokensThroughTheQuotaStayWithinTheBucketEnvelope) {
  testing::ServiceHarness h(kQuotaSeed + 1);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model(0.4, 80);
  spec.tokens_per_minute = 60'000;
  BedrockOnDemand model(h.ctx, "haiku", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.max_tokens = 1000;
  const SimTime end = SimTime::from_seconds(1800);
  PoissonCaller src(h.sim, model, kQuotaSeed + 1, 4.0, in, end);
  src.vary_output(sim::Distribution::uniform(0, 1000));
  h.sim.run_until(end + Duration::minutes(1));

  std::vector<std::pair<SimTime, double>> flows;
  std::vector<SimTime> admitted;
  double settled_total = 0;
  std::size_t throttled = 0;
  for (const SentCall& c : src.calls) {
    if (c.result.status == CallStatus::throttled) {
      ++throttled;
      continue;
    }
    ASSERT_EQ(c.result.status, CallStatus::ok);
    flows.emplace_back(c.sent, 1500.0);
    flows.emplace_back(c.done, -(1000.0 - static_cast<double>(c.output_tokens)));
    settled_total += 500.0 + static_cast<double>(c.output_tokens);
    admitted.push_back(c.sent);
  }
  ASSERT_GT(throttled, 1000u);  // the quota binds: ~4/s offered against ~1/s settled
  for (double w : {1.0, 10.0, 60.0, 600.0}) {
    const double most = testing::max_sum_in_window(flows, Duration::from_seconds(w));
    const double bound = 60'000 + 1'000 * w;
    std::cout << "[quota] TPM 60k, window " << w << " s: at most " << most << " tokens net (bound " << bound << ")\n";
    EXPECT_LE(most, bound + 1e-6) << "window " << w;
  }
  // Long run: the settled tokens of calls started in [0, T] are at most 60,000 + 1,000 T.
  EXPECT_LE(settled_total, 60'000 + 1'000 * 1800.0);
  EXPECT_GE(settled_total, 0.9 * 1'000 * 1800.0);  // and the quota is actually used
  h.finish(end + Duration::minutes(1));
}

// Two targets of one pool share it: their admissions together stay within one bucket's envelope.
TEST(OnDemandQuota, TargetsOfOnePoolShareItsBuckets) {
  testing::ServiceHarness h(kQuotaSeed + 2);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model();
  spec.requests_per_minute = 120;
  BedrockOnDemand a(h.ctx, "a", spec, pools);
  BedrockOnDemand b(h.ctx, "b", spec, pools);
  BedrockOnDemandSpec other = spec;
  other.quota_pool = "profile";
  BedrockOnDemand c(h.ctx, "c", other, pools);
  for (Service* s : std::initializer_list<Service*>{&a, &b, &c}) s->start();
  CallInput in;
  in.input_tokens = 100;
  in.output_tokens = 10;
  const SimTime end = SimTime::from_seconds(600);
  PoissonCaller pa(h.sim, a, kQuotaSeed + 3, 5.0, in, end);
  PoissonCaller pb(h.sim, b, kQuotaSeed + 4, 5.0, in, end);
  PoissonCaller pc(h.sim, c, kQuotaSeed + 5, 5.0, in, end);
  h.sim.run_until(end + Duration::minutes(1));
  std::vector<SimTime> ab = admitted_times(pa.calls);
  const std::vector<SimTime> tb = admitted_times(pb.calls);
  ab.insert(ab.end(), tb.begin(), tb.end());
  std::sort(ab.begin(), ab.end());
  EXPECT_LE(static_cast<double>(ab.size()), 120 + 2.0 * 600);  // one bucket for a and b
  EXPECT_GE(static_cast<double>(ab.size()), 2.0 * 600 - 10);
  EXPECT_LE(static_cast<double>(testing::max_count_in_window(ab, Duration::seconds(60))), 120 + 2.0 * 60);
  // c has its own pool: it is as throttled alone as a and b are together.
  EXPECT_NEAR(static_cast<double>(admitted_times(pc.calls).size()), 120 + 2.0 * 600, 10);
  h.finish(end + Duration::minutes(1));
}

// R7, open loop: 50 users each sending a request every 5 s on average (Poisson, 10/s) into a
// 5 requests/s quota (300 RPM, bucket of 300). The full bucket drains at 10 - 5 = 5 requests/s,
// so throttling starts near t* = 300 / 5 = 60 s (the excess arrivals N(t) - 5t reach 300; N(t)
// has sd sqrt(10 t) ~ 24.5 at 60 s, i.e. +-4.9 s at 5/s of drift). From then on 5/s pass and the
// throttled share of arrivals is 1 - 5/10 = 50 %, up to the Poisson noise of the arrival count.
TEST(OnDemandQuota, R7FiftyUsersOpenLoopThrottleAsDerived) {
  testing::ServiceHarness h(kQuotaSeed + 6);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model();
  spec.requests_per_minute = 300;
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 200;
  const SimTime end = SimTime::from_seconds(3600);
  const double lambda = 10.0;
  PoissonCaller src(h.sim, model, kQuotaSeed + 6, lambda, in, end);
  h.sim.run_until(end + Duration::minutes(1));

  SimTime first = SimTime::max();
  double n = 0, admitted = 0;
  const SimTime from = SimTime::from_seconds(300);
  for (const SentCall& c : src.calls) {
    if (c.result.status == CallStatus::throttled && first == SimTime::max()) first = c.sent;
    if (c.sent < from) continue;
    ++n;
    if (c.result.status != CallStatus::throttled) ++admitted;
  }
  const double span = 3300;
  const double throttled_share = 1 - admitted / n;
  // 99.9 % range of the arrival count and the share it implies with 5/s admitted.
  const double mean_n = lambda * span, sd_n = std::sqrt(mean_n);
  const double lo = 1 - 5 * span / (mean_n - kZ * sd_n), hi = 1 - 5 * span / (mean_n + kZ * sd_n);
  std::cout << "[R7 open loop] first throttle at " << first.seconds_f() << " s (derived 60 +- "
            << kZ * std::sqrt(lambda * 60) / 5 << " s); throttled share after 5 min " << throttled_share
            << " (derived 0.5, 99.9 % range [" << lo << ", " << hi << "])\n";
  EXPECT_NEAR(first.seconds_f(), 60.0, kZ * std::sqrt(lambda * 60) / 5);
  EXPECT_NEAR(admitted, 5 * span, 8.0);
  EXPECT_GE(throttled_share, lo);
  EXPECT_LE(throttled_share, hi);
  h.finish(end + Duration::minutes(1));
}

// R7, closed loop: 50 users, each thinking Exp(mean Z = 2 s), then calling and waiting for the
// answer (R = 0.5 s + 30 tokens / 60 tok/s = 1 s when it passes, 0 when throttled at once). Once the
// bucket has drained, exactly 5 calls/s pass; each user is either thinking or waiting, so by
// Little's law N = lambda Z + 5 R, i.e. the users' call rate is lambda = (N - 5 R) / Z = 22.5/s and
// the throttled share 1 - 5 / lambda = 1 - 5 Z / (N - 5 R) = 7/9 = 0.778. The bucket drains at about
// N / (Z + R) - 5 = 11.7/s, so the first throttle comes after ~300 / 11.7 = 26 s.
TEST(OnDemandQuota, R7FiftyUsersClosedLoopThrottleAsDerived) {
  const int users = 50;
  const double think = 2.0, response = 1.0;
  const double theory = 1 - 5 * think / (users - 5 * response);
  std::vector<double> shares, firsts;
  for (int rep = 0; rep < 10; ++rep) {
    testing::ServiceHarness h(kQuotaSeed + 100 + static_cast<std::uint64_t>(rep));
    BedrockQuotaPools pools;
    BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 60);
    spec.requests_per_minute = 300;
    BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
    model.start();
    CallInput in;
    in.input_tokens = 500;
    in.output_tokens = 30;
    const SimTime end = SimTime::from_seconds(3600);
    ClosedLoopUsers loop(h.sim, model, kQuotaSeed + 200 + static_cast<std::uint64_t>(rep), users, think, in, end);
    h.sim.run_until(end + Duration::minutes(1));
    double n = 0, throttled = 0;
    SimTime first = SimTime::max();
    for (const SentCall& c : loop.calls) {
      if (c.result.status == CallStatus::throttled && first == SimTime::max()) first = c.sent;
      if (c.sent < SimTime::from_seconds(600)) continue;
      ++n;
      if (c.result.status == CallStatus::throttled) ++throttled;
    }
    shares.push_back(throttled / n);
    firsts.push_back(first.seconds_f());
    h.finish(end + Duration::minutes(1));
  }
  const validation::Estimate e = validation::t_interval(shares);
  const validation::Estimate f = validation::t_interval(firsts);
  validation::report(std::cout, "R7 closed loop, throttled share (50 users, 5 req/s)", theory, e);
  std::cout << "[R7 closed loop] first throttle after " << f.mean << " +- " << f.half_width << " s (fluid estimate 26 s)\n";
  EXPECT_TRUE(e.covers(theory)) << e.mean << " +- " << e.half_width;
  EXPECT_LE(e.relative_half_width(theory), 0.02);
  EXPECT_LT(f.mean, 40.0);  // "within seconds": well inside the first minute
}

}  // namespace
}  // namespace fmsim::models
