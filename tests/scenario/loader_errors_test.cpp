// Every class of loader error, each with its exact message: position (1-based line:column),
// key path and wording are all part of the contract with users.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;
using testing::with_station;

// --- the file itself ---

TEST(LoaderErrors, FileCannotBeRead) {
  try {
    load_scenario("/nonexistent/dir/mm1.yaml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/dir/mm1.yaml: cannot read: No such file or directory");
  }
  const std::string dir = std::filesystem::temp_directory_path().string();
  try {
    load_scenario(dir);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": cannot read: Is a directory");
  }
}

TEST(LoaderErrors, YamlSyntax) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload: [1\ntargets: 2\n"),
            "s.yaml:3:8: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(error_of("horizon: 1h\n  workload: 2\n"), "s.yaml:2:11: YAML syntax error: illegal map value");
  EXPECT_EQ(error_of("horizon: *nowhere\n"), "s.yaml:1:10: YAML syntax error: the referenced anchor is not defined");
  // yaml-cpp 0.7 loops forever on these in LoadAll (jbeder/yaml-cpp#1040); they must fail fast.
  EXPECT_EQ(error_of(","), "s.yaml:1:1: YAML syntax error: unexpected ','");
  EXPECT_EQ(error_of("# a comment\n  , oops\nhorizon: 1h\n"), "s.yaml:2:3: YAML syntax error: unexpected ','");
}

TEST(LoaderErrors, EmptyFileOrWrongDocument) {
  EXPECT_EQ(error_of(""), "s.yaml:1:1: the file is empty; a scenario needs at least horizon, workload and targets");
  EXPECT_EQ(error_of("# only a comment\n"),
            "s.yaml:1:1: the file is empty; a scenario needs at least horizon, workload and targets");
  EXPECT_EQ(error_of("- horizon: 1h\n"), "s.yaml:1:1: expected a mapping of scenario keys, got a list");
  EXPECT_EQ(error_of("mm1\n"), "s.yaml:1:1: expected a mapping of scenario keys, got 'mm1'");
  EXPECT_EQ(error_of("horizon: 1h\n---\nhorizon: 2h\n"),
            "s.yaml:2:1: only one YAML document is allowed in a scenario file");
  EXPECT_EQ(error_of("horizon: 1h\n---\n"), "s.yaml:2:1: only one YAML document is allowed in a scenario file");
}

// --- keys ---

TEST(LoaderErrors, UnknownKeyWithSuggestion) {
  EXPECT_EQ(error_of(with_station("    servrs: 2\n")),
            "s.yaml:9:5: targets.server.servrs: unknown key 'servrs', did you mean 'servers'?");
  EXPECT_EQ(error_of("horizn: 1h\n"), "s.yaml:1:1: horizn: unknown key 'horizn', did you mean 'horizon'?");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rtae: 1/s\n"),
            "s.yaml:5:5: workload.arrivals.rtae: unknown key 'rtae', did you mean 'rate'?");
}

TEST(LoaderErrors, UnknownKeyWithoutSuggestion) {
  EXPECT_EQ(error_of("colour: red\n"),
            "s.yaml:1:1: colour: unknown key 'colour' (allowed here: name, description, seed, horizon, time_zone, "
            "start, workload, entry, targets, router, slo, output)");
}

TEST(LoaderErrors, DuplicateKey) {
  EXPECT_EQ(error_of("horizon: 1h\nhorizon: 2h\n"), "s.yaml:2:1: horizon: duplicate key (first given at 1:1)");
}

TEST(LoaderErrors, MissingRequiredKey) {
  // At the mapping that should contain it.
  EXPECT_EQ(error_of("seed: 3\n"), "s.yaml:1:1: horizon: required key is missing (expected a duration such as 2h)");
  EXPECT_EQ(error_of("horizon: 1h\n"), "s.yaml:1:1: workload: required key is missing (expected a mapping)");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    rate: 1/s\n"),
            "s.yaml:4:5: workload.arrivals.process: required key is missing (expected one of poisson, deterministic, diurnal, mmpp, trace)");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n"),
            "s.yaml:4:5: workload.arrivals.rate: required key is missing (expected a rate such as 0.8/s)");
  EXPECT_EQ(error_of(with_head("")), "s.yaml:1:1: targets: required key is missing (expected a mapping)");
  EXPECT_EQ(error_of(with_station("    servers: 2\n")),
            "s.yaml:8:5: targets.server.service_time: required key is missing (expected a distribution such as "
            "{distribution: exponential, mean: 1s})");
  // A target with nothing under it reads as an empty mapping: the missing key points at it.
  EXPECT_EQ(error_of(with_head("targets:\n  server:\n")),
            "s.yaml:7:3: targets.server.kind: required key is missing (expected a target kind such as "
            "bedrock_on_demand)");
}

// --- types ---

TEST(LoaderErrors, WrongType) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload: 5\n"), "s.yaml:2:11: workload: expected a mapping, got '5'");
  EXPECT_EQ(error_of("horizon: [1h]\n"), "s.yaml:1:10: horizon: expected a duration such as 300ms, got a list");
  EXPECT_EQ(error_of("horizon: {h: 1}\n"), "s.yaml:1:10: horizon: expected a duration such as 300ms, got a mapping");
  EXPECT_EQ(error_of(with_station("    servers: 1.5\n")),
            "s.yaml:9:14: targets.server.servers: expected an integer, got '1.5'");
  EXPECT_EQ(error_of(with_station("    servers: true\n")),
            "s.yaml:9:14: targets.server.servers: expected an integer, got 'true'");
  EXPECT_EQ(error_of(with_head("targets: [server]\n")), "s.yaml:6:10: targets: expected a mapping, got a list");
  EXPECT_EQ(error_of(with_head("targets:\n  server: station\n")),
            "s.yaml:7:11: targets.server: expected a mapping, got 'station'");
  EXPECT_EQ(error_of("name: [a, b]\n"), "s.yaml:1:7: name: expected a string, got a list");
  EXPECT_EQ(error_of("seed: 4.5\n"), "s.yaml:1:7: seed: expected an integer >= 0, got '4.5'");
  EXPECT_EQ(error_of(with_station("    queue_capacity: lots\n")),
            "s.yaml:9:21: targets.server.queue_capacity: expected an integer >= 0 or 'unlimited', got 'lots'");
  EXPECT_EQ(error_of(with_station(
                "    service_time:\n      distribution: lognormal\n      median: 1s\n      sigma: wide\n")),
            "s.yaml:12:14: targets.server.service_time.sigma: expected a number, got 'wide'");
}

TEST(LoaderErrors, EmptyValuePointsAtItsKey) {
  EXPECT_EQ(error_of("horizon:\nworkload: {}\n"),
            "s.yaml:1:1: horizon: expected a duration such as 300ms, got an empty value");
  EXPECT_EQ(error_of(with_station("    servers:\n    max_wait: 1s\n")),
            "s.yaml:9:5: targets.server.servers: expected an integer, got an empty value");
}

// --- numbers ---

TEST(LoaderErrors, NegativeOrZero) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rate: -1/s\n"),
            "s.yaml:5:11: workload.arrivals.rate: must be > 0, got '-1/s'");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rate: 0/s\n"),
            "s.yaml:5:11: workload.arrivals.rate: must be > 0, got '0/s'");
  EXPECT_EQ(error_of("horizon: 0s\n"), "s.yaml:1:10: horizon: must be > 0, got '0s'");
  EXPECT_EQ(error_of("horizon: -2h\n"), "s.yaml:1:10: horizon: must be > 0, got '-2h'");
  EXPECT_EQ(error_of("seed: -3\n"), "s.yaml:1:7: seed: must be >= 0, got '-3'");
  EXPECT_EQ(error_of(with_station("    servers: 0\n")),
            "s.yaml:9:14: targets.server.servers: must be >= 1, got '0'");
  EXPECT_EQ(error_of(with_station("    servers: 3000000000\n")),
            "s.yaml:9:14: targets.server.servers: must be <= 2147483647, got '3000000000'");
  EXPECT_EQ(error_of(with_station("    queue_capacity: -1\n")),
            "s.yaml:9:21: targets.server.queue_capacity: must be >= 0, got '-1'");
  EXPECT_EQ(error_of(with_station("    max_wait: 0ms\n")),
            "s.yaml:9:15: targets.server.max_wait: must be > 0, got '0ms'");
  EXPECT_EQ(error_of(with_station("    service_time: {distribution: exponential, mean: 1s}\n"
                                  "    price_per_request: -$0.01\n")),
            "s.yaml:10:24: targets.server.price_per_request: must be >= 0, got '-$0.01'");
  EXPECT_EQ(error_of(with_station("    service_time: {distribution: exponential, mean: 1s}\n"
                                  "output:\n  window: 0s\n")),
            "s.yaml:11:11: output.window: must be > 0, got '0s'");
}

TEST(LoaderErrors, NanAndInfinity) {
  EXPECT_EQ(error_of(with_station(
                "    service_time:\n      distribution: lognormal\n      median: 1s\n      sigma: .nan\n")),
            "s.yaml:12:14: targets.server.service_time.sigma: must be a finite number, got '.nan'");
  EXPECT_EQ(error_of(with_station(
                "    service_time:\n      distribution: gamma\n      shape: .inf\n      scale: 1s\n")),
            "s.yaml:11:14: targets.server.service_time.shape: must be a finite number, got '.inf'");
  EXPECT_EQ(error_of(with_station(
                "    service_time:\n      distribution: gamma\n      mean: 1s\n      cv: 1e999\n")),
            "s.yaml:12:11: targets.server.service_time.cv: must be a finite number, got '1e999'");
}

// --- units ---

TEST(LoaderErrors, BadUnits) {
  EXPECT_EQ(error_of("horizon: 2m\n"),
            "s.yaml:1:10: horizon: 'm' is not a unit in '2m': use 'min' for minutes, 'ms' for milliseconds");
  EXPECT_EQ(error_of("horizon: 7200\n"), "s.yaml:1:10: horizon: missing unit in '7200', e.g. 300ms");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rate: 5/week\n"),
            "s.yaml:5:11: workload.arrivals.rate: unknown period 'week' in '5/week'; valid periods: s, sec, min, h, "
            "hour, d, day");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rate: 0.8\n"),
            "s.yaml:5:11: workload.arrivals.rate: missing period in '0.8', e.g. 0.8/s");
  EXPECT_EQ(error_of(with_station("    service_time: {distribution: exponential, mean: 1s}\n"
                                  "    price_per_server_hour: 0.5\n")),
            "s.yaml:10:28: targets.server.price_per_server_hour: money needs a currency sign: write $0.5 instead of "
            "'0.5'");
  EXPECT_EQ(error_of(with_station("    service_time: {distribution: exponential, mean: 1}\n")),
            "s.yaml:9:53: targets.server.service_time.mean: missing unit in '1', e.g. 300ms");
}

// --- choices ---

TEST(LoaderErrors, UnknownArrivalProcess) {
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: poison\n"),
            "s.yaml:4:14: workload.arrivals.process: unknown arrival process 'poison', did you mean 'poisson'?");
  EXPECT_EQ(error_of("horizon: 1h\nworkload:\n  arrivals:\n    process: hawkes\n"),
            "s.yaml:4:14: workload.arrivals.process: unknown arrival process 'hawkes' (expected one of: poisson, "
            "deterministic, diurnal, mmpp, trace)");
}

TEST(LoaderErrors, EmptyName) { EXPECT_EQ(error_of("name: ''\n"), "s.yaml:1:7: name: must not be empty"); }

// --- overrides ---

TEST(LoaderErrors, ErrorInAnOverrideValue) {
  const std::string ok = with_station("    service_time: {distribution: exponential, mean: 1s}\n");
  EXPECT_EQ(error_of(ok, {{"targets.server.servers", "four"}}),
            "--set targets.server.servers: expected an integer, got 'four'");
  EXPECT_EQ(error_of(ok, {{"horizon", "-1h"}}), "--set horizon: must be > 0, got '-1h'");
  EXPECT_EQ(error_of(ok, {{"targets.server.service_time", "{distribution: exponential, maen: 1s}"}}),
            "--set targets.server.service_time.maen: unknown key 'maen', did you mean 'mean'?");
  EXPECT_EQ(error_of(ok, {{"targets.server.kind", "bedrock_on_dmand"}}),
            "--set targets.server.kind: unknown target kind 'bedrock_on_dmand', did you mean 'bedrock_on_demand'?");
  // An error elsewhere in the file still points at the file.
  EXPECT_EQ(error_of(with_station("    servers: 0\n    service_time: {distribution: exponential, mean: 1s}\n"),
                     {{"targets.server.max_wait", "5s"}}),
            "s.yaml:9:14: targets.server.servers: must be >= 1, got '0'");
}

TEST(LoaderErrors, MessagesAreOneLine) {
  EXPECT_EQ(error_of("horizon: \"soon\\nish\"\n"),
            "s.yaml:1:10: horizon: expected a duration such as 300ms, got 'soon ish'");
}

}  // namespace
}  // namespace fmsim::models
