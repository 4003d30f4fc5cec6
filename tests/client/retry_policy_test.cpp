// The SDK retry policy alone, against scripted targets: the backoff formula and the distribution
// of the delays it draws, the retry quota's arithmetic, which statuses are retried, and the
// attempts reported.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "models/client/retry_backoff.h"
#include "models/client/retry_quota.h"
#include "models/client/retrying_caller.h"
#include "tests/client/scripted_target.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using S = CallStatus;
using sim::Duration;
using sim::SimTime;

using testing::counter;

TEST(RetryBackoff, CeilingDoublesFromTheBaseUpToTheCap) {
  const RetrySpec botocore;  // base 1 s, cap 20 s
  const double expected[] = {1, 2, 4, 8, 16, 20, 20, 20};
  for (int n = 1; n <= 8; ++n) EXPECT_EQ(backoff_ceiling(botocore, n), Duration::from_seconds(expected[n - 1])) << n;
  EXPECT_EQ(backoff_ceiling(botocore, 1000), Duration::seconds(20));  // no overflow
  RetrySpec js;  // AWS SDK for JavaScript v3: base 100 ms
  js.base_delay = Duration::milliseconds(100);
  EXPECT_EQ(backoff_ceiling(js, 3), Duration::milliseconds(400));
  EXPECT_EQ(backoff_delay(botocore, 3, 0.25), Duration::seconds(1));  // 0.25 x min(4, 20)
  EXPECT_EQ(backoff_delay(botocore, 9, 0.5), Duration::seconds(10));
}

// 20,000 calls that are always throttled, 6 attempts each, quota off: the five delays between
// attempts are samples of U[0, 1), U[0, 2), U[0, 4), U[0, 8), U[0, 16). Each passes a
// Kolmogorov-Smirnov test against its uniform law at the 99.9 % level (Bonferroni over the five:
// D < sqrt(ln(2 / 0.0002) / 2) / sqrt(n)), and its mean is within the 99.9 % interval of c/2.
TEST(RetryBackoff, DelaysBetweenAttemptsFollowFullJitter) {
  testing::ServiceHarness h(7);
  testing::ScriptedTarget target(h.sim, {S::throttled});
  RetrySpec spec;
  spec.max_attempts = 6;
  spec.quota_capacity = 0;
  RetryingCaller caller(h.ctx, "client", spec, target);
  const int n = 20'000;
  for (int i = 0; i < n; ++i) {
    h.sim.run_until(SimTime::from_seconds(40.0 * i));  // one call at a time: tags are not reused meanwhile
    caller.call(CallInput{}, h.listener, static_cast<CallTag>(i));
  }
  h.sim.run_until(SimTime::from_seconds(40.0 * n));
  ASSERT_EQ(h.listener.calls.size(), static_cast<std::size_t>(n));
  for (const auto& c : h.listener.calls) {
    EXPECT_EQ(c.result.status, S::throttled);
    EXPECT_EQ(c.result.attempts, 6u);
  }
  ASSERT_EQ(target.calls.size(), static_cast<std::size_t>(6 * n));
  std::vector<std::vector<double>> delays(5);
  for (std::size_t i = 0; i < target.calls.size(); i += 6)
    for (std::size_t k = 0; k < 5; ++k)
      delays[k].push_back((target.calls[i + k + 1].at - target.calls[i + k].at).seconds_f());
  const double d_crit = std::sqrt(std::log(2 / 0.0002) / 2) / std::sqrt(static_cast<double>(n));
  for (std::size_t k = 0; k < 5; ++k) {
    const double c = std::pow(2.0, static_cast<double>(k));
    std::vector<double>& d = delays[k];
    std::sort(d.begin(), d.end());
    double ks = 0, mean = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double f = d[i] / c;
      ks = std::max({ks, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
      mean += d[i] / n;
    }
    EXPECT_GE(d.front(), 0.0);
    EXPECT_LT(d.back(), c);
    EXPECT_LT(ks, d_crit) << "delay after attempt " << k + 1;
    // Mean of U[0, c): c/2, sd c/sqrt(12 n).
    EXPECT_NEAR(mean, c / 2, 3.29 * c / std::sqrt(12.0 * n)) << "delay after attempt " << k + 1;
    std::cout << "[backoff] after attempt " << k + 1 << ": ceiling " << c << " s, mean " << mean << " s, KS D "
              << ks << " (99.9 % critical " << d_crit << ")\n";
  }
}

TEST(RetryQuota, BucketArithmetic) {
  RetryQuota q(500);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(q.acquire(5));  // 100 retries empty it
  EXPECT_EQ(q.available(), 0);
  EXPECT_FALSE(q.acquire(5));
  q.release(1);
  q.release(10);
  EXPECT_EQ(q.available(), 11);
  EXPECT_FALSE(q.acquire(12));
  EXPECT_TRUE(q.acquire(10));  // a timeout's retry
  EXPECT_EQ(q.available(), 1);
  q.release(1000);
  EXPECT_EQ(q.available(), 500);  // never above capacity
  RetryQuota off(0);
  EXPECT_FALSE(off.enabled());
  EXPECT_TRUE(off.acquire(1'000'000));
}

// Through the caller, botocore's rules: a retry takes 5 (10 after a timeout); a first-attempt
// success gives back 1, a success after retries gives back what its last retry took.
TEST(RetryQuota, CallerTakesAndRefundsAsBotocore) {
  testing::ServiceHarness h(1);
  // Call 1: throttled, ok (-5 +5). Call 2: timed out, ok (-10 +10). Call 3: ok (+1, capped).
  // Call 4: error, error, error (-5 -5, gives up after 3 attempts).
  testing::ScriptedTarget target(h.sim, {S::throttled, S::ok, S::timed_out, S::ok, S::ok, S::error, S::error, S::error});
  RetrySpec spec;
  spec.quota_capacity = 500;
  RetryingCaller caller(h.ctx, "client", spec, target);
  auto run = [&](CallTag tag) {
    caller.call(CallInput{}, h.listener, tag);
    h.sim.run_until(h.sim.now() + Duration::seconds(60));
  };
  run(1);
  EXPECT_EQ(caller.retry_quota().available(), 500);
  run(2);
  EXPECT_EQ(caller.retry_quota().available(), 500);
  run(3);
  EXPECT_EQ(caller.retry_quota().available(), 500);
  run(4);
  EXPECT_EQ(caller.retry_quota().available(), 490);
  ASSERT_EQ(h.listener.calls.size(), 4u);
  EXPECT_EQ(h.listener.calls[0].result.attempts, 2u);
  EXPECT_EQ(h.listener.calls[1].result.attempts, 2u);
  EXPECT_EQ(h.listener.calls[2].result.attempts, 1u);
  EXPECT_EQ(h.listener.calls[3].result.attempts, 3u);
  EXPECT_EQ(h.listener.calls[3].result.status, S::error);
  h.finish(h.sim.now());
  EXPECT_DOUBLE_EQ(counter(h, "client", "calls"), 4);
  EXPECT_DOUBLE_EQ(counter(h, "client", "attempts"), 8);
  EXPECT_DOUBLE_EQ(counter(h, "client", "retries"), 4);
}

// An empty quota stops retrying: capacity 12 grants two retries of 5; the third is refused and
// the call returns its throttle after 3 attempts although max_attempts is 10.
TEST(RetryQuota, EmptyQuotaStopsRetrying) {
  testing::ServiceHarness h(1);
  testing::ScriptedTarget target(h.sim, {S::throttled});
  RetrySpec spec;
  spec.max_attempts = 10;
  spec.quota_capacity = 12;
  RetryingCaller caller(h.ctx, "client", spec, target);
  caller.call(CallInput{}, h.listener, 1);
  h.sim.run_until(SimTime::from_seconds(100));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, S::throttled);
  EXPECT_EQ(h.listener.calls[0].result.attempts, 3u);
  EXPECT_EQ(caller.retry_quota().available(), 2);
  h.finish(SimTime::from_seconds(100));
  EXPECT_DOUBLE_EQ(counter(h, "client", "quota_exhausted"), 1);
}

TEST(RetryPolicy, RetriesOnlyWhatItIsToldToAndNeverRejections) {
  for (const S status : {S::throttled, S::error, S::timed_out, S::rejected}) {
    testing::ServiceHarness h(1);
    testing::ScriptedTarget target(h.sim, {status, S::ok});
    RetrySpec spec;
    spec.on_error = false;
    RetryingCaller caller(h.ctx, "client", spec, target);
    caller.call(CallInput{}, h.listener, 1);
    h.sim.run_until(SimTime::from_seconds(10));
    ASSERT_EQ(h.listener.calls.size(), 1u);
    const bool retried = status == S::throttled || status == S::timed_out;
    EXPECT_EQ(h.listener.calls[0].result.status, retried ? S::ok : status);
    EXPECT_EQ(h.listener.calls[0].result.attempts, retried ? 2u : 1u);
  }
  testing::ServiceHarness h(1);
  testing::ScriptedTarget target(h.sim, {S::throttled});
  RetryingCaller once(h.ctx, "client", RetrySpec::none(), target);
  once.call(CallInput{}, h.listener, 1);
  ASSERT_EQ(h.listener.calls.size(), 1u);  // answered inside call(): no retry scheduled
  EXPECT_EQ(h.listener.calls[0].result.attempts, 1u);
}

}  // namespace
}  // namespace fmsim::models
