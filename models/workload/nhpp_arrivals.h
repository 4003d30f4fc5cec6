// Non-homogeneous Poisson arrivals with rate λ(t) from a RateProfile (diurnal shape, weekday
// multipliers, spikes), generated exactly by thinning (Lewis & Shedler 1979) with a piecewise
// bound. Time is cut into the profile's affine pieces (local hour boundaries, the shape's
// points, spike edges); within a piece candidates come at gaps Exp(λ_max of the piece) and are
// kept with probability λ(t)/λ_max. A candidate that falls past the piece's end is dropped and
// the search restarts at that end with the next piece's bound: by memorylessness the process
// is still exactly Poisson with rate λ. Pieces with λ_max = 0 are skipped without drawing.
//
// Cost per arrival: O(λ_max/λ̄) candidates (1 for hourly weights, where λ is constant within a
// piece and no acceptance draw is needed; under 2 for any linear piece, since λ is affine and
// non-negative, so λ̄ >= λ_max/2), plus one piece lookup per piece crossed. Draws from the one
// engine it is given (the "arrivals" stream), so the sequence depends only on that stream.
#pragma once

#include <cstdint>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "models/workload/arrival_process.h"
#include "models/workload/rate_profile.h"
#include "sim/random_streams.h"

namespace fmsim::models {

class NhppArrivals : public ArrivalProcess {
 public:
  // Arrivals at times > start (an arrival exactly at `start` has probability 0, up to the
  // nanosecond grid).
  NhppArrivals(RateProfile profile, sim::RandomEngine rng, sim::SimTime start = sim::SimTime::zero());

  // Returns false only when λ is 0 from now on (a zero profile, or a zero constant rate after the
  // last spike).
  bool next(Arrival& out) override;

  const RateProfile& profile() const { return profile_; }
  // Candidates drawn so far, accepted or not (for tests of the bound's tightness).
  std::uint64_t candidates() const { return candidates_; }

 private:
  RateProfile profile_;
  sim::RandomEngine rng_;
  sim::SimTime t_;
  RateProfile::Piece piece_;  // the piece holding t_ once loaded; starts empty (end <= t_)
  double bound_ = 0;          // piece_.max_rate()
  std::uint64_t candidates_ = 0;
  boost::random::exponential_distribution<double> exp1_{1.0};
  boost::random::uniform_real_distribution<double> u01_{0.0, 1.0};
};

}  // namespace fmsim::models
