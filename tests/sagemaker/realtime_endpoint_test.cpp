// RealtimeEndpoint: the reference scenarios' instance-hour arithmetic to the cent, the invocation
// limit, routing and draining, zero capacity, the queue bound, and no allocation per event.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <gtest/gtest.h>

#include "models/sagemaker/realtime_endpoint.h"
#include "tests/sagemaker/endpoint_test_support.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using fmsim::testing::EndpointHarness;
using fmsim::testing::RecordedCall;
using fmsim::testing::ServiceHarness;

DailyScheduleSpec::Window window(int from_minute, int to_minute, double value) {
  return {from_minute, to_minute, value, {true, true, true, true, true, true, true}};
}

double instance_cost(const SageMakerEndpointSpec& spec, sim::Duration horizon) {
  ServiceHarness h;
  RealtimeEndpoint ep(h.ctx, "sm", spec);
  ep.start();
  const sim::SimTime end = sim::SimTime::zero() + horizon;
  h.sim.run_until(end);
  h.finish(end);
  return h.cost_of("sm.instances");
}

// R1: one always-on ml.g5.xlarge at $1.006/h for a 30-day month: 1.006 x 720 = $724.32.
TEST(RealtimeEndpointCost, R1OneInstanceForAMonth) {
  SageMakerEndpointSpec s;
  s.instance_type = "ml.g5.xlarge";
  s.price_per_instance_hour_usd = 1.006;
  EXPECT_NEAR(instance_cost(s, sim::Duration::days(30)), 724.32, 0.005);
}

// R2: 2 x ml.g7e.xlarge at $2.50/h for 20 h a day and 1 for the other 4 h:
// 2 x 2.50 x 20 + 1 x 2.50 x 4 = 100 + 10 = $110/day; 30 days = $3,300. The second instance is
// launched at 04:00 (billed from launch, serving after its provisioning delay) and removed at
// 24:00. Calendar: UTC from 1970-01-01 00:00.
TEST(RealtimeEndpointCost, R2ScheduleTwoInstancesFor20Hours) {
  SageMakerEndpointSpec s;
  s.instance_type = "ml.g7e.xlarge";
  s.price_per_instance_hour_usd = 2.50;
  s.instances = DailyScheduleSpec::constant(1);
  s.instances.windows.push_back(window(4 * 60, 24 * 60, 2));
  EXPECT_NEAR(instance_cost(s, sim::Duration::days(1)), 110.00, 0.005);
  EXPECT_NEAR(instance_cost(s, sim::Duration::days(30)), 3300.00, 0.005);
}

// R3: 4 x ml.g7e.2xlarge at $5.00/h always on, 4 more for 8 peak hours: per day
// 4 x 5 x 24 + 4 x 5 x 8 = 480 + 160 = $640; 30 days = $19,200.
TEST(RealtimeEndpointCost, R3FourAlwaysOnPlusFourForEightPeakHours) {
  SageMakerEndpointSpec s;
  s.instance_type = "ml.g7e.2xlarge";
  s.price_per_instance_hour_usd = 5.00;
  s.instances = DailyScheduleSpec::constant(4);
  s.instances.windows.push_back(window(10 * 60, 18 * 60, 8));
  EXPECT_NEAR(instance_cost(s, sim::Duration::days(1)), 640.00, 0.005);
  EXPECT_NEAR(instance_cost(s, sim::Duration::days(30)), 19200.00, 0.005);
}

SageMakerEndpointSpec plain(int instances, int k, double service_s) {
  SageMakerEndpointSpec s;
  s.price_per_instance_hour_usd = 3.60;  // $0.001 per instance-second
  s.instances = DailyScheduleSpec::constant(instances);
  s.server.max_concurrency = k;
  s.server.inter_token_slope = sim::Duration::zero();
  s.server.service_time = sim::Distribution::constant(service_s);
  s.streaming = false;
  return s;
}

struct Caller {
  RealtimeEndpoint* ep;
  fmsim::testing::RecordingListener* l;
  void call(std::uint64_t tag) {
    CallInput in;
    ep->call(in, *l, tag);
  }
};

// One instance, K = 1, 100 s of service, the 60 s limit measured from receipt:
//   A at 0 s is served and cut at 60 s; B at 1 s waits, starts at 60 s and is cut at 61 s (its own
//   limit, counted from receipt); C at 70 s starts at once and is cut at 130 s.
TEST(RealtimeEndpointLimits, InvocationLimitCountsQueueingAndFreesThePlace) {
  ServiceHarness h;
  RealtimeEndpoint ep(h.ctx, "sm", plain(1, 1, 100));
  Caller c{&ep, &h.listener};
  ep.start();
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(0), &c, 1);
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(1), &c, 2);
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(70), &c, 3);
  h.sim.run_until(sim::SimTime::from_seconds(300));
  const std::vector<RecordedCall>& calls = h.listener.calls;
  ASSERT_EQ(calls.size(), 3u);
  const double want_at[] = {60, 61, 130};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(calls[i].tag, i + 1);
    EXPECT_EQ(calls[i].result.status, CallStatus::timed_out);
    EXPECT_DOUBLE_EQ(calls[i].at.seconds_f(), want_at[i]);
  }
  EXPECT_EQ(ep.busy(), 0);
  EXPECT_EQ(ep.calls_in_flight(), 0u);
}

// A full queue rejects at once; zero instances with at_zero: fail reject at once.
TEST(RealtimeEndpointLimits, FullQueueAndZeroCapacityReject) {
  {
    ServiceHarness h;
    SageMakerEndpointSpec s = plain(1, 1, 10);
    s.queue_capacity = 1;
    RealtimeEndpoint ep(h.ctx, "sm", s);
    Caller c{&ep, &h.listener};
    ep.start();
    for (std::uint64_t tag = 1; tag <= 3; ++tag) h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(1), &c, tag);
    h.sim.run_until(sim::SimTime::from_seconds(100));
    ASSERT_EQ(h.listener.calls.size(), 3u);
    EXPECT_EQ(h.listener.calls[0].tag, 3u);  // rejected synchronously
    EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::rejected);
    EXPECT_DOUBLE_EQ(h.listener.calls[1].at.seconds_f(), 11);
    EXPECT_DOUBLE_EQ(h.listener.calls[2].at.seconds_f(), 21);
  }
  {
    ServiceHarness h;
    RealtimeEndpoint ep(h.ctx, "sm", plain(0, 1, 10));
    Caller c{&ep, &h.listener};
    ep.start();
    h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(1), &c, 1);
    h.sim.run_until(sim::SimTime::from_seconds(100));
    ASSERT_EQ(h.listener.calls.size(), 1u);
    EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::rejected);
    EXPECT_DOUBLE_EQ(h.listener.calls[0].at.seconds_f(), 1);
  }
}

// Two instances (K = 1, 30 s of service) until 00:10, then one. At 10:00 both are busy (A on the
// first since 9:50, B on the second since 9:55): the newer index drains, finishes B at 10:25 and
// terminates; C (10:10) waits for the first instance, not the draining one: 10:20 -> 10:50.
// Billing over 20 min: 1200 s + 625 s = 1825 instance-seconds x $0.001 = $1.825.
TEST(RealtimeEndpointInstances, BusyInstanceDrainsAndStopsBillingAtItsLastRequest) {
  EndpointHarness h;
  SageMakerEndpointSpec s = plain(1, 1, 30);
  s.instances.windows.push_back(window(0, 10, 2));
  RealtimeEndpoint ep(h.ctx, "sm", s);
  fmsim::testing::RecordingListener l(h.sim);
  Caller c{&ep, &l};
  ep.start();
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(590), &c, 1);
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(595), &c, 2);
  h.sim.schedule_at<&Caller::call>(sim::SimTime::from_seconds(610), &c, 3);
  h.sim.run_until(sim::SimTime::from_seconds(601));
  EXPECT_EQ(ep.instances_in_service(), 1);
  EXPECT_EQ(ep.instances_draining(), 1);
  const sim::SimTime end = sim::SimTime::from_seconds(1200);
  h.sim.run_until(end);
  h.finish(end);
  ASSERT_EQ(l.calls.size(), 3u);
  EXPECT_EQ(l.calls[0].tag, 1u);
  EXPECT_DOUBLE_EQ(l.calls[0].at.seconds_f(), 620);
  EXPECT_EQ(l.calls[1].tag, 2u);
  EXPECT_DOUBLE_EQ(l.calls[1].at.seconds_f(), 625);
  EXPECT_EQ(l.calls[2].tag, 3u);
  EXPECT_DOUBLE_EQ(l.calls[2].at.seconds_f(), 650);
  EXPECT_DOUBLE_EQ(l.calls[2].result.first_token_at.seconds_f(), 650);  // not streaming: the answer
  EXPECT_EQ(ep.instances_draining(), 0);
  EXPECT_NEAR(h.cost_of("sm.instances"), 1.825, 1e-9);
  const auto sched = h.recorder.of_kind("schedule");
  ASSERT_EQ(sched.size(), 1u);
  EXPECT_DOUBLE_EQ(sched[0].t_s, 600);
}

// Least outstanding requests: with two instances of K = 4, calls alternate between them, and the
// token model's first token arrives after the prefill: 30 ms + 500 / 5000 s = 130 ms at speed 1.
TEST(RealtimeEndpointInstances, RoutesToTheLeastBusyInstanceAndStreamsTheFirstToken) {
  ServiceHarness h;
  SageMakerEndpointSpec s;
  s.instances = DailyScheduleSpec::constant(2);
  s.server.max_concurrency = 4;
  RealtimeEndpoint ep(h.ctx, "sm", s);
  ep.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 11;
  ep.call(in, h.listener, 1);
  ep.call(in, h.listener, 2);
  EXPECT_EQ(ep.busy(), 2);
  h.sim.run_until(sim::SimTime::from_seconds(10));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  for (const auto& c : h.listener.calls) {
    EXPECT_EQ(c.result.status, CallStatus::ok);
    EXPECT_NEAR(c.result.first_token_at.seconds_f(), 0.130, 1e-9);  // each alone on its instance
    EXPECT_NEAR(c.at.seconds_f(), 0.130 + 10 * 0.03123, 1e-9);
  }
}

// After warm-up, a steady Poisson load through an autoscaled endpoint allocates nothing per event
// (call records, queue, servers and event queue have reached their peak sizes).
struct PoissonCaller final : CallListener {
  PoissonCaller(sim::Simulator& s, RealtimeEndpoint& e, double rate) : sim(s), ep(e), gap(rate) {}
  void on_call_done(CallTag, const CallResult&) override { ++done; }
  void arrive(std::uint64_t) {
    CallInput in;
    in.input_tokens = 300;
    in.output_tokens = 50 + static_cast<std::int64_t>(done % 100);
    ep.call(in, *this, 0);
    sim.schedule_in<&PoissonCaller::arrive>(sim::Duration::from_seconds(gap(rng)), this);
  }
  sim::Simulator& sim;
  RealtimeEndpoint& ep;
  boost::random::exponential_distribution<double> gap;
  sim::RandomEngine rng{7};
  std::uint64_t done = 0;
};

TEST(RealtimeEndpointPerformance, NoAllocationPerEventAfterWarmUp) {
  ServiceHarness h;
  SageMakerEndpointSpec s;
  s.autoscaling.enabled = true;
  s.autoscaling.target = 60;
  s.autoscaling.min_instances = 2;
  s.autoscaling.max_instances = 2;
  s.instances = DailyScheduleSpec::constant(2);
  RealtimeEndpoint ep(h.ctx, "sm", s);
  PoissonCaller p(h.sim, ep, 3.0);  // ~3/s x ~3 s each: ~9 in service of 32 places
  ep.start();
  h.sim.schedule_in<&PoissonCaller::arrive>(sim::Duration::seconds(1), &p);
  h.sim.run_until(sim::SimTime::from_seconds(4 * 3600));
  const std::uint64_t events_before = h.sim.events_processed();
  const long before = fmsim::testing::allocations();
  h.sim.run_until(sim::SimTime::from_seconds(6 * 3600));
  const long after = fmsim::testing::allocations();
  EXPECT_GT(h.sim.events_processed() - events_before, 60'000u);
  EXPECT_EQ(after - before, 0);
}

}  // namespace
}  // namespace fmsim::models
