// Bedrock on-demand latency: time to first token and output speed reproduce their configured p50
// and p99 at every local hour of the day once the fleet load factor of that hour is applied
// (TTFT x f, speed / f), streaming and non-streaming first tokens, and the load factor's calendar.
#include <array>
#include <chrono>
#include <cmath>
#include <iostream>
#include <vector>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/fleet_load.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/bedrock/call_drivers.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using fmsim::testing::PoissonCaller;
using fmsim::testing::SentCall;
using sim::Duration;
using sim::SimTime;

constexpr std::uint64_t kLatencySeed = 20250612;

// Wednesday 2025-06-11 00:00 in New York (EDT, UTC-4): no offset change that day.
CalendarSpec new_york_wednesday() {
  CalendarSpec c;
  c.time_zone = "America/New_York";
  c.start_utc = std::chrono::sys_seconds(std::chrono::seconds(1749614400));
  return c;
}

TEST(FleetLoad, DefaultProfilePeaksOnWeekdayAfternoonsAndAveragesOne) {
  const FleetLoadSpec spec;
  LocalCalendar cal(new_york_wednesday());
  const FleetLoad load(spec, cal);
  double week = 0, highest = 0, lowest = 10;
  int peak_day = -1, peak_hour = -1;
  for (int d = 0; d < 7; ++d)
    for (int hour = 0; hour < 24; ++hour) {
      const double f = load.factor_at(d, hour);
      week += f / 168;
      if (f > highest) highest = f, peak_day = d, peak_hour = hour;
      lowest = std::min(lowest, f);
    }
  EXPECT_NEAR(week, 0.993, 0.0005);
  EXPECT_NEAR(highest, 1.30, 1e-12);
  EXPECT_LT(peak_day, 5);  // a weekday
  EXPECT_EQ(peak_hour, 14);
  EXPECT_NEAR(lowest, 0.80 * 0.88, 1e-12);  // early Sunday
  // Through the calendar: Wednesday 15:30 New York time, Sunday 03:10.
  EXPECT_NEAR(load.factor(SimTime::from_seconds(15.5 * 3600)), 1.25 * 1.04, 1e-12);
  EXPECT_NEAR(load.factor(SimTime::from_seconds((4 * 24 + 3 + 1.0 / 6) * 3600)), 0.80 * 0.88, 1e-12);
  EXPECT_THROW(FleetLoad(FleetLoadSpec{std::vector<double>(23, 1.0), {1, 1, 1, 1, 1, 1, 1}}, cal),
               std::invalid_argument);
  // The default on-demand spread is inside the documented 2-5x range of p99 / p50.
  const BedrockOnDemandSpec od;
  const double ratio = od.time_to_first_token.quantile(0.99) / od.time_to_first_token.quantile(0.5);
  EXPECT_GE(ratio, 2.0);
  EXPECT_LE(ratio, 5.0);
}

// One simulated Wednesday at 16 calls/s (~57,600 calls per local hour), the default lognormal
// TTFT (p50 0.76 s, p99 2.3 s) and speed (p50 60, p99 120 tokens/s) under the default load profile.
// For each hour h and each of the four quantiles the distribution-free 99.9 % interval (Bonferroni
// over the 96 checks) must cover the configured value times f(h) (speed: divided by f(h)) and be
// at most +-5 % wide.
TEST(OnDemandLatency, ReproducesConfiguredP50AndP99AtEveryHourWithLoadFactor) {
  testing::ServiceHarness h(kLatencySeed, new_york_wednesday());
  BedrockQuotaPools pools;
  BedrockOnDemandSpec spec;
  spec.model = "claude-3-sonnet";
  BedrockOnDemand model(h.ctx, "sonnet", spec, pools);
  model.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 200;
  const SimTime end = SimTime::from_seconds(86400);
  PoissonCaller src(h.sim, model, kLatencySeed, 16.0, in, end);
  h.sim.run_until(end + Duration::minutes(10));

  std::array<std::vector<double>, 24> ttft, speed;
  for (const SentCall& c : src.calls) {
    ASSERT_EQ(c.result.status, CallStatus::ok);
    const auto hour = static_cast<std::size_t>(c.sent.seconds_f() / 3600);
    ttft[hour].push_back((c.result.first_token_at - c.sent).seconds_f());
    speed[hour].push_back(200.0 / (c.done - c.result.first_token_at).seconds_f());
  }
  const double z = testing::bonferroni_z(0.999, 96);
  const FleetLoad load(spec.load, h.calendar);
  double widest = 0;
  for (int hour = 0; hour < 24; ++hour) {
    const double f = load.factor_at(2, hour);  // Wednesday
    const auto hh = static_cast<std::size_t>(hour);
    struct Check {
      std::vector<double>* samples;
      double p, theory;
      const char* what;
    };
    for (const Check& k : {Check{&ttft[hh], 0.5, 0.76 * f, "TTFT p50"}, Check{&ttft[hh], 0.99, 2.3 * f, "TTFT p99"},
                           Check{&speed[hh], 0.5, 60 / f, "speed p50"}, Check{&speed[hh], 0.99, 120 / f, "speed p99"}}) {
      const testing::QuantileInterval ci = testing::quantile_interval(*k.samples, k.p, z);
      widest = std::max(widest, ci.relative_half_width(k.theory));
      EXPECT_TRUE(ci.covers(k.theory)) << "hour " << hour << " " << k.what << ": " << k.theory << " outside ["
                                       << ci.lo << ", " << ci.hi << "]";
      EXPECT_LE(ci.relative_half_width(k.theory), 0.05) << "hour " << hour << " " << k.what;
    }
    if (hour == 4 || hour == 15)
      std::cout << "[latency] Wednesday " << hour << ":00, load factor " << f << ": TTFT p50 "
                << testing::quantile_interval(ttft[hh], 0.5, 0).lo << " s (configured 0.76 x f = " << 0.76 * f
                << "), p99 " << testing::quantile_interval(ttft[hh], 0.99, 0).lo << " s (" << 2.3 * f << ")\n";
  }
  std::cout << "[latency] 96 quantile checks, widest 99.9 % interval +-" << 100 * widest << " %\n";
  h.finish(end + Duration::minutes(10));
  // The gauge follows the hours: over [0, 24 h + 10 min) its time-weighted mean is the Wednesday
  // factors for an hour each and Thursday 00:00's for 10 minutes.
  double area = 600.0 * load.factor_at(3, 0);
  for (int hour = 0; hour < 24; ++hour) area += 3600.0 * load.factor_at(2, hour);
  bool found = false;
  for (const auto& g : h.metrics.gauge_totals())
    if (g.component == "sonnet" && g.name == "load_factor") {
      found = true;
      EXPECT_NEAR(g.mean, area / (86400.0 + 600.0), 1e-9);
      EXPECT_NEAR(g.max, 1.30, 1e-12);
    }
  EXPECT_TRUE(found);
}

TEST(OnDemandLatency, StreamingSeesTheFirstTokenNonStreamingTheWholeAnswer) {
  for (bool streaming : {true, false}) {
    testing::ServiceHarness h(kLatencySeed);
    BedrockQuotaPools pools;
    BedrockOnDemandSpec spec = testing::fixed_latency_model(0.3, 50);
    spec.streaming = streaming;
    BedrockOnDemand model(h.ctx, "m", spec, pools);
    model.start();
    CallInput in;
    in.input_tokens = 100;
    in.output_tokens = 2000;
    model.call(in, h.listener, 7);
    h.sim.run_until(SimTime::from_seconds(100));
    ASSERT_EQ(h.listener.calls.size(), 1u);
    const auto& r = h.listener.calls[0];
    EXPECT_EQ(r.result.status, CallStatus::ok);
    EXPECT_EQ(r.at, SimTime::from_seconds(40.3));  // 0.3 s + 2,000 tokens / 50 tok/s
    EXPECT_EQ(r.result.first_token_at, streaming ? SimTime::from_seconds(0.3) : SimTime::from_seconds(40.3));
  }
}

// R7's streaming trap, inverted: a 2,000-token answer at 30 tokens/s takes ~67 s. Streaming, the
// SDK's read timeout (60 s) never fires (data keeps flowing); non-streaming, it does at 60 s, and
// the abandoned generation is still billed when it ends.
TEST(OnDemandLatency, ReadTimeoutCountsTimeWithoutData) {
  for (bool streaming : {true, false}) {
    testing::ServiceHarness h(kLatencySeed);
    BedrockQuotaPools pools;
    BedrockOnDemandSpec spec = testing::fixed_latency_model(0.5, 30);
    spec.streaming = streaming;
    spec.read_timeout = Duration::seconds(60);
    BedrockOnDemand model(h.ctx, "m", spec, pools);
    model.start();
    CallInput in;
    in.input_tokens = 1000;
    in.output_tokens = 2000;
    model.call(in, h.listener, 1);
    h.sim.run_until(SimTime::from_seconds(100));
    ASSERT_EQ(h.listener.calls.size(), 1u);
    const auto& r = h.listener.calls[0];
    EXPECT_EQ(r.result.status, streaming ? CallStatus::ok : CallStatus::timed_out);
    EXPECT_NEAR(r.at.seconds_f(), streaming ? 0.5 + 2000 / 30.0 : 60.0, 1e-9);
    EXPECT_EQ(model.in_flight(), 0u);
    h.finish(SimTime::from_seconds(100));
    // Billed either way: 1,000 x $3/1M + 2,000 x $15/1M = $0.003 + $0.03.
    EXPECT_NEAR(h.cost_of("m.input_tokens"), 0.003, 1e-12);
    EXPECT_NEAR(h.cost_of("m.output_tokens"), 0.03, 1e-12);
  }
}

}  // namespace
}  // namespace fmsim::models
