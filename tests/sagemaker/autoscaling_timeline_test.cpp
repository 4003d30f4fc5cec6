// Target-tracking autoscaling on step loads, against instance counts worked out by hand from the
// rules of models/sagemaker/target_tracking_scaler.h. Everything is deterministic: calls evenly
// spread within each minute (never on a minute mark), a constant 1 s service, a constant
// provisioning delay. Counts are read one second after each minute mark, after that minute's
// datapoint has been acted on.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/sagemaker/realtime_endpoint.h"
#include "tests/sagemaker/endpoint_test_support.h"

namespace fmsim::models {
namespace {

using fmsim::testing::EndpointHarness;
using fmsim::testing::InstanceCounts;
using fmsim::testing::InstanceProbe;
using fmsim::testing::LoggedEvent;
using fmsim::testing::MinuteLoad;
using fmsim::testing::TallyListener;

std::vector<int> minutes(std::initializer_list<std::pair<int, int>> runs) {
  std::vector<int> v;
  for (const auto& [count, per_minute] : runs) v.insert(v.end(), static_cast<std::size_t>(count), per_minute);
  return v;
}

std::vector<sim::SimTime> each_minute_plus_1s(int n) {
  std::vector<sim::SimTime> t;
  for (int k = 0; k < n; ++k) t.push_back(sim::SimTime::from_seconds(60.0 * k + 1));
  return t;
}

SageMakerEndpointSpec step_spec() {
  SageMakerEndpointSpec s;
  s.price_per_instance_hour_usd = 3.60;  // $0.001 per instance-second
  s.server.max_concurrency = 16;
  s.server.service_time = sim::Distribution::constant(1.0);
  s.server.inter_token_slope = sim::Duration::zero();
  return s;
}

void expect_counts(const std::vector<InstanceCounts>& got, const std::vector<InstanceCounts>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < want.size(); ++k)
    EXPECT_EQ(got[k], want[k]) << "minute " << k << ": got " << fmsim::testing::to_string(got[k]) << ", want "
                               << fmsim::testing::to_string(want[k]);
}

void expect_event(const LoggedEvent& e, double t_s, double from, double to) {
  EXPECT_DOUBLE_EQ(e.t_s, t_s) << e.kind << " " << e.reason;
  EXPECT_EQ(e.from, from) << e.kind << " at " << e.t_s;
  EXPECT_EQ(e.to, to) << e.kind << " at " << e.t_s;
}

// Policy: InvocationsPerInstance, target 10, min 1, max 4, 60 s datapoints, scale out after 3
// above 10, scale in after 15 below 9, cooldowns 300 s / 300 s, provisioning 270 s.
// Load (calls per minute): minutes 0-4: 10, 5-8: 25, 9-14: 45, 15-30: 16, 31-39: 2.
// D_k is the datapoint at k:00, for minute k-1: calls in that minute / instances in service at k:00.
//
//   D1-D5   10/1 = 10     neither above 10 nor below 9.
//   D6-D7   25/1 = 25     above (1, 2).
//   D8      25            above (3): ALARM. Not cooling: ceil(1 x 25 / 10) = 3 > 1: scale out 1 -> 3
//                         at 8:00; two instances provisioning until 12:30. Cooldown to 13:00, base 1.
//   D9      25            ALARM, cooling: ceil(1 x 25 / 10) = 3, not above 3: nothing.
//   D10     45/1 = 45     ALARM, cooling: ceil(1 x 45 / 10) = 5 -> max 4 > 3: a larger scale-out
//                         proceeds, 3 -> 4 at 10:00 (ready 14:30). Cooldown to 15:00, base 3.
//   D11-D12 45/1          cooling: ceil(3 x 45 / 10) = 14 -> 4, not above 4: nothing.
//   12:30                 two instances in service (3).
//   D13-D14 45/3 = 15     cooling, base 3: 14 -> 4: nothing.
//   14:30                 the fourth in service.
//   D15     45/4 = 11.25  not cooling (15:00 is not before 15:00): ceil(4 x 11.25 / 10) = 5 -> 4: nothing.
//   D16-D29 16/4 = 4      below 9 (1 ... 14).
//   D30     16/4 = 4      below (15): ALARM, no scale-in yet: ceil(4 x 4 / 10) = 2 < 4: scale in
//                         4 -> 2 at 30:00. All idle (minute 29's last call ended 29:59.125), so two
//                         terminate at once: the newest, launched 10:00 and 8:00 (the later index).
//                         Scale-in cooldown to 35:00.
//   D31     16/2 = 8      below (16), cooling: blocked (and ceil(2 x 8 / 10) = 2 anyway).
//   D32-D34 2/2 = 1       below, cooling: blocked although ceil(2 x 1 / 10) = 1 < 2.
//   D35     2/2 = 1       not cooling: scale in 2 -> 1 at 35:00 (idle: minute 34's calls ended by 34:46).
//   D36-D39 2/1 = 2       below, at the minimum: nothing.
// Billing (instance-seconds): the first 0-40:00 = 2400; 8:00-35:00 = 1620; 8:00-30:00 = 1320;
// 10:00-30:00 = 1200. Total 6540 s x $0.001 = $6.54.
TEST(AutoscalingTimeline, StepLoadMatchesTheHandDerivation) {
  EndpointHarness h;
  SageMakerEndpointSpec spec = step_spec();
  spec.provisioning_delay = sim::Distribution::constant(270);
  AutoscalingSpec& a = spec.autoscaling;
  a.enabled = true;
  a.metric = ScalingMetric::invocations_per_instance;
  a.target = 10;
  a.min_instances = 1;
  a.max_instances = 4;
  a.period = sim::Duration::seconds(60);
  a.scale_out_datapoints = 3;
  a.scale_in_datapoints = 15;
  a.scale_in_ratio = 0.9;
  a.scale_out_cooldown = sim::Duration::seconds(300);
  a.scale_in_cooldown = sim::Duration::seconds(300);

  RealtimeEndpoint ep(h.ctx, "ep", spec);
  TallyListener tally;
  MinuteLoad load(h.sim, ep, tally, minutes({{5, 10}, {4, 25}, {6, 45}, {16, 16}, {9, 2}}));
  InstanceProbe probe(h.sim, ep);
  probe.at(each_minute_plus_1s(40));
  ep.start();
  load.start();
  const sim::SimTime end = sim::SimTime::from_seconds(2400);
  h.sim.run_until(end);
  h.finish(end);

  std::vector<InstanceCounts> want;
  const auto add = [&](int n, InstanceCounts c) { want.insert(want.end(), static_cast<std::size_t>(n), c); };
  add(8, {1, 1, 0, 0});    // 0-7
  add(2, {3, 1, 2, 0});    // 8-9
  add(3, {4, 1, 3, 0});    // 10-12
  add(2, {4, 3, 1, 0});    // 13-14
  add(15, {4, 4, 0, 0});   // 15-29
  add(5, {2, 2, 0, 0});    // 30-34
  add(5, {1, 1, 0, 0});    // 35-39
  expect_counts(probe.readings, want);

  const auto outs = h.recorder.of_kind("scale_out");
  const auto ins = h.recorder.of_kind("scale_in");
  const auto ready = h.recorder.of_kind("instance_in_service");
  ASSERT_EQ(outs.size(), 2u);
  expect_event(outs[0], 480, 1, 3);
  expect_event(outs[1], 600, 3, 4);
  EXPECT_NE(outs[1].reason.find("larger than the scale-out in cooldown"), std::string::npos) << outs[1].reason;
  ASSERT_EQ(ins.size(), 2u);
  expect_event(ins[0], 1800, 4, 2);
  expect_event(ins[1], 2100, 2, 1);
  ASSERT_EQ(ready.size(), 3u);
  EXPECT_DOUBLE_EQ(ready[0].t_s, 750);
  EXPECT_DOUBLE_EQ(ready[1].t_s, 750);
  EXPECT_DOUBLE_EQ(ready[2].t_s, 870);

  EXPECT_EQ(tally.count(CallStatus::ok), 694u);  // 5x10 + 4x25 + 6x45 + 16x16 + 9x2, none late
  EXPECT_EQ(load.sent(), 694u);
  EXPECT_EQ(h.counter_total("ep", "scaling_actions"), 4);
  EXPECT_NEAR(h.cost_of("ep.instances"), 6.54, 0.005);
}

// Scale to zero and back, a scale-out during the scale-in cooldown, and a scheduled minimum.
// Policy: min 0, max 3, target 10, out after 2 above, in after 3 below 9, cooldowns out 120 s /
// in 600 s, provisioning 90 s, at_zero: fail, one instance at t = 0. Scheduled minimum 2 from
// 00:15 to 00:17 (UTC calendar from 1970-01-01 00:00, so local minute = simulated minute).
// Load: minutes 0-4: none, 5-9: 30 per minute, then none.
//
//   D1-D2   0/1 = 0   below (1, 2).
//   D3      0         below (3): ALARM: ceil(1 x 0 / 10) = 0, min 0: scale in 1 -> 0 at 3:00
//                     (scale-in cooldown to 13:00).
//   D4-D5   missing (nobody in service), no demand: nothing.
//   minute 5          30 calls rejected (zero capacity, at_zero fail).
//   D6      capacity 0 with demand: scale out 0 -> max(1, 0) = 1 at 6:00, ready at 7:30.
//           Scale-out cooldown to 8:00, base 0.
//   minute 6          30 rejected (nothing in service yet).
//   D7      missing (capacity 1 provisioning): nothing.
//   minute 7          the 15 calls before 7:30 rejected, 15 served.
//   D8      30/1 = 30 above (1).
//   D9      30/1 = 30 above (2): ALARM, not cooling (9:00 >= 8:00): ceil(1 x 30 / 10) = 3: scale out
//                     1 -> 3 at 9:00, though the scale-in cooldown runs to 13:00. Ready 10:30.
//   D10     30/1 = 30 ALARM, cooling to 11:00, base 1: 3, not above 3: nothing.
//   D11-D12 0/3 = 0   below (1, 2).
//   D13     0         below (3): ALARM, the scale-in cooldown ended at 13:00: scale in 3 -> 0.
//                     Scale-in cooldown to 23:00.
//   15:00             scheduled minimum 2: 0 -> 2 (provisioning to 16:30).
//   D14-D16 missing: nothing. 17:00: the minimum falls back to 0 (no action by itself).
//   D17-D22 0/2 = 0   below (4 ... 9 counting the three before the gap): ALARM, but cooling.
//   D23     0         not cooling: ceil(0) = 0, min 0: scale in 2 -> 0 at 23:00.
// Calls: 150 sent, 75 rejected (minutes 5, 6 and half of 7), 75 served.
// Billing: 0-3:00 = 180 s; 6:00-13:00 = 420; two of 9:00-13:00 = 480; two of 15:00-23:00 = 960.
// Total 2040 s x $0.001 = $2.04.
TEST(AutoscalingTimeline, ScaleToZeroScheduledMinimumAndCooldownInterplay) {
  EndpointHarness h;
  SageMakerEndpointSpec spec = step_spec();
  spec.provisioning_delay = sim::Distribution::constant(90);
  spec.at_zero = ZeroCapacityPolicy::fail;
  AutoscalingSpec& a = spec.autoscaling;
  a.enabled = true;
  a.target = 10;
  a.min_instances = 0;
  a.max_instances = 3;
  a.scale_out_datapoints = 2;
  a.scale_in_datapoints = 3;
  a.scale_out_cooldown = sim::Duration::seconds(120);
  a.scale_in_cooldown = sim::Duration::seconds(600);
  DailyScheduleSpec min_schedule = DailyScheduleSpec::constant(0);
  min_schedule.windows.push_back({15, 17, 2, {true, true, true, true, true, true, true}});
  a.scheduled_min = min_schedule;

  RealtimeEndpoint ep(h.ctx, "ep", spec);
  TallyListener tally;
  MinuteLoad load(h.sim, ep, tally, minutes({{5, 0}, {5, 30}}));
  InstanceProbe probe(h.sim, ep);
  probe.at(each_minute_plus_1s(25));
  ep.start();
  load.start();
  const sim::SimTime end = sim::SimTime::from_seconds(1500);
  h.sim.run_until(end);
  h.finish(end);

  std::vector<InstanceCounts> want;
  const auto add = [&](int n, InstanceCounts c) { want.insert(want.end(), static_cast<std::size_t>(n), c); };
  add(3, {1, 1, 0, 0});  // 0-2
  add(3, {0, 0, 0, 0});  // 3-5
  add(2, {1, 0, 1, 0});  // 6-7
  add(1, {1, 1, 0, 0});  // 8
  add(2, {3, 1, 2, 0});  // 9-10
  add(2, {3, 3, 0, 0});  // 11-12
  add(2, {0, 0, 0, 0});  // 13-14
  add(2, {2, 0, 2, 0});  // 15-16
  add(6, {2, 2, 0, 0});  // 17-22
  add(2, {0, 0, 0, 0});  // 23-24
  expect_counts(probe.readings, want);

  const auto& ev = h.recorder.events;
  std::vector<std::string> kinds;
  for (const auto& e : ev) kinds.push_back(e.kind);
  const std::vector<std::string> want_kinds{"scale_in",  "scale_out",           "instance_in_service",
                                            "scale_out", "instance_in_service", "instance_in_service",
                                            "scale_in",  "scheduled_min",       "instance_in_service",
                                            "instance_in_service", "scale_in"};
  ASSERT_EQ(kinds, want_kinds);
  expect_event(ev[0], 180, 1, 0);
  expect_event(ev[1], 360, 0, 1);
  EXPECT_EQ(ev[1].reason, "demand with zero capacity");
  EXPECT_DOUBLE_EQ(ev[2].t_s, 450);
  expect_event(ev[3], 540, 1, 3);
  EXPECT_DOUBLE_EQ(ev[4].t_s, 630);
  expect_event(ev[6], 780, 3, 0);
  expect_event(ev[7], 900, 0, 2);
  EXPECT_DOUBLE_EQ(ev[8].t_s, 990);
  expect_event(ev[10], 1380, 2, 0);

  EXPECT_EQ(load.sent(), 150u);
  EXPECT_EQ(tally.count(CallStatus::rejected), 75u);
  EXPECT_EQ(tally.count(CallStatus::ok), 75u);
  EXPECT_NEAR(h.cost_of("ep.instances"), 2.04, 0.005);
}

}  // namespace
}  // namespace fmsim::models
