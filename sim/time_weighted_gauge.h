// A level that persists over simulated time (requests in system, busy servers, warm instances)
// and its time average. A plain sample mean of such a level would weight each change equally,
// however long the level lasted; the time-weighted mean ∫ level dt / elapsed is what Little's law
// and cost arithmetic need.
#pragma once

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "sim/moments.h"
#include "sim/time.h"

namespace fmsim::sim {

// Piecewise-constant in time: the level set at t holds until the next change. Every operation is
// O(1) and allocation-free.
//
// Invariants: start_ ≤ last_; area_ = ∫ level dt over [start_, last_] in value·ns; max_ is the
// largest level held over a positive time within [start_, last_] (−inf if none).
//
// Precision: each piece adds level × Δt, with Δt an integer ns count (exact as a double up to
// 2^53 ns ≈ 104 days) and one rounding in the product. Summing in value·ns with a compensated
// (Neumaier) sum keeps the total within a few ulps however many pieces there are; a plain double
// sum over a 30-day run with ~1e9 level changes could drift by ~1e9·2^-53 ≈ 1e-7 relative, and
// long double buys nothing on platforms where it is a double. Seconds appear only in the results.
class TimeWeightedGauge {
 public:
  explicit TimeWeightedGauge(SimTime start = SimTime::zero(), double initial = 0.0)
      : start_(start), last_(start), level_(initial), max_(-std::numeric_limits<double>::infinity()) {}

  // The level becomes v from t on. Throws std::logic_error if t is before the last update.
  void set(SimTime t, double v) {
    advance(t);
    level_ = v;
  }
  void add(SimTime t, double delta) { set(t, level_ + delta); }

  double value() const { return level_; }

  // ∫ level dt over [last restart, until], in value·seconds. until must not precede the last
  // update (std::logic_error).
  double integral(SimTime until) const {
    check_not_before(until);
    CompensatedSum area = area_;
    area.add(level_ * static_cast<double>((until - last_).ns()));
    return area.value() * 1e-9;
  }
  // integral(until) / elapsed seconds since the last restart; the current level when no time has
  // elapsed.
  double mean(SimTime until) const {
    check_not_before(until);
    const Duration elapsed = until - start_;
    if (elapsed == Duration::zero()) return level_;
    // Both in nanoseconds, so a level held all along comes back exactly (no 1e-9 round trip).
    CompensatedSum area = area_;
    area.add(level_ * static_cast<double>((until - last_).ns()));
    return area.value() / static_cast<double>(elapsed.ns());
  }
  // Largest level held for a positive time since the last restart, or the current level. A level
  // replaced at the instant it was set (an arrival rejected on the spot) never held, so it does
  // not count: the maximum is what the system really carried.
  double max() const { return std::max(max_, level_); }

  // Begins a new averaging period at t, keeping the current level (window boundaries).
  void restart(SimTime t) {
    check_not_before(t);
    start_ = t;
    last_ = t;
    area_.reset();
    max_ = -std::numeric_limits<double>::infinity();
  }

 private:
  void check_not_before(SimTime t) const {
    if (t < last_) throw std::logic_error("TimeWeightedGauge: time went backwards");
  }
  void advance(SimTime t) {
    check_not_before(t);
    if (t == last_) return;
    area_.add(level_ * static_cast<double>((t - last_).ns()));
    max_ = std::max(max_, level_);  // the level held over [last_, t)
    last_ = t;
  }

  SimTime start_;
  SimTime last_;
  double level_;
  double max_;
  CompensatedSum area_;
};

}  // namespace fmsim::sim
