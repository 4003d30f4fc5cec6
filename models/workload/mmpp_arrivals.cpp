// MMPP arrivals: the state's sojourn end is drawn once on entry and kept; each arrival gap is
// drawn from the current instant (memorylessness makes the two exact together). See the header.
#include "models/workload/mmpp_arrivals.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "models/workload/mmpp.h"

namespace fmsim::models {

MmppArrivals::MmppArrivals(const MmppSpec& spec, sim::RandomEngine rng, sim::SimTime start)
    : rng_(rng),
      n_(spec.rates_per_s.size()),
      rate_(spec.rates_per_s),
      leave_rate_(n_, 0.0),
      jump_cdf_(n_ * (n_ - 1)),
      jump_to_(n_ * (n_ - 1)),
      now_(start),
      time_in_(n_, sim::Duration::zero()) {
  // The initialisers above are harmless for a bad spec (sizes only; n_ = 0 gives empty vectors);
  // nothing reads them before this check passes.
  validate_mmpp(spec);
  const auto& q = spec.generator;
  for (std::size_t i = 0; i < n_; ++i) {
    double cumulative = 0;
    std::size_t k = i * (n_ - 1);
    for (std::size_t j = 0; j < n_; ++j) {
      if (j == i) continue;
      cumulative += q[i][j];
      jump_cdf_[k] = cumulative;
      jump_to_[k] = j;
      ++k;
    }
    // −Q_ii taken as the off-diagonal sum (equal within validation's 1e-9), so dividing the
    // running sums by it makes the final entries exactly 1.0.
    leave_rate_[i] = cumulative;
    for (std::size_t m = i * (n_ - 1); m < k; ++m) jump_cdf_[m] /= cumulative;
  }

  std::size_t initial = 0;
  if (spec.initial_state) {
    initial = *spec.initial_state;
  } else {
    const std::vector<double> pi = mmpp_stationary(spec);
    const double u = u01_(rng_);
    double cumulative = 0;
    initial = n_ - 1;  // if round-off leaves Σπ a hair under u, the last state takes the rest
    for (std::size_t i = 0; i < n_; ++i) {
      cumulative += pi[i];
      if (u < cumulative) {
        initial = i;
        break;
      }
    }
  }
  enter(initial, start);
}

sim::SimTime MmppArrivals::after(sim::SimTime at, double seconds) {
  // Decided in double before converting: at + from_seconds(huge) would overflow int64 (and
  // from_seconds itself saturates from 9.2e18 ns). Anything ending at or past 9.2e18 ns
  // (~291 years) counts as never.
  const double end_ns = static_cast<double>(at.ns()) + seconds * 1e9;
  if (!(end_ns < 9.2e18)) return sim::SimTime::max();
  return at + sim::Duration::from_seconds(seconds);
}

void MmppArrivals::enter(std::size_t state, sim::SimTime at) {
  state_ = state;
  entered_ = at;
  // A one-state chain never leaves its state.
  leave_at_ = leave_rate_[state] > 0 ? after(at, exp1_(rng_) / leave_rate_[state])
                                     : sim::SimTime::max();
}

bool MmppArrivals::next(Arrival& out) {
  while (!exhausted_) {
    const double lambda = rate_[state_];
    const sim::SimTime arrival =
        lambda > 0 ? after(now_, exp1_(rng_) / lambda) : sim::SimTime::max();
    if (arrival < leave_at_) {
      now_ = arrival;
      out = Arrival{};
      out.time = arrival;
      return true;
    }
    if (leave_at_ == sim::SimTime::max()) break;  // neither clock fires within int64 time
    // The state changes first: close the sojourn and jump along the embedded chain.
    time_in_[state_] += leave_at_ - entered_;
    ++state_changes_;
    now_ = leave_at_;
    const auto row = jump_cdf_.begin() + static_cast<std::ptrdiff_t>(state_ * (n_ - 1));
    const auto hit = std::upper_bound(row, row + static_cast<std::ptrdiff_t>(n_ - 1), u01_(rng_));
    enter(jump_to_[static_cast<std::size_t>(hit - jump_cdf_.begin())], now_);
  }
  exhausted_ = true;
  return false;
}

sim::Duration MmppArrivals::time_in_state(std::size_t i) const {
  sim::Duration d = time_in_.at(i);
  if (i == state_) d += now_ - entered_;
  return d;
}

}  // namespace fmsim::models
