// The `entry` scenario keys: what valid blocks become, and one-line errors (exact text) for bad
// input: memory outside 128-10,240 MB, timeout outside 1-900 s, provisioned concurrency above
// reserved concurrency, an unknown architecture (with a did-you-mean), a block of another kind.
#include <cmath>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/entry/lambda_billing.h"
#include "models/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;

// Lines 6-7 open the entry block, so a sub-block written by a test starts on line 8 and the keys
// given to function() on line 9; a station target follows.
std::string entry(std::string_view kind, std::string_view body) {
  return with_head(std::string("entry:\n  kind: ") + std::string(kind) + "\n" + std::string(body) +
                   "targets:\n  model:\n    kind: station\n    service_time: {distribution: deterministic, value: 1s}\n");
}
std::string function(std::string_view keys) { return entry("lambda", std::string("  function:\n") + std::string(keys)); }

TEST(EntryReader, LambdaBlock) {
  const Scenario s = parse_scenario(function("    memory: 2GB\n"
                                             "    architecture: arm64\n"
                                             "    timeout: 30s\n"
                                             "    keep_alive: {distribution: uniform, min: 5min, max: 15min}\n"
                                             "    reserved_concurrency: 500\n"
                                             "    provisioned_concurrency: {base: 10, windows: [{from: \"18:00\", to: \"24:00\", value: 50}]}\n"),
                                    "s.yaml");
  const EntrySpec& e = s.deployment.entry;
  ASSERT_EQ(e.kind, EntryKind::lambda);
  EXPECT_EQ(e.function.memory_mb, 2048);
  EXPECT_EQ(e.function.architecture, Architecture::arm64);
  EXPECT_EQ(e.function.timeout, sim::Duration::seconds(30));
  EXPECT_DOUBLE_EQ(e.function.keep_alive.mean(), 600);
  EXPECT_EQ(e.function.reserved_concurrency, 500);
  EXPECT_DOUBLE_EQ(e.function.provisioned_concurrency.max_value(), 50);
  // arm64 prices from the catalog.
  EXPECT_DOUBLE_EQ(e.function.price_per_gb_second_usd, 0.0000133334);
  EXPECT_DOUBLE_EQ(e.function.provisioned_price_per_gb_second_usd, 0.0000033334);
  EXPECT_DOUBLE_EQ(e.function.provisioned_execution_price_per_gb_second_usd, 0.0000077778);
}

TEST(EntryReader, DefaultsAndOtherKinds) {
  EXPECT_EQ(parse_scenario(entry("lambda", ""), "s.yaml").deployment.entry.function.timeout, sim::Duration::seconds(3));
  const Scenario gw = parse_scenario(entry("api_gateway", "  api_gateway: {integration_timeout: 30s, client_retry: {max_attempts: 3}}\n"), "s.yaml");
  EXPECT_EQ(gw.deployment.entry.kind, EntryKind::api_gateway);
  EXPECT_EQ(gw.deployment.entry.api_gateway.integration_timeout, sim::Duration::seconds(30));
  EXPECT_EQ(gw.deployment.entry.api_gateway.client_retry.max_attempts, 3);
  const Scenario orch = parse_scenario(entry("orchestrator", "  orchestrator: {tasks: 3, slots_per_task: 20, queue_capacity: unlimited}\n"), "s.yaml");
  EXPECT_EQ(orch.deployment.entry.orchestrator.tasks, 3);
  EXPECT_FALSE(orch.deployment.entry.orchestrator.queue_capacity.has_value());
  const Scenario q = parse_scenario(entry("queue", "  function: {timeout: 60s}\n  queue: {batch_size: 10, visibility_timeout: 6min, max_receives: 5}\n"), "s.yaml");
  EXPECT_EQ(q.deployment.entry.queue.batch_size, 10);
  EXPECT_EQ(q.deployment.entry.queue.visibility_timeout, sim::Duration::minutes(6));
  const Scenario pkg = parse_scenario(function("    cold_start: package_size\n    package_size: 64MB\n"), "s.yaml");
  EXPECT_EQ(pkg.deployment.entry.function.cold_start_model, ColdStartModel::package_size);
  EXPECT_DOUBLE_EQ(pkg.deployment.entry.function.package_mb, 64);
}

TEST(EntryReader, MemoryOutsideLambdasLimits) {
  EXPECT_EQ(error_of(function("    memory: 64MB\n")),
            "s.yaml:9:13: entry.function.memory: Lambda memory must be 128 MB to 10,240 MB, got '64MB'");
  EXPECT_EQ(error_of(function("    memory: 10241\n")),
            "s.yaml:9:13: entry.function.memory: Lambda memory must be 128 MB to 10,240 MB, got '10241'");
  EXPECT_EQ(error_of(function("    memory: lots\n")),
            "s.yaml:9:13: entry.function.memory: expected a memory size such as 1024MB or 2GB, got 'lots'");
}

TEST(EntryReader, TimeoutOutsideLambdasLimits) {
  EXPECT_EQ(error_of(function("    timeout: 901s\n")),
            "s.yaml:9:14: entry.function.timeout: the Lambda timeout must be 1s to 900s, got '901s'");
  EXPECT_EQ(error_of(function("    timeout: 500ms\n")),
            "s.yaml:9:14: entry.function.timeout: the Lambda timeout must be 1s to 900s, got '500ms'");
  EXPECT_EQ(error_of(function("    timeout: 2.5s\n")),
            "s.yaml:9:14: entry.function.timeout: the Lambda timeout is set in whole seconds, got '2.5s'");
}

TEST(EntryReader, ProvisionedAboveReservedConcurrency) {
  EXPECT_EQ(error_of(function("    reserved_concurrency: 10\n    provisioned_concurrency: 20\n")),
            "s.yaml:10:30: entry.function.provisioned_concurrency: provisioned concurrency (20) cannot exceed "
            "reserved concurrency (10)");
  EXPECT_EQ(error_of(function("    reserved_concurrency: 10\n"
                              "    provisioned_concurrency: {base: 2, windows: [{from: \"09:00\", to: \"17:00\", value: 12}]}\n")),
            "s.yaml:10:30: entry.function.provisioned_concurrency: provisioned concurrency (12) cannot exceed "
            "reserved concurrency (10)");
  EXPECT_EQ(error_of(function("    reserved_concurrency: 2000\n")),
            "s.yaml:9:27: entry.function.reserved_concurrency: reserved concurrency (2000) cannot exceed the "
            "account concurrency (1000)");
}

TEST(EntryReader, UnknownArchitectureSuggestsTheNearest) {
  EXPECT_EQ(error_of(function("    architecture: arm46\n")),
            "s.yaml:9:19: entry.function.architecture: unknown architecture 'arm46', did you mean 'arm64'?");
  EXPECT_EQ(error_of(function("    architecture: x86\n")),
            "s.yaml:9:19: entry.function.architecture: unknown architecture 'x86' (expected one of: x86_64, arm64)");
}

TEST(EntryReader, BlocksOfAnotherKindAndModelMismatches) {
  EXPECT_EQ(error_of(entry("lambda", "  queue: {batch_size: 2}\n")),
            "s.yaml:8:3: entry.queue: key 'queue' does not apply to entry kind lambda (it takes: kind, function)");
  EXPECT_EQ(error_of(entry("lamda", "")), "s.yaml:7:9: entry.kind: unknown entry kind 'lamda', did you mean 'lambda'?");
  EXPECT_EQ(error_of(function("    cold_start: memory\n    runtime_init: {distribution: deterministic, value: 1s}\n")),
            "s.yaml:10:19: entry.function.runtime_init: 'runtime_init' belongs to the phases cold start model "
            "(cold_start: phases), not to cold_start: memory");
  EXPECT_EQ(error_of(entry("queue", "  queue: {visibility_timeout: 2s}\n")),
            "s.yaml:8:31: entry.queue.visibility_timeout: the visibility timeout (2s) must be at least the "
            "function timeout (3s): Lambda refuses an SQS event source whose messages could reappear while still "
            "being processed");
  EXPECT_EQ(error_of(entry("queue", "  queue: {batch_size: 11}\n")),
            "s.yaml:8:23: entry.queue.batch_size: must be <= 10, got '11'");
}

// The entry-tier scenario files load, and say what their header comments rely on.
Scenario load(const std::string& relative) {
  return load_scenario(std::string(FMSIM_SOURCE_DIR) + "/scenarios/" + relative);
}

TEST(EntryScenarioFiles, LoadWithTheSettingsTheirHeadersDescribe) {
  const Scenario trap = load("reference/r6_lambda_timeout_trap.yaml");
  EXPECT_EQ(trap.deployment.entry.kind, EntryKind::lambda);
  EXPECT_EQ(trap.deployment.entry.function.timeout, sim::Duration::seconds(3));  // the default
  // P(S > 2.99 s) for the model's lognormal: the ~42 % of the header.
  const auto& model = trap.deployment.targets.front().station.service_time;
  EXPECT_NEAR(1.0 - std::erfc(-std::log(2.99 / model.quantile(0.5)) /
                              (std::log(model.quantile(0.99) / model.quantile(0.5)) / 2.326348) / std::sqrt(2.0)) / 2.0,
              0.42, 0.005);

  const Scenario gw = load("reference/r7_streaming_67s.yaml");
  EXPECT_EQ(gw.deployment.entry.kind, EntryKind::api_gateway);
  EXPECT_EQ(gw.deployment.entry.api_gateway.integration_timeout, sim::Duration::seconds(30));
  EXPECT_GT(gw.deployment.entry.function.timeout, sim::Duration::seconds(67));

  const Scenario ramp = load("lambda_morning_ramp.yaml");
  const Scenario prov = load("lambda_provisioned.yaml");
  EXPECT_EQ(ramp.seed, prov.seed);
  EXPECT_DOUBLE_EQ(ramp.deployment.entry.function.provisioned_concurrency.max_value(), 0);
  const DailyScheduleSpec& pc = prov.deployment.entry.function.provisioned_concurrency;
  EXPECT_DOUBLE_EQ(pc.max_value(), 50);
  // The header's price: 50 x 1 GB x 12.25 h x 3600 s x $0.0000041667 = $9.19 a day.
  const double hours = (pc.windows.at(0).to_minute - pc.windows.at(0).from_minute) / 60.0;
  EXPECT_DOUBLE_EQ(hours, 12.25);
  EXPECT_NEAR(50 * memory_gb(prov.deployment.entry.function.memory_mb) * hours * 3600 *
                  prov.deployment.entry.function.provisioned_price_per_gb_second_usd,
              9.19, 0.005);

  const Scenario r8 = load("reference/r8_async_queue.yaml");
  EXPECT_EQ(r8.deployment.entry.kind, EntryKind::queue);
  EXPECT_EQ(r8.deployment.entry.queue.visibility_timeout, r8.deployment.entry.function.timeout * 6);
  EXPECT_EQ(r8.deployment.entry.queue.max_pollers, 10);
}

}  // namespace
}  // namespace fmsim::models
