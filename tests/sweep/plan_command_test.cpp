// `fmsim plan` end to end on a small M/M/c problem (servers × a faster, dearer server type): the
// search finds the optimum the full grid finds (--exhaustive) with fewer evaluations; no feasible
// point gives exit status 3; a requirement naming a metric that does not exist is refused with
// its file:line before anything runs.
#include <string>

#include "../cli/cli_run.h"

namespace fmsim::test {
namespace {

const std::string kMmcScenario = kScenarios + "/mmc.yaml";

class PlanCliTest : public CliTest {
 protected:
  // Servers 8..18 × {standard: mean service 1 s at $1/server-hour, fast: 0.6 s at $1.8}, under
  // M/M/c at 12.8/s for 10 minutes. The first requirement is on line 18 of the file.
  std::string plan_file(const std::string& name, const std::string& requirement) {
    write(name, "name: " + name.substr(0, name.find('.')) + "\nscenario: " + kMmcScenario +
                    "\nset:\n"
                    "  horizon: 10min\n"
                    "knobs:\n"
                    "  - key: targets.server.servers\n"
                    "    name: servers\n"
                    "    range: {from: 8, to: 18, step: 1}\n"
                    "    direction: more_is_better\n"
                    "  - name: server_type\n"
                    "    variants:\n"
                    "      standard: {set: {targets.server.service_time.mean: 1s, targets.server.price_per_server_hour: $1}}\n"
                    "      fast: {set: {targets.server.service_time.mean: 0.6s, targets.server.price_per_server_hour: $1.8}}\n"
                    "objective: cost_usd.per_month_30d\n"
                    "confidence: 95%\n"
                    "replications: 3\n"
                    "require:\n"
                    "  - " + requirement + "\n"
                    "  - requests.share.ok >= 95%\n");
    return out(name);
  }
};

TEST_F(PlanCliTest, PlanSearchFindsTheFullGridOptimumWithFewerEvaluations) {
  const auto file = plan_file("servers.yaml", "latency_s.p99 <= 5.5s");
  const auto search = run_fmsim("plan " + file + " --jobs 2 --out " + out("search"));
  ASSERT_EQ(search.status, 0) << search.output;
  EXPECT_NE(search.output.find("best configuration"), std::string::npos) << search.output;
  EXPECT_NE(search.output.find("grid points (full grid: 22)"), std::string::npos) << search.output;
  const auto full = run_fmsim("plan " + file + " --exhaustive --jobs 2 -q --out " + out("full"));
  ASSERT_EQ(full.status, 0) << full.output;

  const auto s = nlohmann::json::parse(slurp(dir_ / "search" / "plan.json"));
  const auto f = nlohmann::json::parse(slurp(dir_ / "full" / "plan.json"));
  EXPECT_EQ(f["mode"], "exhaustive");
  EXPECT_EQ(s["mode"], "search");
  EXPECT_EQ(s["grid_points"], 22);
  EXPECT_EQ(f["evaluations"], 22);
  EXPECT_LT(s["evaluations"].get<int>(), 22);
  EXPECT_EQ(s["evaluated"].size(), s["evaluations"].get<std::size_t>());
  ASSERT_TRUE(s["feasible"].get<bool>());
  ASSERT_TRUE(f["feasible"].get<bool>());
  EXPECT_EQ(s["best"]["point"], f["best"]["point"]);
  EXPECT_EQ(s["best"]["knobs"], f["best"]["knobs"]);
  EXPECT_EQ(s["best"]["objective"]["mean"], f["best"]["objective"]["mean"]);
  EXPECT_FALSE(s["best"]["set"].empty());

  // The full grid is really what the search claims to avoid: the optimum is not at a corner, and
  // every evaluated point the two share has the same verdict (common random numbers, same store
  // contents).
  const auto best_servers = std::stoi(f["best"]["knobs"]["servers"].get<std::string>());
  EXPECT_GT(best_servers, 8);
  EXPECT_LT(best_servers, 18);
  for (const auto& e : s["evaluated"]) {
    for (const auto& g : f["evaluated"]) {
      if (g["point"] == e["point"]) {
        EXPECT_EQ(g["feasible"], e["feasible"]);
      }
    }
  }
  // plan.csv: a row per evaluation.
  const auto rows = read_csv(dir_ / "search" / "plan.csv");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows.size(), 1 + s["evaluations"].get<std::size_t>());
  EXPECT_GE(column(rows[0], "servers"), 0);
  EXPECT_GE(column(rows[0], "latency_s.p99.bound"), 0);
  EXPECT_TRUE(fs::exists(dir_ / "search" / "plan.sqlite"));
}

TEST_F(PlanCliTest, PlanWithNoFeasiblePointExitsThree) {
  const auto file = plan_file("impossible.yaml", "latency_s.p99 <= 100ms");
  const auto r = run_fmsim("plan " + file + " --jobs 2 -q --out " + out("none"));
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("no evaluated configuration meets every requirement"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(slurp(dir_ / "none" / "plan.json"));
  EXPECT_FALSE(j["feasible"].get<bool>());
  EXPECT_TRUE(j["best"].is_null());
  EXPECT_GT(j["evaluations"].get<int>(), 0);
}

TEST_F(PlanCliTest, PlanWithAnUnknownRequirementMetricIsRefusedBeforeRunning) {
  const auto file = plan_file("typo.yaml", "latency_s.p99x <= 3s");
  const auto r = run_fmsim("plan " + file + " -q --out " + out("typo"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(file + ":18:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("latency_s.p99x"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "typo" / "plan.sqlite"));
  EXPECT_FALSE(fs::exists(dir_ / "typo" / "plan.json"));
}

TEST_F(PlanCliTest, PlanHelpTeachesTheAssumption) {
  const auto r = run_fmsim("plan --help");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("monoton"), std::string::npos);
  EXPECT_NE(r.output.find("--exhaustive"), std::string::npos);
}

}  // namespace
}  // namespace fmsim::test
