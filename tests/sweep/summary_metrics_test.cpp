// Sweep metrics as summary.json fields: the worst window and hour against hand-built windows (a
// window that divides an hour and one that does not), outcome shares and tokens per hour in the
// summary, reading dotted paths (cost lines with dots in their names, null, booleans), the list
// of paths, the error for a metric that is not a field, and one replication run for its metrics:
// the same record twice, the same on threads, cancelled on request.
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "tools/summary_json.h"
#include "tools/sweep/summary_metrics.h"
#include "tools/sweep/window_extremes.h"

using namespace fmsim;
using cli::sweep::WindowExtremesTally;
using json = nlohmann::ordered_json;

namespace {

sim::SimTime at_min(std::int64_t m) { return sim::SimTime::zero() + sim::Duration::minutes(m); }
sim::Duration ms(double v) { return sim::Duration::nanoseconds(std::llround(v * 1e6)); }

struct WindowContent {
  std::uint64_t arrivals = 0;
  std::uint64_t ok = 0;
  std::uint64_t throttled = 0;
  std::uint64_t rejected = 0;
  std::vector<double> latency_ms{};
};

// Counts each window passed on, to check the chain.
struct CountingSink final : models::RequestWindowSink {
  int windows = 0;
  void on_request_window(const models::RequestWindowRow&) override { ++windows; }
};

// Feeds windows of `width_min` minutes from t = 0 in order.
void feed(WindowExtremesTally& tally, std::int64_t width_min, const std::vector<WindowContent>& windows) {
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& c = windows[i];
    models::RequestWindow w;
    w.counts.arrivals = c.arrivals;
    w.counts[models::Outcome::ok] = c.ok;
    w.counts[models::Outcome::throttled] = c.throttled;
    w.counts[models::Outcome::rejected] = c.rejected;
    for (double l : c.latency_ms) w.latency.record(ms(l));
    const auto start = at_min(static_cast<std::int64_t>(i) * width_min);
    tally.on_request_window({start, start + sim::Duration::minutes(width_min), &w, 0, 0});
  }
}

double quantile_of(const std::vector<double>& latency_ms, double q) {
  sim::LatencyHistogram h;
  for (double l : latency_ms) h.record(ms(l));
  return h.quantile(q);
}

std::vector<double> concat(std::initializer_list<std::vector<double>> parts) {
  std::vector<double> v;
  for (const auto& p : parts) v.insert(v.end(), p.begin(), p.end());
  return v;
}

// A loss system (one server, no queue) so that some requests are rejected, with a request class
// so that requests carry tokens.
const char* kLossScenario = R"(horizon: 10min
seed: 3
workload:
  arrivals: {process: poisson, rate: 2/s}
  classes:
    - name: chat
      input_tokens: {distribution: deterministic, value: 300}
      output_tokens: {distribution: deterministic, value: 100}
targets:
  server:
    kind: station
    servers: 1
    queue_capacity: 0
    service_time: {distribution: exponential, mean: 400ms}
    price_per_server_hour: $2
)";

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_record(const cli::sweep::ReplicationRecord& a, const cli::sweep::ReplicationRecord& b) {
  EXPECT_EQ(a.point, b.point);
  EXPECT_EQ(a.replication, b.replication);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.conservation_ok, b.conservation_ok);
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) EXPECT_TRUE(same_value(a.values[i], b.values[i])) << i;
}

}  // namespace

// ---- the worst window and the worst hour ----------------------------------------------------------

TEST(WindowExtremes, WorstWindowAndWorstHourOfTwentyMinuteWindows) {
  CountingSink next;
  WindowExtremesTally tally(&next);
  const std::vector<double> a{100, 200, 300}, b{900, 950}, c{150}, d{400, 500, 600, 700}, e{1200};
  feed(tally, 20,
       {// hour 0: 10 arrivals, 1 throttled, 0 rejected
        {.arrivals = 4, .ok = 3, .latency_ms = a},
        {.arrivals = 3, .ok = 2, .throttled = 1, .latency_ms = b},
        {.arrivals = 3, .ok = 1, .latency_ms = c},
        // hour 1: 8 arrivals, 2 throttled, 1 rejected
        {.arrivals = 4, .ok = 4, .latency_ms = d},
        {.arrivals = 4, .ok = 1, .throttled = 2, .rejected = 1, .latency_ms = e},
        {.arrivals = 0},
        // hour 2 (partial): arrivals, nothing served
        {.arrivals = 5, .throttled = 1}});
  EXPECT_EQ(next.windows, 7);
  const auto x = tally.extremes();
  EXPECT_EQ(x.hours, 3u);
  // Each figure is its own maximum over windows with an ok request.
  EXPECT_DOUBLE_EQ(x.worst_p50_s, std::max({quantile_of(a, 0.5), quantile_of(b, 0.5), quantile_of(c, 0.5),
                                            quantile_of(d, 0.5), quantile_of(e, 0.5)}));
  EXPECT_DOUBLE_EQ(x.worst_p50_s, 1.2);  // one sample: exact
  EXPECT_DOUBLE_EQ(x.worst_p99_s, 1.2);
  // Hours: the window histograms merged equal one histogram over the hour's requests.
  const double h0_p50 = quantile_of(concat({a, b, c}), 0.5), h1_p50 = quantile_of(concat({d, e}), 0.5);
  const double h0_p99 = quantile_of(concat({a, b, c}), 0.99), h1_p99 = quantile_of(concat({d, e}), 0.99);
  EXPECT_DOUBLE_EQ(x.worst_hour_p50_s, std::max(h0_p50, h1_p50));
  EXPECT_DOUBLE_EQ(x.worst_hour_p99_s, std::max(h0_p99, h1_p99));
  // Hour 1's 400 500 600 700 1200 ms: p50 is the 3rd (600 ms, to the histogram's 1 %); p99 the
  // largest, known exactly.
  EXPECT_NEAR(x.worst_hour_p50_s, 0.6, 0.6 * 0.01);
  EXPECT_DOUBLE_EQ(x.worst_hour_p99_s, 1.2);
  // Shares of arrivals: hour 0 1/10, hour 1 2/8 throttled and 3/8 failed, hour 2 1/5.
  EXPECT_DOUBLE_EQ(x.worst_hour_throttled_share, 2.0 / 8.0);
  EXPECT_DOUBLE_EQ(x.worst_hour_failed_share, 3.0 / 8.0);
}

TEST(WindowExtremes, AWindowCrossingAnHourCountsInTheHourItStartsIn) {
  // 25-minute windows start at 0, 25, 50 (hour 0, crossing into hour 1), 75, 100 (hour 1) and
  // 125 (hour 2). Arrivals differ per window so that each way of cutting gives other shares: the
  // crossing window's 7 throttles are 7/70 of hour 0 (windows by start), but would be 7/280 of
  // hour 1 (windows by end) or 7/30 of hour 0 (only whole windows).
  WindowExtremesTally tally;
  const std::vector<double> fast{100, 110}, slow{2000, 3000};
  feed(tally, 25,
       {{.arrivals = 10, .ok = 2, .latency_ms = fast},
        {.arrivals = 20, .ok = 2, .latency_ms = fast},
        {.arrivals = 40, .ok = 2, .throttled = 7, .rejected = 7, .latency_ms = slow},
        {.arrivals = 80, .ok = 2, .latency_ms = fast},
        {.arrivals = 160, .ok = 2, .rejected = 1, .latency_ms = fast},
        {.arrivals = 320, .ok = 2, .latency_ms = fast}});
  const auto x = tally.extremes();
  EXPECT_EQ(x.hours, 3u);
  EXPECT_DOUBLE_EQ(x.worst_hour_throttled_share, 7.0 / 70.0);
  EXPECT_DOUBLE_EQ(x.worst_hour_failed_share, 14.0 / 70.0);
  // Hour 0 holds fast, fast and slow; hour 1 fast twice.
  EXPECT_DOUBLE_EQ(x.worst_hour_p99_s, 3.0);
  EXPECT_DOUBLE_EQ(x.worst_hour_p50_s, quantile_of(concat({fast, fast, slow}), 0.5));
  EXPECT_DOUBLE_EQ(x.worst_p50_s, 2.0);
}

TEST(WindowExtremes, UndefinedFiguresStayNaN) {
  WindowExtremesTally none;
  const auto empty = none.extremes();
  EXPECT_EQ(empty.hours, 0u);
  EXPECT_TRUE(std::isnan(empty.worst_p99_s));
  EXPECT_TRUE(std::isnan(empty.worst_hour_p99_s));
  EXPECT_TRUE(std::isnan(empty.worst_hour_failed_share));

  // Arrivals but nothing served: shares exist, latencies do not. An hour without arrivals is
  // skipped for the shares (not a share of 0 winning or a NaN poisoning the maximum).
  WindowExtremesTally unserved;
  feed(unserved, 30, {{.arrivals = 0}, {.arrivals = 0}, {.arrivals = 4, .rejected = 1}, {.arrivals = 0}});
  const auto x = unserved.extremes();
  EXPECT_EQ(x.hours, 2u);
  EXPECT_TRUE(std::isnan(x.worst_p50_s));
  EXPECT_TRUE(std::isnan(x.worst_hour_p99_s));
  EXPECT_DOUBLE_EQ(x.worst_hour_failed_share, 0.25);
  EXPECT_DOUBLE_EQ(x.worst_hour_throttled_share, 0.0);
}

// ---- the new summary fields -------------------------------------------------------------------------

TEST(ReplicationSummary, SharesTokensPerHourAndTheWindowsBlock) {
  models::Scenario s;
  s.horizon = sim::Duration::minutes(30);
  models::ReplicationResult r;
  r.horizon = sim::SimTime::zero() + s.horizon;
  r.counts.arrivals = 200;
  r.counts[models::Outcome::ok] = 150;
  r.counts[models::Outcome::throttled] = 30;
  r.counts[models::Outcome::rejected] = 10;
  r.in_flight = 10;
  r.workload_all.arrivals = 200;
  r.workload_all.input_tokens = 3000;
  r.workload_all.output_tokens = 1500;
  cli::sweep::WindowExtremes w;
  w.hours = 1;
  w.worst_p99_s = 2.5;
  w.worst_hour_throttled_share = 0.2;

  const auto j = cli::replication_summary(s, r, {}, {}, w);
  const auto& share = j["requests"]["share"];
  EXPECT_DOUBLE_EQ(share["ok"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(share["throttled"].get<double>(), 0.15);
  EXPECT_DOUBLE_EQ(share["timed_out"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(share["rejected"].get<double>(), 0.05);
  // (3000 + 1500) tokens over half an hour.
  EXPECT_DOUBLE_EQ(j["workload"]["tokens_per_hour"].get<double>(), 9000.0);
  EXPECT_EQ(j["windows"]["hours"].get<std::uint64_t>(), 1u);
  EXPECT_DOUBLE_EQ(j["windows"]["worst"]["p99_s"].get<double>(), 2.5);
  EXPECT_TRUE(j["windows"]["worst"]["p50_s"].is_null());
  EXPECT_DOUBLE_EQ(j["windows"]["worst_hour"]["throttled_share"].get<double>(), 0.2);
  EXPECT_TRUE(j["windows"]["worst_hour"]["failed_share"].is_null());

  // No arrivals: every share null, every key still there; without window figures, the block too.
  models::ReplicationResult quiet;
  quiet.horizon = r.horizon;
  const auto q = cli::replication_summary(s, quiet, {});
  for (const char* o : {"ok", "throttled", "timed_out", "error", "rejected"}) {
    ASSERT_TRUE(q["requests"]["share"].contains(o)) << o;
    EXPECT_TRUE(q["requests"]["share"][o].is_null()) << o;
  }
  EXPECT_EQ(cli::sweep::summary_metric_paths(q), cli::sweep::summary_metric_paths(j));
}

TEST(AcrossReplications, GivesIntervalsOfTheNewFigures) {
  models::Scenario s;
  s.horizon = sim::Duration::hours(1);
  std::vector<models::ReplicationResult> rs(3);
  std::vector<cli::sweep::WindowExtremes> ws(3);
  for (int i = 0; i < 3; ++i) {
    rs[i].replication = i;
    rs[i].horizon = sim::SimTime::zero() + s.horizon;
    rs[i].counts.arrivals = 100;
    rs[i].counts[models::Outcome::ok] = 90 + i;
    rs[i].workload_all.input_tokens = 1000 * (i + 1);
    ws[i].worst_hour_p99_s = 1.0 + i;
  }
  const auto j = cli::across_replications(s, rs, {}, ws);
  EXPECT_NEAR(j["requests"]["share"]["ok"]["mean"].get<double>(), 0.91, 1e-12);
  EXPECT_DOUBLE_EQ(j["workload_tokens_per_hour"]["mean"].get<double>(), 2000.0);
  const auto& p99 = j["windows"]["worst_hour"]["p99_s"];
  EXPECT_DOUBLE_EQ(p99["mean"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(p99["stddev"].get<double>(), 1.0);
  // t(0.975, 2) = 4.302652729749464.
  EXPECT_NEAR(p99["ci95_half_width"].get<double>(), 4.302652729749464 / std::sqrt(3.0), 1e-12);
  EXPECT_TRUE(j["windows"]["worst"]["p99_s"].is_null());  // NaN in every replication
}

TEST(ConfidenceInterval95, IsStudentT) {
  const auto ci = cli::confidence_interval_95({1.0, 2.0, 3.0, 4.0});
  EXPECT_DOUBLE_EQ(ci.mean, 2.5);
  EXPECT_NEAR(ci.stddev, std::sqrt(5.0 / 3.0), 1e-12);
  // t(0.975, 3) = 3.182446305284263.
  EXPECT_NEAR(ci.half_width, 3.182446305284263 * std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(cli::confidence_interval_95({7.0}).half_width));
}

// ---- reading and listing paths -----------------------------------------------------------------------

TEST(SummaryMetric, ReadsDottedPathsWithTheLongestMatchingKey) {
  const auto j = json::parse(R"({
    "latency_s": {"p99": 1.25, "mean": null},
    "conservation_ok": true,
    "cost_usd": {"total": 10, "server.servers": 6, "server": {"requests": 4}},
    "scenario": {"name": "x"},
    "router": {"rules": [{"name": "a", "matched": 3}]}
  })");
  EXPECT_DOUBLE_EQ(cli::sweep::summary_metric(j, "latency_s.p99"), 1.25);
  EXPECT_TRUE(std::isnan(cli::sweep::summary_metric(j, "latency_s.mean")));
  EXPECT_DOUBLE_EQ(cli::sweep::summary_metric(j, "conservation_ok"), 1.0);
  EXPECT_DOUBLE_EQ(cli::sweep::summary_metric(j, "cost_usd.server.servers"), 6.0);
  // "server.requests" is no key: the shorter key "server" leads on.
  EXPECT_DOUBLE_EQ(cli::sweep::summary_metric(j, "cost_usd.server.requests"), 4.0);
  for (const char* bad : {"latency_s", "latency_s.p98", "scenario.name", "router.rules", "cost_usd.server", "",
                          "cost_usd.", ".latency_s.p99", "latency_s.p99.x"}) {
    EXPECT_THROW(cli::sweep::summary_metric(j, bad), std::out_of_range) << bad;
  }
  EXPECT_EQ(cli::sweep::summary_metric_paths(j),
            (std::vector<std::string>{"latency_s.p99", "latency_s.mean", "conservation_ok", "cost_usd.total",
                                      "cost_usd.server.servers", "cost_usd.server.requests"}));
}

TEST(CheckMetrics, NamesTheMetricAndTheClosestField) {
  const auto probe = json::parse(R"({"latency_s": {"p50": 1, "p99": 2}, "windows": {"worst_hour": {"p99_s": 3}}})");
  auto metric = [](std::string path, int i) {
    return models::sweep::MetricSpec{path, {"sweep.yaml", 9, 5 + 2 * i, "metrics[" + std::to_string(i) + "]"}};
  };
  EXPECT_NO_THROW(cli::sweep::check_metrics(probe, {metric("latency_s.p99", 0), metric("windows.worst_hour.p99_s", 1)}));
  auto message = [&](const std::vector<models::sweep::MetricSpec>& ms) {
    try {
      cli::sweep::check_metrics(probe, ms);
    } catch (const models::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({metric("latency_s.p99", 0), metric("latency_s.p98", 1)}),
            "sweep.yaml:9:7: metrics[1]: 'latency_s.p98' is not a summary field; did you mean 'latency_s.p99'?");
  EXPECT_EQ(message({metric("windows.worst_hour.p99", 0)}),
            "sweep.yaml:9:5: metrics[0]: 'windows.worst_hour.p99' is not a summary field; did you mean "
            "'windows.worst_hour.p99_s'?");
  EXPECT_EQ(message({metric("latency_s", 0)}),
            "sweep.yaml:9:5: metrics[0]: 'latency_s' is not a summary field; did you mean 'latency_s.p50'?");
  EXPECT_EQ(message({metric("throughput", 0)}), "sweep.yaml:9:5: metrics[0]: 'throughput' is not a summary field");
}

TEST(CheckMetrics, RefusesWallClockFigures) {
  // They are summary fields, but differ between identical runs: stores would depend on the machine.
  const auto probe = json::parse(R"({"run": {"wall_s": 0.5, "events_per_s": 1e6, "events": 10}})");
  for (const char* path : {"run.wall_s", "run.events_per_s"}) {
    try {
      cli::sweep::check_metrics(probe, {models::sweep::MetricSpec{path, {"sweep.yaml", 4, 3, "metrics[0]"}}});
      ADD_FAILURE() << path << " accepted";
    } catch (const models::ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("wall-clock"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(cli::sweep::check_metrics(probe, {models::sweep::MetricSpec{"run.events", {}}}));
}

// ---- one replication for its metrics ------------------------------------------------------------------

TEST(ProbeSummary, IsAShortRunWithEveryField) {
  auto s = models::parse_scenario(kLossScenario, "loss.yaml", {{"horizon", "2h"}});
  const auto probe = cli::sweep::probe_summary(s);
  EXPECT_DOUBLE_EQ(probe["run"]["horizon_s"].get<double>(), 60.0);
  for (const char* m : {"requests.share.rejected", "windows.worst_hour.p99_s", "windows.worst.p50_s",
                        "workload.tokens_per_hour", "cost_usd.per_month_30d", "cost_usd.server.servers"}) {
    EXPECT_NO_THROW(cli::sweep::summary_metric(probe, m)) << m;
  }
  EXPECT_EQ(probe["windows"]["hours"].get<std::uint64_t>(), 1u);
  // 400 tokens a request, 60 s of a 1-minute probe scaled to an hour.
  EXPECT_DOUBLE_EQ(probe["workload"]["tokens_per_hour"].get<double>(),
                   400.0 * probe["requests"]["arrivals"].get<double>() * 60.0);
}

TEST(RunReplicationForMetrics, GivesTheSameRecordTwiceAndOnThreads) {
  const auto s = models::parse_scenario(kLossScenario, "loss.yaml");
  const std::vector<std::string> known{"requests.share.rejected", "windows.worst_hour.p99_s", "latency_s.p99",
                                       "workload.tokens_per_hour", "cost_usd.server.servers", "requests.arrivals"};
  const auto a = cli::sweep::run_replication_for_metrics(s, 4, 2, known);
  const auto b = cli::sweep::run_replication_for_metrics(s, 4, 2, known);
  expect_same_record(a, b);
  EXPECT_EQ(a.point, 4u);
  EXPECT_EQ(a.replication, 2u);
  EXPECT_EQ(a.seed, 3u);
  EXPECT_TRUE(a.conservation_ok);
  EXPECT_GT(a.events, 0u);
  EXPECT_GT(a.values[0], 0.0);  // a loss system rejects
  EXPECT_LT(a.values[0], 1.0);
  EXPECT_GT(a.values[1], 0.0);
  EXPECT_DOUBLE_EQ(a.values[3], 400.0 * a.values[5] * 6.0);  // 400 tokens a request, 10 minutes
  EXPECT_DOUBLE_EQ(a.values[4], 2.0 / 6.0);                    // one server at $2/h for 10 minutes
  // Another replication differs.
  const auto other = cli::sweep::run_replication_for_metrics(s, 4, 3, known);
  EXPECT_NE(other.fingerprint, a.fingerprint);
  // Two threads on the same const scenario give the same records as one after the other.
  cli::sweep::ReplicationRecord ta, tb;
  std::thread t1([&] { ta = cli::sweep::run_replication_for_metrics(s, 4, 2, known); });
  std::thread t2([&] { tb = cli::sweep::run_replication_for_metrics(s, 4, 3, known); });
  t1.join();
  t2.join();
  expect_same_record(ta, a);
  expect_same_record(tb, other);
  // A path that is not a field fails (check_metrics is meant to catch it before).
  EXPECT_THROW(cli::sweep::run_replication_for_metrics(s, 0, 0, {"latency_s.p99", "no.such.field"}), std::out_of_range);
}

TEST(RunReplicationForMetrics, StopsWhenCancelled) {
  const auto s = models::parse_scenario(kLossScenario, "loss.yaml");
  std::atomic<int> polls{0};
  EXPECT_THROW(cli::sweep::run_replication_for_metrics(s, 0, 0, {"latency_s.p99"}, [&] { return ++polls > 3; }),
               cli::sweep::ReplicationCancelled);
  EXPECT_EQ(polls.load(), 4);  // stopped at the first poll that said so
  EXPECT_THROW(cli::sweep::run_replication_for_metrics(s, 0, 0, {"latency_s.p99"}, [] { return true; }),
               cli::sweep::ReplicationCancelled);
  // Never cancelled: runs to the end.
  EXPECT_NO_THROW(cli::sweep::run_replication_for_metrics(s, 0, 0, {"latency_s.p99"}, [] { return false; }));
}
