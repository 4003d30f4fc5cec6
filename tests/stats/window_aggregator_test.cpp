// WindowAggregator: empty windows in between, the partial last window, each window exactly once
// and in order, boundary events in the later window, and invalid widths.
#include "sim/window_aggregator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/latency_histogram.h"
#include "sim/random_streams.h"

namespace fmsim::sim {
namespace {

SimTime sec(std::int64_t s) { return SimTime::from_ns(Duration::seconds(s).ns()); }

struct Counter {
  int n = 0;
  void reset() { n = 0; }
};

struct Row {
  SimTime start;
  SimTime end;
  int n;
  bool operator==(const Row&) const = default;
};

// Prints rows readably in failure messages.
void PrintTo(const Row& r, std::ostream* os) {
  *os << "[" << to_string(r.start) << ", " << to_string(r.end) << ") n=" << r.n;
}

struct Collect {
  std::vector<Row>* rows;
  void operator()(SimTime s, SimTime e, const Counter& c) const { rows->push_back({s, e, c.n}); }
};

TEST(WindowAggregator, EmitsEmptyWindowsInBetweenAndPartialLast) {
  std::vector<Row> rows;
  WindowAggregator<Counter> w(Duration::seconds(10));
  EXPECT_EQ(w.current_start(), sec(0));
  EXPECT_EQ(w.current_end(), sec(10));
  w.at(sec(1), Collect{&rows}).n++;
  w.at(sec(2), Collect{&rows}).n++;
  EXPECT_TRUE(rows.empty());
  w.at(sec(35), Collect{&rows}).n++;
  EXPECT_EQ(w.current_start(), sec(30));
  EXPECT_EQ(w.current_end(), sec(40));
  w.finish(sec(47), Collect{&rows});
  const std::vector<Row> want = {{sec(0), sec(10), 2},
                                 {sec(10), sec(20), 0},
                                 {sec(20), sec(30), 0},
                                 {sec(30), sec(40), 1},
                                 {sec(40), sec(47), 0}};
  EXPECT_EQ(rows, want);
}

TEST(WindowAggregator, EventOnBoundaryGoesToLaterWindow) {
  std::vector<Row> rows;
  WindowAggregator<Counter> w(Duration::seconds(10));
  w.at(sec(10) - Duration::nanoseconds(1), Collect{&rows}).n++;
  w.at(sec(10), Collect{&rows}).n++;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (Row{sec(0), sec(10), 1}));
  EXPECT_EQ(w.current_start(), sec(10));
  EXPECT_EQ(w.current().n, 1);
}

TEST(WindowAggregator, FinishOnBoundaryEmitsNoEmptyLengthWindow) {
  std::vector<Row> rows;
  WindowAggregator<Counter> w(Duration::seconds(10));
  w.at(sec(25), Collect{&rows}).n++;
  w.finish(sec(30), Collect{&rows});
  const std::vector<Row> want = {
      {sec(0), sec(10), 0}, {sec(10), sec(20), 0}, {sec(20), sec(30), 1}};
  EXPECT_EQ(rows, want);
  // A second finish at the same time has nothing left to emit.
  w.finish(sec(30), Collect{&rows});
  EXPECT_EQ(rows.size(), 3u);
  // Finishing at the very start emits nothing.
  std::vector<Row> none;
  WindowAggregator<Counter> fresh(Duration::seconds(10), sec(5));
  fresh.finish(sec(5), Collect{&none});
  EXPECT_TRUE(none.empty());
}

TEST(WindowAggregator, GridFollowsStartAndSurvivesFinish) {
  std::vector<Row> rows;
  WindowAggregator<Counter> w(Duration::seconds(10), sec(5));
  w.at(sec(16), Collect{&rows}).n++;
  w.finish(sec(18), Collect{&rows});  // cuts [15, 25) at 18
  w.at(sec(26), Collect{&rows}).n++;  // the rest [18, 25) is its own window; grid unchanged
  w.finish(sec(35), Collect{&rows});
  const std::vector<Row> want = {{sec(5), sec(15), 0},
                                 {sec(15), sec(18), 1},
                                 {sec(18), sec(25), 0},
                                 {sec(25), sec(35), 1}};
  EXPECT_EQ(rows, want);
}

TEST(WindowAggregator, EachWindowExactlyOnceInOrderAndHoldsItsEvents) {
  // Accumulator keeping the event times, so each emitted window can be checked to hold exactly
  // the events inside it.
  struct Times {
    std::vector<SimTime> ts;
    void reset() { ts.clear(); }
  };
  RandomEngine engine = RandomStreams(5, 0).stream("windows");
  boost::random::uniform_int_distribution<std::int64_t> gap(0, Duration::seconds(25).ns());
  const Duration width = Duration::seconds(7);
  WindowAggregator<Times> w(width, sec(3));

  std::vector<SimTime> events;
  SimTime expect_start = sec(3);
  std::size_t seen = 0;
  bool partial_seen = false;
  auto sink = [&](SimTime s, SimTime e, const Times& acc) {
    ASSERT_FALSE(partial_seen) << "window after the partial last one";
    EXPECT_EQ(s, expect_start);  // contiguous and in order: no gap, no repeat
    if (e - s != width) partial_seen = true;
    EXPECT_LT(s, e);
    EXPECT_LE(e - s, width);
    expect_start = e;
    for (SimTime t : acc.ts) {
      EXPECT_LE(s, t);
      EXPECT_LT(t, e);
    }
    seen += acc.ts.size();
  };
  SimTime t = sec(3);
  for (int i = 0; i < 20'000; ++i) {
    t += Duration::nanoseconds(gap(engine));
    w.at(t, sink).ts.push_back(t);
    events.push_back(t);
  }
  const SimTime end = t + Duration::nanoseconds(1);
  w.finish(end, sink);
  EXPECT_EQ(expect_start, end);
  EXPECT_EQ(seen, events.size());
}

TEST(WindowAggregator, HistogramWindowsMergeIntoTheRunTotal) {
  LatencyHistogram total;
  LatencyHistogram merged;
  int windows = 0;
  auto sink = [&](SimTime, SimTime, const LatencyHistogram& h) {
    merged.merge(h);
    ++windows;
  };
  WindowAggregator<LatencyHistogram> w(Duration::minutes(1));
  for (int i = 0; i < 1000; ++i) {
    const SimTime t = SimTime::from_ns(Duration::milliseconds(i * 397).ns());
    const double latency = 0.001 * (1 + i % 97);
    w.at(t, sink).record_seconds(latency);
    total.record_seconds(latency);
  }
  w.finish(SimTime::from_ns(Duration::seconds(400).ns()), sink);
  EXPECT_EQ(windows, 7);  // 6 full minutes + [360 s, 400 s)
  EXPECT_EQ(merged.count(), total.count());
  for (double q : {0.5, 0.9, 0.99}) EXPECT_EQ(merged.quantile(q), total.quantile(q));
}

TEST(WindowAggregator, InvalidWidthAndBackwardsTimeThrow) {
  EXPECT_THROW(WindowAggregator<Counter>(Duration::zero()), std::invalid_argument);
  EXPECT_THROW(WindowAggregator<Counter>(Duration::seconds(-1)), std::invalid_argument);
  std::vector<Row> rows;
  WindowAggregator<Counter> w(Duration::seconds(10), sec(100));
  EXPECT_THROW(w.at(sec(99), Collect{&rows}), std::logic_error);
  w.at(sec(125), Collect{&rows});
  EXPECT_THROW(w.at(sec(119), Collect{&rows}), std::logic_error);
  EXPECT_THROW(w.finish(sec(119), Collect{&rows}), std::logic_error);
  EXPECT_EQ(rows.size(), 2u);
}

}  // namespace
}  // namespace fmsim::sim
