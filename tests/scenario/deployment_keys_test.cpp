// The deployment dispatcher (models/scenario/deployment_reader.cpp): `targets` read by kind, the
// station target's keys, target names, and `router.default` — values into DeploymentSpec, and each
// class of bad input with its exact message.
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;
using testing::with_station;

constexpr std::string_view kService = "    service_time: {distribution: exponential, mean: 1s}\n";

// Two station targets `a` (lines 7-9) and `b` (lines 10-12), then `rest` from line 13.
std::string two_targets(std::string_view rest = "") {
  return with_head(
             "targets:\n"
             "  a:\n"
             "    kind: station\n"
             "    service_time: {distribution: exponential, mean: 1s}\n"
             "  b:\n"
             "    kind: station\n"
             "    servers: 3\n") +
         std::string(rest);
}

TEST(DeploymentKeys, SeveralTargetsInTheOrderWrittenAndTheRoutersChoice) {
  // `b`'s service_time comes after the helper's lines.
  const Scenario s = parse_scenario(
      two_targets("    service_time: {distribution: deterministic, value: 2s}\nrouter:\n  default: b\n"), "d.yaml");
  const DeploymentSpec& d = s.deployment;
  ASSERT_EQ(d.targets.size(), 2u);
  EXPECT_EQ(d.targets[0].name, "a");
  EXPECT_EQ(d.targets[0].kind, TargetKind::station);
  EXPECT_EQ(d.targets[0].station.servers, 1);
  EXPECT_EQ(d.targets[1].name, "b");
  EXPECT_EQ(d.targets[1].station.servers, 3);
  EXPECT_DOUBLE_EQ(d.targets[1].station.service_time.mean(), 2.0);
  EXPECT_EQ(d.router.default_target, "b");
  EXPECT_EQ(d.entry.kind, EntryKind::none);
}

TEST(DeploymentKeys, TheOnlyTargetIsTheDefaultWithOrWithoutARouter) {
  EXPECT_EQ(parse_scenario(with_station(kService), "d.yaml").deployment.router.default_target, "server");
  EXPECT_EQ(parse_scenario(with_station(std::string(kService) + "router: {default: server}\n"), "d.yaml")
                .deployment.router.default_target,
            "server");
  EXPECT_EQ(
      parse_scenario(with_station(std::string(kService) + "router:\n"), "d.yaml").deployment.router.default_target,
      "server");
}

TEST(DeploymentKeys, NamesWithDigitsUnderscoresAndDashes) {
  const Scenario s = parse_scenario(
      with_head("targets:\n  Sonnet_4-eu2:\n    kind: station\n" + std::string(kService)), "d.yaml");
  EXPECT_EQ(s.deployment.targets.at(0).name, "Sonnet_4-eu2");
  EXPECT_EQ(s.deployment.router.default_target, "Sonnet_4-eu2");
}

// --- targets ---

TEST(DeploymentKeyErrors, MissingOrEmptyTargets) {
  EXPECT_EQ(error_of(with_head("")), "s.yaml:1:1: targets: required key is missing (expected a mapping)");
  EXPECT_EQ(error_of(with_head("targets: {}\n")),
            "s.yaml:6:10: targets: at least one target is needed (e.g. a bedrock_on_demand model)");
  EXPECT_EQ(error_of(with_head("targets:\n")),
            "s.yaml:6:1: targets: at least one target is needed (e.g. a bedrock_on_demand model)");
  // The old top-level block is an unknown key now, not a target.
  EXPECT_EQ(error_of(with_head("station:\n  servers: 2\n")),
            "s.yaml:6:1: station: unknown key 'station' (allowed here: name, description, seed, horizon, "
            "time_zone, start, workload, entry, targets, router, slo, output)");
}

TEST(DeploymentKeyErrors, MissingKind) {
  EXPECT_EQ(error_of(with_head("targets:\n  server:\n" + std::string(kService))),
            "s.yaml:8:5: targets.server.kind: required key is missing (expected a target kind such as "
            "bedrock_on_demand)");
}

TEST(DeploymentKeyErrors, UnknownKind) {
  EXPECT_EQ(error_of(with_head("targets:\n  server:\n    kind: staton\n" + std::string(kService))),
            "s.yaml:8:11: targets.server.kind: unknown target kind 'staton', did you mean 'station'?");
  EXPECT_EQ(error_of(with_head("targets:\n  server:\n    kind: sagemaker_realtme\n")),
            "s.yaml:8:11: targets.server.kind: unknown target kind 'sagemaker_realtme', did you mean "
            "'sagemaker_realtime'?");
  EXPECT_EQ(error_of(with_head("targets:\n  server:\n    kind: tpu\n")),
            "s.yaml:8:11: targets.server.kind: unknown target kind 'tpu' (expected one of: station, "
            "bedrock_on_demand, bedrock_provisioned, bedrock_batch, sagemaker_realtime, sagemaker_serverless, "
            "sagemaker_async, sagemaker_batch)");
}

// Every kind's keys are in the schema (so a typo gets a did-you-mean), but each kind takes only
// its own: a key of another kind is an error naming the kind, never silently ignored.
TEST(DeploymentKeyErrors, KeyOfAnotherKind) {
  const std::string takes =
      " does not apply to a station target (it takes: kind, servers, queue_capacity, max_wait, service_time, "
      "price_per_server_hour, price_per_request)";
  EXPECT_EQ(error_of(with_station(std::string(kService) + "    model: claude-3-haiku\n")),
            "s.yaml:10:5: targets.server.model: key 'model'" + takes);
  EXPECT_EQ(error_of(with_station("    instance_type: ml.g5.2xlarge\n" + std::string(kService))),
            "s.yaml:9:5: targets.server.instance_type: key 'instance_type'" + takes);
  EXPECT_EQ(error_of(with_station(std::string(kService) + "    retry: {max_attempts: 3}\n")),
            "s.yaml:10:5: targets.server.retry: key 'retry'" + takes);
  // Checked before the station's own keys: the first key that does not apply is reported even when
  // a required key is also missing.
  EXPECT_EQ(error_of(with_station("    autoscaling: {target: 70}\n")),
            "s.yaml:9:5: targets.server.autoscaling: key 'autoscaling'" + takes);
}

TEST(DeploymentKeyErrors, BadTargetName) {
  // Names become cost lines ("<target>.servers"), stream names and --set paths: a space or a dot
  // would make those ambiguous.
  EXPECT_EQ(error_of(with_head("targets:\n  my server:\n    kind: station\n" + std::string(kService))),
            "s.yaml:8:5: targets.my server: target names are letters, digits, '_' and '-'; got 'my server'");
  EXPECT_EQ(error_of(with_head("targets:\n  sonnet.eu:\n    kind: station\n" + std::string(kService))),
            "s.yaml:8:5: targets.sonnet.eu: target names are letters, digits, '_' and '-'; got 'sonnet.eu'");
}

// --- router ---

TEST(DeploymentKeyErrors, RouterDefaultNamesAnUnknownTarget) {
  EXPECT_EQ(error_of(with_station(std::string(kService) + "router:\n  default: sever\n")),
            "s.yaml:11:12: router.default: no target named 'sever', did you mean 'server'?");
  EXPECT_EQ(error_of(with_station(std::string(kService) + "router:\n  default: gpu\n")),
            "s.yaml:11:12: router.default: no target named 'gpu' (targets: server)");
  EXPECT_EQ(error_of(two_targets(std::string(kService) + "router: {default: gpu}\n")),
            "s.yaml:14:19: router.default: no target named 'gpu' (targets: a, b)");
  EXPECT_EQ(error_of(with_station(std::string(kService) + "router:\n  defualt: server\n")),
            "s.yaml:11:3: router.defualt: unknown key 'defualt', did you mean 'default'?");
}

TEST(DeploymentKeyErrors, SeveralTargetsNeedRouterDefault) {
  const std::string msg =
      "router.default: with several targets, router.default must name the one requests go to (targets: a, b)";
  // No `router` at all: the error points at the start of the file, where it is missing from.
  EXPECT_EQ(error_of(two_targets(kService)), "s.yaml:1:1: " + msg);
  EXPECT_EQ(error_of(two_targets(std::string(kService) + "router: {}\n")), "s.yaml:14:9: " + msg);
}

}  // namespace
}  // namespace fmsim::models

namespace fmsim::models {
namespace {

// A TPM quota that cannot pass one typical call of a class (its median prompt — for an agent the
// last step's S + u + (k-1)·o — plus max_tokens, or the model's maximum when unset) would throttle
// every such call forever: the loader says so at the quota.
std::string quota_scenario(std::string_view class_keys, std::string_view tpm) {
  return "horizon: 1h\n"
         "workload:\n"
         "  arrivals: {process: poisson, rate: 1/s}\n"
         "  classes:\n"
         "    - name: agent\n"
         "      input_tokens: {distribution: deterministic, value: 100}\n"
         "      output_tokens: {distribution: deterministic, value: 400}\n" +
         std::string(class_keys) +
         "targets:\n"
         "  sonnet:\n"
         "    kind: bedrock_on_demand\n"
         "    model: claude-3-5-sonnet\n"
         "    tokens_per_minute: " +
         std::string(tpm) + "\n";
}

TEST(DeploymentQuotaFit, AQuotaBelowOneCallsReservationIsAnError) {
  // Last step of a 3-step agent: 800 + 100 + 2 x 400 = 1,700 input, + max_tokens 3,000 = 4,700.
  const std::string agent = "      model_calls: 3\n      system_prompt_tokens: 800\n      max_tokens_per_turn: 3000\n";
  EXPECT_EQ(error_of(quota_scenario(agent, "4699")),
            "s.yaml:15:24: targets.sonnet.tokens_per_minute: tokens_per_minute 4699 is below one call's reservation "
            "of 4700 tokens (input 1700 + max_tokens 3000): every such call would be throttled; raise the quota or "
            "lower max_tokens (request class 'agent')");
  EXPECT_EQ(error_of(quota_scenario(agent, "4700")), "(no error)");
  // Unset max_tokens reserves the model's maximum output (catalog max_output_tokens).
  const Scenario s = parse_scenario(quota_scenario("", "1000000"), "s.yaml");
  const std::int64_t model_max = s.deployment.targets[0].on_demand.max_output_tokens;
  EXPECT_EQ(error_of(quota_scenario("", std::to_string(100 + model_max - 1))),
            "s.yaml:12:24: targets.sonnet.tokens_per_minute: tokens_per_minute " + std::to_string(100 + model_max - 1) +
                " is below one call's reservation of " + std::to_string(100 + model_max) + " tokens (input 100 + "
                "max_output_tokens " + std::to_string(model_max) +
                "): every such call would be throttled; raise the quota or lower max_tokens (request class 'agent')");
}

}  // namespace
}  // namespace fmsim::models
