// `fmsim breakeven` end to end: two patterns with known linear monthly costs — an on-demand model
// billed per request and a reservation billed per hour — cross at the arithmetic volume (and its
// tokens per hour); the output files exist and parse; the plot is drawn (where matplotlib is);
// and a pattern whose scenario is missing is refused before anything runs.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "../cli/cli_run.h"

namespace fmsim::test {
namespace {

// Evenly spaced arrivals of 500 + 200 tokens for one hour, answered within 30 ms so that every
// call of the hour is billed in it: Claude 3.5 Sonnet on demand costs $0.0045 a request, so v
// requests an hour cost v x $0.0045 x 720 = $3.24 v a month.
constexpr const char* kOnDemand = R"(name: on_demand
seed: 1
horizon: 1h
workload:
  arrivals: {process: deterministic, rate: 100/h}
  classes:
    - name: chat
      input_tokens: {distribution: deterministic, value: 500}
      output_tokens: {distribution: deterministic, value: 200}
      max_tokens_per_turn: 200
targets:
  m:
    kind: bedrock_on_demand
    model: claude-3-5-sonnet
    requests_per_minute: unlimited
    tokens_per_minute: unlimited
    time_to_first_token: {distribution: deterministic, value: 20ms}
    output_tokens_per_s: {distribution: deterministic, value: 20000}
router: {default: m}
)";

// The same requests on one model unit at $2.50 an hour: $1,800 a month whatever the volume.
constexpr const char* kReserved = R"(name: reserved
seed: 1
horizon: 1h
workload:
  arrivals: {process: deterministic, rate: 100/h}
  classes:
    - name: chat
      input_tokens: {distribution: deterministic, value: 500}
      output_tokens: {distribution: deterministic, value: 200}
      max_tokens_per_turn: 200
targets:
  m:
    kind: bedrock_provisioned
    model: claude-3-5-sonnet
    price_per_unit_hour: $2.5
    units: 1
router: {default: m}
)";

// $3.24 v = $1,800 at v = 555.56 requests an hour (388,889 tokens an hour), between the swept
// 500/h and 600/h.
constexpr double kCrossing = 1800.0 / 3.24;

class BreakevenCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write("on_demand.yaml", kOnDemand);
    write("reserved.yaml", kReserved);
  }
  std::string breakeven_file(const std::string& reserved_path = "reserved.yaml") {
    write("be.yaml", "name: toy\npatterns:\n  on_demand: {scenario: on_demand.yaml}\n  reserved: {scenario: " +
                         reserved_path +
                         "}\nvolume:\n  key: workload.arrivals.rate\n  name: requests_per_hour\n"
                         "  range: {from: 100/h, to: 1000/h, step: 100/h}\n"
                         "tokens: workload.tokens_per_hour\nreplications: 2\n");
    return out("be.yaml");
  }
};

TEST_F(BreakevenCliTest, FindsTheArithmeticCrossover) {
  const auto r = run_fmsim("breakeven " + breakeven_file() + " --no-plot --jobs 2 --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("on_demand vs reserved"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("556/h [556, 556]"), std::string::npos) << r.output;

  const auto crossings = read_csv(dir_ / "o" / "crossovers.csv");
  ASSERT_EQ(crossings.size(), 2u);  // header and the one crossover
  const auto& h = crossings[0];
  const auto& x = crossings[1];
  EXPECT_EQ(x[column(h, "first")], "on_demand");
  EXPECT_EQ(x[column(h, "second")], "reserved");
  EXPECT_EQ(x[column(h, "crossover")], "1");
  EXPECT_EQ(x[column(h, "volume_unit")], "/h");
  // Deterministic runs: exact costs, zero-width CIs, and linear costs interpolated exactly.
  EXPECT_NEAR(std::stod(x[column(h, "volume")]), kCrossing, 1e-6 * kCrossing);
  EXPECT_NEAR(std::stod(x[column(h, "volume_ci95_low")]), kCrossing, 1e-6 * kCrossing);
  EXPECT_NEAR(std::stod(x[column(h, "volume_ci95_high")]), kCrossing, 1e-6 * kCrossing);
  EXPECT_EQ(x[column(h, "ci95_low_kind")], "inside");
  EXPECT_EQ(x[column(h, "cheaper_below")], "on_demand");
  EXPECT_EQ(x[column(h, "cheaper_above")], "reserved");
  EXPECT_NEAR(std::stod(x[column(h, "tokens_per_hour")]), kCrossing * 700, 1e-6 * kCrossing * 700);

  const auto costs = read_csv(dir_ / "o" / "breakeven.csv");
  ASSERT_EQ(costs.size(), 1u + 10 * 2);
  const auto& ch = costs[0];
  for (std::size_t i = 1; i < costs.size(); ++i) {
    const double v = std::stod(costs[i][column(ch, "volume_value")]);
    const double expected = costs[i][column(ch, "pattern")] == "on_demand" ? 3.24 * v : 1800.0;
    EXPECT_NEAR(std::stod(costs[i][column(ch, "cost_mean")]), expected, 1e-6 * expected) << i;
    EXPECT_EQ(costs[i][column(ch, "replications")], "2");
    EXPECT_DOUBLE_EQ(std::stod(costs[i][column(ch, "cost_ci95_low")]), std::stod(costs[i][column(ch, "cost_ci95_high")]));
  }
  EXPECT_EQ(costs[1][column(ch, "volume")], "100/h");

  const auto j = nlohmann::json::parse(slurp(dir_ / "o" / "breakeven.json"));
  EXPECT_EQ(j["name"], "toy");
  EXPECT_EQ(j["volume"]["scale"], "linear");
  EXPECT_EQ(j["patterns"], nlohmann::json::array({"on_demand", "reserved"}));
  ASSERT_EQ(j["pairs"].size(), 1u);
  ASSERT_EQ(j["pairs"][0]["crossovers"].size(), 1u);
  EXPECT_NEAR(j["pairs"][0]["crossovers"][0]["value"].get<double>(), kCrossing, 1e-6 * kCrossing);
  EXPECT_EQ(j["pairs"][0]["crossovers"][0]["ci95_high"]["kind"], "inside");
  EXPECT_TRUE(fs::exists(dir_ / "o" / "breakeven.sqlite"));
  EXPECT_FALSE(fs::exists(dir_ / "o" / "plots"));
}

TEST_F(BreakevenCliTest, DrawsThePlot) {
  const auto r = run_fmsim("breakeven " + breakeven_file() + " -q --out " + out("o"));
  if (r.status == 1 && r.output.find("apt-get install python3") != std::string::npos) {
    const char* required = std::getenv("FMSIM_REQUIRE_PLOTS");
    if (required && std::string(required) == "1") FAIL() << "FMSIM_REQUIRE_PLOTS=1 but plotting is unavailable: " << r.output;
    GTEST_SKIP() << "no matplotlib: " << r.output;
  }
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string png = slurp(dir_ / "o" / "plots" / "breakeven.png");
  const std::string svg = slurp(dir_ / "o" / "plots" / "breakeven.svg");
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  // The crossover is labelled (matplotlib keeps each text as a comment beside its glyphs).
  EXPECT_NE(svg.find("on_demand = reserved"), std::string::npos);
  // Byte-stable: drawing the same results again gives the same SVG.
  const auto again = run_fmsim("breakeven " + breakeven_file() + " -q --resume --out " + out("o"));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(slurp(dir_ / "o" / "plots" / "breakeven.svg"), svg);
}

TEST_F(BreakevenCliTest, MissingPatternScenarioIsRefusedBeforeAnythingRuns) {
  const auto r = run_fmsim("breakeven " + breakeven_file("no_such.yaml") + " --out " + out("o"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("be.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no_such.yaml"), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;  // one line
  EXPECT_FALSE(fs::exists(dir_ / "o")) << "nothing may run or be written";
}

}  // namespace
}  // namespace fmsim::test
