// ServiceMetrics (models/metrics/service_metrics.h): the columns components register, counters per
// window, gauges' time-weighted mean and maximum per window, the streamed rows tiling [0, end), and
// the whole-run totals — all against hand-computed figures.
#include "models/metrics/service_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

SimTime at_s(double s) { return SimTime::zero() + Duration::from_seconds(s); }

struct Rows final : ServiceWindowSink {
  struct Row {
    std::int64_t start_ns;
    std::int64_t end_ns;
    std::vector<double> values;
  };
  std::vector<Row> rows;
  void on_service_window(SimTime start, SimTime end, std::span<const double> values) override {
    rows.push_back(Row{start.ns(), end.ns(), std::vector<double>(values.begin(), values.end())});
  }
};

// Counters and maxima are exact; a time-weighted mean is level·ns summed, then scaled to seconds,
// so it is exact only to rounding (a level of 3 held throughout may read 2.9999999999999996).
constexpr double kRounding = 1e-12;

void expect_row(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], kRounding) << "column " << i;
}

TEST(ServiceMetrics, ColumnsInRegistrationOrderGaugesGiveMeanAndMax) {
  ServiceMetrics m(Duration::seconds(60), nullptr);
  const auto cold = m.add_counter("lambda", "cold_starts");
  const auto envs = m.add_gauge("lambda", "environments");
  const auto calls = m.add_counter("client", "model_calls");
  EXPECT_EQ(cold, 0u);
  EXPECT_EQ(envs, 0u);
  EXPECT_EQ(calls, 1u);
  const auto& c = m.columns();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].component, "lambda");
  EXPECT_EQ(c[0].name, "cold_starts");
  EXPECT_EQ(c[1].component, "lambda");
  EXPECT_EQ(c[1].name, "environments_mean");
  EXPECT_EQ(c[2].name, "environments_max");
  EXPECT_EQ(c[3].component, "client");
  EXPECT_EQ(c[3].name, "model_calls");
}

// Window 60 s, run to 150 s: windows [0,60) [60,120) [120,150).
//   counter: +1 at 10 s, +2 at 20 s, +1 at 60 s (the second window: half-open), nothing after.
//   gauge (starts at 0): 2 at 30 s, 4 at 45 s, 7 and at once 1 at 90 s (7 is never held).
//     [0,60):    (0·30 + 2·15 + 4·15)/60 = 90/60 = 1.5, max 4
//     [60,120):  (4·30 + 1·30)/60 = 150/60 = 2.5, max 4
//     [120,150): 1, max 1
//     whole run: (90 + 150 + 30)/150 = 1.8, max 4.
TEST(ServiceMetrics, CountersAndGaugesPerWindowAndForTheRun) {
  Rows sink;
  ServiceMetrics m(Duration::seconds(60), &sink);
  const auto n = m.add_counter("queue", "received");
  const auto g = m.add_gauge("queue", "depth");
  m.add(at_s(10), n);
  m.add(at_s(20), n, 2);
  m.set(at_s(30), g, 2);
  m.set(at_s(45), g, 4);
  EXPECT_EQ(m.counted(n), 3.0);  // the open window counts too
  EXPECT_EQ(m.level(g), 4.0);
  m.add(at_s(60), n);
  ASSERT_EQ(sink.rows.size(), 1u);  // touching t = 60 s closed the first window
  m.set(at_s(90), g, 7);
  m.set(at_s(90), g, 1);
  EXPECT_EQ(m.counted(n), 4.0);
  m.finish(at_s(150));

  ASSERT_EQ(sink.rows.size(), 3u);
  const std::int64_t s = 1'000'000'000;
  EXPECT_EQ(sink.rows[0].start_ns, 0);
  EXPECT_EQ(sink.rows[0].end_ns, 60 * s);
  EXPECT_EQ(sink.rows[1].start_ns, 60 * s);
  EXPECT_EQ(sink.rows[1].end_ns, 120 * s);
  EXPECT_EQ(sink.rows[2].start_ns, 120 * s);
  EXPECT_EQ(sink.rows[2].end_ns, 150 * s);
  // Columns: received, depth_mean, depth_max.
  expect_row(sink.rows[0].values, {3, 1.5, 4});
  expect_row(sink.rows[1].values, {1, 2.5, 4});
  expect_row(sink.rows[2].values, {0, 1, 1});
  for (const auto& row : sink.rows) {
    EXPECT_EQ(row.values[0], std::round(row.values[0]));  // counters are exact
    EXPECT_EQ(row.values[2], std::round(row.values[2]));  // so are maxima
  }

  const auto counters = m.counter_totals();
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0].component, "queue");
  EXPECT_EQ(counters[0].name, "received");
  EXPECT_EQ(counters[0].total, 4.0);
  const auto gauges = m.gauge_totals();
  ASSERT_EQ(gauges.size(), 1u);
  EXPECT_EQ(gauges[0].component, "queue");
  EXPECT_EQ(gauges[0].name, "depth");
  EXPECT_NEAR(gauges[0].mean, 1.8, kRounding);
  EXPECT_EQ(gauges[0].max, 4.0);
}

// Quiet windows are still written (a row per window whatever happens), and a gauge nobody sets
// keeps its initial level.
TEST(ServiceMetrics, QuietWindowsAndAnInitialLevel) {
  Rows sink;
  ServiceMetrics m(Duration::seconds(10), &sink);
  const auto n = m.add_counter("endpoint", "scale_outs");
  const auto g = m.add_gauge("endpoint", "instances", 3);
  m.add(at_s(35), n);
  m.finish(at_s(40));
  ASSERT_EQ(sink.rows.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(sink.rows[i].values[1], 3.0, kRounding) << i;
    EXPECT_EQ(sink.rows[i].values[2], 3.0) << i;
    EXPECT_EQ(sink.rows[i].values[0], i == 3 ? 1.0 : 0.0) << i;
  }
  EXPECT_EQ(m.counter_totals()[0].total, 1.0);
  EXPECT_NEAR(m.gauge_totals()[0].mean, 3.0, kRounding);
  EXPECT_EQ(m.gauge_totals()[0].max, 3.0);
  EXPECT_EQ(m.level(g), 3.0);
}

// Without a sink the windows still close, so the whole-run figures are the same.
TEST(ServiceMetrics, TotalsWithoutASink) {
  ServiceMetrics silent(Duration::seconds(7), nullptr);
  Rows sink;
  ServiceMetrics streamed(Duration::seconds(7), &sink);
  for (ServiceMetrics* m : {&silent, &streamed}) {
    const auto n = m->add_counter("f", "invocations");
    const auto g = m->add_gauge("f", "busy");
    for (int i = 0; i < 100; ++i) {
      m->add(at_s(0.37 * i), n);
      m->set(at_s(0.37 * i), g, i % 5);
    }
    m->finish(at_s(40));
  }
  EXPECT_EQ(silent.counter_totals()[0].total, 100.0);
  EXPECT_EQ(streamed.counter_totals()[0].total, 100.0);
  EXPECT_EQ(silent.gauge_totals()[0].mean, streamed.gauge_totals()[0].mean);
  EXPECT_EQ(silent.gauge_totals()[0].max, 4.0);
  double counted = 0;
  for (const auto& r : sink.rows) counted += r.values[0];
  EXPECT_EQ(counted, 100.0);
  EXPECT_EQ(sink.rows.back().end_ns, at_s(40).ns());
}

// A run whose end falls on a window boundary has no empty last row.
TEST(ServiceMetrics, EndOnAWindowBoundary) {
  Rows sink;
  ServiceMetrics m(Duration::seconds(60), &sink);
  const auto g = m.add_gauge("x", "level");
  m.set(at_s(30), g, 2);
  m.finish(at_s(120));
  ASSERT_EQ(sink.rows.size(), 2u);
  expect_row(sink.rows[0].values, {1, 2});  // (0·30 + 2·30)/60
  expect_row(sink.rows[1].values, {2, 2});
  EXPECT_NEAR(m.gauge_totals()[0].mean, 1.5, kRounding);  // (60 + 120)/120
}

}  // namespace
}  // namespace fmsim::models
