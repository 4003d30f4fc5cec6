// The router wired into a Deployment built from its spec: targets behind their names, the router's
// default found by name, the per-target figures in the replication's TargetMetrics, and a
// capacity fallback between two stations.
#include <gtest/gtest.h>

#include <vector>

#include "models/deployment/deployment.h"
#include "models/metrics/target_metrics.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

struct Outcomes final : OutcomeListener {
  explicit Outcomes(RequestPool& p) : pool(p) {}
  void on_outcome(RequestId id, Outcome o) override {
    seen.push_back(o);
    pool.release(id);
  }
  RequestPool& pool;
  std::vector<Outcome> seen;
};

TargetSpec station(const std::string& name, std::int32_t servers) {
  TargetSpec t;
  t.name = name;
  t.kind = TargetKind::station;
  t.station.servers = servers;
  t.station.queue_capacity = 0;  // a busy station rejects (capacity)
  t.station.service_time = sim::Distribution::constant(10);
  return t;
}

TEST(DeploymentRouting, ACapacityFallbackBetweenTwoStationsIsCountedPerTarget) {
  testing::ServiceHarness h;
  DeploymentSpec spec;
  spec.targets = {station("small", 1), station("big", 10)};
  spec.router.default_target = "big";  // found by name
  RouteRuleSpec r;
  r.name = "small_first";
  r.when.classes = std::vector<std::int32_t>{0};
  r.targets = {0};
  r.fallback = {1};
  r.fallback_on = {false, true, false, false};  // capacity only
  spec.router.rules = {r};

  RequestPool pool;
  Outcomes outcomes(pool);
  TargetMetrics targets(Duration::seconds(60), {"small", "big"}, nullptr);
  Deployment d(h.ctx, spec, pool, outcomes, targets);
  d.start();
  // Three class-0 requests at once: the first takes small, the next two fall back to big;
  // one classless request goes to the default, big.
  for (int i = 0; i < 4; ++i) {
    const RequestId id = pool.acquire();
    pool[id].arrival = h.sim.now();
    pool[id].class_index = i < 3 ? 0 : -1;
    pool[id].input_tokens = 10;
    pool[id].output_tokens = 10;
    d.submit(id);
  }
  const SimTime end = SimTime::zero() + Duration::minutes(1);
  h.sim.run_until(end);
  targets.finish(end);
  h.finish(end);

  ASSERT_EQ(outcomes.seen.size(), 4u);
  for (const Outcome o : outcomes.seen) EXPECT_EQ(o, Outcome::ok);
  const auto totals = targets.totals();
  EXPECT_EQ(totals[0].counts.routed, 3u);
  EXPECT_EQ(totals[1].counts.routed, 1u);
  EXPECT_EQ(totals[0].counts.calls, 3u);
  EXPECT_EQ(totals[0].counts.ended[static_cast<std::size_t>(CallStatus::rejected)], 2u);
  EXPECT_EQ(totals[0].counts.fallbacks[static_cast<std::size_t>(FallbackReason::capacity)], 2u);
  EXPECT_EQ(totals[0].counts.served, 1u);
  EXPECT_EQ(totals[1].counts.calls, 3u);
  EXPECT_EQ(totals[1].counts.served, 3u);
  double matched = -1, fallbacks = -1, defaults = -1;
  for (const auto& c : h.metrics.counter_totals()) {
    if (c.component != "router") continue;
    if (c.name == "small_first_matched") matched = c.total;
    if (c.name == "fallbacks_capacity") fallbacks = c.total;
    if (c.name == "default_matched") defaults = c.total;
  }
  EXPECT_EQ(matched, 3);
  EXPECT_EQ(fallbacks, 2);
  EXPECT_EQ(defaults, 1);
}

}  // namespace
}  // namespace fmsim::models
