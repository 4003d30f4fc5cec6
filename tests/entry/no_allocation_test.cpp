// Once the pools have grown to the load's peak, the entry tiers allocate nothing per call: a
// second stretch of the same load, through API Gateway + Lambda (with cold starts, keep-alive
// expiries and function timeouts) and through the queue pattern, makes no heap allocation.
#include <gtest/gtest.h>

#include "models/entry/api_gateway.h"
#include "models/entry/lambda_function.h"
#include "models/entry/queue_entry.h"
#include "sim/slot_pool.h"
#include "tests/entry/entry_test_support.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using sim::Duration;

// Every 10th call takes 5 s (past a 3 s function timeout), the others 50 ms; every 7th fails.
class PatternedBackend final : public models::Service {
 public:
  explicit PatternedBackend(sim::Simulator& sim) : sim_(sim) {}
  void call(const models::CallInput&, models::CallListener& l, models::CallTag tag) override {
    const std::uint64_t n = calls_++;
    const std::uint32_t id = pending_.acquire();
    pending_[id] = {&l, tag, n % 7 == 3 ? models::CallStatus::error : models::CallStatus::ok};
    sim_.schedule_in<&PatternedBackend::on_done>(n % 10 == 0 ? Duration::seconds(5) : Duration::milliseconds(50),
                                                 this, id);
  }

 private:
  struct Pending {
    models::CallListener* listener = nullptr;
    models::CallTag tag = 0;
    models::CallStatus status = models::CallStatus::ok;
  };
  void on_done(std::uint64_t raw) {
    const auto id = static_cast<std::uint32_t>(raw);
    const Pending p = pending_[id];
    pending_.release(id);
    models::CallResult r;
    r.status = p.status;
    p.listener->on_call_done(p.tag, r);
  }
  sim::Simulator& sim_;
  sim::SlotPool<Pending> pending_;
  std::uint64_t calls_ = 0;
};

// Calls every 20 ms with a short burst of 5 every 10 s; counts answers.
class SteadyClient final : public models::CallListener {
 public:
  SteadyClient(sim::Simulator& sim, models::Service& front) : sim_(sim), front_(front) {
    sim_.schedule_in<&SteadyClient::on_tick>(Duration::milliseconds(20), this);
  }
  void on_call_done(models::CallTag, const models::CallResult&) override { ++answered; }
  std::uint64_t answered = 0;

 private:
  void on_tick(std::uint64_t) {
    const int n = (++ticks_ % 500 == 0) ? 5 : 1;
    for (int i = 0; i < n; ++i) front_.call(models::CallInput{}, *this, sent_++);
    sim_.schedule_in<&SteadyClient::on_tick>(Duration::milliseconds(20), this);
  }
  sim::Simulator& sim_;
  models::Service& front_;
  std::uint64_t ticks_ = 0, sent_ = 0;
};

TEST(EntryAllocations, ApiGatewayAndLambdaAllocateNothingPerCallOnceWarm) {
  ServiceHarness h;
  PatternedBackend backend(h.sim);
  auto spec = deterministic_lambda();
  spec.keep_alive = sim::Distribution::constant(2);  // environments expire and are recreated
  models::LambdaFunction fn(h.ctx, "function", spec, backend);
  models::ApiGateway gw(h.ctx, "api_gateway", models::ApiGatewaySpec{}, fn);
  SteadyClient client(h.sim, gw);
  h.sim.run_until(at_s(600));
  const std::uint64_t answered = client.answered;
  const long before = allocations();
  h.sim.run_until(at_s(1200));
  const long after = allocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_GT(client.answered - answered, 29'000u);
  EXPECT_GT(fn.totals().timeouts, 0u);
  EXPECT_GT(fn.totals().expired, 0u);
}

TEST(EntryAllocations, QueueEntryAllocatesNothingPerMessageOnceWarm) {
  ServiceHarness h;
  PatternedBackend backend(h.sim);
  models::QueueSpec q;
  q.batch_size = 3;
  q.max_pollers = 20;
  q.visibility_timeout = Duration::seconds(5);
  q.max_message_age = Duration::seconds(60);
  models::QueueEntry queue(h.ctx, "queue", q, deterministic_lambda(), backend);
  SteadyClient client(h.sim, queue);
  h.sim.run_until(at_s(600));
  const std::uint64_t answered = client.answered;
  const long before = allocations();
  h.sim.run_until(at_s(1200));
  const long after = allocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_GT(client.answered - answered, 29'000u);
  EXPECT_GT(queue.counts().redeliveries, 0u);
}

}  // namespace
}  // namespace fmsim::testing
