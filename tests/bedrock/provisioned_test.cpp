// Bedrock Provisioned Throughput: the sliding 60 s token budget (exact), waiting and spilling,
// utilisation, the daily schedule of model units and its MU-hour billing, and the latency
// distributions.
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_provisioned.h"
#include "tests/bedrock/bedrock_test_support.h"
#include "tests/bedrock/call_drivers.h"
#include "tests/support/service_harness.h"

namespace fmsim::models {
namespace {

using fmsim::testing::PoissonCaller;
using fmsim::testing::SentCall;
using sim::Duration;
using sim::SimTime;

constexpr std::uint64_t kProvisionedSeed = 20250613;
using testing::kZ;
constexpr double kTtft = 0.2;      // constant, so that admission = first token - 0.2 s

BedrockProvisionedSpec fixed_latency_units(double units, double tokens_per_minute_per_unit) {
  BedrockProvisionedSpec s;
  s.model = "test-model";
  s.units = DailyScheduleSpec::constant(units);
  s.tokens_per_minute_per_unit = tokens_per_minute_per_unit;
  s.price_per_unit_hour_usd = 20;
  s.time_to_first_token = sim::Distribution::constant(kTtft);
  s.output_tokens_per_s = sim::Distribution::constant(100);
  return s;
}

using testing::counter;
double gauge_mean(const testing::ServiceHarness& h, const std::string& component, const std::string& name) {
  for (const auto& g : h.metrics.gauge_totals())
    if (g.component == component && g.name == name) return g.mean;
  ADD_FAILURE() << "no gauge " << component << "." << name;
  return -1;
}

// 1 MU of 60,000 tokens/min under 2.5x that: calls of 500 input + U[0, 1500] output tokens at
// 2/s (2,500 tokens/s offered against 1,000/s). The tokens admitted in every 60 s window — checked
// over all windows of the run, starting at each admission — never exceed 60,000, and come within
// one call of it (not vacuous).
TEST(Provisioned, TokensServedInAnySixtySecondWindowNeverExceedTheBudget) {
  testing::ServiceHarness h(kProvisionedSeed);
  BedrockProvisioned pt(h.ctx, "pt", fixed_latency_units(1, 60'000));
  pt.start();
  CallInput in;
  in.input_tokens = 500;
  const SimTime end = SimTime::from_seconds(1800);
  PoissonCaller src(h.sim, pt, kProvisionedSeed, 2.0, in, end);
  src.vary_output(sim::Distribution::uniform(0, 1500));
  h.sim.run_until(end + Duration::minutes(2));

  std::vector<std::pair<SimTime, double>> admitted;
  std::size_t spilled = 0;
  for (const SentCall& c : src.calls) {
    if (c.result.status == CallStatus::throttled) {
      ++spilled;
      continue;
    }
    ASSERT_EQ(c.result.status, CallStatus::ok);
    const SimTime at = c.result.first_token_at - Duration::from_seconds(kTtft);
    ASSERT_GE(at, c.sent);
    ASSERT_LE(at, c.sent + Duration::seconds(1));  // waited at most max_queue_wait
    admitted.emplace_back(at, 500.0 + static_cast<double>(c.output_tokens));
  }
  const double most = testing::max_sum_in_window(admitted, Duration::seconds(60));
  std::cout << "[provisioned] 1 MU x 60,000 tokens/min at 2.5x load: at most " << most
            << " tokens in a 60 s window; " << spilled << " of " << src.calls.size() << " calls spilled\n";
  EXPECT_LE(most, 60'000.0);
  EXPECT_GE(most, 60'000.0 - 2000.0);
  EXPECT_GT(spilled, src.calls.size() / 2);
  h.finish(end + Duration::minutes(2));
}

// Below capacity nothing waits and nothing spills. 10 MU x 40,000 = 400,000 tokens/min; calls of
// 100 tokens: 4,000 calls fit a window. At 50 % (33.3 calls/s) and 80 % (53.3/s) a 60 s window
// holds Poisson(2,000) or Poisson(3,200) calls; by the Chernoff bound P(N >= 4,000) <=
// e^-mu (e mu / 4,000)^4,000 = e^-92.6 at 80 %, so even over every window of an hour (one per
// arrival, ~1.9e5) no call can be expected to wait.
TEST(Provisioned, BelowCapacityNothingWaitsOrSpills) {
  for (const double load : {0.5, 0.8}) {
    testing::ServiceHarness h(kProvisionedSeed + 1);
    BedrockProvisioned pt(h.ctx, "pt", fixed_latency_units(10, 40'000));
    pt.start();
    CallInput in;
    in.input_tokens = 60;
    in.output_tokens = 40;
    const double rate = load * 4000 / 60.0;
    const SimTime end = SimTime::from_seconds(3600);
    PoissonCaller src(h.sim, pt, kProvisionedSeed + 1, rate, in, end);
    h.sim.run_until(end);
    h.finish(end);
    const double calls = counter(h, "pt", "calls");
    EXPECT_GT(calls, 0.95 * rate * 3600);
    EXPECT_DOUBLE_EQ(counter(h, "pt", "queued"), 0) << "load " << load;
    EXPECT_DOUBLE_EQ(counter(h, "pt", "spilled"), 0) << "load " << load;
    // Utilisation: each call's 100 tokens count for 60 s against 400,000: its mean over the run is
    // (tokens admitted x 60 s / 400,000) / 3,600 s, minus the last minute's unfinished share.
    const double tokens = counter(h, "pt", "input_tokens") + counter(h, "pt", "output_tokens");
    const double util = gauge_mean(h, "pt", "utilisation");
    std::cout << "[provisioned] load " << load << ": utilisation mean " << util << "\n";
    EXPECT_NEAR(util, tokens * 60 / 400'000 / 3600, load / 60 + 1e-9);
    EXPECT_NEAR(util, load, 0.01);
  }
}

// Above capacity the spill share matches the excess. 1 MU x 60,000 tokens/min, calls of 1,000
// tokens: the budget admits at most 60 calls in any 60 s window, so at most 3,600 in the hour
// (60 windows [60k, 60k + 60)); at 2 calls/s the 1 s queue is almost never empty when tokens
// leave the window (it holds the arrivals of the last second: P(empty) ~ e^-(2-1)), so nearly all
// 3,600 are used. Spilled share = 1 - 3,600 / N with N ~ Poisson(7,200): 0.5, within the 99.9 %
// range the arrival count allows.
TEST(Provisioned, AboveCapacityTheSpillShareMatchesTheExcess) {
  testing::ServiceHarness h(kProvisionedSeed + 2);
  BedrockProvisioned pt(h.ctx, "pt", fixed_latency_units(1, 60'000));
  pt.start();
  CallInput in;
  in.input_tokens = 700;
  in.output_tokens = 300;
  const SimTime end = SimTime::from_seconds(3600);
  PoissonCaller src(h.sim, pt, kProvisionedSeed + 2, 2.0, in, end);
  h.sim.run_until(end + Duration::minutes(1));
  double n = 0, spilled = 0, queued_ok = 0;
  for (const SentCall& c : src.calls) {
    ++n;
    if (c.result.status == CallStatus::throttled) ++spilled;
    if (c.result.status == CallStatus::ok && c.result.first_token_at - c.sent > Duration::from_seconds(kTtft))
      ++queued_ok;
  }
  const double admitted = n - spilled;
  const double mean_n = 7200, sd_n = std::sqrt(mean_n);
  const double lo = 1 - 3600 / (mean_n - kZ * sd_n), hi = 1 - 3600 / (mean_n + kZ * sd_n);
  std::cout << "[provisioned] 2x capacity: " << admitted << " of " << n << " served (budget 3,600), spilled share "
            << spilled / n << " (derived 0.5, 99.9 % range [" << lo << ", " << hi << "]); " << queued_ok
            << " served after waiting\n";
  EXPECT_LE(admitted, 3600);
  EXPECT_GE(admitted, 3600 - 36);  // within 1 % of the budget
  EXPECT_GE(spilled / n, lo);
  EXPECT_LE(spilled / n, hi);
  h.finish(end + Duration::minutes(1));
  EXPECT_DOUBLE_EQ(counter(h, "pt", "spilled"), spilled);
  EXPECT_GT(gauge_mean(h, "pt", "utilisation"), 0.98);
}

// The FIFO wait, by hand: budget 1,000 tokens/min, wait up to 70 s.
TEST(Provisioned, WaitsInOrderUntilTokensLeaveTheWindowThenSpills) {
  testing::ServiceHarness h(1);
  BedrockProvisionedSpec spec = fixed_latency_units(1, 1000);
  spec.max_queue_wait = Duration::seconds(70);
  BedrockProvisioned pt(h.ctx, "pt", spec);
  pt.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 100;  // 600 tokens, 0.2 s + 1 s
  CallInput big = in;
  big.output_tokens = 600;  // 1,100 tokens: more than a whole minute's budget
  auto at = [&](double s, CallInput c, CallTag tag) {
    h.sim.run_until(SimTime::from_seconds(s));
    pt.call(c, h.listener, tag);
  };
  at(0, in, 1);    // admitted at once
  at(1, in, 2);    // waits: 600 + 600 > 1,000 until call 1's tokens leave at 60 s
  at(2, in, 3);    // waits behind 2; at 60 s 600 + 600 still > 1,000; its wait ends at 72 s
  at(3, big, 4);   // cannot ever fit: spilled at once
  EXPECT_EQ(pt.queue_length(), 2u);
  h.sim.run_until(SimTime::from_seconds(200));
  ASSERT_EQ(h.listener.calls.size(), 4u);
  auto result = [&](CallTag tag) {
    for (const auto& c : h.listener.calls)
      if (c.tag == tag) return c;
    return testing::RecordedCall{};
  };
  EXPECT_EQ(result(4).result.status, CallStatus::throttled);
  EXPECT_EQ(result(4).at, SimTime::from_seconds(3));
  EXPECT_EQ(result(1).result.first_token_at, SimTime::from_seconds(0.2));
  EXPECT_EQ(result(2).result.status, CallStatus::ok);
  EXPECT_EQ(result(2).result.first_token_at, SimTime::from_seconds(60.2));
  EXPECT_EQ(result(2).at, SimTime::from_seconds(61.2));
  EXPECT_EQ(result(3).result.status, CallStatus::throttled);
  EXPECT_EQ(result(3).at, SimTime::from_seconds(72));
  h.finish(SimTime::from_seconds(200));
  EXPECT_DOUBLE_EQ(counter(h, "pt", "queued"), 2);
  EXPECT_DOUBLE_EQ(counter(h, "pt", "spilled"), 2);
}

// Seed R5 (MangaAssist): 2 MU of Sonnet from 18:00 to 24:00 JST, none otherwise, ~$23/h per MU on
// a 1-month term. Per day: 6 h x 2 MU x $23 = $276; two days $552. Calls outside the window spill
// at once (no reservation), inside it they are served.
TEST(Provisioned, DailyScheduleBillsMuHoursAndLogsChanges) {
  CalendarSpec tokyo;
  tokyo.time_zone = "Asia/Tokyo";
  tokyo.start_utc = std::chrono::sys_seconds(std::chrono::seconds(1749567600));  // 2025-06-11 00:00 JST
  struct Log final : EventLogSink {
    std::vector<std::string> lines;
    void on_service_event(const ServiceEvent& e) override {
      lines.push_back(std::to_string(static_cast<int>(e.time.seconds_f() / 3600)) + "h " + std::string(e.kind) + " " +
                      std::to_string(static_cast<int>(e.from)) + "->" + std::to_string(static_cast<int>(e.to)));
    }
  } log;
  testing::ServiceHarness h(1, tokyo);
  h.events = EventLog(&log);
  BedrockProvisionedSpec spec = fixed_latency_units(0, 40'000);
  spec.units.base = 0;
  spec.units.windows.push_back({18 * 60, 1440, 2, {true, true, true, true, true, true, true}});
  spec.price_per_unit_hour_usd = 23;
  BedrockProvisioned pt(h.ctx, "sonnet_pt", spec);
  pt.start();
  CallInput in;
  in.input_tokens = 500;
  in.output_tokens = 200;
  h.sim.run_until(SimTime::from_seconds(12 * 3600));
  pt.call(in, h.listener, 1);  // 12:00 JST: no units
  h.sim.run_until(SimTime::from_seconds(19 * 3600));
  pt.call(in, h.listener, 2);  // 19:00 JST: 2 MU
  EXPECT_DOUBLE_EQ(pt.units(), 2);
  EXPECT_DOUBLE_EQ(pt.budget(), 80'000);
  h.sim.run_until(SimTime::from_seconds(48 * 3600));
  h.finish(SimTime::from_seconds(48 * 3600));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::throttled);
  EXPECT_EQ(h.listener.calls[1].result.status, CallStatus::ok);
  EXPECT_NEAR(h.cost_of("sonnet_pt.model_unit_hours"), 552.00, 0.005);
  // The change at 48 h falls on the horizon, which run_until leaves out (half-open).
  EXPECT_EQ(log.lines, (std::vector<std::string>{"18h schedule 0->2", "24h schedule 2->0", "42h schedule 0->2"}));
  EXPECT_NEAR(gauge_mean(h, "sonnet_pt", "units"), 2.0 * 12 / 48, 1e-12);
}

// Seed R3: Claude 3.5 Sonnet on a 6-month term, ~$19,000 per MU-month (catalog: $26.3888889 per
// MU-hour = 19,000 / 720). 3 MU for 30 days, no traffic at all: 3 x 720 h x $26.3888889 =
// $57,000.00 — the reservation is billed whether used or not.
TEST(Provisioned, ReservationIsBilledUsedOrNot) {
  testing::ServiceHarness h(1);
  BedrockProvisionedSpec spec = fixed_latency_units(3, 40'000);
  spec.price_per_unit_hour_usd = 26.3888889;
  BedrockProvisioned pt(h.ctx, "pt", spec);
  pt.start();
  const SimTime end = SimTime::zero() + Duration::days(30);
  h.sim.run_until(end);
  h.finish(end);
  EXPECT_NEAR(h.cost_of("pt.model_unit_hours"), 57'000.00, 0.005);
  EXPECT_DOUBLE_EQ(gauge_mean(h, "pt", "utilisation"), 0.0);
}

// Latency: the default provisioned distributions (TTFT p50 0.35 s, p99 0.6 s; speed p50 80, p99
// 110 tokens/s) are reproduced, with no load factor, within distribution-free 99.9 % intervals
// (Bonferroni over the 4 checks) at most +-3 % wide.
TEST(Provisioned, ReproducesItsLatencyDistributions) {
  testing::ServiceHarness h(kProvisionedSeed + 3);
  BedrockProvisionedSpec spec;
  spec.units = DailyScheduleSpec::constant(100);
  spec.price_per_unit_hour_usd = 20;
  BedrockProvisioned pt(h.ctx, "pt", spec);
  pt.start();
  CallInput in;
  in.input_tokens = 300;
  in.output_tokens = 100;
  const SimTime end = SimTime::from_seconds(3600);
  PoissonCaller src(h.sim, pt, kProvisionedSeed + 3, 40.0, in, end);
  h.sim.run_until(end + Duration::minutes(1));
  std::vector<double> ttft, speed;
  for (const SentCall& c : src.calls) {
    ASSERT_EQ(c.result.status, CallStatus::ok);
    ttft.push_back((c.result.first_token_at - c.sent).seconds_f());
    speed.push_back(100.0 / (c.done - c.result.first_token_at).seconds_f());
  }
  const double z = testing::bonferroni_z(0.999, 4);
  struct Check {
    std::vector<double>* s;
    double p, theory;
  };
  for (const Check& k : {Check{&ttft, 0.5, 0.35}, Check{&ttft, 0.99, 0.6}, Check{&speed, 0.5, 80}, Check{&speed, 0.99, 110}}) {
    const testing::QuantileInterval ci = testing::quantile_interval(*k.s, k.p, z);
    EXPECT_TRUE(ci.covers(k.theory)) << k.p << ": " << k.theory << " outside [" << ci.lo << ", " << ci.hi << "]";
    EXPECT_LE(ci.relative_half_width(k.theory), 0.03);
  }
  h.finish(end + Duration::minutes(1));
}

TEST(Provisioned, RejectsImpossibleSpecs) {
  testing::ServiceHarness h(1);
  BedrockProvisionedSpec spec = fixed_latency_units(0, 40'000);
  EXPECT_THROW(BedrockProvisioned(h.ctx, "a", spec), std::invalid_argument);
  spec = fixed_latency_units(1, 0);
  EXPECT_THROW(BedrockProvisioned(h.ctx, "b", spec), std::invalid_argument);
  spec = fixed_latency_units(1, 40'000);
  spec.price_per_unit_hour_usd = -1;
  EXPECT_THROW(BedrockProvisioned(h.ctx, "c", spec), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
