// The reference scenario library (scenarios/reference/: the seed documents' R1-R8): every file
// loads, carries a header naming its reference and sources, runs on a short horizon with the
// conservation identity holding, and shows the kind of outcome its header describes — the quota
// trap throttles, the 67 s answer is cut, the serverless endpoint and the timeout trap have cold
// starts, the MangaAssist day uses every target and its budget guard trips. Figures to the cent are
// tests/pricing/reference_costs_test.cpp; the full-length runs are tools/reference-table.py's.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/run/replication.h"
#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

const std::filesystem::path kDir = std::filesystem::path(FMSIM_SOURCE_DIR) / "scenarios" / "reference";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> reference_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Events of one kind (events.csv lines), kept as they come.
class EventRecorder final : public EventLogSink {
 public:
  struct Event {
    double time_s;
    std::string component, kind;
    double from, to;
  };
  void on_service_event(const ServiceEvent& e) override {
    events.push_back({e.time.seconds_f(), std::string(e.component), std::string(e.kind), e.from, e.to});
  }
  std::vector<Event> events;
};

struct RunOutcome {
  ReplicationResult r;
  std::vector<EventRecorder::Event> events;

  std::uint64_t arrivals() const { return r.counts.arrivals; }
  std::size_t count_events(const std::string& kind) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [&](const EventRecorder::Event& e) { return e.kind == kind; }));
  }
  double counter(const std::string& component, const std::string& name) const {
    for (const auto& c : r.service_counters)
      if (c.component == component && c.name == name) return c.total;
    ADD_FAILURE() << "no counter " << component << "." << name;
    return -1;
  }
  double cost_of(const std::string& line) const {
    for (const auto& [name, usd] : r.cost_by_line)
      if (name == line) return usd;
    ADD_FAILURE() << "no cost line " << line;
    return -1;
  }
  const TargetTotals& target(const std::string& name) const {
    for (const auto& t : r.targets)
      if (t.name == name) return t;
    ADD_FAILURE() << "no target " << name;
    return r.targets.front();
  }
};

RunOutcome run(const Scenario& s) {
  EventRecorder recorder;
  ReplicationSinks sinks;
  sinks.events = &recorder;
  Replication rep(s, 0, sinks);
  RunOutcome out{rep.run(), {}};
  out.events = recorder.events;
  EXPECT_TRUE(out.r.conservation_ok) << s.name;
  return out;
}

RunOutcome run_file(const std::string& file, const std::vector<Override>& overrides = {}) {
  return run(load_scenario((kDir / file).string(), overrides));
}

// The file with `from` replaced by `to` (exactly one occurrence): for keys --set cannot reach.
Scenario load_edited(const std::string& file, const std::string& from, const std::string& to,
                     const std::vector<Override>& overrides = {}) {
  std::string yaml = read_text(kDir / file);
  const auto at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(yaml.find(from, at + 1), std::string::npos) << from;
  yaml.replace(at, from.size(), to);
  return parse_scenario(yaml, file, overrides);
}

// ------------------------------------------------------------------------------------ every file

TEST(ReferenceLibrary, EveryFileNamesItsReferenceAndSources) {
  const auto files = reference_files();
  ASSERT_GE(files.size(), 20u);
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    const std::string text = read_text(kDir / f);
    // "# R5 (article ..." — the header starts with the seed scenario it reproduces, which the
    // file name repeats (r5_...).
    ASSERT_GE(text.size(), 4u);
    EXPECT_EQ(text.substr(0, 3), "# R");
    EXPECT_EQ(text[3], f[1]);
    EXPECT_EQ(f[0], 'r');
    EXPECT_NE(text.find("Sources:"), std::string::npos) << "the header names no sources";
    const Scenario s = load_scenario((kDir / f).string());
    EXPECT_EQ(s.name + ".yaml", f) << "name: should be the file's stem (outputs go to out/<name>/)";
    EXPECT_FALSE(s.description.empty());
  }
}

// Each file runs for an hour (its first hour: the batch days only collect documents then) with
// requests conserved; the full-length runs are the documentation's (tools/reference-table.py).
class ShortRun : public ::testing::TestWithParam<std::string> {};

TEST_P(ShortRun, ConservesRequests) {
  const RunOutcome r = run_file(GetParam(), {{"horizon", "1h"}});
  EXPECT_GT(r.arrivals(), 0u);
  EXPECT_GT(r.r.events, 0u);
  EXPECT_GE(r.r.cost_total, 0.0);
}

INSTANTIATE_TEST_SUITE_P(EveryReferenceFile, ShortRun, ::testing::ValuesIn(reference_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param.substr(0, param_info.param.size() - 5);
                         });

// ------------------------------------------------------------------------------------ R1

TEST(ReferenceOutcomes, R1ServerlessHasColdStarts) {
  const RunOutcome r = run_file("r1_sagemaker_serverless.yaml", {{"horizon", "6h"}});
  EXPECT_EQ(r.r.counts[Outcome::ok], r.arrivals() - r.r.in_flight);
  EXPECT_GE(r.r.cold_starts, 1u);  // the first request at least; overlaps and long gaps add more
  EXPECT_EQ(r.counter("serverless", "cold_starts"), static_cast<double>(r.r.cold_starts));
  // A cold start (1-5 s) shows in the first token's tail, not in its median (0.5 s).
  EXPECT_LT(r.r.time_to_first_token.quantile(0.5), 0.6);
  EXPECT_GT(r.r.time_to_first_token.max_seconds(), 1.0);
}

// ------------------------------------------------------------------------------------ R3

// 3 MU at R5's 40K tokens/min carry 120,000 of the 486,111 tokens/min offered: ~25 % admitted.
TEST(ReferenceOutcomes, R3ProvisionedCarriesAQuarter) {
  const RunOutcome r = run_file("r3_bedrock_provisioned.yaml", {{"horizon", "1h"}});
  const double admitted = static_cast<double>(r.r.counts[Outcome::ok] + r.r.in_flight) / static_cast<double>(r.arrivals());
  EXPECT_NEAR(admitted, 120'000.0 / 486'111.0, 0.02);
  EXPECT_GT(r.r.counts[Outcome::throttled], 0u);
}

// ------------------------------------------------------------------------------------ R5

// The four R5 files describe the same day: their workload blocks (seed to the end of workload)
// are the same text, so they compare under common random numbers.
TEST(ReferenceOutcomes, R5AlternativesShareTheMangaAssistWorkload) {
  auto workload = [](const std::string& f) {
    const std::string t = read_text(kDir / f);
    const auto from = t.find("\nseed:");
    const auto to = t.find("\nentry:");
    EXPECT_NE(from, std::string::npos);
    EXPECT_NE(to, std::string::npos);
    return t.substr(from, to - from);
  };
  const std::string day = workload("r5_mangaassist.yaml");
  EXPECT_NE(day.find("daily_total: 1M/day"), std::string::npos);
  for (const char* f : {"r5_lambda_on_demand.yaml", "r5_provisioned_only.yaml", "r5_sagemaker_only.yaml"}) {
    SCOPED_TRACE(f);
    EXPECT_EQ(workload(f), day);
  }
}

// The MangaAssist day's structure: what the seed describes, as loaded.
TEST(ReferenceOutcomes, R5MangaAssistIsTheSeedsHybrid) {
  const Scenario s = load_scenario((kDir / "r5_mangaassist.yaml").string());
  EXPECT_EQ(s.calendar.time_zone, "Asia/Tokyo");
  EXPECT_EQ(s.deployment.entry.kind, EntryKind::lambda);
  EXPECT_EQ(s.deployment.entry.function.architecture, Architecture::arm64);
  EXPECT_EQ(s.deployment.entry.function.timeout, sim::Duration::seconds(30));
  EXPECT_EQ(s.deployment.entry.function.reserved_concurrency, 500);
  ASSERT_EQ(s.deployment.router.rules.size(), 6u);
  const RouteRuleSpec& guard = s.deployment.router.rules[0];
  ASSERT_TRUE(guard.when.budget);
  EXPECT_DOUBLE_EQ(guard.when.budget->daily_usd, 500);
  EXPECT_DOUBLE_EQ(guard.when.budget->threshold, 0.95);
  EXPECT_EQ(s.deployment.targets.at(guard.targets.at(0)).name, "haiku");
  const RouteRuleSpec& catalogue = s.deployment.router.rules[1];
  EXPECT_EQ(s.deployment.targets.at(catalogue.targets.at(0)).name, "manga_7b");
  const AutoscalingSpec& as = s.deployment.targets.at(catalogue.targets.at(0)).endpoint.autoscaling;
  EXPECT_TRUE(as.enabled);
  EXPECT_EQ(as.min_instances, 1);
  EXPECT_EQ(as.max_instances, 4);
  EXPECT_DOUBLE_EQ(as.target, 10);
  EXPECT_EQ(as.scale_out_cooldown, sim::Duration::seconds(60));
  EXPECT_EQ(as.scale_in_cooldown, sim::Duration::seconds(300));
  ASSERT_TRUE(s.slo.p99);
  EXPECT_EQ(*s.slo.p99, sim::Duration::seconds(3));
}

// 17:00-19:00 JST: the last business hour and the first peak hour, with a fresh budget (spend
// counts from the start of the run). Every target serves: the provisioned units carry what fits
// and spill the rest (fallbacks on throttle), the catalogue goes to the 7B endpoint.
TEST(ReferenceOutcomes, R5MangaAssistUsesEveryTarget) {
  const RunOutcome r = run_file("r5_mangaassist.yaml", {{"start", "2026-03-10T17:00"}, {"horizon", "2h"}});
  ASSERT_EQ(r.r.targets.size(), 5u);
  for (const TargetTotals& t : r.r.targets) {
    SCOPED_TRACE(t.name);
    EXPECT_GT(t.counts.served, 0u);
  }
  for (const char* pt : {"sonnet_pt", "haiku_pt"}) {
    SCOPED_TRACE(pt);
    EXPECT_GT(r.target(pt).counts.routed, 0u);
    EXPECT_GT(r.target(pt).counts.fallbacks[static_cast<std::size_t>(FallbackReason::throttle)], 0u);
  }
  EXPECT_GT(r.target("manga_7b").counts.routed, 0u);
  EXPECT_GT(r.counter("router", "catalogue_matched"), 0);
  EXPECT_GT(r.counter("router", "peak_complex_matched"), 0);
  EXPECT_GT(r.counter("router", "peak_simple_matched"), 0);
  EXPECT_GT(r.counter("router", "offpeak_complex_matched"), 0);
  EXPECT_GT(r.counter("router", "business_hours_matched"), 0);
  EXPECT_EQ(r.counter("router", "budget_guard_matched"), 0);  // $475 is not reached in 2 h
  EXPECT_EQ(r.count_events("budget_guard_tripped"), 0u);
}

// The same window with a $60 budget: the guard trips once, logs it, and from then on every request
// goes to Haiku (rule 1 wins over all others), so the routed counts of the other rules stop.
TEST(ReferenceOutcomes, R5MangaAssistBudgetGuardTrips) {
  const RunOutcome r = run(load_edited("r5_mangaassist.yaml", "daily: $500", "daily: $60",
                                {{"start", "2026-03-10T17:00"}, {"horizon", "2h"}}));
  ASSERT_EQ(r.count_events("budget_guard_tripped"), 1u);
  const auto trip = std::find_if(r.events.begin(), r.events.end(),
                                 [](const EventRecorder::Event& e) { return e.kind == "budget_guard_tripped"; });
  EXPECT_EQ(trip->component, "router");
  EXPECT_DOUBLE_EQ(trip->from, 60);
  EXPECT_GE(trip->to, 57);         // spend when it tripped: at least 95 % of $60
  EXPECT_LT(trip->to, 57 + 5);     // and not long after (the ledger is checked per request)
  EXPECT_LT(trip->time_s, 7200);
  EXPECT_GT(r.counter("router", "budget_guard_matched"), 0);
  // After the trip nothing goes to the provisioned Sonnet or the 7B: their routed counts are those
  // of the minutes before it, a small share of the window.
  const RunOutcome full = run_file("r5_mangaassist.yaml", {{"start", "2026-03-10T17:00"}, {"horizon", "2h"}});
  EXPECT_LT(r.target("manga_7b").counts.routed, full.target("manga_7b").counts.routed);
  EXPECT_LT(r.target("sonnet_pt").counts.routed, full.target("sonnet_pt").counts.routed);
  EXPECT_GT(r.target("haiku").counts.routed, 0u);
}

// The alternatives: on demand only has Lambda cold starts; provisioned only bills its units
// whatever the load (25 Haiku MU x $5 + 4 Sonnet MU x $23 an hour); SageMaker only serves
// everything from the 7B fleet.
TEST(ReferenceOutcomes, R5AlternativesUseTheirOwnTargets) {
  const RunOutcome od = run_file("r5_lambda_on_demand.yaml", {{"horizon", "1h"}});
  EXPECT_GT(od.r.cold_starts, 0u);
  EXPECT_GT(od.target("sonnet").counts.served, 0u);
  EXPECT_GT(od.target("haiku").counts.served, 0u);
  const RunOutcome pt = run_file("r5_provisioned_only.yaml", {{"horizon", "1h"}});
  EXPECT_NEAR(pt.cost_of("haiku_pt.model_unit_hours"), 125.0, 1e-9);
  EXPECT_NEAR(pt.cost_of("sonnet_pt.model_unit_hours"), 92.0, 1e-9);
  EXPECT_GT(pt.target("sonnet_pt").counts.served, 0u);
  const RunOutcome sm = run_file("r5_sagemaker_only.yaml", {{"horizon", "1h"}});
  EXPECT_EQ(sm.r.targets.size(), 1u);
  EXPECT_GT(sm.target("manga_7b").counts.served, sm.arrivals() * 9 / 10);
}

// ------------------------------------------------------------------------------------ R6

// The default 3 s timeout kills the generations over 2.99 s: 1 - Phi(ln(2.99/2.5)/0.894) = 42.1 %.
// ~1,800 requests in 30 min: 99.9 % of runs fall within +-3.8 points.
TEST(ReferenceOutcomes, R6TimeoutTrapKillsLongGenerations) {
  const RunOutcome r = run_file("r6_lambda_timeout_trap.yaml", {{"horizon", "30min"}});
  const double ended = static_cast<double>(r.r.counts.ended());
  EXPECT_NEAR(static_cast<double>(r.r.counts[Outcome::timed_out]) / ended, 0.421, 0.038);
  // Each timeout resets its environment, so cold starts track timeouts.
  EXPECT_NEAR(static_cast<double>(r.r.cold_starts) / static_cast<double>(r.r.counts[Outcome::timed_out]), 1.0, 0.05);
}

// The office pair compares under common random numbers: the same arrivals; the provisioned one
// bills 3 MU x $23 for each office hour and serves most office requests from them.
TEST(ReferenceOutcomes, R6OfficePairSharesArrivals) {
  const std::vector<Override> morning{{"horizon", "11h"}};  // 00:00-11:00: two office hours
  const RunOutcome od = run_file("r6_office_on_demand.yaml", morning);
  const RunOutcome pt = run_file("r6_office_provisioned.yaml", morning);
  EXPECT_EQ(od.arrivals(), pt.arrivals());
  EXPECT_EQ(od.r.counts[Outcome::throttled], 0u);
  EXPECT_NEAR(pt.cost_of("sonnet_pt.model_unit_hours"), 2 * 3 * 23.0, 1e-9);
  EXPECT_GT(pt.target("sonnet_pt").counts.served, pt.target("sonnet_pt").counts.routed / 2);
}

// ------------------------------------------------------------------------------------ R7

// 10 requests/s against 5/s: the bucket (a minute's worth) drains, then throttles; the adaptive
// client makes the rest wait, so the backlog grows by ~5 a second.
TEST(ReferenceOutcomes, R7QuotaTrapThrottles) {
  const RunOutcome r = run_file("r7_quota_trap.yaml", {{"horizon", "10min"}});
  EXPECT_GT(r.counter("sonnet", "throttled_rpm"), 0);
  EXPECT_GT(r.r.in_flight, 1000u);
}

// Every 67 s answer is cut by the 30 s integration timeout: no request is answered.
TEST(ReferenceOutcomes, R7StreamIsCut) {
  const RunOutcome r = run_file("r7_streaming_67s.yaml", {{"horizon", "10min"}});
  EXPECT_EQ(r.r.counts[Outcome::ok], 0u);
  EXPECT_GT(r.r.counts[Outcome::timed_out], 0u);
  EXPECT_EQ(r.counter("api_gateway", "timeouts"), static_cast<double>(r.r.counts[Outcome::timed_out]));
}

// The seed's fleet profile: a median first token of 800 ms on Wednesday 15:00 and 280 ms on Sunday
// 06:00. 3,600 calls an hour give the median within ~3 % (99.9 %), plus the histogram's 1 %.
TEST(ReferenceOutcomes, R7FleetVarianceBusyAndQuiet) {
  const RunOutcome wed = run_file("r7_fleet_variance.yaml", {{"start", "2026-03-11T15:00"}, {"horizon", "1h"}});
  const RunOutcome sun = run_file("r7_fleet_variance.yaml", {{"start", "2026-03-15T06:00"}, {"horizon", "1h"}});
  EXPECT_NEAR(wed.r.time_to_first_token.quantile(0.5), 0.800, 0.800 * 0.045);
  EXPECT_NEAR(sun.r.time_to_first_token.quantile(0.5), 0.280, 0.280 * 0.045);
}

// Three model calls per agent request, each billed.
TEST(ReferenceOutcomes, R7AgentMakesThreeCalls) {
  const RunOutcome r = run_file("r7_agent_tokens.yaml", {{"horizon", "2h"}});
  EXPECT_EQ(r.r.model_attempts, 3 * r.r.counts.ended());
  EXPECT_EQ(r.r.workload_all.billed_input_tokens, static_cast<std::int64_t>(3'900 * r.arrivals()));
}

// ------------------------------------------------------------------------------------ R8

// Asynchronous: no client times out (the backlog waits instead). Synchronous through API Gateway:
// the generations over ~29 s time out, P(S > 29 s) = 1 - Phi(ln(29/25)/0.551) = 39.4 %; ~1,800
// requests in an hour give it within +-4 points (99.9 %).
TEST(ReferenceOutcomes, R8AsyncHasNoTimeoutsSyncDoes) {
  const RunOutcome async = run_file("r8_async_queue.yaml", {{"horizon", "1h"}});
  EXPECT_EQ(async.r.counts[Outcome::timed_out], 0u);
  EXPECT_GT(async.r.counts[Outcome::ok], 0u);
  const RunOutcome sync = run_file("r8_sync_api_gateway.yaml", {{"horizon", "1h"}});
  const double ended = static_cast<double>(sync.r.counts.ended());
  EXPECT_NEAR(static_cast<double>(sync.r.counts[Outcome::timed_out]) / ended, 0.394, 0.04);
}

}  // namespace
}  // namespace fmsim::models
