// The asynchronous queue pattern: the client's poll arithmetic, redelivery after the visibility
// timeout, the dead-letter queue, expiry, a batch killed by the function timeout, throttled
// pollers, and conservation (every message delivered, expired or dead-lettered exactly once)
// under random load with failures.
#include "models/entry/queue_entry.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using models::CallStatus;
using models::QueueEntry;
using sim::Duration;

models::QueueSpec queue_spec() {
  models::QueueSpec q;  // batch 1, 5 pollers, visibility 30 s, 3 receives, 4 days, polls every 1 s
  return q;
}

TEST(QueueEntry, ClientSeesTheResultAtItsNextPoll) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::milliseconds(1500));
  QueueEntry q(h.ctx, "queue", queue_spec(), deterministic_lambda(), model);
  q.start();
  CallDriver drive(h.sim, q, h.listener);
  drive.at(at_s(0.3));
  h.sim.run_until(at_s(10));
  h.finish(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  // Received at once; cold function 0.6 + 0.01 s, model 1.5 s: result written at 2.41 s. The
  // client polls at 1.3, 2.3, 3.3: the third finds it.
  EXPECT_EQ(h.listener.calls[0].at, at_s(3.3));
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[0].result.first_token_at, at_s(3.3));
  EXPECT_TRUE(h.listener.calls[0].result.cold_start);
  // Send + receive + delete; one write; three reads.
  EXPECT_NEAR(h.cost_of("queue.queue_requests"), 3 * 0.40e-6, 1e-15);
  EXPECT_NEAR(h.cost_of("queue.result_writes"), 0.625e-6, 1e-15);
  EXPECT_NEAR(h.cost_of("queue.result_reads"), 3 * 0.125e-6, 1e-15);
  EXPECT_NEAR(h.cost_of("function.requests"), 0.20e-6, 1e-15);
  EXPECT_EQ(q.counts().delivered, 1u);
}

TEST(QueueEntry, FailedMessageIsRedeliveredAfterTheVisibilityTimeout) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::milliseconds(1500));
  model.status_of = [](std::uint64_t n) { return n == 0 ? CallStatus::error : CallStatus::ok; };
  QueueEntry q(h.ctx, "queue", queue_spec(), deterministic_lambda(), model);
  CallDriver drive(h.sim, q, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(100));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  // Received at 0, failed at 2.11, visible again at 30, received, warm: 0.01 + 1.5 s -> 31.51,
  // seen at the poll at 32.
  EXPECT_EQ(h.listener.calls[0].at, at_s(32));
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[0].result.attempts, 2u);
  EXPECT_EQ(q.counts().receives, 2u);
  EXPECT_EQ(q.counts().redeliveries, 1u);
  EXPECT_EQ(q.counts().processing_failures, 1u);
}

TEST(QueueEntry, DeadLettersAfterMaxReceives) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::milliseconds(1500));
  model.status_of = [](std::uint64_t) { return CallStatus::error; };
  QueueEntry q(h.ctx, "queue", queue_spec(), deterministic_lambda(), model);
  CallDriver drive(h.sim, q, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(200));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  // Received at 0, 30 and 60; visible again at 90, moved to the dead-letter queue at the receive
  // attempt then; the client's poll at 90 s sees it.
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::error);
  EXPECT_EQ(h.listener.calls[0].at, at_s(90));
  EXPECT_EQ(model.calls, 3u);
  EXPECT_EQ(q.counts().dead_lettered, 1u);
  EXPECT_EQ(q.counts().pending(), 0u);
  EXPECT_EQ(h.events.count(), 1u);
}

TEST(QueueEntry, MessagesOlderThanTheRetentionExpire) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(100));
  auto q_spec = queue_spec();
  q_spec.max_pollers = 1;
  q_spec.max_message_age = Duration::seconds(60);
  q_spec.visibility_timeout = Duration::seconds(1000);
  auto fn = deterministic_lambda();
  fn.timeout = Duration::seconds(900);
  QueueEntry q(h.ctx, "queue", q_spec, fn, model);
  CallDriver drive(h.sim, q, h.listener);
  for (int i = 0; i < 3; ++i) drive.at(at_s(0));
  h.sim.run_until(at_s(30));
  EXPECT_EQ(q.visible(), 2u);
  EXPECT_EQ(q.in_flight(), 1u);
  h.sim.run_until(at_s(500));
  ASSERT_EQ(h.listener.calls.size(), 3u);
  // The two waiting behind the single poller expire at 60 s; the first, in flight since 0, also
  // expires at 60 s (retention applies to in-flight messages too), and its late result is wasted.
  for (const auto& c : h.listener.calls) EXPECT_EQ(c.result.status, CallStatus::timed_out);
  EXPECT_EQ(q.counts().expired, 3u);
  EXPECT_EQ(q.counts().duplicates, 1u);
  EXPECT_EQ(q.counts().pending(), 0u);
}

TEST(QueueEntry, FunctionTimeoutKillsTheRestOfTheBatch) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(2));
  auto q_spec = queue_spec();
  q_spec.batch_size = 2;
  q_spec.max_pollers = 1;
  QueueEntry q(h.ctx, "queue", q_spec, deterministic_lambda(), model);  // function timeout 3 s
  CallDriver drive(h.sim, q, h.listener);
  drive.at(at_s(0));  // alone in the first batch (cold: done at 0.6 + 0.01 + 2 = 2.61)
  drive.at(at_s(1));  // these two wait for the single poller and go together at 2.61
  drive.at(at_s(1));
  h.sim.run_until(at_s(100));
  ASSERT_EQ(h.listener.calls.size(), 3u);
  // Second batch, warm: the first result is written at 2.61 + 0.01 + 2 = 4.62; the second model
  // call starts then, and the invocation is killed at 2.61 + 3 = 5.61. That message comes back at
  // 2.61 + 30 = 32.61; the reset environment runs Init again: 32.61 + 0.61 + 2 = 35.22, seen at
  // the client's poll at 36 s.
  EXPECT_EQ(h.listener.calls[0].at, at_s(3));
  EXPECT_EQ(h.listener.calls[1].at, at_s(5));
  EXPECT_EQ(h.listener.calls[2].at, at_s(36));
  EXPECT_EQ(h.listener.calls[2].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[2].result.attempts, 2u);
  EXPECT_EQ(model.calls, 4u);  // the killed call still ran (to 6.62), its result discarded
  EXPECT_EQ(model.ends[2], at_s(6.62));
  EXPECT_EQ(q.counts().failed_invocations, 1u);
  EXPECT_EQ(q.function().totals().timeouts, 1u);
  EXPECT_EQ(q.function().totals().late_answers, 0u);  // the handler, not the function, got it
  EXPECT_EQ(q.function().totals().cold_starts, 2u);
}

TEST(QueueEntry, ThrottledPollersLeaveMessagesForTheVisibilityTimeout) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  auto fn = deterministic_lambda();
  fn.reserved_concurrency = 1;
  QueueEntry q(h.ctx, "queue", queue_spec(), fn, model);  // 5 pollers, concurrency 1
  CallDriver drive(h.sim, q, h.listener);
  drive.at(at_s(0));
  drive.at(at_s(0));
  h.sim.run_until(at_s(100));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  // The second poller's invocation is throttled: its message waits out the 30 s visibility.
  EXPECT_EQ(h.listener.calls[0].at, at_s(2));
  EXPECT_EQ(h.listener.calls[1].at, at_s(32));
  EXPECT_EQ(q.function().totals().throttles, 1u);
  EXPECT_EQ(q.counts().failed_invocations, 1u);
}

// Random load with failures, slow calls, timeouts and expiry: nothing is lost.
TEST(QueueEntry, ConservationUnderRandomLoad) {
  ServiceHarness h(7);
  std::mt19937_64 rng(12345);
  std::exponential_distribution<double> latency(1.0 / 1.5);
  std::bernoulli_distribution fails(0.25);
  ScriptedService model(h.sim, Duration::zero());
  model.latency_of = [&](std::uint64_t) { return Duration::from_seconds(latency(rng)); };
  model.status_of = [&](std::uint64_t) { return fails(rng) ? CallStatus::error : CallStatus::ok; };
  auto q_spec = queue_spec();
  q_spec.batch_size = 3;
  q_spec.max_pollers = 3;
  q_spec.visibility_timeout = Duration::seconds(10);
  q_spec.max_message_age = Duration::seconds(120);
  q_spec.poll_interval = Duration::seconds(2);
  auto fn = deterministic_lambda();
  fn.timeout = Duration::seconds(5);
  fn.keep_alive = sim::Distribution::constant(20);
  QueueEntry q(h.ctx, "queue", q_spec, fn, model);
  q.start();
  CallDriver drive(h.sim, q, h.listener);
  std::exponential_distribution<double> gap(1.5);  // 1.5 per second: more than 3 pollers keep up with
  double t = 0;
  std::uint64_t n = 0;
  while ((t += gap(rng)) < 3600) {
    drive.at(at_s(t));
    ++n;
  }
  for (double check : {600.0, 1800.0, 3000.0}) {
    h.sim.run_until(at_s(check));
    EXPECT_EQ(q.counts().pending(), q.visible() + q.in_flight()) << "at " << check;
    EXPECT_EQ(q.counts().submitted, q.counts().delivered + q.counts().expired + q.counts().dead_lettered +
                                        q.counts().pending());
  }
  h.sim.run_until(at_s(3600 + 1000));
  const auto& c = q.counts();
  EXPECT_EQ(c.submitted, n);
  EXPECT_EQ(c.pending(), 0u);
  EXPECT_EQ(c.answered, n);
  EXPECT_EQ(h.listener.calls.size(), n);
  std::uint64_t ok = 0, error = 0, timed_out = 0;
  for (const auto& call : h.listener.calls) {
    if (call.result.status == CallStatus::ok) ++ok;
    if (call.result.status == CallStatus::error) ++error;
    if (call.result.status == CallStatus::timed_out) ++timed_out;
  }
  EXPECT_EQ(ok, c.delivered);
  EXPECT_EQ(error, c.dead_lettered);
  EXPECT_EQ(timed_out, c.expired);
  EXPECT_EQ(ok + error + timed_out, n);
  // The load makes every fate happen, so the identity is not checked vacuously.
  EXPECT_GT(c.delivered, 0u);
  EXPECT_GT(c.expired, 0u);
  EXPECT_GT(c.dead_lettered, 0u);
  EXPECT_GT(c.redeliveries, 0u);
  EXPECT_GT(q.function().totals().timeouts, 0u);
  EXPECT_EQ(q.busy_pollers(), 0);
  std::cout << "[queue] submitted " << n << ": delivered " << c.delivered << ", expired " << c.expired
            << ", dead-lettered " << c.dead_lettered << ", redeliveries " << c.redeliveries << ", duplicates "
            << c.duplicates << "\n";
}

}  // namespace
}  // namespace fmsim::testing
