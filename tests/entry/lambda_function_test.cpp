// Lambda function semantics on deterministic set-ups: warm and cold paths, most-recently-used
// reuse, keep-alive, lifetime recycling, timeouts (killed, billed, the downstream still finishes,
// the environment reset), throttling by concurrency and by the scale-up rate, the 10 s init limit,
// provisioned concurrency and its schedule.
#include "models/entry/lambda_function.h"

#include <gtest/gtest.h>

#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using models::CallStatus;
using models::LambdaFunction;
using sim::Duration;
using sim::SimTime;

TEST(LambdaFunction, ColdThenWarm) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);
  fn.start();
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));
  drive.at(at_s(5));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  // Cold: init 0.6 s + overhead 0.01 s + model 1 s.
  EXPECT_EQ(h.listener.calls[0].at, at_s(1.61));
  EXPECT_TRUE(h.listener.calls[0].result.cold_start);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[1].at, at_s(6.01));
  EXPECT_FALSE(h.listener.calls[1].result.cold_start);
  EXPECT_EQ(fn.totals().cold_starts, 1u);
  EXPECT_EQ(fn.totals().warm_hits, 1u);
  EXPECT_EQ(fn.environments(), 1);
  EXPECT_EQ(model.starts[0], at_s(0.61));
}

TEST(LambdaFunction, PassesOnTheModelsFirstTokenAndColdStart) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(2));
  model.first_token_after = Duration::milliseconds(300);
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.first_token_at, at_s(0.61 + 0.3));
}

TEST(LambdaFunction, ReusesTheMostRecentlyUsedEnvironment) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.keep_alive = sim::Distribution::constant(100);
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));    // environment A, idle from 1.61
  drive.at(at_s(0.5));  // environment B, idle from 2.11 (more recent)
  drive.at(at_s(50));   // takes B, idle again from 51.01
  h.sim.run_until(at_s(101.8));
  // A expired at 101.61 (idle 100 s); had the call at 50 s taken A, B would have expired at
  // 102.11 and both would still exist here.
  EXPECT_EQ(fn.environments(), 1);
  EXPECT_EQ(fn.totals().expired, 1u);
  h.sim.run_until(at_s(152));
  EXPECT_EQ(fn.environments(), 0);
}

TEST(LambdaFunction, KeepAliveDecidesWarmOrCold) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);  // keep-alive 600 s
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));               // idle from 1.61
  drive.at(at_s(1.61 + 599.9));    // warm; idle from 602.52
  drive.at(at_s(602.52 + 600.1));  // expired at 1202.52: cold
  h.sim.run_until(at_s(1500));
  ASSERT_EQ(h.listener.calls.size(), 3u);
  EXPECT_FALSE(h.listener.calls[1].result.cold_start);
  EXPECT_TRUE(h.listener.calls[2].result.cold_start);
  EXPECT_EQ(fn.totals().expired, 1u);
}

TEST(LambdaFunction, RecyclesAtTheEndOfItsLifetime) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.max_lifetime = sim::Distribution::constant(100);
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  for (double t : {0.0, 30.0, 60.0, 99.5, 120.0, 230.0}) drive.at(at_s(t));
  h.sim.run_until(at_s(300));
  ASSERT_EQ(h.listener.calls.size(), 6u);
  // Born at 0, retires at 100: the call at 99.5 is warm but ends past 100, so the environment is
  // recycled then; the call at 120 starts a new one (born 120, retires 220), which is recycled
  // while idle at 220; the call at 230 is cold again.
  EXPECT_FALSE(h.listener.calls[3].result.cold_start);
  EXPECT_TRUE(h.listener.calls[4].result.cold_start);
  EXPECT_TRUE(h.listener.calls[5].result.cold_start);
  EXPECT_EQ(fn.totals().recycled, 2u);
  EXPECT_EQ(fn.totals().expired, 0u);
}

TEST(LambdaFunction, TimeoutKillsTheInvocationButNotTheModelCall) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(5));
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);  // timeout 3 s (default)
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));
  drive.at(at_s(10));
  h.sim.run_until(at_s(20));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  // Invoke starts after init (0.6 s) and is killed 3 s later.
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[0].at, at_s(3.6));
  // The model call started at 0.61 and still ran its 5 s.
  ASSERT_EQ(model.ends.size(), 2u);
  EXPECT_EQ(model.ends[0], at_s(5.61));
  EXPECT_EQ(fn.totals().late_answers, 2u);
  EXPECT_EQ(fn.totals().timeouts, 2u);
  // The environment was reset, not discarded: the next invocation reuses it and runs Init again.
  EXPECT_EQ(fn.environments(), 1);
  EXPECT_TRUE(h.listener.calls[1].result.cold_start);
  EXPECT_EQ(h.listener.calls[1].at, at_s(13.6));
  EXPECT_EQ(fn.totals().cold_starts, 2u);
}

TEST(LambdaFunction, ThrottlesPastReservedConcurrency) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.reserved_concurrency = 2;
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  for (int i = 0; i < 3; ++i) drive.at(at_s(0));
  drive.at(at_s(5));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 4u);
  // The third is answered at once, inside call().
  EXPECT_EQ(h.listener.calls[0].tag, 2u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::throttled);
  EXPECT_EQ(h.listener.calls[0].at, at_s(0));
  EXPECT_EQ(fn.totals().throttles, 1u);
  EXPECT_EQ(fn.concurrency_limit(), 2);
}

TEST(LambdaFunction, ReservedConcurrencyZeroThrottlesEverything) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.reserved_concurrency = 0;
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(1), 5);
  h.sim.run_until(at_s(10));
  EXPECT_EQ(fn.totals().throttles, 5u);
  EXPECT_EQ(model.calls, 0u);
}

TEST(LambdaFunction, ScaleUpRateLimitsNewEnvironments) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(100));
  auto spec = deterministic_lambda();
  spec.timeout = Duration::seconds(900);
  spec.scale_up_per_10s = 5;  // a bucket of 5, refilled at 0.5 per second
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  for (int i = 0; i < 10; ++i) drive.at(at_s(0));
  drive.at(at_s(1));    // 0.5 token: throttled
  drive.at(at_s(2.1));  // 1.05 tokens: a new environment
  drive.at(at_s(2.2));  // 0.1 token: throttled
  h.sim.run_until(at_s(3));
  EXPECT_EQ(fn.totals().throttles, 5u + 1u + 1u);
  EXPECT_EQ(fn.environments(), 6);
  EXPECT_EQ(fn.concurrency(), 6);
}

TEST(LambdaFunction, InitOverTheLimitIsRetriedUnderTheTimeout) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.runtime_init = sim::Distribution::constant(11.7);  // 11.7 + 0.1 + 0.2 = 12 s of init
  spec.timeout = Duration::seconds(30);
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(100));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  // 10 s of init, cut; the invoke phase re-runs the 12 s init, then 0.01 s overhead, 1 s model.
  EXPECT_EQ(h.listener.calls[0].at, at_s(23.01));
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  h.finish(at_s(100));
  // Billed 10 s + 13.01 s = 23,010 ms at 1 GB: 23.01 GB-s x $0.0000166667.
  EXPECT_NEAR(h.cost_of("function.duration"), 23.01 * 0.0000166667, 1e-12);
}

TEST(LambdaFunction, InitOverTheLimitCanRunIntoTheTimeout) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.runtime_init = sim::Distribution::constant(11.7);
  spec.timeout = Duration::seconds(5);
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(100));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[0].at, at_s(15));
  EXPECT_EQ(model.calls, 0u);  // killed before the handler ran
}

TEST(LambdaFunction, ProvisionedEnvironmentsFirstThenOnDemand) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.provisioned_concurrency = models::DailyScheduleSpec::constant(2);
  LambdaFunction fn(h.ctx, "function", spec, model);
  fn.start();
  EXPECT_EQ(fn.provisioned_environments(), 2);
  CallDriver drive(h.sim, fn, h.listener);
  for (int i = 0; i < 3; ++i) drive.at(at_s(1));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 3u);
  EXPECT_FALSE(h.listener.calls[0].result.cold_start);  // provisioned, ends at 2.01
  EXPECT_FALSE(h.listener.calls[1].result.cold_start);
  EXPECT_TRUE(h.listener.calls[2].result.cold_start);  // overflow: on-demand, ends at 2.61
  EXPECT_EQ(h.listener.calls[2].at, at_s(2.61));
  EXPECT_EQ(fn.environments(), 3);
  EXPECT_EQ(fn.provisioned_environments(), 2);
}

TEST(LambdaFunction, ProvisionedScheduleFollowsLocalTime) {
  models::CalendarSpec cal;
  cal.time_zone = "Asia/Tokyo";  // t = 0 is 1970-01-01 09:00 JST
  ServiceHarness h(1, cal);
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  models::DailyScheduleSpec sched;
  sched.base = 1;
  sched.windows.push_back({18 * 60, 24 * 60, 3, {true, true, true, true, true, true, true}});
  spec.provisioned_concurrency = sched;
  LambdaFunction fn(h.ctx, "function", spec, model);
  fn.start();
  EXPECT_EQ(fn.provisioned_environments(), 1);
  h.sim.run_until(at_s(9 * 3600 - 1));  // 17:59:59 JST
  EXPECT_EQ(fn.provisioned_environments(), 1);
  h.sim.run_until(at_s(9 * 3600 + 1));  // 18:00:01: two more, initialising
  EXPECT_EQ(fn.provisioned_environments(), 3);
  h.sim.run_until(at_s(15 * 3600 + 1));  // 00:00:01
  EXPECT_EQ(fn.provisioned_environments(), 1);
  h.sim.run_until(at_s(24 * 3600));
  h.finish(at_s(24 * 3600));
  // 1 GB x (1 x 18 h + 3 x 6 h) = 36 GB-h = 129,600 GB-s x $0.0000041667 = $0.54000432.
  EXPECT_NEAR(h.cost_of("function.provisioned"), 0.54000432, 1e-9);
  EXPECT_EQ(h.events.count(), 2u);
}

TEST(LambdaFunction, ProvisionedCutRemovesIdleAtOnceAndBusyWhenDone) {
  models::CalendarSpec cal;  // UTC, t = 0 at midnight
  ServiceHarness h(1, cal);
  ScriptedService model(h.sim, Duration::seconds(100));
  auto spec = deterministic_lambda();
  spec.timeout = Duration::seconds(900);
  models::DailyScheduleSpec sched;
  sched.base = 1;
  sched.windows.push_back({0, 60, 3, {true, true, true, true, true, true, true}});  // 3 until 01:00
  spec.provisioned_concurrency = sched;
  LambdaFunction fn(h.ctx, "function", spec, model);
  fn.start();
  CallDriver drive(h.sim, fn, h.listener);
  drive.at(at_s(3600 - 50));  // busy on a provisioned environment across the cut at 01:00
  h.sim.run_until(at_s(3600 + 1));
  // Two idle removed at once; the busy one stays until its invocation ends (it is then the one).
  EXPECT_EQ(fn.provisioned_environments(), 1);
  h.sim.run_until(at_s(3600 + 60));
  EXPECT_EQ(fn.provisioned_environments(), 1);
  EXPECT_EQ(fn.environments(), 1);
}

TEST(LambdaFunction, MetricsCountColdWarmInitAndBusyTime) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(10), 4);
  h.sim.run_until(at_s(100));
  h.finish(at_s(100));
  double cold = -1, warm = -1, init = -1, busy = -1, invocations = -1;
  for (const auto& c : h.metrics.counter_totals()) {
    if (c.component != "function") continue;
    if (c.name == "cold_starts") cold = c.total;
    if (c.name == "warm_hits") warm = c.total;
    if (c.name == "init_seconds") init = c.total;
    if (c.name == "busy_seconds") busy = c.total;
    if (c.name == "invocations") invocations = c.total;
  }
  EXPECT_EQ(cold, 1);
  EXPECT_EQ(warm, 3);
  EXPECT_EQ(invocations, 4);
  EXPECT_NEAR(init, 0.6, 1e-12);
  EXPECT_NEAR(busy, 4 * 1.01, 1e-9);
  for (const auto& g : h.metrics.gauge_totals()) {
    if (g.component == "function" && g.name == "environments") {
      EXPECT_EQ(g.max, 1);
    }
  }
}

}  // namespace
}  // namespace fmsim::testing
