// The hot paths (LatencyHistogram::record, Moments::add, TimeWeightedGauge::set/add,
// WindowAggregator::at) and the reuse paths (reset, merge, quantile) must not allocate. Checked
// by counting calls to the replaced global operator new of tests/support/allocation_counter.cpp.
#include <gtest/gtest.h>

#include <cstdint>

#include "sim/latency_histogram.h"
#include "sim/moments.h"
#include "sim/time_weighted_gauge.h"
#include "sim/window_aggregator.h"
#include "tests/support/allocation_counter.h"

namespace fmsim::sim {
namespace {

using fmsim::testing::allocations;

TEST(NoAllocation, HotAndReusePaths) {
  LatencyHistogram h;
  LatencyHistogram other;
  other.record_seconds(0.5);
  Moments m;
  TimeWeightedGauge g;
  int closed = 0;
  WindowAggregator<LatencyHistogram> w(Duration::seconds(1));
  auto sink = [&closed](SimTime, SimTime, const LatencyHistogram&) { ++closed; };
  double sink_q = 0.0;

  const long before = allocations();
  for (int i = 0; i < 100'000; ++i) {
    const double x = 1e-7 * (i + 1);
    h.record_seconds(x);
    h.record(Duration::nanoseconds(i));
    m.add(x);
    g.add(SimTime::from_ns(i), 1.0);
    g.set(SimTime::from_ns(i), x);
    w.at(SimTime::from_ns(std::int64_t{i} * 100'000), sink).record_seconds(x);
  }
  h.merge(other);
  sink_q += h.quantile(0.99) + m.variance() + g.mean(SimTime::from_ns(200'000));
  h.reset();
  m.reset();
  g.restart(SimTime::from_ns(300'000));
  w.finish(SimTime::from_ns(std::int64_t{100'000} * 100'000), sink);
  const long after = allocations();

  EXPECT_EQ(after - before, 0);
  EXPECT_GT(closed, 0);
  EXPECT_GT(sink_q, 0.0);
}

TEST(NoAllocation, CounterSeesAllocations) {
  // Guards the test above against a counter that never counts.
  const long before = allocations();
  auto* p = new LatencyHistogram();  // the histogram's storage allocates too
  delete p;
  EXPECT_GE(allocations() - before, 2);
}

}  // namespace
}  // namespace fmsim::sim
