// The router on its own: rule order, the three choice kinds (single, split by weight from its
// named stream, first with free capacity), the chains they build with the fallback list, rules on
// local time (a non-UTC zone, a DST day, weekdays), the services.csv counters, and the specs it
// refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/routing/router.h"
#include "sim/distribution.h"
#include "tests/routing/routing_test_support.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::FakeTarget;

// Targets a, b, c, d (indices 0-3) on one harness.
struct RouterFixture {
  explicit RouterFixture(CalendarSpec cal = {}, std::uint64_t seed = 1) : h(seed, cal) {
    for (int i = 0; i < 4; ++i) fakes.push_back(std::make_unique<FakeTarget>(h.sim));
    for (auto& f : fakes) services.push_back(f.get());
  }
  testing::ServiceHarness h;
  std::vector<std::unique_ptr<FakeTarget>> fakes;
  std::vector<Service*> services;
};

RouteRuleSpec single(const std::string& name, std::int32_t target, std::vector<std::int32_t> fallback = {}) {
  RouteRuleSpec r;
  r.name = name;
  r.targets = {target};
  r.fallback = std::move(fallback);
  return r;
}

CallInput request(std::int32_t cls = -1) {
  CallInput in;
  in.input_tokens = 100;
  in.system_prompt_tokens = 50;
  in.output_tokens = 10;
  in.class_index = cls;
  return in;
}

std::vector<std::uint16_t> chain_of(const Route& r) { return {r.chain.begin(), r.chain.begin() + r.length}; }
using Chain = std::vector<std::uint16_t>;

TEST(Router, WithoutRulesEveryRequestTakesTheDefaultAloneAndNoCounterIsAdded) {
  RouterFixture f;
  RouterSpec spec;
  spec.default_index = 2;
  Router router(f.h.ctx, spec, f.services);
  const Route r = router.choose(request(), request());
  EXPECT_EQ(chain_of(r), Chain{2});
  EXPECT_EQ(r.rule, -1);
  EXPECT_EQ(r.fallback_on, 0);
  EXPECT_FALSE(testing::has_component(f.h.metrics, "router"));
}

TEST(Router, TheFirstMatchingRuleWinsElseTheDefault) {
  RouterFixture f;
  RouterSpec spec;
  spec.default_index = 3;
  RouteRuleSpec chat = single("chat", 0, {3});
  chat.when.classes = std::vector<std::int32_t>{0};
  RouteRuleSpec big = single("big", 1);
  big.when.prompt_tokens_at_least = 1000;
  RouteRuleSpec also_chat = single("also_chat", 2);
  also_chat.when.classes = std::vector<std::int32_t>{0, 1};
  spec.rules = {chat, big, also_chat};
  Router router(f.h.ctx, spec, f.services);

  const Route r0 = router.choose(request(0), request(0));
  EXPECT_EQ(chain_of(r0), (Chain{0, 3}));
  EXPECT_EQ(r0.rule, 0);
  EXPECT_EQ(r0.fallback_on, 0b1111);  // all four reasons by default
  CallInput large = request(1);
  large.input_tokens = 2000;
  EXPECT_EQ(router.choose(large, large).rule, 1);
  EXPECT_EQ(router.choose(request(1), request(1)).rule, 2);
  const Route d = router.choose(request(5), request(5));
  EXPECT_EQ(chain_of(d), Chain{3});
  EXPECT_EQ(d.rule, -1);

  f.h.finish(SimTime::zero() + Duration::minutes(1));
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", "chat_matched"), 1);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", "big_matched"), 1);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", "also_chat_matched"), 1);
  EXPECT_EQ(testing::counter_total(f.h.metrics, "router", "default_matched"), 1);
  for (const char* reason : {"throttle", "capacity", "error", "timeout"})
    EXPECT_EQ(testing::counter_total(f.h.metrics, "router", std::string("fallbacks_") + reason), 0) << reason;
}

TEST(Router, PromptTokensAreTheSystemPromptPlusTheUserPrompt) {
  RouterFixture f;
  RouterSpec spec;
  RouteRuleSpec big = single("big", 1);
  big.when.prompt_tokens_at_least = 150;  // request(): S 50 + u 100
  spec.rules = {big};
  Router router(f.h.ctx, spec, f.services);
  EXPECT_EQ(router.choose(request(), request()).rule, 0);
  CallInput smaller = request();
  smaller.system_prompt_tokens = 49;
  EXPECT_EQ(router.choose(smaller, smaller).rule, -1);
}

TEST(Router, TheFallbackOnFlagsBecomeTheRoutesMask) {
  RouterFixture f;
  RouterSpec spec;
  RouteRuleSpec r = single("r", 0, {1});
  r.fallback_on = {true, false, false, true};  // throttle, timeout
  spec.rules = {r};
  Router router(f.h.ctx, spec, f.services);
  const Route route = router.choose(request(), request());
  EXPECT_TRUE(route.falls_back_on(FallbackReason::throttle));
  EXPECT_FALSE(route.falls_back_on(FallbackReason::capacity));
  EXPECT_FALSE(route.falls_back_on(FallbackReason::error));
  EXPECT_TRUE(route.falls_back_on(FallbackReason::timeout));
}

RouteRuleSpec canary(std::vector<double> weights, std::vector<std::int32_t> fallback = {}) {
  RouteRuleSpec r;
  r.name = "canary";
  r.choice = RouteChoice::split;
  for (std::size_t i = 0; i < weights.size(); ++i) r.targets.push_back(static_cast<std::int32_t>(i));
  r.weights = std::move(weights);
  r.fallback = std::move(fallback);
  return r;
}

TEST(Router, ASplitSendsEachTargetItsShareWithinABinomialInterval) {
  RouterFixture f({}, 20240611);
  RouterSpec spec;
  spec.rules = {canary({0.7, 0.2, 0.1})};
  Router router(f.h.ctx, spec, f.services);
  constexpr int n = 100'000;
  std::array<int, 4> count{};
  for (int i = 0; i < n; ++i) ++count[router.choose(request(), request()).chain[0]];
  const std::array<double, 3> p{0.7, 0.2, 0.1};
  for (std::size_t t = 0; t < 3; ++t) {
    // 4.4 standard deviations: a false failure about once in 10^5 seeds.
    const double sd = std::sqrt(n * p[t] * (1 - p[t]));
    EXPECT_NEAR(count[t], n * p[t], 4.4 * sd) << "target " << t;
  }
  EXPECT_EQ(count[3], 0);
}

TEST(Router, ASplitDrawsOneUniformPerRequestFromItsNamedStream) {
  RouterFixture f({}, 7);
  RouterSpec spec;
  spec.rules = {canary({0.5, 0.5})};
  Router router(f.h.ctx, spec, f.services);
  sim::RandomEngine mine = f.h.streams.stream("router.canary.split");
  sim::Distribution unit = sim::Distribution::uniform(0, 1);
  for (int i = 0; i < 1000; ++i) {
    const std::uint16_t expected = unit.sample(mine) < 0.5 ? 0 : 1;
    ASSERT_EQ(router.choose(request(), request()).chain[0], expected) << "request " << i;
  }
}

TEST(Router, ASplitChainContinuesWithTheFallbackListWithoutTheDrawnTarget) {
  RouterFixture f({}, 3);
  RouterSpec spec;
  spec.rules = {canary({0.5, 0.5}, {1, 3})};
  Router router(f.h.ctx, spec, f.services);
  bool saw0 = false, saw1 = false;
  for (int i = 0; i < 200; ++i) {
    const Route r = router.choose(request(), request());
    if (r.chain[0] == 0) {
      EXPECT_EQ(chain_of(r), (Chain{0, 1, 3}));
      saw0 = true;
    } else {
      EXPECT_EQ(chain_of(r), (Chain{1, 3}));
      saw1 = true;
    }
  }
  EXPECT_TRUE(saw0 && saw1);
}

RouteRuleSpec first_free(std::vector<std::int32_t> members, std::vector<std::int32_t> fallback = {}) {
  RouteRuleSpec r;
  r.name = "ff";
  r.choice = RouteChoice::first_free;
  r.targets = std::move(members);
  r.fallback = std::move(fallback);
  return r;
}

TEST(Router, FirstFreePicksTheFirstMemberWithFreeCapacity) {
  RouterFixture f;
  RouterSpec spec;
  spec.rules = {first_free({0, 1, 2}, {3})};
  Router router(f.h.ctx, spec, f.services);
  f.fakes[0]->free = false;
  f.fakes[1]->free = true;
  f.fakes[2]->free = true;
  CallInput first_call = request();
  first_call.input_tokens = 150;  // the first step's prompt, as the model client sends it
  first_call.system_prompt_tokens = 0;
  EXPECT_EQ(chain_of(router.choose(request(), first_call)), (Chain{1, 3}));
  ASSERT_EQ(f.fakes[0]->probed.size(), 1u);
  EXPECT_EQ(f.fakes[0]->probed[0].input_tokens, 150);  // asked about the call it would receive
  EXPECT_TRUE(f.fakes[2]->probed.empty());             // not asked once one is free
  f.fakes[0]->free = true;
  EXPECT_EQ(router.choose(request(), first_call).chain[0], 0);
}

TEST(Router, FirstFreeTakesTheFirstMemberWhenNoneIsFree) {
  RouterFixture f;
  RouterSpec spec;
  spec.rules = {first_free({1, 2}, {3})};
  Router router(f.h.ctx, spec, f.services);
  for (auto& t : f.fakes) t->free = false;
  EXPECT_EQ(chain_of(router.choose(request(), request())), (Chain{1, 3}));
  EXPECT_EQ(f.fakes[1]->probed.size(), 1u);
  EXPECT_EQ(f.fakes[2]->probed.size(), 1u);
}

TEST(Router, HoursAreReadInTheScenarioZone) {
  // t = 0 is Monday 2024-03-11 00:00 JST (15:00 UTC the day before).
  RouterFixture f(testing::calendar("Asia/Tokyo", testing::utc(2024, 3, 10, 15)));
  RouterSpec spec;
  RouteRuleSpec evening = single("evening", 1);
  evening.when.hours = {{18 * 60, 1440}};
  spec.rules = {evening};
  Router router(f.h.ctx, spec, f.services);
  auto target_at = [&](Duration d) {
    f.h.sim.run_until(SimTime::zero() + d);
    return router.choose(request(), request()).chain[0];
  };
  EXPECT_EQ(target_at(Duration::hours(9)), 0);  // 09:00 JST = 00:00 UTC
  EXPECT_EQ(target_at(Duration::hours(18) - Duration::nanoseconds(1)), 0);
  EXPECT_EQ(target_at(Duration::hours(18)), 1);  // 18:00 JST, 09:00 UTC
  EXPECT_EQ(target_at(Duration::hours(23) + Duration::minutes(59)), 1);
  EXPECT_EQ(target_at(Duration::hours(24)), 0);  // midnight JST
  EXPECT_EQ(target_at(Duration::hours(42)), 1);  // Tuesday 18:00 JST
}

TEST(Router, HoursFollowTheWallClockOnASpringForwardDay) {
  // New York, Sunday 2024-03-10 00:00 EST; at 02:00 EST the clocks jump to 03:00 EDT.
  RouterFixture f(testing::calendar("America/New_York", testing::utc(2024, 3, 10, 5)));
  RouterSpec spec;
  RouteRuleSpec r = single("three_to_four", 1);
  r.when.hours = {{3 * 60, 4 * 60}};
  spec.rules = {r};
  Router router(f.h.ctx, spec, f.services);
  auto target_at = [&](Duration d) {
    f.h.sim.run_until(SimTime::zero() + d);
    return router.choose(request(), request()).chain[0];
  };
  EXPECT_EQ(target_at(Duration::hours(1) + Duration::minutes(59)), 0);  // 01:59 EST
  EXPECT_EQ(target_at(Duration::hours(2)), 1);                          // 03:00 EDT, 2 h after midnight
  EXPECT_EQ(target_at(Duration::hours(2) + Duration::minutes(59)), 1);  // 03:59 EDT
  EXPECT_EQ(target_at(Duration::hours(3)), 0);                          // 04:00 EDT
}

TEST(Router, WeekdaysAreLocalWeekdays) {
  // Monday 2024-03-11 00:00 JST is still Sunday in UTC: a weekend rule must not match then.
  RouterFixture f(testing::calendar("Asia/Tokyo", testing::utc(2024, 3, 10, 15)));
  RouterSpec spec;
  RouteRuleSpec weekend = single("weekend", 1);
  weekend.when.weekdays = 0b1100000;
  spec.rules = {weekend};
  Router router(f.h.ctx, spec, f.services);
  auto target_at = [&](Duration d) {
    f.h.sim.run_until(SimTime::zero() + d);
    return router.choose(request(), request()).chain[0];
  };
  EXPECT_EQ(target_at(Duration::hours(1)), 0);                               // Monday
  EXPECT_EQ(target_at(Duration::days(5) - Duration::nanoseconds(1)), 0);     // Friday 23:59:59
  EXPECT_EQ(target_at(Duration::days(5)), 1);                                // Saturday 00:00
  EXPECT_EQ(target_at(Duration::days(7) - Duration::nanoseconds(1)), 1);     // Sunday 23:59:59
  EXPECT_EQ(target_at(Duration::days(7)), 0);                                // Monday again
}

TEST(Router, RefusesSpecsTheLoaderShouldHaveRefused) {
  RouterFixture f;
  auto build = [&](RouterSpec spec) { Router r(f.h.ctx, spec, f.services); };
  RouterSpec bad_default;
  bad_default.default_index = 4;
  EXPECT_THROW(build(bad_default), std::invalid_argument);
  RouterSpec bad_target;
  bad_target.rules = {single("x", 9)};
  EXPECT_THROW(build(bad_target), std::invalid_argument);
  RouterSpec too_long;
  too_long.rules = {single("x", 0, std::vector<std::int32_t>(kMaxRouteLength, 1))};
  EXPECT_THROW(build(too_long), std::invalid_argument);
  RouterSpec weights;
  weights.rules = {canary({0.5, 0.5})};
  weights.rules[0].weights.pop_back();
  EXPECT_THROW(build(weights), std::invalid_argument);
  RouterSpec two_singles;
  two_singles.rules = {single("x", 0)};
  two_singles.rules[0].targets.push_back(1);
  EXPECT_THROW(build(two_singles), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
