// NhppArrivals: thinning with a per-piece bound (see nhpp_arrivals.h).
#include "models/workload/nhpp_arrivals.h"

#include <utility>

namespace fmsim::models {

NhppArrivals::NhppArrivals(RateProfile profile, sim::RandomEngine rng, sim::SimTime start)
    : profile_(std::move(profile)), rng_(rng), t_(start) {
  piece_.start = piece_.end = start;  // empty: the first next() loads the piece holding `start`
}

bool NhppArrivals::next(Arrival& out) {
  if (profile_.always_zero()) return false;
  for (;;) {
    if (!(t_ < piece_.end)) {
      if (piece_.end == sim::SimTime::max()) return false;  // past the last piece: nothing more
      piece_ = profile_.piece(t_);
      bound_ = piece_.max_rate();
    }
    if (!(bound_ > 0)) {  // λ = 0 on the whole piece: skip it without drawing
      t_ = piece_.end;
      continue;
    }
    const double gap_s = exp1_(rng_) / bound_;
    ++candidates_;
    // Compare in double first: a huge gap must not overflow the integer clock.
    const double room_ns = static_cast<double>(piece_.end.ns()) - static_cast<double>(t_.ns());
    if (gap_s * 1e9 >= room_ns) {
      t_ = piece_.end;
      continue;
    }
    const sim::SimTime cand = t_ + sim::Duration::from_seconds(gap_s);
    if (!(cand < piece_.end)) {
      t_ = piece_.end;
      continue;
    }
    t_ = cand;
    // Constant piece: λ(t) = λ_max, every candidate is kept and no uniform is drawn.
    if (piece_.slope_per_s != 0 && !(u01_(rng_) * bound_ < piece_.rate_at(t_))) continue;
    out = Arrival{};
    out.time = t_;
    return true;
  }
}

}  // namespace fmsim::models
