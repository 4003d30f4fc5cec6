// The routed request path allocates nothing once warm: matching rules on local time, classes,
// complexity and tokens, a budget guard, a split draw, a first_free probe, fallback hops, and the
// per-target metrics, for 100,000 requests across many windows.
#include <gtest/gtest.h>

#include "models/deployment/model_client.h"
#include "models/metrics/target_metrics.h"
#include "tests/routing/routing_test_support.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

// Answers inside call(): every `fail_every`-th call throttled; free every other time it is asked.
class InstantTarget final : public Service {
 public:
  explicit InstantTarget(std::uint32_t fail_every) : fail_every_(fail_every) {}
  void call(const CallInput&, CallListener& l, CallTag tag) override {
    CallResult r;
    r.status = (fail_every_ > 0 && ++n_ % fail_every_ == 0) ? CallStatus::throttled : CallStatus::ok;
    l.on_call_done(tag, r);
  }
  bool has_free_capacity(const CallInput&) override { return (++asked_ & 1u) != 0; }

 private:
  std::uint32_t fail_every_;
  std::uint32_t n_ = 0, asked_ = 0;
};

TEST(RoutingAllocations, ARoutedRequestAllocatesNothingOnceWarm) {
  testing::ServiceHarness h(1, testing::calendar("Asia/Tokyo", testing::utc(2024, 3, 11, 0)));
  InstantTarget a(3), b(5), c(0);
  TargetMetrics targets(Duration::seconds(60), {"a", "b", "c"}, nullptr);

  RouterSpec spec;
  spec.default_index = 2;
  RouteRuleSpec guard;
  guard.name = "budget_guard";
  guard.when.budget = BudgetGuardSpec{1e12, 0.95, {}};
  guard.targets = {2};
  RouteRuleSpec night;
  night.name = "night";
  night.when.hours = {{22 * 60, 6 * 60}};
  night.when.weekdays = 0b0011111;
  night.targets = {1};
  night.fallback = {2};
  RouteRuleSpec complex;
  complex.name = "complex";
  complex.when.classes = std::vector<std::int32_t>{1};
  complex.when.complexity_at_least = 0.5;
  complex.when.prompt_tokens_below = 8000;
  complex.choice = RouteChoice::split;
  complex.targets = {0, 1};
  complex.weights = {0.9, 0.1};
  complex.fallback = {2};
  RouteRuleSpec free;
  free.name = "free";
  free.choice = RouteChoice::first_free;
  free.targets = {0, 1};
  free.fallback = {2};
  spec.rules = {guard, night, complex, free};

  ModelClient client(h.ctx, {&a, &b, &c}, spec, &targets);
  client.start();
  auto run = [&](int requests, std::int64_t& second) {
    for (int i = 0; i < requests; ++i) {
      if (i % 10 == 0) h.sim.run_until(SimTime::zero() + Duration::seconds(++second));
      CallInput in;
      in.input_tokens = 500;
      in.output_tokens = 100;
      in.model_calls = 1 + i % 3;
      in.class_index = i % 2;
      in.complexity = (i % 7) / 7.0;
      client.call(in, h.listener, static_cast<CallTag>(i));
    }
  };
  std::int64_t second = 0;
  run(20'000, second);  // warm: every window, pool and the listener's vector grown
  h.listener.calls.reserve(h.listener.calls.size() + 200'000);
  const long before = testing::allocations();
  run(100'000, second);  // 10,000 s: across midnight JST and many windows
  EXPECT_EQ(testing::allocations() - before, 0);
  EXPECT_EQ(h.listener.calls.size(), 120'000u);
}

}  // namespace
}  // namespace fmsim::models
