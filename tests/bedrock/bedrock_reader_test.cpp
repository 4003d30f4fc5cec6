// Reading bedrock_on_demand / bedrock_provisioned targets and `retry` blocks: catalog defaults,
// every override, and the errors (exact messages: position, key path and wording are the contract
// with users).
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "models/bedrock/fleet_load.h"
#include "models/scenario/catalog_reader.h"
#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

// Lines 1-5: horizon and workload; line 6 `targets:`, line 7 the target's name, its keys from
// line 8 at column 5.
constexpr std::string_view kHead =
    "horizon: 1h\n"
    "workload:\n"
    "  arrivals:\n"
    "    process: poisson\n"
    "    rate: 1/s\n"
    "targets:\n"
    "  m:\n";

std::string target(std::string_view keys) { return std::string(kHead) + std::string(keys); }

TargetSpec read_target(std::string_view keys) {
  const Scenario s = parse_scenario(target(keys), "s.yaml");
  EXPECT_EQ(s.deployment.targets.size(), 1u);
  return s.deployment.targets.front();
}

std::string error_of(std::string_view keys) {
  try {
    parse_scenario(target(keys), "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BedrockReader, OnDemandTakesEverythingFromTheCatalog) {
  const TargetSpec t = read_target("    kind: bedrock_on_demand\n    model: claude-3-5-sonnet\n");
  ASSERT_EQ(t.kind, TargetKind::bedrock_on_demand);
  const BedrockOnDemandSpec& s = t.on_demand;
  EXPECT_EQ(s.model, "claude-3-5-sonnet");
  EXPECT_DOUBLE_EQ(s.input_usd_per_mtok, 3.0);
  EXPECT_DOUBLE_EQ(s.output_usd_per_mtok, 15.0);
  EXPECT_EQ(s.requests_per_minute, 50.0);
  EXPECT_EQ(s.tokens_per_minute, 400'000.0);
  EXPECT_EQ(s.max_output_tokens, 8192);
  EXPECT_DOUBLE_EQ(s.output_burndown, 1);
  EXPECT_NEAR(s.time_to_first_token.quantile(0.5), 0.93, 1e-12);
  EXPECT_NEAR(s.time_to_first_token.quantile(0.99), 2.79, 1e-9);  // 3x p50
  EXPECT_NEAR(s.output_tokens_per_s.quantile(0.5), 54, 1e-9);
  EXPECT_TRUE(s.streaming);
  EXPECT_EQ(s.retry.mode, RetryMode::standard);
  EXPECT_EQ(s.retry.max_attempts, 3);
  const TargetSpec b = read_target("    kind: bedrock_on_demand\n    model: claude-sonnet-4\n");
  EXPECT_DOUBLE_EQ(b.on_demand.output_burndown, 5);
  EXPECT_FALSE(b.on_demand.requests_per_minute.has_value());
}

TEST(BedrockReader, OnDemandEveryKeyOverrides) {
  const TargetSpec t = read_target(
      "    kind: bedrock_on_demand\n"
      "    model: claude-3-5-sonnet\n"
      "    price_per_million_input_tokens: $2.5\n"
      "    price_per_million_output_tokens: $12\n"
      "    time_to_first_token: {distribution: lognormal, p50: 400ms, p99: 1.6s}\n"
      "    output_tokens_per_s: {distribution: lognormal, p50: 70, p99: 140}\n"
      "    load: {hourly: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,1,1,1,1,1,1,1,1], weekdays: {sun: 0.5}}\n"
      "    streaming: false\n"
      "    requests_per_minute: 5/s\n"
      "    tokens_per_minute: 2M\n"
      "    quota_pool: us.claude-3-5-sonnet\n"
      "    output_burndown: 5\n"
      "    max_output_tokens: 1000\n"
      "    read_timeout: 120s\n"
      "    error_probability: 0.001\n"
      "    retry: {mode: adaptive, max_attempts: 5, base_delay: 100ms, max_backoff: 10s, on_error: false,\n"
      "            quota_capacity: 0, retry_cost: 4, timeout_retry_cost: 8, success_refund: 2}\n");
  const BedrockOnDemandSpec& s = t.on_demand;
  EXPECT_DOUBLE_EQ(s.input_usd_per_mtok, 2.5);
  EXPECT_DOUBLE_EQ(s.output_usd_per_mtok, 12);
  EXPECT_NEAR(s.time_to_first_token.quantile(0.99), 1.6, 1e-9);
  EXPECT_NEAR(s.output_tokens_per_s.quantile(0.5), 70, 1e-9);
  EXPECT_DOUBLE_EQ(s.load.hourly[15], 2);
  EXPECT_DOUBLE_EQ(s.load.weekdays[6], 0.5);
  EXPECT_DOUBLE_EQ(s.load.weekdays[0], 1.04);  // not given: the default profile's
  EXPECT_FALSE(s.streaming);
  EXPECT_EQ(s.requests_per_minute, 300.0);
  EXPECT_EQ(s.tokens_per_minute, 2'000'000.0);
  EXPECT_EQ(s.quota_pool, "us.claude-3-5-sonnet");
  EXPECT_DOUBLE_EQ(s.output_burndown, 5);
  EXPECT_EQ(s.max_output_tokens, 1000);
  EXPECT_EQ(s.read_timeout, sim::Duration::seconds(120));
  EXPECT_DOUBLE_EQ(s.error_probability, 0.001);
  EXPECT_EQ(s.retry.mode, RetryMode::adaptive);
  EXPECT_EQ(s.retry.max_attempts, 5);
  EXPECT_EQ(s.retry.base_delay, sim::Duration::milliseconds(100));
  EXPECT_EQ(s.retry.max_backoff, sim::Duration::seconds(10));
  EXPECT_FALSE(s.retry.on_error);
  EXPECT_TRUE(s.retry.on_throttled);
  EXPECT_EQ(s.retry.quota_capacity, 0);
  EXPECT_EQ(s.retry.retry_cost, 4);
  EXPECT_EQ(s.retry.timeout_retry_cost, 8);
  EXPECT_EQ(s.retry.success_refund, 2);
  const TargetSpec u = read_target(
      "    kind: bedrock_on_demand\n    model: claude-3-haiku\n    requests_per_minute: unlimited\n    retry: none\n");
  EXPECT_FALSE(u.on_demand.requests_per_minute.has_value());
  EXPECT_EQ(u.on_demand.tokens_per_minute, 2'000'000.0);
  EXPECT_EQ(u.on_demand.retry.max_attempts, 1);
}

TEST(BedrockReader, ProvisionedFromTheCatalogByTerm) {
  const TargetSpec t = read_target(
      "    kind: bedrock_provisioned\n    model: claude-3-5-sonnet\n    units: 3\n    term: 6_months\n");
  ASSERT_EQ(t.kind, TargetKind::bedrock_provisioned);
  const BedrockProvisionedSpec& p = t.provisioned;
  EXPECT_EQ(p.term, CommitmentTerm::six_months);
  EXPECT_DOUBLE_EQ(p.price_per_unit_hour_usd, 26.3888889);
  EXPECT_DOUBLE_EQ(p.units.max_value(), 3);
  EXPECT_DOUBLE_EQ(p.tokens_per_minute_per_unit, 40'000);  // no catalog figure: the seed default
  EXPECT_NEAR(p.time_to_first_token.quantile(0.5), 0.93, 1e-12);
  EXPECT_NEAR(p.time_to_first_token.quantile(0.99), 0.93 * 1.7, 1e-9);
  EXPECT_EQ(p.retry.max_attempts, 1);  // a throttle means fall back

  const TargetSpec s = read_target(
      "    kind: bedrock_provisioned\n"
      "    model: claude-3-sonnet\n"
      "    term: 1_month\n"
      "    price_per_unit_hour: $23\n"
      "    units: {base: 0, windows: [{from: \"18:00\", to: \"24:00\", value: 2}]}\n"
      "    tokens_per_minute_per_unit: 40k\n"
      "    max_queue_wait: 500ms\n"
      "    time_to_first_token: {distribution: deterministic, value: 300ms}\n"
      "    output_tokens_per_s: {distribution: uniform, min: 70, max: 90}\n"
      "    streaming: false\n"
      "    read_timeout: 30s\n");
  const BedrockProvisionedSpec& q = s.provisioned;
  EXPECT_DOUBLE_EQ(q.price_per_unit_hour_usd, 23);
  EXPECT_DOUBLE_EQ(q.units.base, 0);
  ASSERT_EQ(q.units.windows.size(), 1u);
  EXPECT_EQ(q.units.windows[0].from_minute, 18 * 60);
  EXPECT_DOUBLE_EQ(q.units.windows[0].value, 2);
  EXPECT_DOUBLE_EQ(q.tokens_per_minute_per_unit, 40'000);
  EXPECT_EQ(q.max_queue_wait, sim::Duration::milliseconds(500));
  EXPECT_FALSE(q.streaming);
  EXPECT_EQ(q.read_timeout, sim::Duration::seconds(30));
}

TEST(BedrockReader, BadInputOneLineErrors) {
  // Unknown model, with the nearest catalog name.
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: claude-3-sonet\n"),
            "s.yaml:9:12: targets.m.model: unknown model 'claude-3-sonet', did you mean 'claude-3-sonnet'?");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: gpt-4o\n").substr(0, 71),
            "s.yaml:9:12: targets.m.model: unknown model 'gpt-4o' (the catalog has: ");
  // Negative prices.
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    price_per_million_input_tokens: $-0.8\n"),
            "s.yaml:10:37: targets.m.price_per_million_input_tokens: must be >= 0, got '$-0.8'");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 1_month\n"
                     "    price_per_unit_hour: $-5\n"),
            "s.yaml:11:26: targets.m.price_per_unit_hour: must be >= 0, got '$-5'");
  // Model units <= 0.
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 1_month\n    units: 0\n"),
            "s.yaml:11:12: targets.m.units: must be > 0, got '0'");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 1_month\n    units: -2\n"),
            "s.yaml:11:12: targets.m.units: must be > 0, got '-2'");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 1_month\n"
                     "    units: {base: 0, windows: [{from: \"09:00\", to: \"18:00\", value: 0}]}\n"),
            "s.yaml:11:12: targets.m.units: a reservation needs at least 1 model unit at some time (every level "
            "here is 0)");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 1_month\n    units: 1.5\n"),
            "s.yaml:11:12: targets.m.units: expected a whole number, got '1.5'");
  // No price for the term.
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: claude-3-haiku\n    term: 6_months\n"),
            "s.yaml:10:11: targets.m.term: the catalog has no Provisioned Throughput price for 'claude-3-haiku' on "
            "term 6_months (it lists: 1_month); give price_per_unit_hour");
  EXPECT_EQ(error_of("    kind: bedrock_provisioned\n    model: nova-lite\n"),
            "s.yaml:9:12: targets.m.model: the catalog has no Provisioned Throughput price for 'nova-lite' on term "
            "none (it lists no term); give price_per_unit_hour");
  // A key of the other kind.
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    units: 2\n").substr(0, 80),
            "s.yaml:10:5: targets.m.units: key 'units' does not apply to a bedrock_on_demand ");
  // Other values.
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    error_probability: 1.5\n"),
            "s.yaml:10:24: targets.m.error_probability: must be a probability from 0 to 1, got '1.5'");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    output_tokens_per_s: {distribution: "
                     "uniform, min: 0, max: 50}\n"),
            "s.yaml:10:26: targets.m.output_tokens_per_s: output speed must be > 0 tokens/s for every draw (the "
            "smallest value here is 0)");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    load: {hourly: [1, 2]}\n"),
            "s.yaml:10:20: targets.m.load.hourly: expected 24 values (local hours 00-01 to 23-24), got 2");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    tokens_per_minute: 0\n"),
            "s.yaml:10:24: targets.m.tokens_per_minute: must be > 0, got '0'");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    requests_per_minute: 0.5/min\n"),
            "s.yaml:10:26: targets.m.requests_per_minute: must be at least 1 request per minute, got '0.5/min'");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    retry: {mode: adaptve}\n"),
            "s.yaml:10:19: targets.m.retry.mode: unknown retry mode 'adaptve', did you mean 'adaptive'?");
  EXPECT_EQ(error_of("    kind: bedrock_on_demand\n    model: nova-pro\n    retry: {max_attempts: 0}\n"),
            "s.yaml:10:27: targets.m.retry.max_attempts: must be >= 1, got '0'");
}

// The scenario files of this area load, and the fleet-variance one reproduces the seed's
// 800 ms (busy weekday afternoon) vs 280 ms (early Sunday) for Sonnet's median first token.
TEST(BedrockReader, ScenarioFilesLoad) {
  const std::filesystem::path dir = std::filesystem::path(FMSIM_SOURCE_DIR) / "scenarios";
  for (const char* f : {"reference/r7_quota_trap.yaml", "reference/r7_fleet_variance.yaml", "bedrock_provisioned_spill.yaml",
                        "bedrock_retry_storm.yaml"}) {
    SCOPED_TRACE(f);
    EXPECT_NO_THROW(load_scenario((dir / f).string()));
  }
  const Scenario s = load_scenario((dir / "reference/r7_fleet_variance.yaml").string());
  const BedrockOnDemandSpec& m = s.deployment.targets.front().on_demand;
  LocalCalendar cal(s.calendar);
  const FleetLoad load(m.load, cal);
  const double p50 = m.time_to_first_token.quantile(0.5);
  EXPECT_NEAR(p50 * load.factor_at(2, 15), 0.800, 0.0005);  // Wednesday 15:00
  EXPECT_NEAR(p50 * load.factor_at(6, 6), 0.280, 0.0005);   // Sunday 06:00
}

}  // namespace
}  // namespace fmsim::models
