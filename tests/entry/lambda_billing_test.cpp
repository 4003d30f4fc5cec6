// Exact Lambda billing on deterministic set-ups, checked to the cent against hand calculations
// (and to 1e-9 $, so that an off-by-one millisecond anywhere would show).
#include <gtest/gtest.h>

#include "models/entry/lambda_billing.h"
#include "models/entry/lambda_function.h"
#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using models::LambdaFunction;
using sim::Duration;

constexpr double kCent = 0.005;  // "to the cent": within half a cent

TEST(LambdaBilling, MillisecondsRoundUp) {
  EXPECT_EQ(models::billed_milliseconds(Duration::zero()), 0);
  EXPECT_EQ(models::billed_milliseconds(Duration::nanoseconds(1)), 1);
  EXPECT_EQ(models::billed_milliseconds(Duration::milliseconds(1)), 1);
  EXPECT_EQ(models::billed_milliseconds(Duration::microseconds(1'000'001)), 1001);
  EXPECT_EQ(models::billed_milliseconds(Duration::microseconds(1'200'500)), 1201);
}

// 100,000 invocations, one every 2 s, 2,048 MB, overhead 0.5 ms, model 1.2 s: a single
// environment, cold once (init 600 ms, billed).
//   first:  ceil(600 + 0.5 + 1200) ms = 1,801 ms
//   others: ceil(0.5 + 1200)       ms = 1,201 ms, 99,999 times = 120,098,799 ms
//   total 120,100,600 ms = 120,100.6 s x 2 GB = 240,201.2 GB-s
//   x86_64: 240,201.2 x $0.0000166667 = $4.00336134004  -> $4.00
//   arm64:  240,201.2 x $0.0000133334 = $3.20269868008  -> $3.20
//   requests: 100,000 x $0.20 / 1M = $0.02
struct Steady {
  double duration;
  double requests;
};
Steady steady_run(models::Architecture arch) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::milliseconds(1200));
  auto spec = deterministic_lambda();
  spec.memory_mb = 2048;
  spec.architecture = arch;
  if (arch == models::Architecture::arm64) spec.price_per_gb_second_usd = 0.0000133334;
  spec.overhead = sim::Distribution::constant(0.0005);
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(2), 100'000);
  const auto end = sim::SimTime::zero() + Duration::seconds(200'010);
  h.sim.run_until(end);
  h.finish(end);
  EXPECT_EQ(fn.totals().invocations, 100'000u);
  EXPECT_EQ(fn.totals().cold_starts, 1u);
  return {h.cost_of("function.duration"), h.cost_of("function.requests")};
}

TEST(LambdaBilling, RequestsAndGbSecondsOnX86) {
  const Steady s = steady_run(models::Architecture::x86_64);
  EXPECT_NEAR(s.duration, 4.00, kCent);
  EXPECT_NEAR(s.duration, 4.00336134004, 1e-9);
  EXPECT_NEAR(s.requests, 0.02, 1e-12);
}

TEST(LambdaBilling, RequestsAndGbSecondsOnArm64) {
  const Steady s = steady_run(models::Architecture::arm64);
  EXPECT_NEAR(s.duration, 3.20, kCent);
  EXPECT_NEAR(s.duration, 3.20269868008, 1e-9);
  EXPECT_NEAR(s.requests, 0.02, 1e-12);
}

// 1,000 invocations, one every 10 s, 10,240 MB (10 GB), timeout 3 s, model 5 s: every invocation
// is killed at 3 s and billed in full; each timeout resets the environment, so every invocation
// runs Init (600 ms, billed) again.
//   each: 600 + 3,000 = 3,600 ms; total 3,600 s x 10 GB = 36,000 GB-s x $0.0000166667
//       = $0.6000012 -> $0.60; requests 1,000 x $0.0000002 = $0.0002.
// The model calls still run their 5 s each (billed by the model's target, not here).
TEST(LambdaBilling, TimeoutBilledInFullWithInit) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(5));
  auto spec = deterministic_lambda();
  spec.memory_mb = 10240;
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(10), 1000);
  const auto end = at_s(10'010);
  h.sim.run_until(end);
  h.finish(end);
  EXPECT_EQ(fn.totals().timeouts, 1000u);
  EXPECT_EQ(fn.totals().cold_starts, 1000u);
  EXPECT_EQ(model.ends.size(), 1000u);
  EXPECT_NEAR(h.cost_of("function.duration"), 0.60, kCent);
  EXPECT_NEAR(h.cost_of("function.duration"), 0.6000012, 1e-9);
  EXPECT_NEAR(h.cost_of("function.requests"), 0.0002, 1e-12);
}

// Provisioned concurrency 2 at 4,096 MB (4 GB) for 10 h; one invocation every 10 s (3,600), each
// 0.5 ms + 1.2 s on a provisioned environment (1,201 ms billed).
//   configured: 2 x 4 GB x 36,000 s = 288,000 GB-s x $0.0000041667 = $1.2000096 -> $1.20
//   executing:  3,600 x 1.201 s x 4 GB = 17,294.4 GB-s x $0.0000097222 = $0.16813961568 -> $0.17
//   on-demand duration: $0 (no overflow); requests 3,600 x $0.0000002 = $0.00072.
TEST(LambdaBilling, ProvisionedIdleAndExecuting) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::milliseconds(1200));
  auto spec = deterministic_lambda();
  spec.memory_mb = 4096;
  spec.overhead = sim::Distribution::constant(0.0005);
  spec.provisioned_concurrency = models::DailyScheduleSpec::constant(2);
  LambdaFunction fn(h.ctx, "function", spec, model);
  fn.start();
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(10), 3600);
  const auto end = at_s(36'000);
  h.sim.run_until(end);
  h.finish(end);
  EXPECT_EQ(fn.totals().cold_starts, 0u);
  EXPECT_NEAR(h.cost_of("function.provisioned"), 1.20, kCent);
  EXPECT_NEAR(h.cost_of("function.provisioned"), 1.2000096, 1e-9);
  EXPECT_NEAR(h.cost_of("function.provisioned_execution"), 0.17, kCent);
  EXPECT_NEAR(h.cost_of("function.provisioned_execution"), 0.16813961568, 1e-9);
  EXPECT_EQ(h.cost_of("function.duration"), 0.0);
  EXPECT_NEAR(h.cost_of("function.requests"), 0.00072, 1e-12);
}

TEST(LambdaBilling, ThrottledCallsAreFree) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto spec = deterministic_lambda();
  spec.reserved_concurrency = 0;
  LambdaFunction fn(h.ctx, "function", spec, model);
  CallDriver drive(h.sim, fn, h.listener);
  drive.every(Duration::seconds(1), 10);
  h.sim.run_until(at_s(20));
  h.finish(at_s(20));
  EXPECT_EQ(h.cost_of("function.requests"), 0.0);
  EXPECT_EQ(h.cost_of("function.duration"), 0.0);
}

}  // namespace
}  // namespace fmsim::testing
