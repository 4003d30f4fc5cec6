// The hot paths (LatencyHistogram::record, Moments::add, TimeWeightedGauge::set/add,
// WindowAggregator::at) and the reuse paths (reset, merge, quantile) must not allocate. Checked
// by counting calls to a replaced global operator new — the one global this test binary needs,
// since allocation is only observable there.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "sim/latency_histogram.h"
#include "sim/moments.h"
#include "sim/time_weighted_gauge.h"
#include "sim/window_aggregator.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// noinline throughout: once inlined into new/delete-expressions, GCC sees malloc'd memory reach
// operator delete (or operator-new memory reach free) and warns -Wmismatched-new-delete,
// although this file pairs them consistently.
[[gnu::noinline]] void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) { return ::operator new(n); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace fmsim::sim {
namespace {

long allocations() { return g_allocations.load(std::memory_order_relaxed); }

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
