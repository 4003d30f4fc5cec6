// The workload and calendar keys: time_zone/start, the five arrival processes, spikes, traces and
// request classes — values read into the structs, and each class of bad input with its exact
// message.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;

constexpr std::string_view kStation =
    "targets:\n  server:\n    kind: station\n    service_time: {distribution: exponential, mean: 1s}\n";

std::string scenario(std::string_view top, std::string_view arrivals, std::string_view rest = "") {
  return "horizon: 1h\n" + std::string(top) + "workload:\n  arrivals:\n" + std::string(arrivals) + std::string(rest) +
         std::string(kStation);
}

TEST(WorkloadKeys, CalendarZoneAndStart) {
  const Scenario s = parse_scenario(
      scenario("time_zone: America/New_York\nstart: 2026-03-10T09:30\n", "    process: poisson\n    rate: 1/s\n"),
      "s.yaml");
  EXPECT_EQ(s.calendar.time_zone, "America/New_York");
  // 09:30 EDT? No: 2026-03-10 is after the 2026-03-08 change, so EDT (UTC-4): 13:30 UTC.
  using namespace std::chrono;
  EXPECT_EQ(s.calendar.start_utc.time_since_epoch().count(), 1773149400);  // 2026-03-10T13:30:00Z
  const Scenario z = parse_scenario(
      scenario("time_zone: Asia/Tokyo\nstart: 2026-03-10T09:30:00Z\n", "    process: poisson\n    rate: 1/s\n"),
      "s.yaml");
  EXPECT_EQ(z.calendar.start_utc.time_since_epoch().count(), 1773135000);  // the offset wins over the zone
  const Scenario d = parse_scenario(scenario("", "    process: poisson\n    rate: 1/s\n"), "s.yaml");
  EXPECT_EQ(d.calendar.time_zone, "UTC");
  EXPECT_EQ(d.calendar.start_utc.time_since_epoch().count(), 0);
}

TEST(WorkloadKeys, UnknownZoneAndBadStart) {
  EXPECT_EQ(error_of(scenario("time_zone: Asia/Tokio\n", "    process: poisson\n    rate: 1/s\n")),
            "s.yaml:2:12: time_zone: unknown time zone 'Asia/Tokio', did you mean 'Asia/Tokyo'?");
  EXPECT_EQ(error_of(scenario("start: 2026-02-30\n", "    process: poisson\n    rate: 1/s\n")),
            "s.yaml:2:8: start: '2026-02-30' is not a valid date and time");
  EXPECT_EQ(error_of(scenario("start: next monday\n", "    process: poisson\n    rate: 1/s\n")),
            "s.yaml:2:8: start: expected a date or date-time such as 2026-03-09, 2026-03-09T08:30 or "
            "2026-03-09T08:30:00+09:00, got 'next monday'");
}

TEST(WorkloadKeys, DiurnalHourlyWeights) {
  const Scenario s = parse_scenario(
      scenario("", "    process: diurnal\n    daily_total: 1M/day\n    hourly_weights: [" + std::string(
                       "1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1") +
                       "]\n    weekdays: {sat: 0.5, sun: 0.25}\n    spikes: [{start: 2h, duration: 10min, multiplier: 5}]\n"),
      "s.yaml");
  const auto& a = s.workload.arrivals;
  EXPECT_EQ(a.kind, ArrivalKind::diurnal);
  ASSERT_TRUE(a.diurnal.daily_total);
  EXPECT_DOUBLE_EQ(*a.diurnal.daily_total, 1e6);
  ASSERT_EQ(a.diurnal.hourly_weights.size(), 24u);
  EXPECT_EQ(a.diurnal.hourly_weights[6], 2.0);
  EXPECT_EQ(a.diurnal.weekday_multipliers[5], 0.5);
  EXPECT_EQ(a.diurnal.weekday_multipliers[6], 0.25);
  EXPECT_EQ(a.diurnal.weekday_multipliers[0], 1.0);
  ASSERT_EQ(a.spikes.size(), 1u);
  EXPECT_EQ(a.spikes[0].start, sim::Duration::hours(2));
  EXPECT_EQ(a.spikes[0].duration, sim::Duration::minutes(10));
  EXPECT_EQ(a.spikes[0].multiplier, 5.0);
}

TEST(WorkloadKeys, DiurnalPointsAreRatesWithoutATotal) {
  const Scenario s = parse_scenario(
      scenario("", "    process: diurnal\n    points: {\"00:00\": 1/s, \"09:30\": 10/s, \"24:00\": 1/s}\n"), "s.yaml");
  const auto& p = s.workload.arrivals.diurnal.points;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].first, 9.5);
  EXPECT_EQ(p[1].second, 10.0);
  EXPECT_FALSE(s.workload.arrivals.diurnal.daily_total);
}

TEST(WorkloadKeys, DiurnalErrors) {
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n    daily_total: 50000/day\n    hourly_weights: [1, 2, 3]\n")),
            "s.yaml:6:21: workload.arrivals.hourly_weights: expected 24 values (local hours 00-01 to 23-24), got 3");
  std::string weights = "-1";
  for (int i = 1; i < 24; ++i) weights += ", 1";
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n    daily_total: 50000/day\n    hourly_weights: [" + weights + "]\n")),
            "s.yaml:6:22: workload.arrivals.hourly_weights[0]: must be >= 0, got '-1'");
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n    hourly_weights: [1]\n")),
            "s.yaml:5:21: workload.arrivals.hourly_weights: hourly_weights are relative: give daily_total too (e.g. "
            "daily_total: 50000/day)");
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n    points: {\"09:00\": 1/s, \"08:00\": 2/s}\n")),
            "s.yaml:5:28: workload.arrivals.points[08:00]: local times must increase");
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n    rate: 2/s\n    points: {\"00:00\": 1/s, \"12:00\": 2/s}\n")),
            "s.yaml:5:11: workload.arrivals.rate: 'rate' is not a parameter of the diurnal process, which takes "
            "hourly_weights, points, daily_total, weekdays, spikes");
  EXPECT_EQ(error_of(scenario("", "    process: diurnal\n")),
            "s.yaml:4:5: workload.arrivals: a diurnal process needs hourly_weights (24 values) or points "
            "({\"HH:MM\": value, ...})");
}

TEST(WorkloadKeys, Deterministic) {
  const Scenario s = parse_scenario(scenario("", "    process: deterministic\n    rate: 1000/day\n"), "s.yaml");
  EXPECT_EQ(s.workload.arrivals.kind, ArrivalKind::deterministic);
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 1000.0 / 86400.0);
  EXPECT_TRUE(s.workload.arrivals.spikes.empty());
  // Evenly spaced arrivals have no rate profile to multiply: spikes are refused, not ignored.
  EXPECT_EQ(error_of(scenario("", "    process: deterministic\n    rate: 1/s\n"
                                  "    spikes: [{start: 1h, duration: 10min, multiplier: 5}]\n")),
            "s.yaml:6:13: workload.arrivals.spikes: 'spikes' is not a parameter of the deterministic process, which "
            "takes rate");
  EXPECT_EQ(error_of(scenario("", "    process: deterministic\n")),
            "s.yaml:4:5: workload.arrivals.rate: required key is missing (expected a rate such as 0.8/s)");
  EXPECT_EQ(error_of(scenario("", "    process: deterministic\n    rate: 0/day\n")),
            "s.yaml:5:11: workload.arrivals.rate: must be > 0, got '0/day'");
  EXPECT_EQ(error_of(scenario("", "    process: determinstic\n    rate: 1/s\n")),
            "s.yaml:4:14: workload.arrivals.process: unknown arrival process 'determinstic', did you mean "
            "'deterministic'?");
}

TEST(WorkloadKeys, Mmpp) {
  const Scenario s = parse_scenario(
      scenario("", "    process: mmpp\n    rates: [1/s, 10/s]\n    generator: [[-0.1, 0.1], [0.5, -0.5]]\n"), "s.yaml");
  EXPECT_EQ(s.workload.arrivals.kind, ArrivalKind::mmpp);
  EXPECT_EQ(s.workload.arrivals.mmpp.rates_per_s[1], 10.0);
  EXPECT_EQ(s.workload.arrivals.mmpp.generator[1][0], 0.5);
  EXPECT_EQ(error_of(scenario("", "    process: mmpp\n    rates: [1/s, 10/s]\n    generator: [[-0.1, 0.2], [0.5, -0.5]]\n")),
            "s.yaml:6:17: workload.arrivals.generator[0]: a generator row must sum to 0 (the diagonal is minus the "
            "rest), sums to 0.1");
  EXPECT_EQ(error_of(scenario("", "    process: mmpp\n    rates: [1/s, 10/s]\n    generator: [[-0.1, 0.1]]\n")),
            "s.yaml:6:16: workload.arrivals.generator: expected 2 rows (one per state), got 1");
}

TEST(WorkloadKeys, TraceErrors) {
  EXPECT_EQ(error_of(scenario("", "    process: trace\n    path: no/such.csv\n")),
            "s.yaml:5:11: workload.arrivals.path: no such trace file: no/such.csv");
  EXPECT_EQ(error_of(scenario("", "    process: trace\n    path: no/such.csv\n    formta: azure\n"))
                .find("did you mean 'format'?") != std::string::npos,
            true);
}

TEST(WorkloadKeys, TraceFileRelativeToTheScenario) {
  const Scenario s = load_scenario(FMSIM_SOURCE_DIR "/scenarios/azure_conv_replay.yaml");
  EXPECT_EQ(s.workload.arrivals.kind, ArrivalKind::trace);
  EXPECT_EQ(s.workload.arrivals.trace.path,
            std::string(FMSIM_SOURCE_DIR) + "/scenarios/traces/azure_conv_excerpt.csv");
  EXPECT_EQ(s.workload.arrivals.trace.format, TraceFormat::azure);
}

TEST(WorkloadKeys, Classes) {
  const Scenario s = parse_scenario(
      scenario("", "    process: poisson\n    rate: 1/s\n",
               "  classes:\n"
               "    - name: agent\n"
               "      weight: 0.2\n"
               "      input_tokens: {distribution: deterministic, value: 400}\n"
               "      model_calls: 3\n"
               "      system_prompt_tokens: 800\n"
               "      max_tokens_per_turn: 3000\n"
               "      tags: [tools]\n"
               "    - name: simple\n"),
      "s.yaml");
  ASSERT_EQ(s.workload.classes.size(), 2u);
  const auto& a = s.workload.classes[0];
  EXPECT_EQ(a.name, "agent");
  EXPECT_EQ(a.weight, 0.2);
  EXPECT_EQ(a.input_tokens.mean(), 400.0);
  EXPECT_EQ(a.model_calls, 3);
  EXPECT_EQ(a.system_prompt_tokens, 800);
  EXPECT_EQ(a.max_tokens_per_turn, 3000);
  EXPECT_EQ(a.tags, std::vector<std::string>{"tools"});
  EXPECT_EQ(s.workload.classes[1].weight, 1.0);

  EXPECT_EQ(error_of(scenario("", "    process: poisson\n    rate: 1/s\n",
                              "  classes:\n    - name: a\n    - name: a\n")),
            "s.yaml:8:7: workload.classes[1]: duplicate class name 'a'");
  EXPECT_EQ(error_of(scenario("", "    process: poisson\n    rate: 1/s\n",
                              "  classes:\n    - name: a\n      model_calls: 0\n")),
            "s.yaml:8:20: workload.classes[0].model_calls: must be >= 1, got '0'");
}

}  // namespace
}  // namespace fmsim::models
