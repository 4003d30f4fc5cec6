// The reference scenarios of the seed documents that are pure arithmetic (R1-R4), as scenario
// files in scenarios/reference/, run for one replication and checked to the cent against the
// figures their headers derive. Each file is deterministic (evenly spaced arrivals, fixed tokens),
// so the check does not depend on random draws.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/run/replication.h"
#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

double cents(double usd) { return std::round(usd * 100) / 100; }

struct ReferenceRun {
  ReplicationResult result;
  double cost_of(const std::string& line) const {
    for (const auto& [name, usd] : result.cost_by_line)
      if (name == line) return usd;
    return -1;
  }
};

ReferenceRun run_reference(const std::string& file) {
  const Scenario s = load_scenario(std::string(FMSIM_SOURCE_DIR) + "/scenarios/reference/" + file);
  Replication rep(s, 0);
  ReferenceRun r{rep.run()};
  EXPECT_TRUE(r.result.conservation_ok) << file;
  return r;
}

// R1: 1,000 x (500 x $3 + 200 x $15) / 1M = $4.50/day; x 30 = $135.00/month.
TEST(ReferenceCosts, R1LambdaBedrock) {
  const ReferenceRun r = run_reference("r1_lambda_bedrock.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 1000u);
  EXPECT_EQ(cents(r.result.cost_total), 4.50);
  EXPECT_EQ(cents(r.result.cost_total * 30), 135.00);
  EXPECT_NEAR(r.cost_of("sonnet.input_tokens"), 1.50, 1e-9);
  EXPECT_NEAR(r.cost_of("sonnet.output_tokens"), 3.00, 1e-9);
}

// R1 SageMaker: 24 h x $1.006 = $24.144/day; x 30 = $724.32/month.
TEST(ReferenceCosts, R1SageMakerAlwaysOn) {
  const ReferenceRun r = run_reference("r1_sagemaker_always_on.yaml");
  EXPECT_NEAR(r.result.cost_total, 24.144, 1e-9);
  EXPECT_EQ(cents(r.result.cost_total * 30), 724.32);
}

// R2: 100,000 x $0.0045 = $450.00/day; x 30 = $13,500.00/month.
TEST(ReferenceCosts, R2Bedrock) {
  const ReferenceRun r = run_reference("r2_bedrock.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 100'000u);
  EXPECT_EQ(cents(r.result.cost_total), 450.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 13'500.00);
}

// R2 SageMaker: 2 x 20 h x $2.50 + 1 x 4 h x $2.50 = $110.00/day; x 30 = $3,300.00/month.
TEST(ReferenceCosts, R2SageMakerSchedule) {
  const ReferenceRun r = run_reference("r2_sagemaker_schedule.yaml");
  EXPECT_NEAR(r.result.cost_total, 110.0, 1e-6);
  EXPECT_EQ(cents(r.result.cost_total * 30), 3'300.00);
}

// R3: 1,000,000 x $0.0045 = $4,500.00/day; x 30 = $135,000.00/month.
TEST(ReferenceCosts, R3BedrockOnDemand) {
  const ReferenceRun r = run_reference("r3_bedrock_on_demand.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 1'000'000u);
  EXPECT_EQ(cents(r.result.cost_total), 4'500.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 135'000.00);
}

// R3 SageMaker: 4 x 24 h x $5 + 4 x 8 h x $5 = $640.00/day; x 30 = $19,200.00/month.
TEST(ReferenceCosts, R3SageMakerSchedule) {
  const ReferenceRun r = run_reference("r3_sagemaker_schedule.yaml");
  EXPECT_NEAR(r.result.cost_total, 640.0, 1e-6);
  EXPECT_EQ(cents(r.result.cost_total * 30), 19'200.00);
}

// R4 Bedrock: 10M x (1,000 x $0.06 + 50 x $0.24) / 1M = $720.00/day (the seed's price, which is
// Nova Lite's on-demand price; at the real batch price it would be $360.00).
TEST(ReferenceCosts, R4BedrockBatch) {
  const ReferenceRun r = run_reference("r4_bedrock_batch.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 10'000'000u);
  EXPECT_EQ(cents(r.result.cost_total), 720.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 21'600.00);
}

// R4 SageMaker: 2 x ml.inf2.24xlarge for 80 s + 10M / (2 x 500/s) = 10,080 s = 2.8 h at $6.50:
// $36.40/day; x 30 = $1,092.00/month.
TEST(ReferenceCosts, R4SageMakerBatch) {
  const ReferenceRun r = run_reference("r4_sagemaker_batch.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 10'000'000u);
  EXPECT_EQ(cents(r.result.cost_total), 36.40);
  EXPECT_NEAR(r.result.cost_total, 36.40, 1e-6);
  EXPECT_EQ(cents(r.result.cost_total * 30), 1'092.00);
}

}  // namespace
}  // namespace fmsim::models
