// End-to-end tests of the `fmsim` binary: outputs written and complete (summary.json,
// timeseries.csv, cost.csv, services.csv, events.csv, targets.csv), determinism (byte-identical outputs for the
// same seed, whatever --jobs), replications, overrides, exit codes, exact arithmetic with
// deterministic arrivals, and every scenario in scenarios/ running with its conservation identity
// intact.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.h"

namespace fs = std::filesystem;
using nlohmann::json;
using fmsim::test::CliTest;
using fmsim::test::kScenarios;
using fmsim::test::slurp;
using fmsim::test::summary_without_wall_clock;

namespace {

fmsim::test::CliResult run(const std::string& args) { return fmsim::test::run_fmsim(args); }

}  // namespace

TEST_F(CliTest, RunWritesCompleteOutputs) {
  const auto r = run("run " + kScenarios + "/mm1.yaml --horizon 30min --no-progress --out " + out("a"));
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* f : {"summary.json", "timeseries.csv", "cost.csv", "services.csv", "events.csv", "targets.csv"})
    EXPECT_TRUE(fs::exists(dir_ / "a" / f)) << f;
  for (const auto& e : fs::directory_iterator(dir_ / "a")) {
    EXPECT_NE(e.path().extension(), ".partial") << "partial file left behind: " << e.path();
  }
  const json s = json::parse(slurp(dir_ / "a" / "summary.json"));
  EXPECT_TRUE(s["conservation_ok"].get<bool>());
  const auto& q = s["requests"];
  EXPECT_EQ(q["arrivals"].get<std::uint64_t>(),
            q["ok"].get<std::uint64_t>() + q["throttled"].get<std::uint64_t>() + q["timed_out"].get<std::uint64_t>() +
                q["error"].get<std::uint64_t>() + q["rejected"].get<std::uint64_t>() +
                q["in_flight"].get<std::uint64_t>());
  EXPECT_GT(q["ok"].get<std::uint64_t>(), 1000u);
  EXPECT_DOUBLE_EQ(s["run"]["horizon_s"].get<double>(), 1800.0);
  EXPECT_EQ(s["run"]["scenario_sha256"].get<std::string>().size(), 64u);
  for (const char* k : {"mean", "p50", "p90", "p99", "p999", "max"}) EXPECT_TRUE(s["latency_s"][k].is_number()) << k;
  // A station answers all at once: the first token comes with the whole answer.
  EXPECT_EQ(s["time_to_first_token_s"], s["latency_s"]);
  // One model call per request, no retries, no cold starts.
  const auto ended = q["arrivals"].get<std::uint64_t>() - q["in_flight"].get<std::uint64_t>();
  EXPECT_EQ(s["calls"]["model_attempts"].get<std::uint64_t>(), ended);
  EXPECT_EQ(s["calls"]["attempts_per_request"].get<double>(), 1.0);
  EXPECT_EQ(s["calls"]["cold_start_requests"].get<std::uint64_t>(), 0u);
  // The model client counts every request and model call at once, in flight or not.
  EXPECT_EQ(s["services"]["client"]["requests"].get<double>(), q["arrivals"].get<double>());
  EXPECT_EQ(s["services"]["client"]["model_calls"].get<double>(), q["arrivals"].get<double>());
  EXPECT_EQ(s["services"]["events_logged"].get<std::uint64_t>(), 0u);
  // The station target's cost lines, named after it (mm1 is free).
  EXPECT_EQ(s["cost_usd"]["server.servers"].get<double>(), 0.0);
  EXPECT_EQ(s["cost_usd"]["server.requests"].get<double>(), 0.0);
  // 30 one-minute windows, plus the header.
  const std::string ts = slurp(dir_ / "a" / "timeseries.csv");
  EXPECT_EQ(std::count(ts.begin(), ts.end(), '\n'), 31);
  EXPECT_EQ(ts.rfind("replication,window_start_s,window_end_s,local_time,arrivals,ok,", 0), 0u);
  // services.csv: the same 30 windows, a column per component counter; the requests column adds
  // up to the arrivals.
  const std::string sv = slurp(dir_ / "a" / "services.csv");
  EXPECT_EQ(std::count(sv.begin(), sv.end(), '\n'), 31);
  EXPECT_EQ(sv.rfind("replication,window_start_s,window_end_s,local_time,client.model_calls,client.requests\n", 0), 0u)
      << sv;
  {
    std::istringstream rows(sv);
    std::string row;
    std::getline(rows, row);  // header
    double requests = 0;
    while (std::getline(rows, row)) requests += std::stod(row.substr(row.rfind(',') + 1));
    EXPECT_EQ(requests, q["arrivals"].get<double>());
  }
  EXPECT_NE(sv.find("\n0,1740,1800,"), std::string::npos) << sv;
  // events.csv: a station logs no events, so the header alone.
  EXPECT_EQ(slurp(dir_ / "a" / "events.csv"), "replication,time_s,local_time,component,event,from,to,reason\n");
  EXPECT_NE(r.output.find("conservation: arrivals = ok + throttled + timed_out + error + rejected + in_flight holds"),
            std::string::npos)
      << r.output;
}

TEST_F(CliTest, SameSeedGivesIdenticalOutputsWhateverTheThreadCount) {
  const std::string common = "run " + kScenarios + "/mmc.yaml --horizon 20min --replications 3 --no-progress --quiet";
  ASSERT_EQ(run(common + " --jobs 1 --out " + out("j1")).status, 0);
  ASSERT_EQ(run(common + " --jobs 2 --out " + out("j2")).status, 0);
  EXPECT_EQ(slurp(dir_ / "j1" / "timeseries.csv"), slurp(dir_ / "j2" / "timeseries.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "cost.csv"), slurp(dir_ / "j2" / "cost.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "services.csv"), slurp(dir_ / "j2" / "services.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "events.csv"), slurp(dir_ / "j2" / "events.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "targets.csv"), slurp(dir_ / "j2" / "targets.csv"));
  EXPECT_EQ(summary_without_wall_clock(dir_ / "j1").dump(), summary_without_wall_clock(dir_ / "j2").dump());
  // Not vacuous: 3 replications × 20 one-minute windows of services, in replication order.
  const std::string sv = slurp(dir_ / "j2" / "services.csv");
  EXPECT_EQ(std::count(sv.begin(), sv.end(), '\n'), 61);
  EXPECT_LT(sv.find("\n0,0,60,"), sv.find("\n1,0,60,"));
  EXPECT_LT(sv.find("\n1,0,60,"), sv.find("\n2,0,60,"));
  EXPECT_TRUE(fs::exists(dir_ / "j1" / "events.csv"));
}

TEST_F(CliTest, AnotherReplicationOrSeedGivesDifferentOutputs) {
  const std::string common = "run " + kScenarios + "/mm1.yaml --horizon 20min --no-progress --quiet";
  ASSERT_EQ(run(common + " --replications 2 --out " + out("r")).status, 0);
  const json s = summary_without_wall_clock(dir_ / "r");
  ASSERT_EQ(s["replications"].size(), 2u);
  EXPECT_NE(s["replications"][0]["run"]["event_fingerprint"], s["replications"][1]["run"]["event_fingerprint"]);
  EXPECT_NE(s["replications"][0]["requests"], s["replications"][1]["requests"]);

  ASSERT_EQ(run(common + " --seed 1 --out " + out("s1")).status, 0);
  ASSERT_EQ(run(common + " --seed 2 --out " + out("s2")).status, 0);
  EXPECT_NE(slurp(dir_ / "s1" / "timeseries.csv"), slurp(dir_ / "s2" / "timeseries.csv"));
}

TEST_F(CliTest, ReplicationsReportConfidenceIntervals) {
  ASSERT_EQ(run("run " + kScenarios + "/mm1.yaml --horizon 30min --replications 4 --no-progress --quiet --out " + out("r"))
                .status,
            0);
  const json s = json::parse(slurp(dir_ / "r" / "summary.json"));
  EXPECT_TRUE(s["conservation_ok"].get<bool>());
  const auto& p99 = s["across_replications"]["latency_s"]["p99"];
  EXPECT_LT(p99["ci95_low"].get<double>(), p99["mean"].get<double>());
  EXPECT_GT(p99["ci95_high"].get<double>(), p99["mean"].get<double>());
  double sum = 0;
  for (const auto& rep : s["replications"]) sum += rep["latency_s"]["p99"].get<double>();
  EXPECT_NEAR(p99["mean"].get<double>(), sum / 4, 1e-12);
  EXPECT_EQ(s["across_replications"]["latency_s_pooled"]["count"].get<std::uint64_t>(),
            s["replications"][0]["latency_s"]["count"].get<std::uint64_t>() +
                s["replications"][1]["latency_s"]["count"].get<std::uint64_t>() +
                s["replications"][2]["latency_s"]["count"].get<std::uint64_t>() +
                s["replications"][3]["latency_s"]["count"].get<std::uint64_t>());
  // Rows of all four replications, in order.
  const std::string ts = slurp(dir_ / "r" / "timeseries.csv");
  EXPECT_NE(ts.find("\n3,1740,1800,"), std::string::npos);
}

TEST_F(CliTest, SetOverridesChangeTheScenario) {
  const std::string common = "run " + kScenarios + "/mm1.yaml --horizon 20min --no-progress --quiet";
  ASSERT_EQ(run(common + " --out " + out("base")).status, 0);
  ASSERT_EQ(run(common + " --set targets.server.servers=2 --out " + out("two")).status, 0);
  const json base = json::parse(slurp(dir_ / "base" / "summary.json"));
  const json two = json::parse(slurp(dir_ / "two" / "summary.json"));
  EXPECT_LT(two["latency_s"]["mean"].get<double>(), base["latency_s"]["mean"].get<double>());
  EXPECT_NE(two["run"]["scenario_sha256"], base["run"]["scenario_sha256"]);
}

TEST_F(CliTest, BadInputExitsTwoWithOneLine) {
  {
    std::ofstream f(dir_ / "bad.yaml");
    f << "horizon: 1h\nworkload:\n  arrivals:\n    process: poisson\n    rate: 1/s\n"
         "targets:\n  server:\n    kind: station\n    sevrers: 2\n"
         "    service_time: {distribution: exponential, mean: 1s}\n";
  }
  const auto rr = run("run " + out("bad.yaml") + " --no-progress --out " + out("o"));
  EXPECT_EQ(rr.status, 2);
  EXPECT_NE(rr.output.find("bad.yaml:9:5: targets.server.sevrers: unknown key"), std::string::npos) << rr.output;
  EXPECT_NE(rr.output.find("did you mean 'servers'?"), std::string::npos) << rr.output;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "summary.json"));

  const auto v = run("validate " + out("bad.yaml"));
  EXPECT_EQ(v.status, 2);
  EXPECT_EQ(std::count(v.output.begin(), v.output.end(), '\n'), 1) << v.output;

  EXPECT_EQ(run("run " + kScenarios + "/mm1.yaml --set targets.server.servers --no-progress --out " + out("o")).status,
            2);
  EXPECT_EQ(
      run("run " + kScenarios + "/mm1.yaml --set targets.server.servers=0 --no-progress --out " + out("o")).status, 2);
  // The old top-level `station` block is gone.
  const auto old = run("run " + kScenarios + "/mm1.yaml --set station.servers=2 --no-progress --out " + out("o"));
  EXPECT_EQ(old.status, 2);
  EXPECT_NE(old.output.find("--set station: unknown key 'station'"), std::string::npos) << old.output;
  EXPECT_EQ(run("run " + kScenarios + "/mm1.yaml --horizon 5parsecs --no-progress --out " + out("o")).status, 2);
  EXPECT_EQ(run("run /no/such/file.yaml").status, 2);
  EXPECT_EQ(run("frobnicate").status, 2);
}

TEST_F(CliTest, UnwritableOutputExitsOne) {
  const auto r = run("run " + kScenarios + "/mm1.yaml --horizon 1min --no-progress --out /proc/fmsim-cannot-write");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("/proc/fmsim-cannot-write"), std::string::npos) << r.output;
}

TEST_F(CliTest, VersionHelpAndValidate) {
  const auto v = run("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.output.rfind("fmsim ", 0), 0u) << v.output;
  const auto h = run("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.output.find("Examples:"), std::string::npos);
  const auto rh = run("run --help");
  EXPECT_EQ(rh.status, 0);
  EXPECT_NE(rh.output.find("--replications"), std::string::npos);
  const auto ok = run("validate " + kScenarios + "/md1.yaml");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("ok"), std::string::npos);
}

// Every scenario file is also a test: it loads, runs on a short horizon, and keeps its
// conservation identity.
TEST_F(CliTest, EveryScenarioRunsWithConservation) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(kScenarios)) {
    if (e.path().extension() != ".yaml") continue;
    // Sweep, plan and break-even files are not scenarios (tests/sweep/ runs them).
    const auto folder = e.path().parent_path().filename();
    if (folder == "sweeps" || folder == "plans" || folder == "breakeven") continue;
    ++n;
    // Appending, not "s" + to_string(n): GCC 12 reports a false -Wrestrict on the latter.
    std::string leaf = "s";
    leaf += std::to_string(n);
    const std::string o = out(leaf);
    const auto r = run("run " + e.path().string() + " --horizon 10min --no-progress --quiet --out " + o);
    ASSERT_EQ(r.status, 0) << e.path() << "\n" << r.output;
    const json s = json::parse(slurp(fs::path(o) / "summary.json"));
    EXPECT_TRUE(s["conservation_ok"].get<bool>()) << e.path();
  }
  EXPECT_GE(n, 4);
}

// The shipped trace excerpt, replayed through the CLI, reproduces its request count and token
// totals exactly (computed here by a plain split of the CSV).
TEST_F(CliTest, TraceReplayReproducesCountAndTokens) {
  std::ifstream in(kScenarios + "/traces/azure_conv_excerpt.csv");
  std::string line;
  std::getline(in, line);  // header
  std::uint64_t rows = 0;
  std::int64_t input = 0, output = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto a = line.find(','), b = line.find(',', a + 1);
    input += std::stoll(line.substr(a + 1, b - a - 1));
    output += std::stoll(line.substr(b + 1));
    ++rows;
  }
  ASSERT_EQ(rows, 2000u);
  const auto r = run("run " + kScenarios + "/azure_conv_replay.yaml --no-progress --quiet --out " + out("az"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "az" / "summary.json"));
  EXPECT_EQ(s["requests"]["arrivals"].get<std::uint64_t>(), rows);
  EXPECT_EQ(s["workload"]["input_tokens"].get<std::int64_t>(), input);
  EXPECT_EQ(s["workload"]["output_tokens"].get<std::int64_t>(), output);
  EXPECT_EQ(s["workload"]["trace_rows_read"].get<std::uint64_t>(), rows);
  EXPECT_EQ(s["workload"]["trace_rows_skipped"].get<std::uint64_t>(), 0u);
}

// `fmsim profile` prints a workload block that a scenario takes as it is, and whose hourly
// weights are a distribution.
TEST_F(CliTest, ProfileOutputIsAScenarioWorkload) {
  const auto p = run("profile " + kScenarios + "/traces/azure_conv_excerpt.csv --time-zone Asia/Tokyo");
  ASSERT_EQ(p.status, 0) << p.output;
  const auto w = p.output.find("hourly_weights: [");
  ASSERT_NE(w, std::string::npos) << p.output;
  std::istringstream weights(p.output.substr(w + 17, p.output.find(']', w) - w - 17));
  double sum = 0;
  int n = 0;
  for (std::string cell; std::getline(weights, cell, ',');) {
    sum += std::stod(cell);
    ++n;
  }
  EXPECT_EQ(n, 24);
  EXPECT_NEAR(sum, 1.0, 1e-3);
  {
    std::ofstream f(dir_ / "fitted.yaml");
    f << "horizon: 1h\ntime_zone: Asia/Tokyo\n" << p.output
      << "targets: {server: {kind: station, servers: 8, service_time: {distribution: exponential, mean: 1s}}}\n";
  }
  const auto v = run("validate " + out("fitted.yaml"));
  EXPECT_EQ(v.status, 0) << v.output;

  EXPECT_EQ(run("profile " + kScenarios + "/traces/azure_conv_excerpt.csv --time-zone Mars/Olympus").status, 2);
  EXPECT_EQ(run("profile " + kScenarios + "/mm1.yaml").status, 2);
}

// A malformed trace is bad input: its FILE:LINE message and exit 2, or with bad_rows: skip, a
// run that counts and reports the skipped rows.
TEST_F(CliTest, BadTraceRowsStopOrAreSkipped) {
  {
    std::ofstream t(dir_ / "t.csv");
    t << "TIMESTAMP,ContextTokens,GeneratedTokens\n"
         "2023-11-16 18:15:46.0000000,374,44\n"
         "2023-11-16 18:15:50.0000000,many,109\n"
         "2023-11-16 18:15:52.0000000,100,10\n";
    std::ofstream s(dir_ / "s.yaml");
    s << "horizon: 1min\nworkload:\n  arrivals:\n    process: trace\n    path: t.csv\n"
         "targets: {server: {kind: station, service_time: {distribution: exponential, mean: 1s}}}\n";
  }
  const auto stop = run("run " + out("s.yaml") + " --no-progress --quiet --out " + out("o"));
  EXPECT_EQ(stop.status, 2) << stop.output;
  EXPECT_NE(stop.output.find(out("t.csv") + ":3:"), std::string::npos) << stop.output;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "summary.json"));

  const auto skip = run("run " + out("s.yaml") +
                        " --set workload.arrivals.bad_rows=skip --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(skip.status, 0) << skip.output;
  EXPECT_NE(skip.output.find("1 malformed trace row(s) skipped"), std::string::npos) << skip.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  EXPECT_EQ(s["requests"]["arrivals"].get<std::uint64_t>(), 2u);
  EXPECT_EQ(s["workload"]["trace_rows_skipped"].get<std::uint64_t>(), 1u);
}

// Deterministic arrivals through the whole CLI: 1,000 requests/day over one day is exactly 1,000
// requests, 86.4 s apart, each served in exactly 1 s by a station that never queues, so every
// figure is arithmetic:
//   servers:  1 × $1.515/h × 24 h = $36.36
//   requests: 1,000 × $0.002      = $2.00   (total $38.36)
// Hourly windows hold 41 or 42 arrivals (3,600 / 86.4 = 41.7); the first (k = 0..41) holds 42.
TEST_F(CliTest, DeterministicArrivalsGiveExactFigures) {
  {
    std::ofstream f(dir_ / "daily.yaml");
    f << "horizon: 1d\nworkload:\n  arrivals: {process: deterministic, rate: 1000/day}\n"
         "targets:\n  server:\n    kind: station\n    service_time: {distribution: deterministic, value: 1s}\n"
         "    price_per_server_hour: $1.515\n    price_per_request: $0.002\n"
         "output: {window: 1h, cost_window: 1d}\n";
  }
  const auto r = run("run " + out("daily.yaml") + " --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  EXPECT_EQ(s["requests"]["arrivals"].get<std::uint64_t>(), 1000u);
  EXPECT_EQ(s["requests"]["ok"].get<std::uint64_t>(), 1000u);
  EXPECT_EQ(s["requests"]["in_flight"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(s["latency_s"]["max"].get<double>(), 1.0);
  EXPECT_EQ(s["time_to_first_token_s"]["max"].get<double>(), 1.0);
  EXPECT_EQ(std::llround(s["cost_usd"]["server.servers"].get<double>() * 100), 3636);
  EXPECT_EQ(std::llround(s["cost_usd"]["server.requests"].get<double>() * 100), 200);
  EXPECT_EQ(std::llround(s["cost_usd"]["total"].get<double>() * 100), 3836);
  const std::string sv = slurp(dir_ / "o" / "services.csv");
  EXPECT_EQ(std::count(sv.begin(), sv.end(), '\n'), 25);
  EXPECT_NE(sv.find("\n0,0,3600,1970-01-01T00:00:00+00:00,42,42\n"), std::string::npos) << sv;
}
