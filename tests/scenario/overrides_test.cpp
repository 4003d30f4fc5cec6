// --set overrides: parsing the argument, replacing and creating keys, and their errors.
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;
using testing::with_station;

// One station target `server`; service_time's `distribution:` is on line 10.
const std::string kBase = with_station("    service_time:\n      distribution: exponential\n      mean: 1s\n");

const StationSpec& station_of(const Scenario& s) { return s.deployment.targets.at(0).station; }

std::string parse_error(std::string_view text) {
  try {
    parse_override(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  const Override o = parse_override("targets.server.servers=4");
  EXPECT_EQ(o.path, "targets.server.servers");
  EXPECT_EQ(o.value, "4");
  const Override flow = parse_override("targets.server.service_time={distribution: gamma, mean: 1s, cv: 0.5}");
  EXPECT_EQ(flow.path, "targets.server.service_time");
  EXPECT_EQ(flow.value, "{distribution: gamma, mean: 1s, cv: 0.5}");
  EXPECT_EQ(parse_override("description=a=b").value, "a=b");
  EXPECT_EQ(parse_override("description=").value, "");
}

TEST(ParseOverride, Malformed) {
  EXPECT_EQ(parse_error("targets.server.servers"),
            "--set targets.server.servers: expected path.to.key=value, e.g. targets.server.servers=4");
  EXPECT_EQ(parse_error("=4"), "--set =4: missing key path before '='");
  EXPECT_EQ(parse_error("targets..servers=4"), "--set targets..servers: empty key in path 'targets..servers'");
  EXPECT_EQ(parse_error(".servers=4"), "--set .servers: empty key in path '.servers'");
  EXPECT_EQ(parse_error("targets.server.=4"), "--set targets.server.: empty key in path 'targets.server.'");
  EXPECT_EQ(parse_error("targets.my server.servers=4"),
            "--set targets.my server.servers: unexpected character ' ' in key path 'targets.my server.servers'");
}

TEST(Overrides, ReplaceValues) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml",
                     {parse_override("targets.server.servers=4"), parse_override("workload.arrivals.rate=2/s"),
                      parse_override("targets.server.service_time.mean=250ms"), parse_override("horizon=30min")});
  EXPECT_EQ(station_of(s).servers, 4);
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 2.0);
  EXPECT_DOUBLE_EQ(station_of(s).service_time.mean(), 0.25);
  EXPECT_EQ(s.horizon, sim::Duration::minutes(30));
}

TEST(Overrides, LaterOneWins) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml", {{"targets.server.servers", "4"}, {"targets.server.servers", "8"}});
  EXPECT_EQ(station_of(s).servers, 8);
}

TEST(Overrides, CreateKeysTheSchemaHas) {
  const Scenario s = parse_scenario(kBase, "o.yaml",
                                    {{"output.window", "10s"},
                                     {"targets.server.max_wait", "5s"},
                                     {"name", "custom"},
                                     {"targets.server.queue_capacity", "unlimited"},
                                     {"router.default", "server"}});
  EXPECT_EQ(s.output.window, sim::Duration::seconds(10));
  EXPECT_EQ(station_of(s).max_wait, sim::Duration::seconds(5));
  EXPECT_EQ(s.name, "custom");
  EXPECT_EQ(station_of(s).queue_capacity, std::nullopt);
  EXPECT_EQ(s.deployment.router.default_target, "server");
}

// `targets` maps names the user chooses, so --set can add a whole target under a new name (and
// route to it); the file's own target is left as it was.
TEST(Overrides, AddATargetUnderANewName) {
  const Scenario s = parse_scenario(kBase, "o.yaml",
                                    {{"targets.big", "{kind: station, servers: 8, service_time: "
                                                     "{distribution: deterministic, value: 2s}}"},
                                     {"router.default", "big"}});
  ASSERT_EQ(s.deployment.targets.size(), 2u);
  EXPECT_EQ(s.deployment.targets[0].name, "server");
  EXPECT_EQ(s.deployment.targets[0].station.servers, 1);
  EXPECT_EQ(s.deployment.targets[1].name, "big");
  EXPECT_EQ(s.deployment.targets[1].station.servers, 8);
  EXPECT_DOUBLE_EQ(s.deployment.targets[1].station.service_time.mean(), 2.0);
  EXPECT_EQ(s.deployment.router.default_target, "big");
}

TEST(Overrides, ReplaceAWholeBlockWithAFlowNode) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml", {{"targets.server.service_time", "{distribution: uniform, min: 1s, max: 3s}"}});
  EXPECT_EQ(station_of(s).service_time.kind(), sim::Distribution::Kind::uniform);
  EXPECT_DOUBLE_EQ(station_of(s).service_time.mean(), 2.0);
}

TEST(Overrides, SwitchFamilyKeepingTheMean) {
  const Scenario s =
      parse_scenario(kBase, "o.yaml", {{"targets.server.service_time.distribution", "deterministic"}});
  EXPECT_EQ(station_of(s).service_time.kind(), sim::Distribution::Kind::constant);
  EXPECT_DOUBLE_EQ(station_of(s).service_time.mean(), 1.0);
}

TEST(Overrides, FillAnEmptyBlock) {
  const Scenario s =
      parse_scenario(with_station("    service_time: {distribution: exponential, mean: 1s}\noutput:\n"), "o.yaml",
                     {{"output.cost_window", "1d"}});
  EXPECT_EQ(s.output.cost_window, sim::Duration::days(1));
}

TEST(OverrideErrors, UnknownKey) {
  EXPECT_EQ(error_of(kBase, {{"targets.server.servrs", "4"}}),
            "--set targets.server.servrs: unknown key 'servrs', did you mean 'servers'?");
  EXPECT_EQ(error_of(kBase, {{"colour", "red"}}),
            "--set colour: unknown key 'colour' (allowed here: name, description, seed, horizon, time_zone, start, "
            "workload, entry, targets, router, slo, output)");
  EXPECT_EQ(error_of(kBase, {{"targets.server.servers.count", "4"}}),
            "--set targets.server.servers.count: targets.server.servers takes a single value, not keys");
  // The old top-level block is gone.
  EXPECT_EQ(error_of(kBase, {{"station.servers", "4"}}),
            "--set station: unknown key 'station' (allowed here: name, description, seed, horizon, time_zone, start, "
            "workload, entry, targets, router, slo, output)");
}

// A misspelt target name in a --set path creates a new, incomplete target: it is reported, never
// silently added beside the real one.
TEST(OverrideErrors, MisspeltTargetName) {
  EXPECT_EQ(error_of(kBase, {{"targets.sever.servers", "4"}}),
            "--set targets.sever.kind: required key is missing (expected a target kind such as bedrock_on_demand)");
}

TEST(OverrideErrors, PathThroughAValue) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload: 5\n", {{"workload.arrivals.rate", "1/s"}}),
            "--set workload.arrivals: cannot set a key inside workload, which is '5'");
}

TEST(OverrideErrors, ValueIsNotYaml) {
  EXPECT_EQ(error_of(kBase, {{"targets.server.service_time", "{distribution: gamma"}}),
            "--set targets.server.service_time: YAML syntax error in value '{distribution: gamma': end of map flow "
            "not found");
  EXPECT_EQ(error_of(kBase, {{"targets.server.servers", ","}}),
            "--set targets.server.servers: YAML syntax error in value ',': unexpected ','");
  EXPECT_EQ(error_of(kBase, {{"targets.server.servers", "1\n---\n2"}}),
            "--set targets.server.servers: the value '1 --- 2' must be a single YAML node");
}

TEST(OverrideErrors, ValueFailsValidation) {
  EXPECT_EQ(error_of(kBase, {{"targets.server.servers", "0"}}), "--set targets.server.servers: must be >= 1, got '0'");
  EXPECT_EQ(error_of(kBase, {{"workload.arrivals.rate", "2"}}),
            "--set workload.arrivals.rate: missing period in '2', e.g. 2/s");
  EXPECT_EQ(error_of(kBase, {{"targets.server.service_time.mean", "1m"}}),
            "--set targets.server.service_time.mean: 'm' is not a unit in '1m': use 'min' for minutes, 'ms' for "
            "milliseconds");
  EXPECT_EQ(error_of(kBase, {{"targets.server.service_time.distribution", "lognormal"}}),
            "s.yaml:10:7: targets.server.service_time.cv: required key is missing (lognormal with 'mean' needs "
            "{mean, cv})");
  EXPECT_EQ(error_of(kBase, {{"targets.server.service_time", "{distribution: lognormal, median: 1s}"}}),
            "--set targets.server.service_time.sigma: required key is missing (lognormal with 'median' needs "
            "{median, sigma})");
  // A key of another kind set on a station target.
  EXPECT_EQ(error_of(kBase, {{"targets.server.model", "claude-sonnet-4"}}),
            "--set targets.server.model: key 'model' does not apply to a station target (it takes: kind, servers, "
            "queue_capacity, max_wait, service_time, price_per_server_hour, price_per_request)");
}

TEST(OverrideErrors, MissingKeyInABlockCreatedBySet) {
  EXPECT_EQ(error_of("horizon: 1h\n", {{"workload.arrivals.rate", "1/s"}}),
            "--set workload.arrivals.process: required key is missing (expected one of poisson, deterministic, diurnal, mmpp, trace)");
}

}  // namespace
}  // namespace fmsim::models
