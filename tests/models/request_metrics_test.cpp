// models::RequestMetrics on a hand-worked timeline: arrivals counted in the window of their
// arrival and outcomes (with latency) in the window of their outcome, empty windows still
// emitted, the time-weighted requests-in-system mean per window and for the whole run, latency
// recorded for ok only, finish() closing a partial last window (and none of zero length), a
// null sink, and totals equal to the sums of the window rows.
#include "models/metrics/request_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

SimTime sec(std::int64_t s) { return SimTime::from_ns(Duration::seconds(s).ns()); }

// Copies each row out: the row's window is reset and reused once the sink returns.
struct Row {
  SimTime start;
  SimTime end;
  OutcomeCounts counts;
  std::uint64_t latency_count;
  double latency_min;
  double latency_max;
  double in_system_mean;
  std::int64_t in_system_end;
};

struct Sink final : RequestWindowSink {
  std::vector<Row> rows;
  void on_request_window(const RequestWindowRow& r) override {
    rows.push_back(Row{r.start, r.end, r.window->counts, r.window->latency.count(),
                       r.window->latency.count() ? r.window->latency.min_seconds() : 0.0,
                       r.window->latency.count() ? r.window->latency.max_seconds() : 0.0, r.in_system_mean,
                       r.in_system_end});
  }
};

// The timeline, with 10 s windows:
//   t=1  arrival A          t=5  arrival B          t=12 A ok (latency 11 s)
//   t=15 arrival C          t=25 B timed_out (20 s) [nothing in 30..40]
//   t=41 C ok (26 s)        t=43 arrival D (in flight at the end)      finish at 45
// Requests in system: 0 [0,1) 1 [1,5) 2 [5,12) 1 [12,15) 2 [15,25) 1 [25,41) 0 [41,43) 1 [43,45).
void play(RequestMetrics& m) {
  m.on_arrival(sec(1));
  m.on_arrival(sec(5));
  m.on_outcome(sec(12), Outcome::ok, Duration::seconds(11));
  m.on_arrival(sec(15));
  m.on_outcome(sec(25), Outcome::timed_out, Duration::seconds(20));
  m.on_outcome(sec(41), Outcome::ok, Duration::seconds(26));
  m.on_arrival(sec(43));
  m.finish(sec(45));
}

TEST(RequestMetrics, WindowRowsOnAHandWorkedTimeline) {
  Sink sink;
  RequestMetrics m(Duration::seconds(10), &sink);
  play(m);

  ASSERT_EQ(sink.rows.size(), 5u);
  const std::vector<std::int64_t> starts = {0, 10, 20, 30, 40};
  const std::vector<std::int64_t> ends = {10, 20, 30, 40, 45};  // the last is cut at the horizon
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sink.rows[i].start, sec(starts[i])) << i;
    EXPECT_EQ(sink.rows[i].end, sec(ends[i])) << i;
  }
  // Arrivals by arrival window: A, B in [0,10); C in [10,20); D in [40,45).
  EXPECT_EQ(sink.rows[0].counts.arrivals, 2u);
  EXPECT_EQ(sink.rows[1].counts.arrivals, 1u);
  EXPECT_EQ(sink.rows[2].counts.arrivals, 0u);
  EXPECT_EQ(sink.rows[3].counts.arrivals, 0u);
  EXPECT_EQ(sink.rows[4].counts.arrivals, 1u);
  // Outcomes by outcome window: A (arrived in window 0) ends ok in window 1; B in window 2.
  EXPECT_EQ(sink.rows[0].counts.ended(), 0u);
  EXPECT_EQ(sink.rows[1].counts[Outcome::ok], 1u);
  EXPECT_EQ(sink.rows[1].counts.ended(), 1u);
  EXPECT_EQ(sink.rows[2].counts[Outcome::timed_out], 1u);
  EXPECT_EQ(sink.rows[2].counts.ended(), 1u);
  EXPECT_EQ(sink.rows[4].counts[Outcome::ok], 1u);
  // Window 3 has no events at all and is still emitted, with the level carried through it.
  EXPECT_EQ(sink.rows[3].counts.ended(), 0u);
  EXPECT_EQ(sink.rows[3].latency_count, 0u);
  // Latency: only the ok requests, in their outcome window; B's 20 s timeout is not a latency.
  EXPECT_EQ(sink.rows[1].latency_count, 1u);
  EXPECT_DOUBLE_EQ(sink.rows[1].latency_min, 11.0);
  EXPECT_EQ(sink.rows[2].latency_count, 0u);
  EXPECT_EQ(sink.rows[4].latency_count, 1u);
  EXPECT_DOUBLE_EQ(sink.rows[4].latency_max, 26.0);
  // In system, time-weighted per window (areas in request·s):
  //   [0,10): 0·1 + 1·4 + 2·5 = 14 -> 1.4      [10,20): 2·2 + 1·3 + 2·5 = 17 -> 1.7
  //   [20,30): 2·5 + 1·5 = 15 -> 1.5           [30,40): 1·10 -> 1.0
  //   [40,45): 1·1 + 0·2 + 1·2 = 3 over 5 s -> 0.6
  const std::vector<double> means = {1.4, 1.7, 1.5, 1.0, 0.6};
  const std::vector<std::int64_t> at_end = {2, 2, 1, 1, 1};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(sink.rows[i].in_system_mean, means[i], 1e-12) << i;
    EXPECT_EQ(sink.rows[i].in_system_end, at_end[i]) << i;
  }
}

TEST(RequestMetrics, TotalsAndWholeRunGauge) {
  Sink sink;
  RequestMetrics m(Duration::seconds(10), &sink);
  play(m);

  const OutcomeCounts& t = m.totals();
  EXPECT_EQ(t.arrivals, 4u);
  EXPECT_EQ(t[Outcome::ok], 2u);
  EXPECT_EQ(t[Outcome::timed_out], 1u);
  EXPECT_EQ(t[Outcome::rejected], 0u);
  EXPECT_EQ(t[Outcome::throttled], 0u);
  EXPECT_EQ(t[Outcome::error], 0u);
  EXPECT_EQ(t.ended(), 3u);
  EXPECT_EQ(m.in_system(), 1);  // D
  EXPECT_EQ(m.latency().count(), 2u);
  EXPECT_DOUBLE_EQ(m.latency().min_seconds(), 11.0);
  EXPECT_DOUBLE_EQ(m.latency().max_seconds(), 26.0);
  EXPECT_DOUBLE_EQ(m.latency().sum_seconds(), 37.0);
  // (14 + 17 + 15 + 10 + 3) / 45 s.
  EXPECT_NEAR(m.in_system_mean(), 59.0 / 45.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.in_system_max(), 2.0);

  // The rows add up to the totals.
  OutcomeCounts sum;
  std::uint64_t latency_count = 0;
  double area = 0;
  for (const auto& r : sink.rows) {
    sum.arrivals += r.counts.arrivals;
    for (auto o : kAllOutcomes) sum[o] += r.counts[o];
    latency_count += r.latency_count;
    area += r.in_system_mean * (r.end - r.start).seconds_f();
  }
  EXPECT_EQ(sum.arrivals, t.arrivals);
  EXPECT_EQ(sum.by_outcome, t.by_outcome);
  EXPECT_EQ(latency_count, m.latency().count());
  EXPECT_NEAR(area / 45.0, m.in_system_mean(), 1e-12);
}

TEST(RequestMetrics, BoundaryEventsBelongToTheLaterWindow) {
  Sink sink;
  RequestMetrics m(Duration::seconds(10), &sink);
  m.on_arrival(sec(10));                                               // window [10,20)
  m.on_outcome(sec(20), Outcome::rejected, Duration::seconds(10));  // window [20,30)
  m.finish(sec(30));  // exactly on a boundary: no zero-length row after [20,30)
  ASSERT_EQ(sink.rows.size(), 3u);
  EXPECT_EQ(sink.rows[0].counts.arrivals, 0u);
  EXPECT_EQ(sink.rows[1].counts.arrivals, 1u);
  EXPECT_EQ(sink.rows[1].counts.ended(), 0u);
  EXPECT_EQ(sink.rows[2].counts[Outcome::rejected], 1u);
  EXPECT_EQ(sink.rows[2].end, sec(30));
  EXPECT_NEAR(sink.rows[0].in_system_mean, 0.0, 1e-15);
  EXPECT_NEAR(sink.rows[1].in_system_mean, 1.0, 1e-15);
  EXPECT_NEAR(sink.rows[2].in_system_mean, 0.0, 1e-15);
  EXPECT_EQ(m.latency().count(), 0u) << "a rejection has no latency";
}

TEST(RequestMetrics, ManyEmptyWindowsThenFinish) {
  // A single request over a long idle stretch: every 60 s window of the hour is emitted.
  Sink sink;
  RequestMetrics m(Duration::seconds(60), &sink);
  m.on_arrival(sec(30));
  m.on_outcome(sec(3590), Outcome::ok, Duration::seconds(3560));
  m.finish(sec(3600));
  ASSERT_EQ(sink.rows.size(), 60u);
  for (std::size_t i = 0; i < 60; ++i) {
    EXPECT_EQ(sink.rows[i].start, sec(60 * static_cast<std::int64_t>(i)));
    const double expected = i == 0 ? 0.5 : (i == 59 ? 50.0 / 60.0 : 1.0);
    EXPECT_NEAR(sink.rows[i].in_system_mean, expected, 1e-12) << i;
  }
  EXPECT_EQ(sink.rows[59].counts[Outcome::ok], 1u);
  EXPECT_NEAR(m.in_system_mean(), 3560.0 / 3600.0, 1e-12);
}

TEST(RequestMetrics, NullSinkKeepsTotals) {
  RequestMetrics m(Duration::seconds(10), nullptr);
  play(m);
  EXPECT_EQ(m.totals().arrivals, 4u);
  EXPECT_EQ(m.totals().ended(), 3u);
  EXPECT_NEAR(m.in_system_mean(), 59.0 / 45.0, 1e-12);
}

TEST(RequestMetrics, OutcomeCountsIndexing) {
  OutcomeCounts c;
  c[Outcome::error] = 3;
  c[Outcome::throttled] = 2;
  EXPECT_EQ(c.by_outcome[static_cast<std::size_t>(Outcome::error)], 3u);
  EXPECT_EQ(c.ended(), 5u);
  EXPECT_EQ(to_string(Outcome::timed_out), "timed_out");
}

}  // namespace
}  // namespace fmsim::models
