// The reference scenario files (scenarios/reference/r1-r4) load and carry the figures their
// headers' arithmetic uses: prices, counts, tokens, schedules. (Running them is
// reference_costs_test.cpp.)
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

Scenario load(const std::string& file) {
  return load_scenario(std::string(FMSIM_SOURCE_DIR) + "/scenarios/reference/" + file);
}

TEST(ReferenceFiles, BedrockPricesAndLoads) {
  const Scenario r1 = load("r1_lambda_bedrock.yaml");
  EXPECT_EQ(r1.workload.arrivals.kind, ArrivalKind::deterministic);
  EXPECT_DOUBLE_EQ(r1.workload.arrivals.rate_per_s * 86'400, 1000);
  EXPECT_DOUBLE_EQ(r1.workload.classes.at(0).input_tokens.mean(), 500);
  EXPECT_DOUBLE_EQ(r1.workload.classes.at(0).output_tokens.mean(), 200);
  EXPECT_DOUBLE_EQ(r1.deployment.targets.at(0).on_demand.input_usd_per_mtok, 3.0);
  EXPECT_DOUBLE_EQ(r1.deployment.targets.at(0).on_demand.output_usd_per_mtok, 15.0);
  EXPECT_FALSE(r1.deployment.targets.at(0).on_demand.requests_per_minute);
  EXPECT_EQ(r1.deployment.entry.kind, EntryKind::lambda);
  EXPECT_EQ(r1.deployment.entry.function.price_per_gb_second_usd, 0);

  EXPECT_DOUBLE_EQ(load("r2_bedrock.yaml").workload.arrivals.rate_per_s * 86'400, 100'000);
  EXPECT_DOUBLE_EQ(load("r3_bedrock_on_demand.yaml").workload.arrivals.rate_per_s * 86'400, 1'000'000);

  const Scenario r4 = load("r4_bedrock_batch.yaml");
  EXPECT_EQ(r4.deployment.targets.at(0).kind, TargetKind::bedrock_batch);
  EXPECT_DOUBLE_EQ(r4.deployment.targets.at(0).on_demand.input_usd_per_mtok, 0.06);  // the seed's, not 0.03
  EXPECT_DOUBLE_EQ(r4.deployment.targets.at(0).on_demand.output_usd_per_mtok, 0.24);
  EXPECT_DOUBLE_EQ(r4.workload.arrivals.rate_per_s * 86'400, 10'000'000);
}

TEST(ReferenceFiles, SageMakerPricesAndSchedules) {
  const Scenario r1 = load("r1_sagemaker_always_on.yaml");
  EXPECT_DOUBLE_EQ(r1.deployment.targets.at(0).endpoint.price_per_instance_hour_usd, 1.006);  // not the list 1.408
  EXPECT_EQ(r1.deployment.targets.at(0).endpoint.instances.max_value(), 1);

  const Scenario r2 = load("r2_sagemaker_schedule.yaml");
  const auto& i2 = r2.deployment.targets.at(0).endpoint.instances;
  EXPECT_DOUBLE_EQ(r2.deployment.targets.at(0).endpoint.price_per_instance_hour_usd, 2.50);
  EXPECT_EQ(i2.value_at(0, 3 * 60), 1);
  EXPECT_EQ(i2.value_at(0, 4 * 60), 2);
  EXPECT_EQ(i2.value_at(0, 23 * 60 + 59), 2);

  const Scenario r3 = load("r3_sagemaker_schedule.yaml");
  const auto& i3 = r3.deployment.targets.at(0).endpoint.instances;
  EXPECT_DOUBLE_EQ(r3.deployment.targets.at(0).endpoint.price_per_instance_hour_usd, 5.00);
  EXPECT_EQ(i3.value_at(0, 15 * 60 + 59), 4);
  EXPECT_EQ(i3.value_at(0, 16 * 60), 8);

  const Scenario r4 = load("r4_sagemaker_batch.yaml");
  const BatchJobSpec& b = r4.deployment.targets.at(0).batch_job;
  EXPECT_DOUBLE_EQ(b.price_per_instance_hour_usd, 6.50);
  EXPECT_EQ(b.instances, 2);
  EXPECT_DOUBLE_EQ(b.documents_per_s_per_instance, 500);
  EXPECT_EQ(b.startup, sim::Duration::seconds(80));
  EXPECT_EQ(b.run_at_minute, 0);
}

}  // namespace
}  // namespace fmsim::models
