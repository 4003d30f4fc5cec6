// --set overrides: parsing the argument, replacing and creating keys, and their errors.
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;

const std::string kBase = with_head("station:\n  service_time:\n    distribution: exponential\n    mean: 1s\n");

std::string parse_error(std::string_view text) {
  try {
    parse_override(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  const Override o = parse_override("station.servers=4");
  EXPECT_EQ(o.path, "station.servers");
  EXPECT_EQ(o.value, "4");
  const Override flow = parse_override("station.service_time={distribution: gamma, mean: 1s, cv: 0.5}");
  EXPECT_EQ(flow.path, "station.service_time");
  EXPECT_EQ(flow.value, "{distribution: gamma, mean: 1s, cv: 0.5}");
  EXPECT_EQ(parse_override("description=a=b").value, "a=b");
  EXPECT_EQ(parse_override("description=").value, "");
}

TEST(ParseOverride, Malformed) {
  EXPECT_EQ(parse_error("station.servers"),
            "--set station.servers: expected path.to.key=value, e.g. station.servers=4");
  EXPECT_EQ(parse_error("=4"), "--set =4: missing key path before '='");
  EXPECT_EQ(parse_error("station..servers=4"), "--set station..servers: empty key in path 'station..servers'");
  EXPECT_EQ(parse_error(".servers=4"), "--set .servers: empty key in path '.servers'");
  EXPECT_EQ(parse_error("station.servers.=4"), "--set station.servers.: empty key in path 'station.servers.'");
  EXPECT_EQ(parse_error("station servers=4"),
            "--set station servers: unexpected character ' ' in key path 'station servers'");
}

TEST(Overrides, ReplaceValues) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml",
                     {parse_override("station.servers=4"), parse_override("workload.arrivals.rate=2/s"),
                      parse_override("station.service_time.mean=250ms"), parse_override("horizon=30min")});
  EXPECT_EQ(s.station.servers, 4);
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 2.0);
  EXPECT_DOUBLE_EQ(s.station.service_time.mean(), 0.25);
  EXPECT_EQ(s.horizon, sim::Duration::minutes(30));
}

TEST(Overrides, LaterOneWins) {
  const Scenario s = parse_scenario(kBase, "o.yaml", {{"station.servers", "4"}, {"station.servers", "8"}});
  EXPECT_EQ(s.station.servers, 8);
}

TEST(Overrides, CreateKeysTheSchemaHas) {
  const Scenario s = parse_scenario(kBase, "o.yaml",
                                    {{"output.window", "10s"},
                                     {"station.max_wait", "5s"},
                                     {"name", "custom"},
                                     {"station.queue_capacity", "unlimited"}});
  EXPECT_EQ(s.output.window, sim::Duration::seconds(10));
  EXPECT_EQ(s.station.max_wait, sim::Duration::seconds(5));
  EXPECT_EQ(s.name, "custom");
  EXPECT_EQ(s.station.queue_capacity, std::nullopt);
}

TEST(Overrides, ReplaceAWholeBlockWithAFlowNode) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml", {{"station.service_time", "{distribution: uniform, min: 1s, max: 3s}"}});
  EXPECT_EQ(s.station.service_time.kind(), sim::Distribution::Kind::uniform);
  EXPECT_DOUBLE_EQ(s.station.service_time.mean(), 2.0);
}

TEST(Overrides, SwitchFamilyKeepingTheMean) {
  const Scenario s = parse_scenario(kBase, "o.yaml", {{"station.service_time.distribution", "deterministic"}});
  EXPECT_EQ(s.station.service_time.kind(), sim::Distribution::Kind::constant);
  EXPECT_DOUBLE_EQ(s.station.service_time.mean(), 1.0);
}

TEST(Overrides, FillAnEmptyBlock) {
  const Scenario s =
      parse_scenario(with_head("station:\n  service_time: {distribution: exponential, mean: 1s}\noutput:\n"), "o.yaml",
                     {{"output.cost_window", "1d"}});
  EXPECT_EQ(s.output.cost_window, sim::Duration::days(1));
}

TEST(OverrideErrors, UnknownKey) {
  EXPECT_EQ(error_of(kBase, {{"station.sever", "4"}}),
            "--set station.sever: unknown key 'sever', did you mean 'servers'?");
  EXPECT_EQ(error_of(kBase, {{"colour", "red"}}),
            "--set colour: unknown key 'colour' (allowed here: name, description, seed, horizon, time_zone, start, "
            "workload, station, output)");
  EXPECT_EQ(error_of(kBase, {{"station.servers.count", "4"}}),
            "--set station.servers.count: station.servers takes a single value, not keys");
}

TEST(OverrideErrors, PathThroughAValue) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload: 5\n", {{"workload.arrivals.rate", "1/s"}}),
            "--set workload.arrivals: cannot set a key inside workload, which is '5'");
}

TEST(OverrideErrors, ValueIsNotYaml) {
  EXPECT_EQ(error_of(kBase, {{"station.service_time", "{distribution: gamma"}}),
            "--set station.service_time: YAML syntax error in value '{distribution: gamma': end of map flow not found");
  EXPECT_EQ(error_of(kBase, {{"station.servers", ","}}),
            "--set station.servers: YAML syntax error in value ',': unexpected ','");
  EXPECT_EQ(error_of(kBase, {{"station.servers", "1\n---\n2"}}),
            "--set station.servers: the value '1 --- 2' must be a single YAML node");
}

TEST(OverrideErrors, ValueFailsValidation) {
  EXPECT_EQ(error_of(kBase, {{"station.servers", "0"}}), "--set station.servers: must be >= 1, got '0'");
  EXPECT_EQ(error_of(kBase, {{"workload.arrivals.rate", "2"}}),
            "--set workload.arrivals.rate: missing period in '2', e.g. 2/s");
  EXPECT_EQ(error_of(kBase, {{"station.service_time.mean", "1m"}}),
            "--set station.service_time.mean: 'm' is not a unit in '1m': use 'min' for minutes, 'ms' for "
            "milliseconds");
  EXPECT_EQ(error_of(kBase, {{"station.service_time.distribution", "lognormal"}}),
            "s.yaml:8:5: station.service_time.cv: required key is missing (lognormal with 'mean' needs {mean, cv})");
  EXPECT_EQ(
      error_of(kBase, {{"station.service_time", "{distribution: lognormal, median: 1s}"}}),
      "--set station.service_time.sigma: required key is missing (lognormal with 'median' needs {median, sigma})");
}

TEST(OverrideErrors, MissingKeyInABlockCreatedBySet) {
  EXPECT_EQ(error_of("horizon: 1h\n", {{"workload.arrivals.rate", "1/s"}}),
            "--set workload.arrivals.process: required key is missing (expected one of poisson, diurnal, mmpp, trace)");
}

}  // namespace
}  // namespace fmsim::models
