// The always-warm orchestrator: no cold starts, tasks x slots concurrency, FIFO queue with a
// capacity, overhead, task-hour billing.
#include "models/entry/orchestrator.h"

#include <gtest/gtest.h>

#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using models::CallStatus;
using models::Orchestrator;
using sim::Duration;

models::OrchestratorSpec small() {
  models::OrchestratorSpec s;
  s.tasks = 2;
  s.slots_per_task = 1;
  s.overhead = sim::Distribution::constant(0.005);
  s.queue_capacity = 1;
  return s;
}

TEST(Orchestrator, NeverColdSlotsThenQueueThenReject) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  Orchestrator orch(h.ctx, "orchestrator", small(), model);
  orch.start();
  CallDriver drive(h.sim, orch, h.listener);
  for (int i = 0; i < 4; ++i) drive.at(at_s(0));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 4u);
  // Two slots, one waiting place: the fourth is rejected at once.
  EXPECT_EQ(h.listener.calls[0].tag, 3u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::rejected);
  EXPECT_EQ(h.listener.calls[1].at, at_s(1.005));
  EXPECT_EQ(h.listener.calls[2].at, at_s(1.005));
  // The queued one starts when the first slot frees, FIFO.
  EXPECT_EQ(h.listener.calls[3].tag, 2u);
  EXPECT_EQ(h.listener.calls[3].at, at_s(2.01));
  for (const auto& c : h.listener.calls) EXPECT_FALSE(c.result.cold_start);
  EXPECT_EQ(orch.rejected(), 1u);
  EXPECT_EQ(orch.busy_slots(), 0);
}

TEST(Orchestrator, BilledPerTaskHourFromStart) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  models::OrchestratorSpec spec;  // 2 tasks at $0.04937 per task-hour
  Orchestrator orch(h.ctx, "orchestrator", spec, model);
  orch.start();
  h.sim.run_until(at_s(10 * 3600));
  h.finish(at_s(10 * 3600));
  // 2 tasks x 10 h x $0.04937 = $0.9874, used or not.
  EXPECT_NEAR(h.cost_of("orchestrator.tasks"), 0.9874, 1e-9);
}

TEST(Orchestrator, QueueLengthGauge) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(10));
  auto spec = small();
  spec.queue_capacity.reset();
  Orchestrator orch(h.ctx, "orchestrator", spec, model);
  CallDriver drive(h.sim, orch, h.listener);
  for (int i = 0; i < 6; ++i) drive.at(at_s(0));
  h.sim.run_until(at_s(1));
  EXPECT_EQ(orch.queue_length(), 4u);
  h.sim.run_until(at_s(100));
  h.finish(at_s(100));
  EXPECT_EQ(h.listener.calls.size(), 6u);
  for (const auto& g : h.metrics.gauge_totals()) {
    if (g.component == "orchestrator" && g.name == "queue_length") {
      EXPECT_EQ(g.max, 4);
    }
  }
}

}  // namespace
}  // namespace fmsim::testing
