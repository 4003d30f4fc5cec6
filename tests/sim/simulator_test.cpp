// Tests of the event loop: half-open run_until, the clock, scheduling in the past, member
// trampolines, stop(), event counting and the fingerprint.
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "tests/support/sim_time.h"

namespace fmsim::sim {
namespace {

using fmsim::testing::at;

// Records (now, arg) for every event it receives.
struct Recorder {
  Simulator* sim = nullptr;
  std::vector<std::pair<std::int64_t, std::uint64_t>> seen;
  void on_event(std::uint64_t arg) { seen.emplace_back(sim->now().ns(), arg); }
  static void fire(void* self, std::uint64_t arg) { static_cast<Recorder*>(self)->on_event(arg); }
};

TEST(Simulator, RunUntilIsHalfOpenAndAdvancesTheClock) {
  Simulator sim;
  Recorder rec{&sim, {}};
  sim.schedule_at(at(0), &Recorder::fire, &rec, 0);
  sim.schedule_at(at(5), &Recorder::fire, &rec, 5);
  sim.schedule_at(at(10), &Recorder::fire, &rec, 10);
  sim.run_until(at(10));
  // [0, 10): the event at exactly 10 belongs to the next window.
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{0, 0}, {5, 5}}));
  EXPECT_EQ(sim.now(), at(10));
  EXPECT_EQ(sim.pending(), 1u);
  sim.run_until(at(20));
  EXPECT_EQ(rec.seen.size(), 3u);
  EXPECT_EQ(rec.seen.back(), (std::pair<std::int64_t, std::uint64_t>{10, 10}));
  EXPECT_EQ(sim.now(), at(20));
  EXPECT_EQ(sim.events_processed(), 3u);
}

TEST(Simulator, EventsScheduledAtNowAfterRunUntilRunFirst) {
  // After run_until(17) the clock is at 17 although the last event ran at 10 and a cancelled one
  // sat at 15: scheduling at 17 is legal and runs before the pending event at 20.
  Simulator sim;
  Recorder rec{&sim, {}};
  sim.schedule_at(at(10), &Recorder::fire, &rec, 10);
  const EventHandle c = sim.schedule_at(at(15), &Recorder::fire, &rec, 15);
  sim.schedule_at(at(20), &Recorder::fire, &rec, 20);
  sim.run_until(at(12));
  EXPECT_TRUE(sim.cancel(c));
  sim.run_until(at(17));
  EXPECT_EQ(sim.now(), at(17));
  sim.schedule_at(at(17), &Recorder::fire, &rec, 17);
  sim.run_until(at(30));
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{10, 10}, {17, 17}, {20, 20}}));
}

TEST(Simulator, ClockAdvancesToUntilWithNoEvents) {
  Simulator sim;
  EXPECT_EQ(sim.now(), SimTime::zero());
  sim.run_until(at(1'000));
  EXPECT_EQ(sim.now(), at(1'000));
  EXPECT_EQ(sim.events_processed(), 0u);
}

TEST(Simulator, EventsSeeTheirOwnTimeAsNow) {
  Simulator sim;
  Recorder rec{&sim, {}};
  sim.schedule_in(Duration::milliseconds(3), &Recorder::fire, &rec, 1);
  sim.schedule_in(Duration::milliseconds(1), &Recorder::fire, &rec, 2);
  sim.run_until(at(1'000'000'000));
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{1'000'000, 2}, {3'000'000, 1}}));
}

TEST(Simulator, SchedulingInThePastThrows) {
  Simulator sim;
  sim.run_until(at(100));
  EXPECT_THROW(sim.schedule_at(at(99), &Recorder::fire, nullptr, 0), std::logic_error);
  EXPECT_THROW(sim.schedule_in(Duration::nanoseconds(-1), &Recorder::fire, nullptr, 0), std::logic_error);
  EXPECT_EQ(sim.pending(), 0u);
  // Now itself is allowed.
  EXPECT_NO_THROW(sim.schedule_at(at(100), &Recorder::fire, nullptr, 0));
  EXPECT_EQ(sim.pending(), 1u);
}

struct Station {
  Simulator* sim = nullptr;
  std::vector<std::uint64_t> departures;
  std::vector<std::uint64_t> arrivals;
  void on_departure(std::uint64_t id) { departures.push_back(id); }
  void on_arrival(std::uint64_t id) {
    arrivals.push_back(id);
    // Schedule from inside an event, through the trampoline.
    sim->schedule_in<&Station::on_departure>(Duration::seconds(1), this, id * 10);
  }
};

TEST(Simulator, MemberFunctionTrampolines) {
  Simulator sim;
  Station st{&sim, {}, {}};
  sim.schedule_at<&Station::on_arrival>(at(5), &st, 1);
  sim.schedule_in<&Station::on_arrival>(Duration::nanoseconds(7), &st, 2);
  sim.run_until(at(10));
  EXPECT_EQ(st.arrivals, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_TRUE(st.departures.empty());
  sim.run_until(SimTime::zero() + Duration::seconds(2));
  EXPECT_EQ(st.departures, (std::vector<std::uint64_t>{10, 20}));
}

TEST(Simulator, SameTimeEventsScheduledFromEventsRunInFifoOrder) {
  Simulator sim;
  std::vector<std::uint64_t> order;
  struct Chain {
    Simulator* sim;
    std::vector<std::uint64_t>* order;
    void on(std::uint64_t n) {
      order->push_back(n);
      // Zero-delay follow-ups run after everything already scheduled for now.
      if (n < 3) sim->schedule_in<&Chain::on>(Duration::zero(), this, n + 10);
    }
  } chain{&sim, &order};
  for (std::uint64_t i = 0; i < 4; ++i) sim.schedule_at<&Chain::on>(at(50), &chain, i);
  sim.run_until(at(51));
  EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 1, 2, 3, 10, 11, 12}));
}

TEST(Simulator, CancelThroughSimulator) {
  Simulator sim;
  Recorder rec{&sim, {}};
  const EventHandle h = sim.schedule_at(at(5), &Recorder::fire, &rec, 5);
  sim.schedule_at(at(6), &Recorder::fire, &rec, 6);
  EXPECT_TRUE(sim.is_pending(h));
  EXPECT_TRUE(sim.cancel(h));
  EXPECT_FALSE(sim.is_pending(h));
  EXPECT_FALSE(sim.cancel(h));
  sim.run_until(at(10));
  EXPECT_EQ(rec.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{6, 6}}));
  EXPECT_EQ(sim.events_processed(), 1u);
}

struct Stopper {
  Simulator* sim;
  std::vector<std::uint64_t> seen;
  void on(std::uint64_t arg) {
    seen.push_back(arg);
    if (arg == 2) sim->stop();
  }
};

TEST(Simulator, StopReturnsAfterTheCurrentEvent) {
  Simulator sim;
  Stopper s{&sim, {}};
  for (std::uint64_t i = 1; i <= 4; ++i) {
    sim.schedule_at<&Stopper::on>(at(static_cast<std::int64_t>(i) * 10), &s, i);
  }
  sim.run_until(at(1'000));
  EXPECT_TRUE(sim.stopped());
  EXPECT_EQ(s.seen, (std::vector<std::uint64_t>{1, 2}));
  // The clock stays at the stopping event, not at `until`.
  EXPECT_EQ(sim.now(), at(20));
  EXPECT_EQ(sim.events_processed(), 2u);
  EXPECT_EQ(sim.pending(), 2u);
  // A new run_until resumes where it stopped.
  sim.run_until(at(1'000));
  EXPECT_FALSE(sim.stopped());
  EXPECT_EQ(s.seen, (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(sim.now(), at(1'000));
  EXPECT_EQ(sim.events_processed(), 4u);
}

// A small self-driving model: each event schedules the next at a pseudo-random delay, so
// the sequence is long and order-sensitive. `swap` exchanges the arguments of two events.
std::uint64_t run_model(bool swap_two, std::int64_t delay_offset = 0) {
  Simulator sim;
  struct Model {
    Simulator* sim;
    std::int64_t offset;
    std::uint64_t x = 1;
    void on(std::uint64_t arg) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      if (arg < 1'000) {
        const auto delay = Duration::nanoseconds(static_cast<std::int64_t>(x >> 54) + offset);
        sim->schedule_in<&Model::on>(delay, this, arg + 3);
      }
    }
  } m{&sim, delay_offset};
  sim.schedule_at<&Model::on>(at(0), &m, swap_two ? 1 : 0);
  sim.schedule_at<&Model::on>(at(0), &m, swap_two ? 0 : 1);
  sim.schedule_at<&Model::on>(at(0), &m, 2);
  sim.run_until(at(1'000'000'000));
  EXPECT_GT(sim.events_processed(), 900u);
  return sim.fingerprint();
}

TEST(Simulator, FingerprintIsReproducibleAndOrderSensitive) {
  const std::uint64_t a = run_model(false);
  const std::uint64_t b = run_model(false);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, run_model(true)) << "same events in a different order must change the fingerprint";
  EXPECT_NE(a, run_model(false, 1)) << "different event times must change the fingerprint";
}

TEST(Simulator, FingerprintDistinguishesSwappedSameTimeEvents) {
  Simulator s1, s2;
  Recorder r1{&s1, {}}, r2{&s2, {}};
  s1.schedule_at(at(7), &Recorder::fire, &r1, 1);
  s1.schedule_at(at(7), &Recorder::fire, &r1, 2);
  s2.schedule_at(at(7), &Recorder::fire, &r2, 2);
  s2.schedule_at(at(7), &Recorder::fire, &r2, 1);
  s1.run_until(at(8));
  s2.run_until(at(8));
  EXPECT_EQ(s1.events_processed(), s2.events_processed());
  EXPECT_NE(s1.fingerprint(), s2.fingerprint());
}

}  // namespace
}  // namespace fmsim::sim
