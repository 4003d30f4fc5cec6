// The arrival rate λ(t), in requests per second, of a non-homogeneous Poisson process: a 24-hour
// diurnal shape read in LOCAL time through a LocalCalendar, times the weekday multiplier of the
// local day, times the product of the multipliers of the spikes active at t. Or a constant rate
// times the spikes (Poisson + spikes). NhppArrivals generates arrivals from it by thinning.
//
// Semantics of the diurnal shape (DiurnalSpec):
// - hourly_weights: 24 values, λ constant within each local wall-clock hour h (00-01 ... 23-24).
// - points: (local hour in [0, 24], value) pairs sorted by hour, λ linear in local hour-of-day
//   between consecutive points and periodic over the day: the last point joins the first one of
//   the next day (24 wraps to 0). Two points at the same hour make a step (right-continuous).
// - daily_total = N: values are relative weights, scaled so that a nominal 24-hour local day with
//   weekday multiplier 1 has ∫λ = N. Without it the values are rates in requests per second.
// - Daylight-saving days: the local hours that exist are used as they are. The 23-hour
//   spring-forward day simply lacks the skipped hour (in America/New_York, 02:00-03:00, so it
//   brings N minus that hour's share); the 25-hour fall-back day lives the repeated hour twice
//   (01:00-02:00 under both offsets, N plus that hour's share). The shape is never stretched.
// - weekday_multipliers[d] (0 = Monday) multiplies λ over the whole local day d.
// - spikes: λ is multiplied by `multiplier` over [start, start + duration) (simulated time from
//   t = 0); overlapping spikes multiply.
//
// λ is piecewise affine in t: between consecutive change points (local hour boundaries, offset
// changes, the points' hours, spike edges) it is a + b·(t − start). `piece(t)` returns that
// stretch, so max_rate and expected_count are exact (no quadrature) and thinning needs no lookups
// inside a piece. Cost of piece(t): O(log P + log S) for P points and S spikes, plus one tz lookup
// when t leaves the calendar's cached local hour. Not thread-safe (the calendar caches): one
// profile per replication.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/workload/local_calendar.h"
#include "models/workload/workload_spec.h"
#include "sim/time.h"

namespace fmsim::models {

class RateProfile {
 public:
  // A stretch [start, end) over which λ(t) = rate0 + slope_per_s · (t − start) in seconds.
  // `end` may be SimTime::max() (a constant rate after the last spike); `start` may lie before
  // the instant asked about (and before t = 0).
  struct Piece {
    sim::SimTime start;
    sim::SimTime end;
    double rate0 = 0;        // λ at start (requests/s)
    double rate1 = 0;        // the limit of λ at end
    double slope_per_s = 0;  // 0 for constant pieces
    // Constant pieces skip the subtraction: their start may be the far past (no overflow).
    double rate_at(sim::SimTime t) const {
      return slope_per_s == 0 ? rate0 : rate0 + slope_per_s * (t - start).seconds_f();
    }
    double max_rate() const { return rate0 > rate1 ? rate0 : rate1; }
  };

  // Poisson at a constant rate (>= 0, finite), times the spikes.
  static RateProfile constant(double rate_per_s, std::vector<SpikeSpec> spikes = {});
  // Throws std::invalid_argument for an invalid spec (see the header comment and the messages).
  RateProfile(const DiurnalSpec& spec, LocalCalendar calendar, std::vector<SpikeSpec> spikes = {});

  double rate_at(sim::SimTime t) const { return piece(t).rate_at(t); }
  // sup of λ over [a, b): exact (the maxima of affine pieces are at their ends). 0 if b <= a.
  // O(number of pieces in [a, b)).
  double max_rate(sim::SimTime a, sim::SimTime b) const;
  // ∫_a^b λ(t) dt, the expected number of arrivals in [a, b): exact (trapezoids over affine
  // pieces, up to rounding). 0 if b <= a. O(number of pieces in [a, b)).
  double expected_count(sim::SimTime a, sim::SimTime b) const;
  // The affine piece containing t.
  Piece piece(sim::SimTime t) const;
  // True when λ is 0 at all times (a zero rate, zero weights, or all weekday multipliers 0):
  // thinning would otherwise skip zero pieces forever.
  bool always_zero() const { return always_zero_; }
  // The calendar the shape is read through; null for a constant profile.
  const LocalCalendar* calendar() const { return calendar_ ? &*calendar_ : nullptr; }

 private:
  enum class Shape { constant, hourly, points };
  RateProfile() = default;
  void set_spikes(std::vector<SpikeSpec> spikes);

  Shape shape_ = Shape::constant;
  double constant_rate_ = 0;
  std::array<double, 24> hourly_rate_{};  // requests/s in each local hour, daily_total applied
  // Knots of the periodic piecewise-linear shape, extended by one wrapped knot on each side
  // where needed so that knot_ns_.front() <= 0 and knot_ns_.back() >= 24 h.
  std::vector<std::int64_t> knot_ns_;  // local nanoseconds since midnight
  std::vector<double> knot_rate_;      // requests/s, daily_total applied
  std::array<double, 7> weekday_mult_{1, 1, 1, 1, 1, 1, 1};
  std::optional<LocalCalendar> calendar_;
  std::vector<sim::SimTime> spike_edges_;  // sorted, unique
  std::vector<double> spike_mult_;          // spike_mult_[k]: product over [edges[k-1], edges[k])
  bool always_zero_ = false;
};

}  // namespace fmsim::models
