// End-to-end tests of the report: targets.csv (one row per window per target, counts that add up
// to summary.json and follow the router's fallbacks), the local_time column of every windowed file
// in a zone east of UTC and across both daylight-saving changes, cost.csv's per-target totals,
// summary.json's scenario / slo / targets / router / windows blocks and outcome shares,
// byte-identical files whatever --jobs, and the terminal summary's tables.
#include <algorithm>
#include <cstdio>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.h"

namespace fs = std::filesystem;
using nlohmann::json;
using fmsim::test::CliTest;
using fmsim::test::column;
using fmsim::test::read_csv;
using fmsim::test::run_fmsim;
using fmsim::test::slurp;
using fmsim::test::summary_without_wall_clock;

namespace {

// Two stations: `fast` has one server and no waiting room, so a request finding it busy is
// rejected (capacity) and the rule falls back to `spare`, which always has room. Every request
// matches the rule, so: fast is chosen (routed) for every arrival and receives one call each;
// spare receives exactly the calls fast rejected; the served requests split between them.
const char* kFallbackScenario = R"(horizon: 1h
time_zone: Asia/Tokyo
start: 2026-03-10T00:00:00+09:00
workload:
  arrivals: {process: poisson, rate: 2/s}
targets:
  fast:
    kind: station
    servers: 1
    queue_capacity: 0
    service_time: {distribution: exponential, mean: 1s}
    price_per_server_hour: $1
  spare:
    kind: station
    servers: 50
    service_time: {distribution: exponential, mean: 2s}
    price_per_request: $0.001
router:
  default: spare
  rules:
    - name: prefer_fast
      when: {hours: ["00:00-24:00"]}
      target: fast
      fallback: [spare]
      fallback_on: [capacity]
slo: {p99: 5s}
)";

const std::string kTargetsHeader =
    "replication,window_start_s,window_end_s,local_time,target,requests_routed,requests_served,served_share,calls,"
    "calls_ok,calls_throttled,calls_timed_out,calls_error,calls_rejected,fallbacks_throttle,fallbacks_capacity,"
    "fallbacks_error,fallbacks_timeout,call_latency_p50_s,call_latency_p99_s";

std::uint64_t u64(const std::string& cell) { return std::stoull(cell); }

// Sum of a targets.csv count column over one target's rows.
std::uint64_t column_sum(const std::vector<std::vector<std::string>>& rows, const std::string& target,
                         const std::string& name) {
  const int c = column(rows[0], name);
  const int t = column(rows[0], "target");
  std::uint64_t n = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][static_cast<std::size_t>(t)] == target) n += u64(rows[i][static_cast<std::size_t>(c)]);
  }
  return n;
}

// Columns on screen: UTF-8 continuation bytes take none.
std::size_t display_width(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

std::string fmt_usd(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "$%.2f", v);
  return buf;
}

// The local_time cell of every data row of a windowed CSV, in order.
std::vector<std::string> local_times(const fs::path& p) {
  const auto rows = read_csv(p);
  const int c = column(rows[0], "local_time");
  std::vector<std::string> v;
  for (std::size_t i = 1; i < rows.size(); ++i) v.push_back(rows[i][static_cast<std::size_t>(c)]);
  return v;
}

}  // namespace

TEST_F(CliTest, TargetsCsvHasOneRowPerWindowPerTargetAndCountsTheFallbacks) {
  write("two.yaml", kFallbackScenario);
  const auto r = run_fmsim("run " + out("two.yaml") + " --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto rows = read_csv(dir_ / "o" / "targets.csv");
  ASSERT_FALSE(rows.empty());
  std::string header;
  for (const auto& c : rows[0]) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(header, kTargetsHeader);
  // 60 one-minute windows x 2 targets, target rows of a window together in target order.
  ASSERT_EQ(rows.size(), 1u + 60 * 2);
  const int share_col = column(rows[0], "served_share");
  const int ok_col = column(rows[0], "calls_ok");
  const int p50_col = column(rows[0], "call_latency_p50_s");
  const int p99_col = column(rows[0], "call_latency_p99_s");
  for (std::size_t w = 0; w < 60; ++w) {
    const auto& a = rows[1 + 2 * w];
    const auto& b = rows[2 + 2 * w];
    ASSERT_EQ(a.size(), rows[0].size());
    ASSERT_EQ(b.size(), rows[0].size());
    EXPECT_EQ(a[0], "0");
    EXPECT_EQ(a[1], std::to_string(60 * w));
    EXPECT_EQ(a[2], std::to_string(60 * (w + 1)));
    EXPECT_EQ(a[4], "fast");
    EXPECT_EQ(b[4], "spare");
    EXPECT_EQ(std::vector<std::string>(a.begin(), a.begin() + 4), std::vector<std::string>(b.begin(), b.begin() + 4));
    // Shares of the window's served requests add up to 1, or are empty when none was served.
    const auto sa = a[static_cast<std::size_t>(share_col)], sb = b[static_cast<std::size_t>(share_col)];
    if (u64(a[6]) + u64(b[6]) == 0) {
      EXPECT_EQ(sa, "");
      EXPECT_EQ(sb, "");
    } else {
      EXPECT_NEAR(std::stod(sa) + std::stod(sb), 1.0, 1e-12);
    }
    // Call latency only when some call ended ok.
    for (const auto* row : {&a, &b}) {
      const bool any_ok = u64((*row)[static_cast<std::size_t>(ok_col)]) > 0;
      EXPECT_EQ((*row)[static_cast<std::size_t>(p50_col)].empty(), !any_ok);
      EXPECT_EQ((*row)[static_cast<std::size_t>(p99_col)].empty(), !any_ok);
    }
  }

  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  const auto arrivals = s["requests"]["arrivals"].get<std::uint64_t>();
  const auto& fast = s["targets"]["fast"];
  const auto& spare = s["targets"]["spare"];
  // The file and the summary agree.
  for (const char* t : {"fast", "spare"}) {
    const auto& j = s["targets"][t];
    EXPECT_EQ(column_sum(rows, t, "requests_routed"), j["requests_routed"].get<std::uint64_t>()) << t;
    EXPECT_EQ(column_sum(rows, t, "requests_served"), j["requests_served"].get<std::uint64_t>()) << t;
    EXPECT_EQ(column_sum(rows, t, "calls"), j["calls"].get<std::uint64_t>()) << t;
    for (const char* st : {"ok", "throttled", "timed_out", "error", "rejected"})
      EXPECT_EQ(column_sum(rows, t, std::string("calls_") + st), j["calls_by_status"][st].get<std::uint64_t>()) << st;
    for (const char* f : {"throttle", "capacity", "error", "timeout"})
      EXPECT_EQ(column_sum(rows, t, std::string("fallbacks_") + f), j["fallbacks"][f].get<std::uint64_t>()) << f;
    EXPECT_EQ(j["kind"], "station");
  }
  // What the scenario makes certain.
  EXPECT_EQ(fast["requests_routed"].get<std::uint64_t>(), arrivals);
  EXPECT_EQ(spare["requests_routed"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(fast["calls"].get<std::uint64_t>(), arrivals);
  const auto rejected = fast["calls_by_status"]["rejected"].get<std::uint64_t>();
  EXPECT_GT(rejected, arrivals / 10);  // not vacuous: one server for 2/s of 1 s work turns many away
  EXPECT_EQ(fast["fallbacks"]["capacity"].get<std::uint64_t>(), rejected);
  EXPECT_EQ(spare["calls"].get<std::uint64_t>(), rejected);
  EXPECT_EQ(spare["calls_by_status"]["rejected"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(fast["requests_served"].get<std::uint64_t>() + spare["requests_served"].get<std::uint64_t>(),
            s["requests"]["ok"].get<std::uint64_t>());
  EXPECT_NEAR(fast["served_share"].get<double>() + spare["served_share"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(fast["call_latency_s"]["count"].get<std::uint64_t>(), fast["calls_by_status"]["ok"].get<std::uint64_t>());
  // The router's counters.
  const auto& router = s["router"];
  EXPECT_EQ(router["default"], "spare");
  ASSERT_EQ(router["rules"].size(), 1u);
  EXPECT_EQ(router["rules"][0]["name"], "prefer_fast");
  EXPECT_EQ(router["rules"][0]["matched"].get<std::uint64_t>(), arrivals);
  EXPECT_EQ(router["default_matched"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(router["fallbacks"]["capacity"].get<std::uint64_t>(), rejected);
  EXPECT_EQ(router["fallbacks"]["throttle"].get<std::uint64_t>(), 0u);
}

// A Bedrock target over its requests-per-minute quota throttles at once (no SDK retries here), and
// the rule falls back on throttle to a station: every throttled call is a fallback hop, and the
// station receives exactly those calls.
TEST_F(CliTest, ThrottledCallsFallBackAndShowPerTarget) {
  write("t.yaml", R"(horizon: 20min
workload:
  arrivals: {process: poisson, rate: 3/s}
  classes:
    - name: chat
      input_tokens: {distribution: deterministic, value: 500}
      output_tokens: {distribution: deterministic, value: 100}
targets:
  sonnet:
    kind: bedrock_on_demand
    model: claude-3-5-sonnet
    requests_per_minute: 1/s
    retry: {max_attempts: 1}
  backup:
    kind: station
    servers: 20
    service_time: {distribution: exponential, mean: 1s}
router:
  default: sonnet
  rules:
    - name: chat_first
      when: {classes: [chat]}
      target: sonnet
      fallback: [backup]
      fallback_on: [throttle]
)");
  const auto r = run_fmsim("run " + out("t.yaml") + " --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  const auto arrivals = s["requests"]["arrivals"].get<std::uint64_t>();
  const auto& sonnet = s["targets"]["sonnet"];
  const auto& backup = s["targets"]["backup"];
  const auto throttled = sonnet["calls_by_status"]["throttled"].get<std::uint64_t>();
  EXPECT_GT(throttled, arrivals / 3);  // 3/s against a 1/s quota
  EXPECT_EQ(sonnet["kind"], "bedrock_on_demand");
  EXPECT_EQ(sonnet["requests_routed"].get<std::uint64_t>(), arrivals);
  EXPECT_EQ(sonnet["calls"].get<std::uint64_t>(), arrivals);
  EXPECT_EQ(sonnet["fallbacks"]["throttle"].get<std::uint64_t>(), throttled);
  EXPECT_EQ(backup["calls"].get<std::uint64_t>(), throttled);
  EXPECT_EQ(s["router"]["fallbacks"]["throttle"].get<std::uint64_t>(), throttled);
  EXPECT_EQ(s["router"]["rules"][0]["matched"].get<std::uint64_t>(), arrivals);
  EXPECT_EQ(s["requests"]["throttled"].get<std::uint64_t>(), 0u);  // every throttle was caught
  const auto rows = read_csv(dir_ / "o" / "targets.csv");
  ASSERT_EQ(rows.size(), 1u + 20 * 2);
  EXPECT_EQ(column_sum(rows, "sonnet", "fallbacks_throttle"), throttled);
  EXPECT_EQ(column_sum(rows, "backup", "calls"), throttled);
  // Sonnet bills tokens, the station nothing: the per-target cost says whose money it is.
  EXPECT_GT(s["cost_usd"]["by_target"]["sonnet"].get<double>(), 0.0);
  EXPECT_EQ(s["cost_usd"]["by_target"]["backup"].get<double>(), 0.0);
}

// No rule: every request goes to the default target, the other sees nothing.
TEST_F(CliTest, DefaultOnlyRouterPutsEverythingOnTheDefaultTarget) {
  write("d.yaml", R"(horizon: 30min
workload: {arrivals: {process: poisson, rate: 1/s}}
targets:
  a: {kind: station, servers: 2, service_time: {distribution: exponential, mean: 1s}}
  b: {kind: station, servers: 4, service_time: {distribution: exponential, mean: 1s}}
router: {default: b}
)");
  const auto r = run_fmsim("run " + out("d.yaml") + " --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto rows = read_csv(dir_ / "o" / "targets.csv");
  ASSERT_EQ(rows.size(), 1u + 30 * 2);
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  const auto arrivals = s["requests"]["arrivals"].get<std::uint64_t>();
  const auto ok = s["requests"]["ok"].get<std::uint64_t>();
  EXPECT_GT(ok, 1000u);
  EXPECT_EQ(column_sum(rows, "b", "requests_routed"), arrivals);
  EXPECT_EQ(column_sum(rows, "b", "requests_served"), ok);
  EXPECT_EQ(column_sum(rows, "b", "calls"), arrivals);
  EXPECT_EQ(column_sum(rows, "b", "calls_ok"), ok);
  for (const char* c : {"requests_routed", "requests_served", "calls", "calls_ok"}) EXPECT_EQ(column_sum(rows, "a", c), 0u);
  EXPECT_EQ(s["targets"]["b"]["served_share"].get<double>(), 1.0);
  EXPECT_EQ(s["targets"]["a"]["served_share"].get<double>(), 0.0);
  EXPECT_TRUE(s["targets"]["a"]["call_latency_s"]["p50"].is_null());
  EXPECT_TRUE(s["router"]["rules"].empty());
}

// local_time is the window's start on the scenario's wall clock, the same in every file.
TEST_F(CliTest, LocalTimeFollowsTheZoneAndDaylightSaving) {
  write("two.yaml", kFallbackScenario);
  ASSERT_EQ(run_fmsim("run " + out("two.yaml") + " --no-progress --quiet --out " + out("tokyo")).status, 0);
  const auto ts = local_times(dir_ / "tokyo" / "timeseries.csv");
  ASSERT_EQ(ts.size(), 60u);
  EXPECT_EQ(ts[0], "2026-03-10T00:00:00+09:00");
  EXPECT_EQ(ts[59], "2026-03-10T00:59:00+09:00");
  EXPECT_EQ(local_times(dir_ / "tokyo" / "services.csv"), ts);
  EXPECT_EQ(local_times(dir_ / "tokyo" / "cost.csv"), std::vector<std::string>{"2026-03-10T00:00:00+09:00"});
  const auto tg = local_times(dir_ / "tokyo" / "targets.csv");
  ASSERT_EQ(tg.size(), 120u);
  EXPECT_EQ(tg[118], "2026-03-10T00:59:00+09:00");
  const json s = json::parse(slurp(dir_ / "tokyo" / "summary.json"));
  EXPECT_EQ(s["scenario"]["time_zone"], "Asia/Tokyo");
  EXPECT_EQ(s["scenario"]["start"], "2026-03-10T00:00:00+09:00");
  EXPECT_EQ(s["scenario"]["start_utc_s"].get<std::int64_t>(), 1773068400);  // 2026-03-09T15:00:00Z

  // New York, hourly windows over the spring-forward night (02:00 EST jumps to 03:00 EDT) and the
  // fall-back night (01:00-02:00 is lived twice, first in EDT then in EST).
  const std::string body = R"(time_zone: America/New_York
horizon: 4h
workload: {arrivals: {process: deterministic, rate: 1/min}}
targets: {server: {kind: station, service_time: {distribution: deterministic, value: 1s}}}
output: {window: 1h, cost_window: 1h}
)";
  write("spring.yaml", "start: 2026-03-08T00:00:00-05:00\n" + body);
  write("autumn.yaml", "start: 2026-11-01T00:00:00-04:00\n" + body);
  ASSERT_EQ(run_fmsim("run " + out("spring.yaml") + " --no-progress --quiet --out " + out("spring")).status, 0);
  ASSERT_EQ(run_fmsim("run " + out("autumn.yaml") + " --no-progress --quiet --out " + out("autumn")).status, 0);
  const std::vector<std::string> spring{"2026-03-08T00:00:00-05:00", "2026-03-08T01:00:00-05:00",
                                        "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"};
  const std::vector<std::string> autumn{"2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00",
                                        "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"};
  for (const char* f : {"timeseries.csv", "cost.csv", "services.csv", "targets.csv"}) {
    EXPECT_EQ(local_times(dir_ / "spring" / f), spring) << f;
    EXPECT_EQ(local_times(dir_ / "autumn" / f), autumn) << f;
  }
  const json sp = json::parse(slurp(dir_ / "spring" / "summary.json"));
  EXPECT_EQ(sp["scenario"]["start"], "2026-03-08T00:00:00-05:00");
  EXPECT_EQ(sp["scenario"]["start_utc_s"].get<std::int64_t>(), 1772946000);  // 2026-03-08T05:00:00Z
}

// cost.csv: after the line columns, one total per target and one for the entry tier (the Lambda
// function's lines), which add up to total_usd in every row; summary.json has the same by target.
TEST_F(CliTest, PerTargetCostColumnsAddUpToTheTotal) {
  write("e.yaml", std::string(kFallbackScenario) + R"(entry:
  kind: lambda
  function: {memory: 1024MB, timeout: 30s}
output: {window: 5min, cost_window: 10min}
)");
  const auto r = run_fmsim("run " + out("e.yaml") + " --no-progress --quiet --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto rows = read_csv(dir_ / "o" / "cost.csv");
  ASSERT_EQ(rows.size(), 1u + 6);
  const auto& h = rows[0];
  const int total = column(h, "total_usd");
  ASSERT_EQ(total, static_cast<int>(h.size()) - 1);
  const int fast = column(h, "fast.total_usd"), spare = column(h, "spare.total_usd"), entry = column(h, "entry.total_usd");
  ASSERT_EQ(fast, total - 3);
  ASSERT_EQ(spare, total - 2);
  ASSERT_EQ(entry, total - 1);
  ASSERT_EQ(column(h, "local_time"), 3);
  // Every line column belongs to exactly one group.
  std::map<int, std::vector<int>> lines_of;
  for (int c = 4; c < fast; ++c) {
    const std::string& n = h[static_cast<std::size_t>(c)];
    ASSERT_EQ(n.substr(n.size() - 4), "_usd") << n;
    lines_of[n.rfind("fast.", 0) == 0 ? fast : n.rfind("spare.", 0) == 0 ? spare : entry].push_back(c);
  }
  EXPECT_FALSE(lines_of[entry].empty());
  EXPECT_FALSE(lines_of[fast].empty());
  EXPECT_FALSE(lines_of[spare].empty());
  std::map<int, double> group_sum;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), h.size());
    double groups = 0;
    for (const auto& [g, cols] : lines_of) {
      double lines = 0;
      for (int c : cols) lines += std::stod(row[static_cast<std::size_t>(c)]);
      EXPECT_NEAR(std::stod(row[static_cast<std::size_t>(g)]), lines, 1e-9) << h[static_cast<std::size_t>(g)];
      groups += std::stod(row[static_cast<std::size_t>(g)]);
      group_sum[g] += std::stod(row[static_cast<std::size_t>(g)]);
    }
    EXPECT_NEAR(groups, std::stod(row[static_cast<std::size_t>(total)]), 1e-9) << "row " << i;
  }
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  const auto& by = s["cost_usd"]["by_target"];
  EXPECT_NEAR(by["fast"].get<double>(), group_sum[fast], 1e-9);
  EXPECT_NEAR(by["spare"].get<double>(), group_sum[spare], 1e-9);
  EXPECT_NEAR(by["entry"].get<double>(), group_sum[entry], 1e-9);
  EXPECT_NEAR(by["fast"].get<double>(), 1.0, 1e-9);  // one server-hour at $1
  EXPECT_EQ(s["targets"]["fast"]["cost_usd"], by["fast"]);
  EXPECT_NEAR(by["fast"].get<double>() + by["spare"].get<double>() + by["entry"].get<double>(),
              s["cost_usd"]["total"].get<double>(), 1e-9);
}

// Latency is exactly 1 s (deterministic service, never a queue): the p50 bound of 2 s holds in
// every window, the p99 bound of 500 ms in none.
TEST_F(CliTest, SloVerdictAndWindowsOver) {
  write("slo.yaml", R"(horizon: 10min
workload: {arrivals: {process: deterministic, rate: 1/s}}
targets: {server: {kind: station, servers: 2, service_time: {distribution: deterministic, value: 1s}}}
slo: {p50: 2s, p99: 500ms}
)");
  const auto r = run_fmsim("run " + out("slo.yaml") + " --no-progress --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  const auto& slo = s["slo"];
  EXPECT_EQ(slo["p50_s"].get<double>(), 2.0);
  EXPECT_EQ(slo["p99_s"].get<double>(), 0.5);
  EXPECT_FALSE(slo["met"].get<bool>());
  EXPECT_EQ(slo["windows"].get<std::uint64_t>(), 10u);
  EXPECT_EQ(slo["windows_over"].get<std::uint64_t>(), 10u);
  EXPECT_TRUE(slo["by_quantile"]["p50"]["met"].get<bool>());
  EXPECT_EQ(slo["by_quantile"]["p50"]["windows_over"].get<std::uint64_t>(), 0u);
  EXPECT_FALSE(slo["by_quantile"]["p99"]["met"].get<bool>());
  EXPECT_EQ(slo["by_quantile"]["p99"]["windows_over"].get<std::uint64_t>(), 10u);
  EXPECT_EQ(slo["by_quantile"]["p99"]["observed_s"].get<double>(), 1.0);
  EXPECT_NE(r.output.find("SLO p50 ≤ 2s: met (1 s) · p99 ≤ 500ms: MISSED (1 s) · 10 of 10 windows over"),
            std::string::npos)
      << r.output;
  // An override moves the bound: now it holds everywhere.
  ASSERT_EQ(run_fmsim("run " + out("slo.yaml") + " --set slo.p99=1.5s --no-progress --quiet --out " + out("p")).status,
            0);
  const json p = json::parse(slurp(dir_ / "p" / "summary.json"));
  EXPECT_TRUE(p["slo"]["met"].get<bool>());
  EXPECT_EQ(p["slo"]["windows_over"].get<std::uint64_t>(), 0u);
  // No slo block, and no SLO line, for a scenario without one.
  write("none.yaml", R"(horizon: 10min
workload: {arrivals: {process: deterministic, rate: 1/s}}
targets: {server: {kind: station, servers: 2, service_time: {distribution: deterministic, value: 1s}}}
)");
  const auto q = run_fmsim("run " + out("none.yaml") + " --no-progress --out " + out("q"));
  ASSERT_EQ(q.status, 0) << q.output;
  EXPECT_FALSE(json::parse(slurp(dir_ / "q" / "summary.json")).contains("slo"));
  EXPECT_EQ(q.output.find("SLO"), std::string::npos) << q.output;
}

TEST_F(CliTest, ReportFilesAreIdenticalWhateverTheThreadCount) {
  write("two.yaml", kFallbackScenario);
  const std::string common =
      "run " + out("two.yaml") + " --horizon 20min --replications 2 --no-progress --quiet";
  ASSERT_EQ(run_fmsim(common + " --jobs 1 --out " + out("j1")).status, 0);
  ASSERT_EQ(run_fmsim(common + " --jobs 2 --out " + out("j2")).status, 0);
  for (const char* f : {"timeseries.csv", "cost.csv", "services.csv", "events.csv", "targets.csv"})
    EXPECT_EQ(slurp(dir_ / "j1" / f), slurp(dir_ / "j2" / f)) << f;
  EXPECT_EQ(summary_without_wall_clock(dir_ / "j1").dump(), summary_without_wall_clock(dir_ / "j2").dump());
  // Not vacuous: both replications' rows, in order, and the summary's per-replication blocks.
  const std::string tg = slurp(dir_ / "j2" / "targets.csv");
  EXPECT_EQ(std::count(tg.begin(), tg.end(), '\n'), 1 + 2 * 20 * 2);
  EXPECT_LT(tg.find("\n0,0,60,"), tg.find("\n1,0,60,"));
  const json s = json::parse(slurp(dir_ / "j2" / "summary.json"));
  const auto& across = s["across_replications"];
  EXPECT_EQ(s["scenario"]["time_zone"], "Asia/Tokyo");
  for (const char* t : {"fast", "spare"}) {
    for (const char* k : {"requests_routed", "requests_served", "served_share", "calls", "fallbacks", "cost_usd"})
      EXPECT_TRUE(across["targets"][t][k]["mean"].is_number()) << t << "." << k;
  }
  EXPECT_EQ(across["targets"]["fast"]["requests_routed"]["mean"].get<double>(),
            across["requests"]["arrivals"]["mean"].get<double>());
  EXPECT_TRUE(across["router"]["rules"][0]["matched"]["mean"].is_number());
  EXPECT_EQ(across["slo"]["windows"].get<std::uint64_t>(), s["replications"][0]["slo"]["windows"].get<std::uint64_t>() +
                                                               s["replications"][1]["slo"]["windows"].get<std::uint64_t>());
  EXPECT_TRUE(across["cost_usd_by_target"]["spare"]["mean"].is_number());
}

TEST_F(CliTest, TerminalSummaryShowsTheTables) {
  write("two.yaml", kFallbackScenario);
  const auto r = run_fmsim("run " + out("two.yaml") + " --no-progress --out " + out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  std::istringstream lines(r.output);
  std::map<std::string, std::string> by_label;  // first word of an indented line -> the line
  int n = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("info:", 0) == 0 || line.rfind("[", 0) == 0) continue;  // the log line
    ++n;
    EXPECT_LE(display_width(line), 100u) << line;
    EXPECT_EQ(line.find('\033'), std::string::npos) << "colour when not a terminal: " << line;
    std::istringstream words(line);
    std::string first;
    words >> first;
    by_label.emplace(first, line);
  }
  EXPECT_GE(n, 15);
  EXPECT_NE(r.output.find("two — 1h simulated from 2026-03-10T00:00:00+09:00 (Asia/Tokyo), seed 1"), std::string::npos)
      << r.output;
  // The requests table: a header, then each outcome with its count.
  EXPECT_NE(by_label["requests"].find("count"), std::string::npos);
  EXPECT_NE(by_label["arrivals"].find(std::to_string(s["requests"]["arrivals"].get<std::uint64_t>())),
            std::string::npos);
  EXPECT_NE(by_label["ok"].find(std::to_string(s["requests"]["ok"].get<std::uint64_t>())), std::string::npos);
  EXPECT_NE(by_label["latency"].find("p99"), std::string::npos);
  EXPECT_NE(by_label["end"].find(" s"), std::string::npos);
  EXPECT_NE(by_label["cost"].find("per month (30 d)"), std::string::npos);
  const double per_day = s["cost_usd"]["per_day"].get<double>();
  EXPECT_NE(r.output.find(fmt_usd(per_day)), std::string::npos) << r.output;
  EXPECT_NE(by_label["SLO"].find("p99 ≤ 5s: MISSED"), std::string::npos) << r.output;
  EXPECT_NE(by_label["conservation:"].find("holds"), std::string::npos);
  // The per-target table: routed, served, share, fallbacks out, call p50/p99, cost/day.
  EXPECT_NE(by_label["targets"].find("fallbacks out"), std::string::npos) << r.output;
  const auto& fast = s["targets"]["fast"];
  std::istringstream row(by_label["fast"]);
  std::string name, routed, served, share, fallbacks;
  row >> name >> routed >> served >> share >> fallbacks;
  EXPECT_EQ(routed, std::to_string(fast["requests_routed"].get<std::uint64_t>()));
  EXPECT_EQ(served, std::to_string(fast["requests_served"].get<std::uint64_t>()));
  EXPECT_EQ(fallbacks, std::to_string(fast["fallbacks"]["capacity"].get<std::uint64_t>()));
  EXPECT_NE(by_label["fast"].find("$24.00"), std::string::npos) << by_label["fast"];  // $1/h all day
  EXPECT_NE(by_label.count("spare"), 0u);

  // With replications: means, said so.
  const auto rr = run_fmsim("run " + out("two.yaml") + " --horizon 10min -r 3 --no-progress --out " + out("r"));
  ASSERT_EQ(rr.status, 0) << rr.output;
  EXPECT_NE(rr.output.find("3 replications (mean ± 95% CI)"), std::string::npos) << rr.output;
  EXPECT_NE(rr.output.find("targets (means)"), std::string::npos) << rr.output;
  EXPECT_NE(rr.output.find("in every replication"), std::string::npos) << rr.output;
  std::istringstream rlines(rr.output);
  for (std::string line; std::getline(rlines, line);) {
    if (line.rfind("info:", 0) == 0) continue;
    EXPECT_LE(display_width(line), 100u) << line;
  }
}

// The figures sweeps read (docs/outputs.md): outcome shares of arrivals, tokens per hour, and the
// worst window and hour. Over a one-hour run the worst hour is the whole run, so its figures equal
// the whole-run ones exactly (the same histogram, the same counts).
TEST_F(CliTest, SummaryHasSharesTokensPerHourAndTheWorstHour) {
  write("two.yaml", kFallbackScenario);
  const auto r = run_fmsim("run " + out("two.yaml") +
                           " --set 'workload.classes=[{name: chat}]' --replications 2 --no-progress --quiet --out " +
                           out("o"));
  ASSERT_EQ(r.status, 0) << r.output;
  const json s = json::parse(slurp(dir_ / "o" / "summary.json"));
  for (const auto& rep : s["replications"]) {
    const auto& req = rep["requests"];
    const double arrivals = req["arrivals"].get<double>();
    ASSERT_GT(arrivals, 0);
    double shares = req["in_flight"].get<double>() / arrivals;
    for (const char* o : {"ok", "throttled", "timed_out", "error", "rejected"}) {
      EXPECT_EQ(req["share"][o].get<double>(), req[o].get<double>() / arrivals) << o;
      shares += req["share"][o].get<double>();
    }
    EXPECT_NEAR(shares, 1.0, 1e-12);
    // Default class tokens: 500 in, 200 out, over one hour.
    const auto& w = rep["workload"];
    EXPECT_EQ(w["tokens_per_hour"].get<double>(), w["input_tokens"].get<double>() + w["output_tokens"].get<double>());
    EXPECT_EQ(w["tokens_per_hour"].get<double>(), 700 * arrivals);

    const auto& win = rep["windows"];
    EXPECT_EQ(win["hours"].get<std::uint64_t>(), 1u);
    EXPECT_EQ(win["worst_hour"]["p50_s"].get<double>(), rep["latency_s"]["p50"].get<double>());
    EXPECT_EQ(win["worst_hour"]["p99_s"].get<double>(), rep["latency_s"]["p99"].get<double>());
    EXPECT_EQ(win["worst_hour"]["throttled_share"].get<double>(), req["share"]["throttled"].get<double>());
    const double failed = req["throttled"].get<double>() + req["timed_out"].get<double>() +
                          req["error"].get<double>() + req["rejected"].get<double>();
    EXPECT_EQ(win["worst_hour"]["failed_share"].get<double>(), failed / arrivals);
    // If every window's median were below the run's, more than half the requests would be: so the
    // worst window median is at least the run's (to the histogram's 1 %).
    EXPECT_GE(win["worst"]["p99_s"].get<double>(), win["worst"]["p50_s"].get<double>());
    EXPECT_GE(win["worst"]["p50_s"].get<double>(), rep["latency_s"]["p50"].get<double>() * 0.99);
  }
  const auto& across = s["across_replications"];
  const double mean_p99 = (s["replications"][0]["windows"]["worst_hour"]["p99_s"].get<double>() +
                           s["replications"][1]["windows"]["worst_hour"]["p99_s"].get<double>()) / 2;
  EXPECT_DOUBLE_EQ(across["windows"]["worst_hour"]["p99_s"]["mean"].get<double>(), mean_p99);
  EXPECT_TRUE(across["windows"]["worst"]["p99_s"]["ci95_half_width"].is_number());
  EXPECT_TRUE(across["requests"]["share"]["ok"]["mean"].is_number());
  EXPECT_TRUE(across["workload_tokens_per_hour"]["mean"].is_number());
}
