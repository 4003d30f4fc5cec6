// Retries against a Bedrock quota: retries go back through the model's quota, so when arrivals
// exceed it retry storms emerge — and the SDK's retry quota and adaptive rate limiter are what
// damp them. One model with a 300 RPM (5 requests/s) quota, Poisson requests for an hour,
// measured after the first 5 minutes.
#include <cmath>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/client/retrying_caller.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/bedrock/call_drivers.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using fmsim::testing::PoissonCaller;
using fmsim::testing::SentCall;
using sim::Duration;
using sim::SimTime;

constexpr std::uint64_t kSeed = 20250614;
constexpr double kZ = 3.2905267;  // 99.9 % two-sided
constexpr double kHorizon = 3600, kFrom = 300;

struct StormFigures {
  double requests = 0, ok = 0, ok_first = 0, ok_retried = 0, attempts = 0;
  double throttled_attempts = 0, quota_exhausted = 0, limiter_delay_s = 0, retries = 0;
  double unfinished = 0;  // still waiting (for a send token) when the run ends
  double attempts_per_request() const { return attempts / requests; }
  double failed_share() const { return 1 - ok / requests; }
  double throttled_attempt_share() const { return throttled_attempts / attempts; }
};

double counter_or_minus_one(const testing::ServiceHarness& h, const std::string& component, const std::string& name) {
  for (const auto& c : h.metrics.counter_totals())
    if (c.component == component && c.name == name) return c.total;
  return -1;
}

// Requests at `rate` per second through a RetryingCaller with `retry` into the quota'd model.
StormFigures run_storm(double rate, const RetrySpec& retry, std::uint64_t seed) {
  testing::ServiceHarness h(seed);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 60);
  spec.requests_per_minute = 300;
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  RetryingCaller client(h.ctx, "sonnet.sdk", retry, model);
  model.start();
  client.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 30;
  const SimTime end = SimTime::from_seconds(kHorizon);
  PoissonCaller src(h.sim, client, seed, rate, in, end);
  h.sim.run_until(end + Duration::minutes(5));
  h.finish(end + Duration::minutes(5));
  StormFigures f;
  for (const SentCall& c : src.calls) {
    if (c.sent < SimTime::from_seconds(kFrom)) continue;
    if (c.done == SimTime::max()) {
      ++f.unfinished;
      continue;
    }
    ++f.requests;
    f.attempts += c.result.attempts;
    if (c.result.status == CallStatus::ok) {
      ++f.ok;
      (c.result.attempts == 1 ? f.ok_first : f.ok_retried) += 1;
    }
  }
  // Whole-run counters (the caller's and the model's), for the shares of attempts.
  f.throttled_attempts = counter_or_minus_one(h, "sonnet", "throttled_rpm");
  const double all_attempts = counter_or_minus_one(h, "sonnet.sdk", "attempts");
  f.throttled_attempts *= f.attempts / all_attempts;  // scaled to the measured span
  f.quota_exhausted = counter_or_minus_one(h, "sonnet.sdk", "quota_exhausted");
  f.limiter_delay_s = counter_or_minus_one(h, "sonnet.sdk", "rate_limited_delay_seconds");
  f.retries = counter_or_minus_one(h, "sonnet.sdk", "retries");
  return f;
}

void print(const char* what, const StormFigures& f) {
  std::cout << "[storm] " << what << ": " << f.attempts_per_request() << " attempts per request, "
            << 100 * f.failed_share() << " % of requests fail, " << 100 * f.throttled_attempt_share()
            << " % of attempts throttled, quota exhausted " << f.quota_exhausted << " times, limiter delay "
            << f.limiter_delay_s << " s in all, " << f.unfinished << " requests still waiting at the end\n";
}

RetrySpec standard_without_quota() {
  RetrySpec r;
  r.quota_capacity = 0;
  return r;
}

// At half the quota nothing is throttled (Poisson 2.5/s never drains a bucket of 300), so every
// request takes exactly one attempt.
TEST(RetryStorm, BelowTheQuotaEveryRequestTakesOneAttempt) {
  const StormFigures f = run_storm(2.5, RetrySpec{}, kSeed);
  print("0.5x quota, standard", f);
  EXPECT_EQ(f.attempts, f.requests);
  EXPECT_EQ(f.ok, f.requests);
}

// At twice the quota with the retry quota off: the bucket passes exactly 5 attempts/s, all of
// which succeed, so 5 of the 10 requests/s succeed and the other 5 fail after all 3 attempts.
// Hence failed share = 1 - 5/10 (within the Poisson range of the arrival count) and attempts per
// request >= (5 x 1 + 5 x 3) / 10 = 2: the 10 requests/s become >= 20 attempts/s against a quota
// of 5 — a retry storm, four times the quota.
TEST(RetryStorm, TwiceTheQuotaWithoutRetryQuotaStorms) {
  const StormFigures f = run_storm(10, standard_without_quota(), kSeed + 1);
  print("2x quota, standard, no retry quota", f);
  const double n = 10 * (kHorizon - kFrom), sd = std::sqrt(n);
  EXPECT_GE(f.failed_share(), 1 - 5 * (kHorizon - kFrom) / (n - kZ * sd) - 0.002);
  EXPECT_LE(f.failed_share(), 1 - 5 * (kHorizon - kFrom) / (n + kZ * sd) + 0.002);
  EXPECT_GE(f.attempts_per_request(), 2.0 - 0.01);
  EXPECT_LE(f.attempts_per_request(), 3.0);
  EXPECT_GT(f.throttled_attempt_share(), 0.7);
}

// With botocore's retry quota (500 tokens, 5 per retry, +1 per first-attempt success, +5 per
// success after a retry) the quota's balance bounds the retries: over the run
// 5 x retries <= 500 + 1 x (first-attempt successes) + 5 x (successes after retries). Since
// successes are 5/s, retries <= 100 + 5 T at most, i.e. attempts per request <= 1 + 5/10 = 1.5:
// the circuit breaker caps the storm. Still at twice the quota half the requests fail.
TEST(RetryStorm, TwiceTheQuotaTheRetryQuotaCapsTheStorm) {
  const StormFigures free = run_storm(10, standard_without_quota(), kSeed + 1);
  const StormFigures f = run_storm(10, RetrySpec{}, kSeed + 1);
  print("2x quota, standard (botocore)", f);
  EXPECT_GT(f.quota_exhausted, 0);
  EXPECT_LT(f.attempts_per_request(), 1.5);
  EXPECT_LT(f.attempts_per_request(), free.attempts_per_request() - 0.5);
  EXPECT_NEAR(f.failed_share(), 0.5, 0.03);
}

TEST(RetryStorm, BoundOfTheRetryQuotaHoldsOverTheWholeRun) {
  // The bound above, exactly, with whole-run counts (no measurement window).
  testing::ServiceHarness h(kSeed + 2);
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 60);
  spec.requests_per_minute = 300;
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  RetryingCaller client(h.ctx, "sonnet.sdk", RetrySpec{}, model);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 30;
  PoissonCaller src(h.sim, client, kSeed + 2, 10, in, SimTime::from_seconds(kHorizon));
  h.sim.run_until(SimTime::from_seconds(kHorizon + 300));
  double first = 0, retried = 0, retries = 0;
  for (const SentCall& c : src.calls) {
    ASSERT_LT(c.done, SimTime::max());
    retries += c.result.attempts - 1;
    if (c.result.status == CallStatus::ok) (c.result.attempts == 1 ? first : retried) += 1;
  }
  EXPECT_LE(5 * retries, 500 + first + 5 * retried);
  EXPECT_EQ(static_cast<std::int32_t>(500 + first + 5 * retried - 5 * retries) >= client.retry_quota().available(),
            true);
}

// Adaptive mode (R7's client: adaptive, 3 attempts): after the first throttle every attempt waits
// for a send token at the CUBIC rate, which settles near the quota, so far fewer attempts are
// throttled than in standard mode — at the price of waiting in the client. With open-loop
// arrivals at twice the quota that wait has no bound: the client's backlog grows at ~5 requests/s
// (a caller's own timeout, e.g. Lambda's, is what ends it in a deployment).
TEST(RetryStorm, AdaptiveModeSendsAtAboutTheQuota) {
  const StormFigures standard = run_storm(10, RetrySpec{}, kSeed + 3);
  RetrySpec adaptive;
  adaptive.mode = RetryMode::adaptive;
  const StormFigures f = run_storm(10, adaptive, kSeed + 3);
  print("2x quota, adaptive", f);
  EXPECT_GT(f.limiter_delay_s, 0);
  EXPECT_LT(f.throttled_attempt_share(), standard.throttled_attempt_share() / 2);
  EXPECT_LT(f.attempts_per_request(), standard.attempts_per_request());
  EXPECT_GT(f.unfinished, 0.3 * 5 * kHorizon);  // the backlog: ~5/s for the hour
}

// R7 as the seed tells it: 50 users (closed loop, think Exp(2 s)), a 5 requests/s quota, the SDK
// in adaptive mode with 3 attempts. Figures only (what the simulation says instead of "throttled
// within seconds"): the users' waiting moves from throttles to the client's rate limiter.
TEST(RetryStorm, R7FiftyUsersAdaptiveThreeAttempts) {
  for (const RetryMode mode : {RetryMode::standard, RetryMode::adaptive}) {
    testing::ServiceHarness h(kSeed + 4);
    BedrockQuotaPools pools;
    BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 60);
    spec.requests_per_minute = 300;
    BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
    RetrySpec retry;
    retry.mode = mode;
    retry.max_attempts = 3;
    RetryingCaller client(h.ctx, "sonnet.sdk", retry, model);
    model.start();
    CallInput in;
    in.input_tokens = 500;
    in.output_tokens = 30;
    const SimTime end = SimTime::from_seconds(kHorizon);
    testing::ClosedLoopUsers users(h.sim, client, kSeed + 4, 50, 2.0, in, end);
    h.sim.run_until(end + Duration::minutes(5));
    double n = 0, ok = 0, attempts = 0, wait = 0;
    for (const SentCall& c : users.calls) {
      if (c.sent < SimTime::from_seconds(kFrom) || c.done == SimTime::max()) continue;
      ++n;
      attempts += c.result.attempts;
      wait += (c.done - c.sent).seconds_f();
      if (c.result.status == CallStatus::ok) ++ok;
    }
    std::cout << "[storm] R7, 50 users, " << (mode == RetryMode::adaptive ? "adaptive" : "standard")
              << ", 3 attempts: " << n / (kHorizon - kFrom) << " requests/s, " << 100 * (1 - ok / n)
              << " % fail, " << attempts / n << " attempts per request, mean time to answer " << wait / n << " s\n";
    EXPECT_LE(attempts / n, 3.0);
    EXPECT_GT(ok, 0);
  }
}

}  // namespace
}  // namespace fmsim::models
