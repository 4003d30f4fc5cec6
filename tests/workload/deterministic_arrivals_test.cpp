// DeterministicArrivals: the k-th arrival at exactly k / rate, so a day at 1,000/day brings exactly
// 1,000 arrivals 86.4 s apart (none drifting after many gaps); no randomness, so every seed and
// replication sees the same times; and a non-positive rate is refused.
#include "models/workload/deterministic_arrivals.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "models/workload/arrival_driver.h"
#include "models/workload/arrival_factory.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

TEST(DeterministicArrivals, EvenlySpacedFromTimeZero) {
  DeterministicArrivals p(4.0);  // every 250 ms
  Arrival a;
  for (std::int64_t k = 0; k < 10; ++k) {
    ASSERT_TRUE(p.next(a));
    EXPECT_EQ(a.time, SimTime::zero() + Duration::milliseconds(250 * k));
    // Nothing besides the time: classes draw the tokens.
    EXPECT_EQ(a.input_tokens, -1);
    EXPECT_EQ(a.output_tokens, -1);
    EXPECT_EQ(a.class_index, -1);
  }
}

// The k-th time is computed from k, not by adding gaps, so it never drifts: at 1,000/day the
// millionth arrival is still exactly 86.4 s after the one before; at 3/s, where the gap is no
// whole number of nanoseconds (333,333,333.3 ns), the k-th is the nanosecond nearest k/3 s.
TEST(DeterministicArrivals, NoDriftOverManyGaps) {
  DeterministicArrivals daily(1000.0 / 86400.0);
  DeterministicArrivals thirds(3.0);
  Arrival a;
  for (std::int64_t k = 0; k < 1'000'000; ++k) {
    ASSERT_TRUE(daily.next(a));
    ASSERT_EQ(a.time.ns(), k * 86'400'000'000) << "arrival " << k;
    ASSERT_TRUE(thirds.next(a));
    ASSERT_EQ(a.time.ns(), (k * 1'000'000'000 + 1) / 3) << "arrival " << k;  // round(k·10⁹/3)
  }
}

class Counter final : public ArrivalListener {
 public:
  explicit Counter(sim::Simulator& sim) : sim_(sim) {}
  void on_arrival(const Arrival&) override {
    if (n_ > 0) {
      EXPECT_EQ((sim_.now() - last_).ns(), 86'400'000'000);
    }
    last_ = sim_.now();
    ++n_;
  }
  std::uint64_t n_ = 0;
  SimTime last_;

 private:
  sim::Simulator& sim_;
};

// Through the factory and the driver, as a replication runs it: 1,000/day over one day is exactly
// 1,000 arrivals (at 0, 86.4 s, ..., 86,313.6 s; the 1,001st would be at 86,400 s, the horizon,
// which is excluded), whatever the seed and replication.
TEST(DeterministicArrivals, ExactlyOneThousandInADay) {
  ArrivalProcessSpec spec;
  spec.kind = ArrivalKind::deterministic;
  spec.rate_per_s = 1000.0 / 86400.0;
  for (std::uint64_t seed : {1u, 2u}) {
    for (std::uint64_t replication : {0u, 7u}) {
      const sim::RandomStreams streams(seed, replication);
      ArrivalSource source = make_arrival_process(spec, CalendarSpec{}, streams);
      sim::Simulator sim;
      Counter counter(sim);
      ArrivalDriver driver(sim, *source.process, counter);
      driver.start();
      sim.run_until(SimTime::zero() + Duration::days(1));
      EXPECT_EQ(counter.n_, 1000u);
      EXPECT_EQ(driver.arrivals(), 1000u);
      EXPECT_EQ(counter.last_, SimTime::zero() + Duration::milliseconds(86'313'600));
      EXPECT_EQ(source.trace, nullptr);
    }
  }
}

TEST(DeterministicArrivals, RefusesANonPositiveRate) {
  EXPECT_THROW(DeterministicArrivals(0.0), std::invalid_argument);
  EXPECT_THROW(DeterministicArrivals(-1.0), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
