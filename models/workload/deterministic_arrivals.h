// Evenly spaced arrivals: the k-th at t = k / rate (k = 0, 1, ...), computed from k so the
// spacing never drifts. For scenarios whose point is arithmetic (1,000 requests a day means exactly
// 1,000 requests in a day), not queueing.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "models/workload/arrival_process.h"

namespace fmsim::models {

class DeterministicArrivals final : public ArrivalProcess {
 public:
  explicit DeterministicArrivals(double rate_per_s) : gap_ns_(1e9 / rate_per_s) {
    if (!(rate_per_s > 0) || !std::isfinite(gap_ns_)) throw std::invalid_argument("deterministic rate must be > 0");
  }
  bool next(Arrival& out) override {
    out = Arrival{};
    out.time = sim::SimTime::zero() + sim::Duration::nanoseconds(std::llround(static_cast<double>(k_) * gap_ns_));
    ++k_;
    return true;
  }

 private:
  double gap_ns_;
  std::uint64_t k_ = 0;
};

}  // namespace fmsim::models
