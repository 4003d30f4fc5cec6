// The reference scenarios of the seed documents that are pure arithmetic (R1-R4, R2's Nova Pro,
// R3's and R7's Provisioned Throughput, R7's agent bill), as scenario files in
// scenarios/reference/, run for one replication and checked to the cent against the figures their
// headers derive. Each is deterministic where the figure depends on the load (evenly spaced
// arrivals, fixed tokens), so the check does not depend on random draws. Provisioned
// reservations are billed per MU-hour whatever the load, so those run on a short horizon and
// scale the hourly bill to the month. The 10M-document batch days run at a tenth or a hundredth of
// the documents with the work per document scaled up so that the bill is the same (documented at
// each test): the full-size runs are what tools/reference-table.py does.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::string reference_path(const std::string& file) {
  return std::string(FMSIM_SOURCE_DIR) + "/scenarios/reference/" + file;
}

ReferenceRun run_scenario(const Scenario& s) {
  Replication rep(s, 0);
  ReferenceRun r{rep.run()};
  EXPECT_TRUE(r.result.conservation_ok) << s.name;
  return r;
}

ReferenceRun run_reference(const std::string& file, const std::vector<Override>& overrides = {}) {
  return run_scenario(load_scenario(reference_path(file), overrides));
}

// The file's text with each `from` replaced by `to` (each must occur exactly once): for keys
// inside lists (request classes), which --set cannot reach.
Scenario load_edited(const std::string& file, const std::vector<std::pair<std::string, std::string>>& edits,
                     const std::vector<Override>& overrides = {}) {
  std::ifstream in(reference_path(file));
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  for (const auto& [from, to] : edits) {
    const auto at = yaml.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(yaml.find(from, at + 1), std::string::npos) << from << " occurs twice";
    if (at != std::string::npos) yaml.replace(at, from.size(), to);
  }
  return parse_scenario(yaml, file, overrides);
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

// R3: 1,000,000 x $0.0045 = $4,500.00/day; x 30 = $135,000.00/month. Run as 100,000 requests of
// ten times the tokens (5,000 in + 2,000 out: the same 7 billion tokens), a tenth of the events.
TEST(ReferenceCosts, R3BedrockOnDemand) {
  const ReferenceRun r = run_scenario(load_edited("r3_bedrock_on_demand.yaml",
                                                  {{"rate: 1M/day", "rate: 100k/day"},
                                                   {"value: 500}", "value: 5000}"},
                                                   {"value: 200}", "value: 2000}"}}));
  EXPECT_EQ(r.result.counts[Outcome::ok], 100'000u);
  EXPECT_EQ(cents(r.result.cost_total), 4'500.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 135'000.00);
}

// R3 SageMaker: 4 x 24 h x $5 + 4 x 8 h x $5 = $640.00/day; x 30 = $19,200.00/month. The
// instances are billed by the schedule whatever the load: a tenth of the requests, same bill.
TEST(ReferenceCosts, R3SageMakerSchedule) {
  const ReferenceRun r = run_reference("r3_sagemaker_schedule.yaml", {{"workload.arrivals.rate", "100k/day"}});
  EXPECT_NEAR(r.result.cost_total, 640.0, 1e-6);
  EXPECT_EQ(cents(r.result.cost_total * 30), 19'200.00);
}

// R3 Provisioned Throughput: $19,000 per MU-month on a 6-month term = $26.3888889 per MU-hour;
// 3 MU x 720 h = $57,000.00/month, 4 MU $76,000.00. Billed per MU-hour used or not, so a 2-hour
// run scaled by 360 is the month.
TEST(ReferenceCosts, R3BedrockProvisioned) {
  const ReferenceRun three = run_reference("r3_bedrock_provisioned.yaml", {{"horizon", "2h"}});
  EXPECT_EQ(cents(three.result.cost_total), 158.33);  // 3 x 2 h x $26.3888889
  EXPECT_EQ(cents(three.result.cost_total * 360), 57'000.00);
  EXPECT_EQ(cents(three.result.cost_total * 12), 1'900.00);  // a day
  const ReferenceRun four =
      run_reference("r3_bedrock_provisioned.yaml", {{"horizon", "2h"}, {"targets.sonnet_pt.units", "4"}});
  EXPECT_EQ(cents(four.result.cost_total * 360), 76'000.00);
}

// R2 Nova Pro at the seed's price: 100,000 x (500 x $0.0008 + 200 x $0.004) / 1,000 = $120.00/day,
// x 30 = $3,600.00/month; at the list output price ($3.20 per 1M) $104.00/day, $3,120.00/month.
TEST(ReferenceCosts, R2NovaPro) {
  const ReferenceRun r = run_reference("r2_nova_pro.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 100'000u);
  EXPECT_EQ(cents(r.result.cost_total), 120.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 3'600.00);
  EXPECT_NEAR(r.cost_of("nova_pro.input_tokens"), 40.00, 1e-6);
  EXPECT_NEAR(r.cost_of("nova_pro.output_tokens"), 80.00, 1e-6);
  const ReferenceRun list =
      run_reference("r2_nova_pro.yaml", {{"targets.nova_pro.price_per_million_output_tokens", "$3.20"}});
  EXPECT_EQ(cents(list.result.cost_total * 30), 3'120.00);
}

// R7: one Claude 3 Sonnet MU on a 1-month term at $60/h: 720 h = $43,200.00/month ($1,440/day).
TEST(ReferenceCosts, R7ProvisionedSonnet) {
  const ReferenceRun r = run_reference("r7_provisioned_sonnet.yaml", {{"horizon", "2h"}});
  EXPECT_EQ(cents(r.result.cost_total), 120.00);
  EXPECT_EQ(cents(r.result.cost_total * 12), 1'440.00);
  EXPECT_EQ(cents(r.result.cost_total * 360), 43'200.00);
}

// R7 agent: 3 calls re-sending an 800-token system prompt: 3,900 input + 1,200 output tokens a
// request, $0.0297; 1,000 a day = $29.70/day, $891.00/month.
TEST(ReferenceCosts, R7AgentTokens) {
  const ReferenceRun r = run_reference("r7_agent_tokens.yaml");
  EXPECT_EQ(r.result.counts[Outcome::ok], 1000u);
  EXPECT_EQ(r.result.workload_all.billed_input_tokens, 3'900'000);
  EXPECT_EQ(r.result.workload_all.billed_output_tokens, 1'200'000);
  EXPECT_EQ(r.result.workload_all.output_tokens, 400'000);  // what the users saw
  EXPECT_EQ(cents(r.result.cost_total), 29.70);
  EXPECT_EQ(cents(r.result.cost_total * 30), 891.00);
}

// R6 provisioned: 3 Sonnet MU 09:00-17:00 at R5's $23/MU-h = $552.00 a day, the reservation's line.
TEST(ReferenceCosts, R6OfficeReservation) {
  const ReferenceRun r = run_reference("r6_office_provisioned.yaml");
  EXPECT_NEAR(r.cost_of("sonnet_pt.model_unit_hours"), 552.00, 1e-6);
}

// R4 Bedrock: 10M x (1,000 x $0.06 + 50 x $0.24) / 1M = $720.00/day (the seed's price, which is
// Nova Lite's on-demand price; at the real batch price it would be $360.00). Run as 100,000
// documents of 100 times the tokens (100,000 in + 5,000 out): the same 10.5 billion tokens, the
// same bill, a hundredth of the events (10M records take ~15 s).
TEST(ReferenceCosts, R4BedrockBatch) {
  const ReferenceRun r = run_scenario(load_edited("r4_bedrock_batch.yaml",
                                                  {{"rate: 10M/day", "rate: 100k/day"},
                                                   {"value: 1000}", "value: 100000}"},
                                                   {"value: 50}", "value: 5000}"}}));
  EXPECT_EQ(r.result.counts[Outcome::ok], 100'000u);
  EXPECT_EQ(cents(r.result.cost_total), 720.00);
  EXPECT_EQ(cents(r.result.cost_total * 30), 21'600.00);
}

// R4 SageMaker: 2 x ml.inf2.24xlarge for 80 s + 10M / (2 x 500/s) = 10,080 s = 2.8 h at $6.50:
// $36.40/day; x 30 = $1,092.00/month. Run as 100,000 documents at 5 documents/s per instance:
// the job takes the same 10,000 s after startup, so the same bill, with a hundredth of the events.
TEST(ReferenceCosts, R4SageMakerBatch) {
  const ReferenceRun r = run_reference("r4_sagemaker_batch.yaml",
                                       {{"workload.arrivals.rate", "100k/day"},
                                        {"targets.transform.documents_per_s_per_instance", "5"}});
  EXPECT_EQ(r.result.counts[Outcome::ok], 100'000u);
  EXPECT_EQ(cents(r.result.cost_total), 36.40);
  EXPECT_NEAR(r.result.cost_total, 36.40, 1e-6);
  EXPECT_EQ(cents(r.result.cost_total * 30), 1'092.00);
}

}  // namespace
}  // namespace fmsim::models
