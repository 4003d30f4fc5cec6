// RateProfile: validation, daily_total scaling and the affine pieces of λ(t) (see rate_profile.h).
#include "models/workload/rate_profile.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace fmsim::models {
namespace {

constexpr std::int64_t kNsPerHour = 3'600'000'000'000;
constexpr std::int64_t kNsPerDay = 24 * kNsPerHour;
constexpr auto kMinTime = sim::SimTime::from_ns(std::numeric_limits<std::int64_t>::min());

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("diurnal: " + what); }

void check_value(double v, const std::string& where) {
  if (!std::isfinite(v)) fail(fmt::format("{} = {} is not a finite number", where, v));
  if (v < 0) fail(fmt::format("{} = {} is negative", where, v));
}

// ∫ of the affine piece over [a, e) given its rate at a and the limit at e.
double trapezoid(sim::SimTime a, sim::SimTime e, double ra, double re) {
  return (e - a).seconds_f() * 0.5 * (ra + re);
}

}  // namespace

RateProfile RateProfile::constant(double rate_per_s, std::vector<SpikeSpec> spikes) {
  if (!std::isfinite(rate_per_s) || rate_per_s < 0)
    throw std::invalid_argument(fmt::format("poisson: rate {} /s must be finite and >= 0", rate_per_s));
  RateProfile p;
  p.shape_ = Shape::constant;
  p.constant_rate_ = rate_per_s;
  p.always_zero_ = rate_per_s == 0;
  p.set_spikes(std::move(spikes));
  return p;
}

RateProfile::RateProfile(const DiurnalSpec& spec, LocalCalendar calendar, std::vector<SpikeSpec> spikes)
    : calendar_(std::move(calendar)) {
  const bool has_hourly = !spec.hourly_weights.empty();
  const bool has_points = !spec.points.empty();
  if (has_hourly == has_points)
    fail(has_hourly ? "give either hourly_weights or points, not both"
                    : "give hourly_weights (24 values) or points (hour, value), none was given");
  if (spec.daily_total && (!std::isfinite(*spec.daily_total) || *spec.daily_total < 0))
    fail(fmt::format("daily_total = {} must be finite and >= 0", *spec.daily_total));
  for (std::size_t d = 0; d < 7; ++d) {
    check_value(spec.weekday_multipliers[d], fmt::format("weekday_multipliers[{}]", d));
    weekday_mult_[d] = spec.weekday_multipliers[d];
  }

  double day_integral = 0;  // ∫ over a nominal local day of the unscaled shape, in value·seconds
  bool all_zero = true;
  if (has_hourly) {
    shape_ = Shape::hourly;
    if (spec.hourly_weights.size() != 24)
      fail(fmt::format("hourly_weights must have exactly 24 values (local hours 00-01 ... 23-24), got {}",
                       spec.hourly_weights.size()));
    for (std::size_t h = 0; h < 24; ++h) {
      check_value(spec.hourly_weights[h], fmt::format("hourly_weights[{}]", h));
      hourly_rate_[h] = spec.hourly_weights[h];
      day_integral += 3600.0 * spec.hourly_weights[h];
      all_zero = all_zero && spec.hourly_weights[h] == 0;
    }
  } else {
    shape_ = Shape::points;
    const auto& pts = spec.points;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const double h = pts[i].first;
      if (!std::isfinite(h) || h < 0 || h > 24)
        fail(fmt::format("points[{}]: hour {} is outside [0, 24]", i, h));
      if (i > 0 && h < pts[i - 1].first)
        fail(fmt::format("points must be sorted by hour: points[{}] (hour {}) comes after hour {}", i, h,
                         pts[i - 1].first));
      check_value(pts[i].second, fmt::format("points[{}] value", i));
      all_zero = all_zero && pts[i].second == 0;
    }
    auto to_ns = [](double hour) { return static_cast<std::int64_t>(std::llround(hour * 3600.0 * 1e9)); };
    // Periodic wrap: the piece from the last point to the first one of the next day, seen from
    // both ends of [0, 24 h].
    if (pts.front().first > 0) {
      knot_ns_.push_back(to_ns(pts.back().first) - kNsPerDay);
      knot_rate_.push_back(pts.back().second);
    }
    for (const auto& [h, v] : pts) {
      knot_ns_.push_back(to_ns(h));
      knot_rate_.push_back(v);
    }
    if (pts.back().first < 24) {
      knot_ns_.push_back(to_ns(pts.front().first) + kNsPerDay);
      knot_rate_.push_back(pts.front().second);
    }
    for (std::size_t i = 0; i + 1 < knot_ns_.size(); ++i) {
      const std::int64_t lo = std::max<std::int64_t>(knot_ns_[i], 0);
      const std::int64_t hi = std::min<std::int64_t>(knot_ns_[i + 1], kNsPerDay);
      if (hi <= lo) continue;
      const double span = static_cast<double>(knot_ns_[i + 1] - knot_ns_[i]);
      auto at = [&](std::int64_t x) {
        return knot_rate_[i] + (knot_rate_[i + 1] - knot_rate_[i]) * static_cast<double>(x - knot_ns_[i]) / span;
      };
      day_integral += static_cast<double>(hi - lo) / 1e9 * 0.5 * (at(lo) + at(hi));
    }
  }

  if (spec.daily_total) {
    if (all_zero) fail(fmt::format("all weights are zero, so no scaling gives daily_total = {}", *spec.daily_total));
    const double scale = *spec.daily_total / day_integral;
    for (double& r : hourly_rate_) r *= scale;
    for (double& r : knot_rate_) r *= scale;
    all_zero = all_zero || *spec.daily_total == 0;
  }
  always_zero_ = all_zero || std::all_of(weekday_mult_.begin(), weekday_mult_.end(), [](double m) { return m == 0; });
  set_spikes(std::move(spikes));
}

void RateProfile::set_spikes(std::vector<SpikeSpec> spikes) {
  for (std::size_t i = 0; i < spikes.size(); ++i) {
    const auto& s = spikes[i];
    if (!(s.duration > sim::Duration::zero()))
      throw std::invalid_argument(fmt::format("spikes[{}]: duration {} must be > 0", i, sim::to_string(s.duration)));
    if (!std::isfinite(s.multiplier) || s.multiplier < 0)
      throw std::invalid_argument(fmt::format("spikes[{}]: multiplier {} must be finite and >= 0", i, s.multiplier));
    spike_edges_.push_back(sim::SimTime::zero() + s.start);
    spike_edges_.push_back(sim::SimTime::zero() + s.start + s.duration);
  }
  std::sort(spike_edges_.begin(), spike_edges_.end());
  spike_edges_.erase(std::unique(spike_edges_.begin(), spike_edges_.end()), spike_edges_.end());
  // O(S^2) once at set-up; scenarios declare a handful of spikes.
  spike_mult_.assign(spike_edges_.size() + 1, 1.0);
  for (std::size_t k = 1; k < spike_edges_.size(); ++k) {
    const sim::SimTime at = spike_edges_[k - 1];
    for (const auto& s : spikes) {
      const sim::SimTime a = sim::SimTime::zero() + s.start;
      if (a <= at && at < a + s.duration) spike_mult_[k] *= s.multiplier;
    }
  }
}

RateProfile::Piece RateProfile::piece(sim::SimTime t) const {
  const auto k = static_cast<std::size_t>(std::upper_bound(spike_edges_.begin(), spike_edges_.end(), t) -
                                          spike_edges_.begin());
  const double mult = spike_mult_[k];
  Piece p;
  p.start = k > 0 ? spike_edges_[k - 1] : kMinTime;
  p.end = k < spike_edges_.size() ? spike_edges_[k] : sim::SimTime::max();

  if (shape_ == Shape::constant) {
    p.rate0 = p.rate1 = constant_rate_ * mult;
    return p;
  }
  const LocalCalendar::Segment& seg = calendar_->segment(t);
  const double m = mult * weekday_mult_[static_cast<std::size_t>(seg.weekday)];
  p.start = std::max(p.start, seg.start);
  p.end = std::min(p.end, seg.end);
  if (shape_ == Shape::hourly) {
    p.rate0 = p.rate1 = hourly_rate_[static_cast<std::size_t>(seg.hour)] * m;
    return p;
  }
  // Points: the knot interval [x_i, x_j) holding t's local time, mapped into simulated time
  // through the segment (the offset is constant within it, so local time is t plus a constant).
  const std::int64_t sod_t = seg.ns_of_day_at_start + (t - seg.start).ns();
  const auto j = static_cast<std::size_t>(std::upper_bound(knot_ns_.begin(), knot_ns_.end(), sod_t) - knot_ns_.begin());
  const std::size_t i = j - 1;  // knot_ns_.front() <= 0 <= sod_t < 24 h <= knot_ns_.back()
  auto sim_at = [&](std::int64_t sod) { return seg.start + sim::Duration::nanoseconds(sod - seg.ns_of_day_at_start); };
  p.start = std::max(p.start, sim_at(knot_ns_[i]));
  p.end = std::min(p.end, sim_at(knot_ns_[j]));
  const double span = static_cast<double>(knot_ns_[j] - knot_ns_[i]);
  auto value = [&](sim::SimTime at) {
    const auto sod = static_cast<double>(seg.ns_of_day_at_start + (at - seg.start).ns() - knot_ns_[i]);
    return (knot_rate_[i] + (knot_rate_[j] - knot_rate_[i]) * (sod / span)) * m;
  };
  p.rate0 = value(p.start);
  p.rate1 = value(p.end);
  p.slope_per_s = (knot_rate_[j] - knot_rate_[i]) * m / (span / 1e9);
  return p;
}

double RateProfile::max_rate(sim::SimTime a, sim::SimTime b) const {
  double best = 0;
  for (sim::SimTime t = a; t < b;) {
    const Piece p = piece(t);
    const sim::SimTime e = std::min(p.end, b);
    best = std::max({best, p.rate_at(t), p.slope_per_s == 0 ? p.rate0 : p.rate_at(e)});
    t = e;
  }
  return best;
}

double RateProfile::expected_count(sim::SimTime a, sim::SimTime b) const {
  double sum = 0;
  for (sim::SimTime t = a; t < b;) {
    const Piece p = piece(t);
    const sim::SimTime e = std::min(p.end, b);
    sum += p.slope_per_s == 0 ? (e - t).seconds_f() * p.rate0 : trapezoid(t, e, p.rate_at(t), p.rate_at(e));
    t = e;
  }
  return sum;
}

}  // namespace fmsim::models
