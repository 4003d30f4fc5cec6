// The sagemaker_serverless, sagemaker_batch and bedrock_batch readers: catalog defaults, overrides,
// and the errors for values outside the services' limits (exact messages with file positions).
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

// Lines 1-7; the target's keys start on line 8, column 5.
constexpr std::string_view kHead =
    "horizon: 1h\n"
    "workload:\n"
    "  arrivals:\n"
    "    process: poisson\n"
    "    rate: 1/s\n"
    "targets:\n"
    "  t:\n";

std::string error_of(std::string_view target_keys) {
  try {
    parse_scenario(std::string(kHead) + std::string(target_keys), "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

const TargetSpec& target_of(const Scenario& s) { return s.deployment.targets.at(0); }

TEST(ServerlessReader, DefaultsFromTheCatalogAndOverrides) {
  const Scenario s = parse_scenario(std::string(kHead) +
                                        "    kind: sagemaker_serverless\n"
                                        "    memory: 3GB\n"
                                        "    max_concurrency: 50\n"
                                        "    provisioned_concurrency: 5\n"
                                        "    cold_start: {distribution: uniform, min: 5s, max: 30s}\n"
                                        "    idle_timeout: {distribution: deterministic, value: 15min}\n"
                                        "    output_tokens_per_s: 12\n",
                                    "s.yaml");
  const SageMakerServerlessSpec& sls = target_of(s).serverless;
  EXPECT_EQ(target_of(s).kind, TargetKind::sagemaker_serverless);
  EXPECT_EQ(sls.memory_mb, 3072);
  EXPECT_EQ(sls.max_concurrency, 50);
  EXPECT_EQ(sls.provisioned_concurrency, 5);
  EXPECT_DOUBLE_EQ(sls.cold_start.mean(), 17.5);
  EXPECT_DOUBLE_EQ(sls.idle_timeout.mean(), 900);
  EXPECT_DOUBLE_EQ(sls.output_tokens_per_s, 12);
  EXPECT_DOUBLE_EQ(sls.price_per_gb_second_usd, 0.00002);  // the catalog's
  EXPECT_DOUBLE_EQ(sls.provisioned_price_per_gb_second_usd, 0.0000048);

  const Scenario o = parse_scenario(std::string(kHead) +
                                        "    kind: sagemaker_serverless\n"
                                        "    memory: 1024\n"
                                        "    price_per_gb_second: $0.00003\n",
                                    "s.yaml");
  EXPECT_EQ(target_of(o).serverless.memory_mb, 1024);
  EXPECT_DOUBLE_EQ(target_of(o).serverless.price_per_gb_second_usd, 0.00003);
}

TEST(ServerlessReader, LimitsAndBadValues) {
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    memory: 1536MB\n"),
            "s.yaml:9:13: targets.t.memory: serverless memory must be 1024, 2048, 3072, 4096, 5120 or 6144 MB "
            "(1-6 GB in 1 GB steps), got '1536MB'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    memory: 8GB\n"),
            "s.yaml:9:13: targets.t.memory: serverless memory must be 1024, 2048, 3072, 4096, 5120 or 6144 MB "
            "(1-6 GB in 1 GB steps), got '8GB'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    memory: lots\n"),
            "s.yaml:9:13: targets.t.memory: expected a memory size such as 4GB or 4096MB, got 'lots'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    max_concurrency: 0\n"),
            "s.yaml:9:22: targets.t.max_concurrency: serverless max_concurrency must be 1 to 200 (SageMaker's "
            "limit), got '0'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    max_concurrency: 201\n"),
            "s.yaml:9:22: targets.t.max_concurrency: serverless max_concurrency must be 1 to 200 (SageMaker's "
            "limit), got '201'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    max_concurrency: 10\n    provisioned_concurrency: 11\n"),
            "s.yaml:10:30: targets.t.provisioned_concurrency: provisioned_concurrency (11) must not exceed "
            "max_concurrency (10)");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    price_per_gb_second: $-0.1\n"),
            "s.yaml:9:26: targets.t.price_per_gb_second: must be >= 0, got '$-0.1'");
  EXPECT_EQ(error_of("    kind: sagemaker_serverless\n    instances: 2\n"),
            "s.yaml:9:5: targets.t.instances: key 'instances' does not apply to a sagemaker_serverless target (it "
            "takes: kind, retry, memory, max_concurrency, provisioned_concurrency, cold_start, idle_timeout, "
            "time_to_first_token, output_tokens_per_s, invocation_timeout, price_per_gb_second, "
            "provisioned_price_per_gb_second)");
}

TEST(BatchReader, SageMakerBatchFromTheCatalog) {
  const Scenario s = parse_scenario(std::string(kHead) +
                                        "    kind: sagemaker_batch\n"
                                        "    instance_type: ml.inf2.24xlarge\n"
                                        "    instances: 2\n"
                                        "    documents_per_s_per_instance: 500/s\n"
                                        "    startup: 80s\n"
                                        "    run_at: \"02:30\"\n",
                                    "s.yaml");
  const BatchJobSpec& b = target_of(s).batch_job;
  EXPECT_EQ(b.instance_type, "ml.inf2.24xlarge");
  EXPECT_DOUBLE_EQ(b.price_per_instance_hour_usd, 6.50);
  EXPECT_EQ(b.instances, 2);
  EXPECT_DOUBLE_EQ(b.documents_per_s_per_instance, 500);
  EXPECT_EQ(b.startup, sim::Duration::seconds(80));
  EXPECT_EQ(b.run_at_minute, 150);
}

TEST(BatchReader, SageMakerBatchErrors) {
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    instance_type: ml.inf2.24xlarg\n"),
            "s.yaml:9:20: targets.t.instance_type: unknown instance type 'ml.inf2.24xlarg', did you mean "
            "'ml.inf2.24xlarge'?");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    instance_type: ml.z9.huge\n    instances: 1\n")
                .substr(0, 90),
            "s.yaml:9:20: targets.t.instance_type: unknown instance type 'ml.z9.huge' (the catalog has:");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    instances: 1\n"),
            "s.yaml:8:5: targets.t.instance_type: required key is missing (expected an instance type such as "
            "ml.inf2.24xlarge, or price_per_instance_hour)");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    price_per_instance_hour: $1\n    instances: 0\n"),
            "s.yaml:10:16: targets.t.instances: must be >= 1, got '0'");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    price_per_instance_hour: $1\n    run_at: \"24:00\"\n"),
            "s.yaml:10:13: targets.t.run_at: a daily run time is 00:00 to 23:59 (write 00:00 for midnight)");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    price_per_instance_hour: $1\n    run_at: 2am\n"),
            "s.yaml:10:13: targets.t.run_at: expected a local time from 00:00 to 24:00 such as 09:30, got '2am'");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    price_per_instance_hour: $-6.5\n"),
            "s.yaml:9:30: targets.t.price_per_instance_hour: must be >= 0, got '$-6.5'");
  EXPECT_EQ(error_of("    kind: sagemaker_batch\n    price_per_instance_hour: $1\n    documents_per_s_per_instance: 0\n"),
            "s.yaml:10:35: targets.t.documents_per_s_per_instance: must be > 0, got '0'");
}

TEST(BatchReader, BedrockBatchAtTheCatalogBatchPriceOrOverridden) {
  const Scenario s = parse_scenario(std::string(kHead) +
                                        "    kind: bedrock_batch\n"
                                        "    model: nova-lite\n"
                                        "    run_at: \"00:00\"\n",
                                    "s.yaml");
  const TargetSpec& t = target_of(s);
  EXPECT_EQ(t.on_demand.model, "nova-lite");
  EXPECT_TRUE(t.on_demand.batch);
  EXPECT_DOUBLE_EQ(t.on_demand.input_usd_per_mtok, 0.03);
  EXPECT_DOUBLE_EQ(t.on_demand.output_usd_per_mtok, 0.12);
  EXPECT_EQ(t.batch_job.run_at_minute, 0);
  EXPECT_FALSE(t.batch_job.tokens_per_minute);
  EXPECT_EQ(t.batch_job.completion_window, sim::Duration::hours(24));

  const Scenario o = parse_scenario(std::string(kHead) +
                                        "    kind: bedrock_batch\n"
                                        "    model: nova-lite\n"
                                        "    price_per_million_input_tokens: $0.06\n"
                                        "    price_per_million_output_tokens: $0.24\n"
                                        "    tokens_per_minute: 7.5M\n"
                                        "    completion_window: 48h\n",
                                    "s.yaml");
  EXPECT_DOUBLE_EQ(target_of(o).on_demand.input_usd_per_mtok, 0.06);
  EXPECT_DOUBLE_EQ(*target_of(o).batch_job.tokens_per_minute, 7.5e6);
  EXPECT_EQ(target_of(o).batch_job.completion_window, sim::Duration::hours(48));
}

TEST(BatchReader, BedrockBatchErrors) {
  EXPECT_EQ(error_of("    kind: bedrock_batch\n    model: nova-lit\n"),
            "s.yaml:9:12: targets.t.model: unknown model 'nova-lit', did you mean 'nova-lite'?");
  EXPECT_EQ(error_of("    kind: bedrock_batch\n    model: nova-lite\n    price_per_million_input_tokens: $-1\n"),
            "s.yaml:10:37: targets.t.price_per_million_input_tokens: must be >= 0, got '$-1'");
  EXPECT_EQ(error_of("    kind: bedrock_batch\n    model: nova-lite\n    tokens_per_minute: 0\n"),
            "s.yaml:10:24: targets.t.tokens_per_minute: must be > 0, got '0'");
  EXPECT_EQ(error_of("    kind: bedrock_batch\n    model: nova-lite\n    requests_per_minute: 10\n").substr(0, 103),
            "s.yaml:10:5: targets.t.requests_per_minute: key 'requests_per_minute' does not apply to a bedrock_batch");
}

}  // namespace
}  // namespace fmsim::models
