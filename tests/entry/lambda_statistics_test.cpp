// Lambda against theory, with Poisson arrivals:
// - Cold-start probability. One environment at a time (reserved concurrency 1, so a call that
//   finds it busy is throttled rather than starting a second one), a deterministic keep-alive T.
//   An accepted call is cold exactly when no call came in the T after the previous accepted call
//   ended; by memorylessness the next arrival after that end is Exp(λ) away whatever happened
//   before, so P(cold) = e^(−λT).
// - Throttling at a concurrency cap c with no queue is the M/G/c/c loss system: the throttled
//   fraction is Erlang B for offered load a = λ·E[S], whatever the service-time distribution
//   (insensitivity). Environments never expire here, so after the first c cold starts every
//   holding time is the warm one.
// Each estimate is the mean of 20 independent replications (fixed seeds); it passes when the
// 99.9 % Student-t interval covers the theory value and is at most 5 % of it wide (tests/
// validation/check.h), so it can neither flake nor pass vacuously.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "models/entry/lambda_function.h"
#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"
#include "tests/validation/check.h"
#include "tests/validation/queueing_formulas.h"

namespace fmsim::testing {
namespace {

using models::CallStatus;
using models::LambdaFunction;
using sim::Duration;

constexpr int kReplications = 20;

// Poisson arrivals at `rate` per second into `target`, from the harness's own stream.
class PoissonCalls {
 public:
  PoissonCalls(ServiceHarness& h, models::Service& target, double rate, std::uint64_t n)
      : h_(h), target_(target), gap_(sim::Distribution::exponential(1.0 / rate)),
        rng_(h.ctx.stream("test", "arrivals")), left_(n) {
    schedule();
  }

 private:
  void schedule() {
    if (left_ == 0) return;
    --left_;
    h_.sim.schedule_in<&PoissonCalls::on_arrival>(Duration::from_seconds(gap_.sample(rng_)), this);
  }
  void on_arrival(std::uint64_t) {
    models::CallInput in;
    in.arrival = h_.sim.now();
    target_.call(in, h_.listener, sent_++);
    schedule();
  }
  ServiceHarness& h_;
  models::Service& target_;
  sim::Distribution gap_;
  sim::RandomEngine rng_;
  std::uint64_t left_;
  std::uint64_t sent_ = 0;
};

// Fraction of accepted calls, after the very first (which is always cold), that were cold.
double cold_fraction(std::uint64_t seed, double rate, double keep_alive_s, std::uint64_t calls) {
  ServiceHarness h(seed);
  ScriptedService model(h.sim, Duration::milliseconds(1));
  auto spec = deterministic_lambda();
  spec.keep_alive = sim::Distribution::constant(keep_alive_s);
  spec.reserved_concurrency = 1;
  spec.overhead = sim::Distribution::constant(0.001);
  LambdaFunction fn(h.ctx, "function", spec, model);
  PoissonCalls arrivals(h, fn, rate, calls);
  // Long enough for every arrival (the n-th comes at n/λ, give or take a few √n/λ).
  h.sim.run_until(sim::SimTime::from_seconds(1.2 * static_cast<double>(calls) / rate + 1000));
  EXPECT_EQ(h.listener.calls.size(), calls);
  const auto& t = fn.totals();
  EXPECT_EQ(t.invocations + t.throttles, calls);
  return static_cast<double>(t.cold_starts - 1) / static_cast<double>(t.invocations - 1);
}

void check_cold_probability(double lambda_t, std::uint64_t calls) {
  const double keep_alive = 60;
  const double rate = lambda_t / keep_alive;
  std::vector<double> xs;
  for (int r = 0; r < kReplications; ++r) xs.push_back(cold_fraction(validation::kSeed + r, rate, keep_alive, calls));
  validation::expect_validated("P(cold) at lambda*T = " + std::to_string(lambda_t), std::exp(-lambda_t),
                               validation::t_interval(xs), validation::kPrecision);
}

TEST(LambdaStatistics, ColdStartProbabilityIsExpMinusLambdaT) {
  check_cold_probability(0.25, 4000);
  check_cold_probability(1.0, 4000);
  check_cold_probability(2.0, 12000);
}

// Throttled fraction of the calls that arrive after a warm-up of `warmup` calls.
double throttled_fraction(std::uint64_t seed, int c, double rate, double service_s, std::uint64_t calls,
                          std::uint64_t warmup) {
  ServiceHarness h(seed);
  ScriptedService model(h.sim, Duration::from_seconds(service_s - 0.001));
  auto spec = deterministic_lambda();
  spec.reserved_concurrency = c;
  spec.keep_alive = sim::Distribution::constant(1e9);
  spec.overhead = sim::Distribution::constant(0.001);
  LambdaFunction fn(h.ctx, "function", spec, model);
  PoissonCalls arrivals(h, fn, rate, calls);
  h.sim.run_until(sim::SimTime::from_seconds(1.2 * static_cast<double>(calls) / rate + 1000));
  EXPECT_EQ(h.listener.calls.size(), calls);
  EXPECT_EQ(fn.environments(), c);
  std::uint64_t counted = 0, throttled = 0;
  for (const auto& call : h.listener.calls) {
    if (call.tag < warmup) continue;
    ++counted;
    if (call.result.status == CallStatus::throttled) ++throttled;
  }
  return static_cast<double>(throttled) / static_cast<double>(counted);
}

void check_erlang_b(int c, double offered, std::uint64_t calls) {
  const double service_s = 1.0;
  std::vector<double> xs;
  for (int r = 0; r < kReplications; ++r)
    xs.push_back(throttled_fraction(validation::kSeed + r, c, offered / service_s, service_s, calls, 2000));
  validation::expect_validated("throttled fraction, c = " + std::to_string(c) + ", a = " + std::to_string(offered),
                               validation::erlang_b(c, offered), validation::t_interval(xs), validation::kPrecision);
}

TEST(LambdaStatistics, ThrottledFractionIsErlangB) {
  check_erlang_b(10, 8.0, 40'000);
  check_erlang_b(4, 4.0, 20'000);
}

}  // namespace
}  // namespace fmsim::testing
