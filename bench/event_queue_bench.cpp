// Hold-model benchmark of the future-event list (Jones 1986; Rönngren & Ayani 1997): the queue
// is pre-filled with P pending events, then every step pops the minimum and pushes one new event
// at popped_time + Exp(mean 1 ms), so the size stays P. Reports events/s (one pop + one push).
//
// Compared: sim::EventQueue and the fair baseline, a std::priority_queue (binary heap) of 24-byte
// {time, seq, payload} entries ordered by (time, seq) — the same FIFO tie-break contract. Both
// consume the same pre-generated increments, so RNG cost is outside the timed loop.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>

#include "sim/event_queue.h"

namespace {

using fmsim::sim::Duration;
using fmsim::sim::EventQueue;
using fmsim::sim::PoppedEvent;
using fmsim::sim::SimTime;

// 2^16 increments (512 KiB), read sequentially (prefetch-friendly) and reused cyclically.
constexpr std::size_t kIncrements = std::size_t{1} << 16;
constexpr double kMeanIncrementNs = 1e6;  // 1 ms: realistic spacing at nanosecond resolution

const std::vector<std::int64_t>& increments() {
  static const std::vector<std::int64_t> incs = [] {
    boost::random::mt19937_64 rng(1986);
    boost::random::exponential_distribution<double> exp(1.0 / kMeanIncrementNs);
    std::vector<std::int64_t> v(kIncrements);
    for (auto& x : v) x = static_cast<std::int64_t>(exp(rng));
    return v;
  }();
  return incs;
}

void noop(void*, std::uint64_t) {}

void BM_Hold_EventQueue(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<std::int64_t>& inc = increments();
  EventQueue q;
  q.reserve(pending);
  for (std::size_t i = 0; i < pending; ++i) {
    q.push(SimTime::from_ns(inc[i % kIncrements]), &noop, nullptr, i);
  }
  std::size_t k = pending % kIncrements;
  std::uint64_t checksum = 0;
  PoppedEvent ev;
  for (auto _ : state) {
    q.pop(ev);
    checksum += ev.arg;
    q.push(ev.time + Duration::nanoseconds(inc[k]), ev.fn, ev.target, ev.arg);
    k = (k + 1) & (kIncrements - 1);
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

struct Entry {
  std::int64_t time;
  std::uint64_t seq;
  std::uint64_t payload;
};
static_assert(sizeof(Entry) == 24);

// std::priority_queue is a max-heap: "less" here means "pops later".
struct PopsLater {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.time > b.time || (a.time == b.time && a.seq > b.seq);
  }
};

void BM_Hold_StdPriorityQueue(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<std::int64_t>& inc = increments();
  std::vector<Entry> storage;
  storage.reserve(pending + 1);
  std::priority_queue<Entry, std::vector<Entry>, PopsLater> q(PopsLater{}, std::move(storage));
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < pending; ++i) q.push(Entry{inc[i % kIncrements], seq++, i});
  std::size_t k = pending % kIncrements;
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    const Entry top = q.top();
    q.pop();
    checksum += top.payload;
    q.push(Entry{top.time + inc[k], seq++, top.payload});
    k = (k + 1) & (kIncrements - 1);
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(BM_Hold_EventQueue)->Arg(1'000)->Arg(100'000);
BENCHMARK(BM_Hold_StdPriorityQueue)->Arg(1'000)->Arg(100'000);

}  // namespace
