// models::Station on hand-worked deterministic timelines (constant service times, arrivals
// injected at chosen times by events on a sim::Simulator): FIFO service order, c servers busy in
// parallel, `rejected` when the waiting room is full (queue_capacity 0 = pure loss), `timed_out`
// exactly at arrival + max_wait, a request taken into service just before its deadline keeps
// going (timer cancelled), busy_servers / queue_length over time, service_start, and exactly one
// outcome per request — plus a randomized check of the same invariants with ids reused.
#include "models/station/station.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/core/request.h"
#include "models/scenario/scenario.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

SimTime ms(std::int64_t v) { return SimTime::from_ns(Duration::milliseconds(v).ns()); }

StationSpec spec(std::int32_t servers, std::optional<std::int64_t> capacity, double service_s,
                 std::optional<Duration> max_wait = std::nullopt) {
  StationSpec s;
  s.servers = servers;
  s.queue_capacity = capacity;
  s.service_time = sim::Distribution::constant(service_s);
  s.max_wait = max_wait;
  return s;
}

struct Record {
  SimTime arrival;
  std::optional<SimTime> service_start;  // copied from the request when its outcome comes
  std::optional<Outcome> outcome;
  SimTime outcome_time;
  int outcomes = 0;
};

struct Probe {
  SimTime t;
  std::int32_t busy;
  std::size_t queued;
};

// Drives one Station: arrivals at chosen times (request k is the k-th arrival scheduled), an
// outcome listener that fails the test on a second outcome, and probes of the station's state.
// Ids are never released here, so id == arrival index and a late second outcome for a request is
// still attributable to it.
class Harness final : public OutcomeListener {
 public:
  explicit Harness(const StationSpec& s)
      : station(sim, s, pool, sim::RandomStreams(1, 0).stream("station.service"), *this), spec_(s) {}

  void arrive_at(SimTime t) {
    sim.schedule_at<&Harness::on_arrive>(t, this, records.size());
    records.push_back(Record{t, std::nullopt, std::nullopt, SimTime{}, 0});
  }
  void probe_at(SimTime t) { sim.schedule_at<&Harness::on_probe>(t, this); }
  void run_until(SimTime t) { sim.run_until(t); }

  void on_outcome(RequestId id, Outcome o) override {
    ASSERT_LT(id, records.size());
    Record& r = records[id];
    ++r.outcomes;
    if (r.outcomes > 1) {
      ADD_FAILURE() << "request " << id << " got a second outcome " << to_string(o) << " at "
                    << sim::to_string(sim.now());
      return;
    }
    EXPECT_EQ(pool[id].arrival, r.arrival);
    r.outcome = o;
    r.outcome_time = sim.now();
    if (o == Outcome::ok) r.service_start = pool[id].service_start;
    order.push_back(static_cast<int>(id));
    // A rejection happens only when every server is busy and every waiting place is taken.
    if (o == Outcome::rejected) {
      EXPECT_EQ(station.busy_servers(), station.servers());
      EXPECT_EQ(static_cast<std::int64_t>(station.queue_length()), spec_.queue_capacity.value_or(-1));
    }
  }

  sim::Simulator sim;
  RequestPool pool;
  Station station;
  std::vector<Record> records;
  std::vector<int> order;  // request indices in outcome order
  std::vector<Probe> probes;

 private:
  void on_arrive(std::uint64_t k) {
    const RequestId id = pool.acquire();
    ASSERT_EQ(id, k) << "ids are not released in this harness, so they follow arrival order";
    pool[id].arrival = sim.now();
    station.submit(id);
  }
  void on_probe(std::uint64_t) { probes.push_back({sim.now(), station.busy_servers(), station.queue_length()}); }

  StationSpec spec_;
};

void expect_outcome(const Harness& h, std::size_t k, Outcome o, SimTime at) {
  ASSERT_LT(k, h.records.size());
  const Record& r = h.records[k];
  ASSERT_TRUE(r.outcome.has_value()) << "request " << k << " has no outcome";
  EXPECT_EQ(*r.outcome, o) << "request " << k;
  EXPECT_EQ(r.outcome_time, at) << "request " << k << ": " << sim::to_string(r.outcome_time) << " vs "
                                << sim::to_string(at);
  EXPECT_EQ(r.outcomes, 1) << "request " << k;
}

std::vector<std::tuple<std::int64_t, std::int32_t, std::size_t>> probe_table(const Harness& h) {
  std::vector<std::tuple<std::int64_t, std::int32_t, std::size_t>> out;
  for (const auto& p : h.probes) out.emplace_back(p.t.ns() / 1'000'000, p.busy, p.queued);
  return out;
}

TEST(Station, SingleServerServesInFifoOrder) {
  // c = 1, service 2 s, unlimited queue. Arrivals at 0, 1, 1.5, 10 s:
  //   A [0, 2], B waits 1 s -> [2, 4], C waits 2.5 s -> [4, 6], D finds it idle -> [10, 12].
  Harness h(spec(1, std::nullopt, 2.0));
  for (auto t : {0, 1000, 1500, 10000}) h.arrive_at(ms(t));
  for (auto t : {500, 1200, 1700, 2500, 4500, 6500, 10500}) h.probe_at(ms(t));
  h.run_until(ms(20000));

  expect_outcome(h, 0, Outcome::ok, ms(2000));
  expect_outcome(h, 1, Outcome::ok, ms(4000));
  expect_outcome(h, 2, Outcome::ok, ms(6000));
  expect_outcome(h, 3, Outcome::ok, ms(12000));
  EXPECT_EQ(h.order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(h.records[0].service_start, ms(0));
  EXPECT_EQ(h.records[1].service_start, ms(2000));
  EXPECT_EQ(h.records[2].service_start, ms(4000));
  EXPECT_EQ(h.records[3].service_start, ms(10000));
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h), (std::vector<Row>{{500, 1, 0},
                                               {1200, 1, 1},
                                               {1700, 1, 2},
                                               {2500, 1, 1},
                                               {4500, 1, 0},
                                               {6500, 0, 0},
                                               {10500, 1, 0}}));
  EXPECT_EQ(h.station.busy_servers(), 0);
  EXPECT_EQ(h.station.queue_length(), 0u);
}

TEST(Station, ServersWorkInParallelAndQueueIsServedFifo) {
  // c = 3, service 5 s, arrivals at 0, 1, 2, 3, 4 s:
  //   A [0, 5], B [1, 6], C [2, 7] in parallel; D waits from 3 and takes A's server at 5
  //   -> [5, 10]; E waits from 4 and takes B's server at 6 -> [6, 11].
  Harness h(spec(3, std::nullopt, 5.0));
  for (auto t : {0, 1000, 2000, 3000, 4000}) h.arrive_at(ms(t));
  for (auto t : {500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 10500, 11500}) h.probe_at(ms(t));
  h.run_until(ms(30000));

  expect_outcome(h, 0, Outcome::ok, ms(5000));
  expect_outcome(h, 1, Outcome::ok, ms(6000));
  expect_outcome(h, 2, Outcome::ok, ms(7000));
  expect_outcome(h, 3, Outcome::ok, ms(10000));
  expect_outcome(h, 4, Outcome::ok, ms(11000));
  EXPECT_EQ(h.records[3].service_start, ms(5000));
  EXPECT_EQ(h.records[4].service_start, ms(6000));
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h), (std::vector<Row>{{500, 1, 0},
                                               {1500, 2, 0},
                                               {2500, 3, 0},
                                               {3500, 3, 1},
                                               {4500, 3, 2},
                                               {5500, 3, 1},
                                               {6500, 3, 0},
                                               {7500, 2, 0},
                                               {10500, 1, 0},
                                               {11500, 0, 0}}));
}

TEST(Station, RejectsWhenTheWaitingRoomIsFull) {
  // c = 1, one waiting place, service 4 s. Arrivals at 0, 1, 2, 3, 5 s:
  //   A [0, 4]; B waits -> [4, 8]; C (2 s) and D (3 s) find B waiting: rejected at once;
  //   E (5 s) finds the waiting room empty again -> waits -> [8, 12].
  Harness h(spec(1, 1, 4.0));
  for (auto t : {0, 1000, 2000, 3000, 5000}) h.arrive_at(ms(t));
  h.probe_at(ms(2500));
  h.probe_at(ms(5500));
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(4000));
  expect_outcome(h, 1, Outcome::ok, ms(8000));
  expect_outcome(h, 2, Outcome::rejected, ms(2000));
  expect_outcome(h, 3, Outcome::rejected, ms(3000));
  expect_outcome(h, 4, Outcome::ok, ms(12000));
  EXPECT_EQ(h.order, (std::vector<int>{2, 3, 0, 1, 4}));
  EXPECT_FALSE(h.records[2].service_start.has_value());
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h), (std::vector<Row>{{2500, 1, 1}, {5500, 1, 1}}));
}

TEST(Station, ZeroCapacityIsAPureLossSystem) {
  // c = 2, no waiting places, service 3 s. Arrivals at 0, 1, 2, 3.5, 3.7 s:
  //   A [0, 3], B [1, 4]; C (2 s) finds both busy: rejected; D (3.5 s) takes A's free server
  //   -> [3.5, 6.5]; E (3.7 s) finds B and D busy: rejected. Nobody ever waits.
  Harness h(spec(2, 0, 3.0));
  for (auto t : {0, 1000, 2000, 3500, 3700}) h.arrive_at(ms(t));
  for (auto t : {500, 1500, 2500, 3200, 3600, 3800, 4500, 7000}) h.probe_at(ms(t));
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(3000));
  expect_outcome(h, 1, Outcome::ok, ms(4000));
  expect_outcome(h, 2, Outcome::rejected, ms(2000));
  expect_outcome(h, 3, Outcome::ok, ms(6500));
  expect_outcome(h, 4, Outcome::rejected, ms(3700));
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h), (std::vector<Row>{{500, 1, 0},
                                               {1500, 2, 0},
                                               {2500, 2, 0},
                                               {3200, 1, 0},
                                               {3600, 2, 0},
                                               {3800, 2, 0},
                                               {4500, 1, 0},
                                               {7000, 0, 0}}));
  for (const auto& p : h.probes) EXPECT_EQ(p.queued, 0u);
}

TEST(Station, TimesOutExactlyAtArrivalPlusMaxWait) {
  // c = 1, service 10 s, max_wait 3 s. A [0, 10]; B arrives at 1.25 s and C at 2.5 s; both are
  // still queued when their waits run out: B at 4.25 s, C at 5.5 s, to the nanosecond.
  Harness h(spec(1, std::nullopt, 10.0, Duration::seconds(3)));
  h.arrive_at(ms(0));
  h.arrive_at(ms(1250));
  h.arrive_at(ms(2500));
  for (auto t : {3000, 5000, 6000}) h.probe_at(ms(t));
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(10000));
  expect_outcome(h, 1, Outcome::timed_out, ms(4250));
  expect_outcome(h, 2, Outcome::timed_out, ms(5500));
  EXPECT_EQ(h.records[1].outcome_time - h.records[1].arrival, Duration::seconds(3));
  EXPECT_FALSE(h.records[1].service_start.has_value());
  EXPECT_EQ(h.order, (std::vector<int>{1, 2, 0}));
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h), (std::vector<Row>{{3000, 1, 2}, {5000, 1, 1}, {6000, 1, 0}}));
  EXPECT_EQ(h.sim.pending(), 0u);
}

TEST(Station, TakenIntoServiceOneNanosecondBeforeTheDeadlineIsServed) {
  // c = 1, service 2 s, max_wait 2 s. A [0, 2]; B arrives 1 ns in, so its deadline is 2 s + 1 ns,
  // and A's server frees at 2 s: B starts 1 ns before its deadline. Its timer must be cancelled:
  // B is served to the end (at 4 s) and no timeout fires in the middle of its service.
  Harness h(spec(1, std::nullopt, 2.0, Duration::seconds(2)));
  h.arrive_at(ms(0));
  h.arrive_at(SimTime::from_ns(1));
  h.run_until(ms(2000) + Duration::nanoseconds(1));  // B has just started
  ASSERT_EQ(h.records[0].outcomes, 1);
  EXPECT_EQ(h.station.busy_servers(), 1);
  EXPECT_EQ(h.station.queue_length(), 0u);
  EXPECT_FALSE(h.sim.is_pending(h.pool[1].timer)) << "the queued request's timer was not cancelled";
  EXPECT_EQ(h.sim.pending(), 1u) << "only B's departure should be pending";
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(2000));
  expect_outcome(h, 1, Outcome::ok, ms(4000));
  EXPECT_EQ(h.records[1].service_start, ms(2000));
}

TEST(Station, DeadlineTiedWithAnEarlierScheduledDepartureIsServed) {
  // Same-time events run in scheduling order. A's departure at 2 s was scheduled when A started
  // (t = 0), before B's timer (scheduled at B's arrival, 1 s): at t = 2 s the departure runs
  // first and takes B into service, so B — whose deadline is also exactly 2 s — is served.
  Harness h(spec(1, std::nullopt, 2.0, Duration::seconds(1)));
  h.arrive_at(ms(0));
  h.arrive_at(ms(1000));
  h.run_until(ms(60000));
  expect_outcome(h, 0, Outcome::ok, ms(2000));
  expect_outcome(h, 1, Outcome::ok, ms(4000));
}

TEST(Station, ServedHeadCancelsOnlyItsOwnTimer) {
  // c = 1, service 5 s, max_wait 6 s. A [0, 5]; B (1 s, deadline 7), C (2 s, deadline 8),
  // D (3 s, deadline 9) queue. At 5 s B starts (wait 4 s < 6 s) -> [5, 10]; C and D are still
  // waiting at their deadlines and time out at exactly 8 s and 9 s.
  Harness h(spec(1, std::nullopt, 5.0, Duration::seconds(6)));
  for (auto t : {0, 1000, 2000, 3000}) h.arrive_at(ms(t));
  for (auto t : {4000, 6000, 8500, 9500, 10500}) h.probe_at(ms(t));
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(5000));
  expect_outcome(h, 1, Outcome::ok, ms(10000));
  expect_outcome(h, 2, Outcome::timed_out, ms(8000));
  expect_outcome(h, 3, Outcome::timed_out, ms(9000));
  EXPECT_EQ(h.records[1].service_start, ms(5000));
  EXPECT_EQ(h.order, (std::vector<int>{0, 2, 3, 1}));
  using Row = std::tuple<std::int64_t, std::int32_t, std::size_t>;
  EXPECT_EQ(probe_table(h),
            (std::vector<Row>{{4000, 1, 3}, {6000, 1, 2}, {8500, 1, 1}, {9500, 1, 0}, {10500, 0, 0}}));
}

TEST(Station, CapacityAndMaxWaitTogether) {
  // c = 2, one waiting place, service 4 s, max_wait 1.5 s. A [0, 4], B [0.5, 4.5]; C (1 s) waits;
  // D (1.2 s) is rejected (room full); C times out at 2.5 s, freeing the place; E (3 s) waits and
  // is taken into service at 4 s (wait 1 s) -> [4, 8].
  Harness h(spec(2, 1, 4.0, Duration::milliseconds(1500)));
  for (auto t : {0, 500, 1000, 1200, 3000}) h.arrive_at(ms(t));
  h.run_until(ms(60000));

  expect_outcome(h, 0, Outcome::ok, ms(4000));
  expect_outcome(h, 1, Outcome::ok, ms(4500));
  expect_outcome(h, 2, Outcome::timed_out, ms(2500));
  expect_outcome(h, 3, Outcome::rejected, ms(1200));
  expect_outcome(h, 4, Outcome::ok, ms(8000));
  EXPECT_EQ(h.records[4].service_start, ms(4000));
}

TEST(Station, ZeroServiceTimeCompletesAtArrival) {
  // An instantaneous service still goes through a departure event at the same time.
  Harness h(spec(1, 0, 0.0));
  h.arrive_at(ms(1000));
  h.arrive_at(ms(1000));  // same instant, after A's arrival but before A's departure: rejected
  h.arrive_at(ms(2000));
  h.run_until(ms(10000));
  expect_outcome(h, 0, Outcome::ok, ms(1000));
  expect_outcome(h, 1, Outcome::rejected, ms(1000));
  expect_outcome(h, 2, Outcome::ok, ms(2000));
}

TEST(Station, RejectsFewerThanOneServer) {
  sim::Simulator s;
  RequestPool pool;
  struct Null final : OutcomeListener {
    void on_outcome(RequestId, Outcome) override {}
  } null;
  EXPECT_THROW(Station(s, spec(0, std::nullopt, 1.0), pool, sim::RandomEngine{}, null), std::invalid_argument);
}

// Randomized invariants with ids released and reused, as in a real run: Poisson arrivals into a
// small station under heavy load, exponential service. For every request: at most one outcome;
// ok ⇒ FIFO (service starts non-decreasing in arrival order) and waited < max_wait; timed_out ⇒
// exactly arrival + max_wait with every server busy; rejected ⇒ room full (checked in the
// listener). At the end, requests without an outcome are exactly those in the station.
class RandomHarness final : public OutcomeListener {
 public:
  RandomHarness(const StationSpec& s, std::uint64_t seed)
      : spec_(s),
        streams_(seed, 0),
        arrivals_rng_(streams_.stream("arrivals")),
        station_(sim_, s, pool_, streams_.stream("station.service"), *this) {}

  void run(double rate, SimTime horizon) {
    rate_ = rate;
    schedule_next();
    sim_.run_until(horizon);
  }

  void on_outcome(RequestId id, Outcome o) override {
    ASSERT_LT(id, label_of_.size());
    const std::int64_t label = label_of_[id];
    ASSERT_GE(label, 0) << "outcome for an id that is not in flight (second outcome?)";
    Req& r = reqs_[static_cast<std::size_t>(label)];
    ASSERT_FALSE(r.done) << "second outcome for request " << label;
    r.done = true;
    const SimTime now = sim_.now();
    switch (o) {
      case Outcome::ok:
        r.served = true;
        r.start = pool_[id].service_start;
        EXPECT_LE(r.arrival, r.start);
        EXPECT_LE(r.start, now);
        if (spec_.max_wait) { EXPECT_LE(r.start - r.arrival, *spec_.max_wait); }
        break;
      case Outcome::timed_out:
        ASSERT_TRUE(spec_.max_wait.has_value());
        EXPECT_EQ(now, r.arrival + *spec_.max_wait);
        EXPECT_EQ(station_.busy_servers(), station_.servers()) << "waited although a server was free";
        break;
      case Outcome::rejected:
        ASSERT_TRUE(spec_.queue_capacity.has_value());
        EXPECT_EQ(now, r.arrival);
        EXPECT_EQ(station_.busy_servers(), station_.servers());
        EXPECT_EQ(static_cast<std::int64_t>(station_.queue_length()), *spec_.queue_capacity);
        break;
      default:
        ADD_FAILURE() << "a station never reports " << to_string(o);
    }
    ++counts_[static_cast<std::size_t>(o)];
    label_of_[id] = -1;
    pool_.release(id);
  }

  void check_end_state() {
    std::size_t open = 0;
    for (const auto& r : reqs_) open += r.done ? 0 : 1;
    EXPECT_EQ(open, pool_.in_use());
    EXPECT_EQ(open, static_cast<std::size_t>(station_.busy_servers()) + station_.queue_length());
    // FIFO: among served requests, service starts in arrival order.
    SimTime last = SimTime::zero();
    for (const auto& r : reqs_) {
      if (!r.served) continue;
      EXPECT_LE(last, r.start);
      last = r.start;
    }
  }

  std::array<std::uint64_t, kOutcomeCount> counts_{};
  std::size_t arrivals() const { return reqs_.size(); }
  std::size_t peak_pool() const { return pool_.capacity(); }

 private:
  struct Req {
    SimTime arrival;
    SimTime start;
    bool done = false;
    bool served = false;
  };
  void schedule_next() {
    boost::random::exponential_distribution<double> gap(rate_);
    sim_.schedule_in<&RandomHarness::on_arrive>(Duration::from_seconds(gap(arrivals_rng_)), this);
  }
  void on_arrive(std::uint64_t) {
    schedule_next();
    // Work conservation seen from outside: a request waits only while every server is busy.
    if (station_.queue_length() > 0) { EXPECT_EQ(station_.busy_servers(), station_.servers()); }
    EXPECT_LE(station_.busy_servers(), station_.servers());
    if (spec_.queue_capacity) { EXPECT_LE(static_cast<std::int64_t>(station_.queue_length()), *spec_.queue_capacity); }
    const RequestId id = pool_.acquire();
    if (label_of_.size() <= id) label_of_.resize(id + 1, -1);
    ASSERT_EQ(label_of_[id], -1) << "pool handed out a live id";
    label_of_[id] = static_cast<std::int64_t>(reqs_.size());
    reqs_.push_back(Req{sim_.now(), SimTime{}, false, false});
    pool_[id].arrival = sim_.now();
    station_.submit(id);
  }

  StationSpec spec_;
  sim::RandomStreams streams_;
  sim::RandomEngine arrivals_rng_;
  double rate_ = 1;
  sim::Simulator sim_;
  RequestPool pool_;
  Station station_;
  std::vector<Req> reqs_;
  std::vector<std::int64_t> label_of_;
};

TEST(Station, RandomizedInvariantsWithIdReuse) {
  struct Case {
    std::int32_t servers;
    std::optional<std::int64_t> capacity;
    std::optional<Duration> max_wait;
    double rate;  // service mean is 1 s, so load per server = rate / servers
  };
  const std::vector<Case> cases = {
      {1, std::nullopt, std::nullopt, 0.8},
      {1, 3, std::nullopt, 1.5},
      {1, std::nullopt, Duration::milliseconds(1500), 1.2},
      {4, 2, Duration::seconds(2), 6.0},
      {3, 0, std::nullopt, 4.0},
      {8, std::nullopt, Duration::milliseconds(300), 9.0},
      {2, 10, Duration::seconds(5), 3.0},
  };
  std::uint64_t seed = 100;
  for (const auto& c : cases) {
    StationSpec s;
    s.servers = c.servers;
    s.queue_capacity = c.capacity;
    s.max_wait = c.max_wait;
    s.service_time = sim::Distribution::exponential(1.0);
    SCOPED_TRACE(testing::Message() << "servers " << c.servers << " rate " << c.rate);
    RandomHarness h(s, seed++);
    h.run(c.rate, ms(3'600'000));
    h.check_end_state();
    EXPECT_GT(h.arrivals(), 2000u);
    EXPECT_GT(h.counts_[static_cast<std::size_t>(Outcome::ok)], 1000u);
    if (c.capacity) { EXPECT_GT(h.counts_[static_cast<std::size_t>(Outcome::rejected)], 0u); }
    if (c.max_wait) { EXPECT_GT(h.counts_[static_cast<std::size_t>(Outcome::timed_out)], 0u); }
  }
}

}  // namespace
}  // namespace fmsim::models
