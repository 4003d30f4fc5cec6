// AsyncEndpoint: scale from zero on demand, backlog per instance, end-to-end latency, scale back to
// zero, and the maximum age.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "models/sagemaker/async_endpoint.h"
#include "tests/sagemaker/endpoint_test_support.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using fmsim::testing::EndpointHarness;
using fmsim::testing::RecordingListener;

SageMakerAsyncSpec async_spec() {
  SageMakerAsyncSpec a;
  SageMakerEndpointSpec& s = a.endpoint;
  s.price_per_instance_hour_usd = 3.60;  // $0.001 per instance-second
  s.instances = DailyScheduleSpec::constant(0);
  s.server.max_concurrency = 4;
  s.server.inter_token_slope = sim::Duration::zero();  // speed 1 at any batch size
  s.server.service_time = sim::Distribution::constant(30);
  s.provisioning_delay = sim::Distribution::constant(120);
  s.autoscaling.enabled = true;
  s.autoscaling.metric = ScalingMetric::backlog_per_instance;
  s.autoscaling.target = 5;
  s.autoscaling.min_instances = 0;
  s.autoscaling.max_instances = 2;
  return a;
}

struct Burst {
  AsyncEndpoint* ep;
  RecordingListener* l;
  void fire(std::uint64_t) {
    for (std::uint64_t tag = 1; tag <= 10; ++tag) {
      CallInput in;
      ep->call(in, *l, tag);
    }
  }
};

// Ten requests at t = 10 s to an endpoint at zero instances (K = 4, 30 s each, provisioning 120 s,
// backlog target 5, scale out after 3 datapoints above, in after 15 below 4.5):
//   D1 (60 s): zero capacity with demand: 0 -> 1, in service at 180 s.
//   180 s: four start; 210 s: four more; 240 s: the last two; all done by 270 s. End to end:
//   4 x 200 s, 4 x 230 s, 2 x 260 s, each a cold start, the answer delivered at completion.
//   Backlog per instance: D3 [120, 180) 10 (above 1), D4 [180, 240) (10 x 30 + 6 x 30) / 60 = 8
//   (above 2), D5 [240, 300) 2 x 30 / 60 = 1 (below 1): never 3 above, so no scale-out.
//   D5 ... D19 below: at 19:00 (1140 s) ceil(1 x 0 / 5) = 0: scale in 1 -> 0.
//   Billing: 60 s -> 1140 s = 1080 instance-seconds = $1.08.
TEST(AsyncEndpoint, ScalesFromZeroServesEndToEndAndScalesBackToZero) {
  EndpointHarness h;
  AsyncEndpoint ep(h.ctx, "async", async_spec());
  RecordingListener l(h.sim);
  Burst b{&ep, &l};
  ep.start();
  h.sim.schedule_at<&Burst::fire>(sim::SimTime::from_seconds(10), &b);
  const sim::SimTime end = sim::SimTime::from_seconds(1500);
  h.sim.run_until(end);
  h.finish(end);

  ASSERT_EQ(l.calls.size(), 10u);
  const double want_done[] = {210, 210, 210, 210, 240, 240, 240, 240, 270, 270};
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(l.calls[i].result.status, CallStatus::ok);
    EXPECT_TRUE(l.calls[i].result.cold_start);
    EXPECT_DOUBLE_EQ(l.calls[i].at.seconds_f(), want_done[i]);
    EXPECT_DOUBLE_EQ(l.calls[i].result.first_token_at.seconds_f(), want_done[i]);
  }
  std::vector<std::string> kinds;
  for (const auto& e : h.recorder.events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"scale_out", "instance_in_service", "scale_in"}));
  EXPECT_DOUBLE_EQ(h.recorder.events[0].t_s, 60);
  EXPECT_DOUBLE_EQ(h.recorder.events[2].t_s, 1140);
  EXPECT_EQ(ep.fleet().capacity(), 0);
  EXPECT_NEAR(h.cost_of("async.instances"), 1.08, 1e-9);
}

// With max_age 100 s the ten requests are still queued (the instance arrives at 180 s) when their
// age runs out at 110 s: all end timed_out then, in order.
TEST(AsyncEndpoint, MaxAgeEndsWaitingRequests) {
  EndpointHarness h;
  SageMakerAsyncSpec spec = async_spec();
  spec.max_age = sim::Duration::seconds(100);
  AsyncEndpoint ep(h.ctx, "async", spec);
  RecordingListener l(h.sim);
  Burst b{&ep, &l};
  ep.start();
  h.sim.schedule_at<&Burst::fire>(sim::SimTime::from_seconds(10), &b);
  h.sim.run_until(sim::SimTime::from_seconds(600));
  ASSERT_EQ(l.calls.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(l.calls[i].tag, i + 1);
    EXPECT_EQ(l.calls[i].result.status, CallStatus::timed_out);
    EXPECT_DOUBLE_EQ(l.calls[i].at.seconds_f(), 110);
  }
  EXPECT_EQ(ep.fleet().queue_length(), 0u);
}

}  // namespace
}  // namespace fmsim::models
