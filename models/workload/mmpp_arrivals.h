// Arrivals from a Markov-modulated Poisson process (bursty traffic), simulated exactly: in
// state i arrivals are Poisson at λ_i, and the state is left after an Exp(−Q_ii) sojourn for a
// state j drawn with probability Q_ij / −Q_ii (the embedded jump chain). Both clocks are
// memoryless, so an arrival gap is drawn afresh from the current instant and the pending state
// change keeps its time; whichever comes first happens. Times accumulate on the integer SimTime,
// so there is no floating-point clock to drift over a long run.
//
// Cost per arrival: one exponential draw, plus one exponential and one uniform per state change
// (O(log n) to pick the target). Nothing is allocated after construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "models/workload/arrival_process.h"
#include "models/workload/workload_spec.h"
#include "sim/random_streams.h"
#include "sim/time.h"

namespace fmsim::models {

class MmppArrivals : public ArrivalProcess {
 public:
  // Validates `spec` (std::invalid_argument, see validate_mmpp). The initial state is
  // spec.initial_state, or drawn from the stationary distribution with `rng` — then the process
  // is stationary from `start` and needs no warm-up.
  MmppArrivals(const MmppSpec& spec, sim::RandomEngine rng, sim::SimTime start = sim::SimTime::zero());

  // The next arrival, at or after the previous one (two can share a nanosecond after rounding).
  // Returns false, now and on every later call, only if the next arrival would fall at or past
  // 9.2e18 ns (~291 years, the edge of int64 time) — rates so small that nothing ever arrives.
  bool next(Arrival& out) override;

  // The state of the modulating chain at the last arrival returned (at construction: the
  // initial state).
  std::size_t state() const { return state_; }

  // Time spent in state i over [start, last arrival returned]; for statistics and tests.
  sim::Duration time_in_state(std::size_t i) const;
  // State changes so far, over the same span.
  std::uint64_t state_changes() const { return state_changes_; }

 private:
  void enter(std::size_t state, sim::SimTime at);
  // `at` + `seconds`, or SimTime::max() (never) if that would reach 9.2e18 ns.
  static sim::SimTime after(sim::SimTime at, double seconds);

  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> exp1_{1.0};  // scaled by 1/rate per draw
  boost::random::uniform_01<double> u01_;

  std::size_t n_;
  std::vector<double> rate_;         // λ_i
  std::vector<double> leave_rate_;   // −Q_ii (as the sum of the row's off-diagonals)
  // Row i holds, for the n − 1 targets j ≠ i in order, the cumulative jump probability; the last
  // positive one is exactly 1.0, so a uniform in [0, 1) never selects a zero-rate target.
  std::vector<double> jump_cdf_;     // n × (n − 1), row-major
  std::vector<std::size_t> jump_to_; // n × (n − 1): the target state of each entry

  std::size_t state_ = 0;
  sim::SimTime now_;           // the last arrival returned, or the last state change
  sim::SimTime entered_;       // when the current state was entered
  sim::SimTime leave_at_;      // when the current state will be left (max: never)
  std::vector<sim::Duration> time_in_;  // closed sojourns per state
  std::uint64_t state_changes_ = 0;
  bool exhausted_ = false;
};

}  // namespace fmsim::models
