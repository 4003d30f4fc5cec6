// Crossovers between two cost curves: sign changes of the paired mean difference, located by
// linear interpolation, and the confidence interval read off where the interval curves of the
// difference stop holding zero (the same interpolation).
#include "models/sweep/crossover.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fmsim::models::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The difference curve at the volumes that have one, in axis coordinates (volume or its log).
struct Curve {
  std::vector<double> x;
  std::vector<double> volume;
  std::vector<double> mean;
  std::vector<double> half_width;  // NaN where the interval is unknown
  bool intervals_known = true;

  double low(std::size_t i) const { return mean[i] - half_width[i]; }
  double high(std::size_t i) const { return mean[i] + half_width[i]; }
  double to_volume(double at, bool log) const { return log ? std::exp(at) : at; }
};

int sign_of(double d) { return d > 0 ? 1 : (d < 0 ? -1 : 0); }

Cheaper cheaper_for(int sign) {
  // The difference is first - second: negative means the first pattern costs less.
  return sign < 0 ? Cheaper::first : (sign > 0 ? Cheaper::second : Cheaper::neither);
}

void check_scale(const VolumeScale& scale) {
  for (std::size_t i = 0; i < scale.volumes.size(); ++i) {
    const double v = scale.volumes[i];
    if (!std::isfinite(v)) throw std::invalid_argument("crossover: volume " + std::to_string(i) + " is not finite");
    if (scale.log && v <= 0)
      throw std::invalid_argument("crossover: a log-spaced volume axis needs volumes > 0");
    if (i > 0 && v <= scale.volumes[i - 1])
      throw std::invalid_argument("crossover: volumes must be strictly increasing");
  }
}

Interval paired_at(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  std::vector<double> x;
  std::vector<double> y;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isfinite(a[r]) && std::isfinite(b[r])) {
      x.push_back(a[r]);
      y.push_back(b[r]);
    }
  }
  if (x.empty()) return Interval{0, kNaN, kNaN, kNaN};
  return paired_difference(x, y, confidence);
}

// Index k of the segment [x[k], x[k+1]] holding `at` (the curve has at least two points).
std::size_t segment_of(const Curve& c, double at) {
  const auto it = std::upper_bound(c.x.begin(), c.x.end(), at);
  const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, (it - c.x.begin()) - 1));
  return std::min(k, c.x.size() - 2);
}

double along(double x0, double y0, double x1, double y1, double at) {
  if (x1 == x0) return y0;
  return y0 + (y1 - y0) * (at - x0) / (x1 - x0);
}

// Where, walking from `from` (inside segment k, where the interval holds zero) towards lower
// (step -1) or higher (step +1) volumes, the interval first stops holding zero: its lower curve
// rises above zero or its upper curve falls below. Between two points both curves are linear,
// so on a segment that is left the exit is the root nearest to where the walk entered it.
CrossingBound walk(const Curve& c, double from, std::size_t k, int step, bool log) {
  if (!c.intervals_known) return {CrossingBound::Kind::unknown, kNaN};
  double xa = from;
  double la = along(c.x[k], c.low(k), c.x[k + 1], c.low(k + 1), from);
  double ha = along(c.x[k], c.high(k), c.x[k + 1], c.high(k + 1), from);
  const std::ptrdiff_t last = step < 0 ? 0 : static_cast<std::ptrdiff_t>(c.x.size()) - 1;
  for (auto j = static_cast<std::ptrdiff_t>(step < 0 ? k : k + 1);; j += step) {
    const auto i = static_cast<std::size_t>(j);
    const double xb = c.x[i];
    const double lb = c.low(i);
    const double hb = c.high(i);
    if (lb > 0 || hb < 0) {
      // la <= 0 <= ha here, so each root lies between xa and xb.
      double exit = xb;
      auto nearer = [&](double root) {
        exit = step < 0 ? std::max(exit, root) : std::min(exit, root);
      };
      if (xb != xa) {
        if (lb > 0) nearer(xa + (xb - xa) * (-la) / (lb - la));
        if (hb < 0) nearer(xa + (xb - xa) * (-ha) / (hb - ha));
      }
      return {CrossingBound::Kind::inside, c.to_volume(exit, log)};
    }
    xa = xb;
    la = lb;
    ha = hb;
    if (j == last) break;
  }
  return {CrossingBound::Kind::beyond_range, c.volume[static_cast<std::size_t>(last)]};
}

Crossover crossing(const Curve& c, std::size_t p, std::size_t q, bool log) {
  // p and q: consecutive points with a non-zero mean of opposite signs; any between are zero.
  double at = 0;
  if (q == p + 1) {
    at = c.x[p] + (c.x[q] - c.x[p]) * c.mean[p] / (c.mean[p] - c.mean[q]);
    at = std::clamp(at, c.x[p], c.x[q]);
  } else {
    // Equal costs over a stretch of volumes: the crossover is its middle, and the interval
    // covers at least the whole stretch.
    at = (c.x[p + 1] + c.x[q - 1]) / 2;
  }
  const std::size_t k = segment_of(c, at);
  Crossover x;
  x.volume = c.to_volume(at, log);
  x.low = walk(c, at, k, -1, log);
  x.high = walk(c, at, k, +1, log);
  x.below = cheaper_for(sign_of(c.mean[p]));
  x.above = cheaper_for(sign_of(c.mean[q]));
  return x;
}

}  // namespace

PairComparison compare_pair(const VolumeScale& scale, const PatternCosts& first, const PatternCosts& second,
                            std::size_t first_index, std::size_t second_index, double confidence) {
  check_scale(scale);
  const std::size_t n = scale.volumes.size();
  if (first.size() != n || second.size() != n)
    throw std::invalid_argument("crossover: a pattern's costs must have one row per volume");

  PairComparison out;
  out.first = first_index;
  out.second = second_index;
  out.difference.reserve(n);
  Curve c;
  for (std::size_t i = 0; i < n; ++i) {
    const Interval d = paired_at(first[i], second[i], confidence);
    out.difference.push_back(d);
    if (!std::isfinite(d.mean)) continue;
    c.x.push_back(scale.log ? std::log(scale.volumes[i]) : scale.volumes[i]);
    c.volume.push_back(scale.volumes[i]);
    c.mean.push_back(d.mean);
    c.half_width.push_back(d.half_width);
    if (!std::isfinite(d.half_width)) c.intervals_known = false;
  }

  std::ptrdiff_t last_nonzero = -1;
  int overall = 0;
  for (std::size_t q = 0; q < c.x.size(); ++q) {
    const int s = sign_of(c.mean[q]);
    if (s == 0) continue;
    if (last_nonzero >= 0 && s != sign_of(c.mean[static_cast<std::size_t>(last_nonzero)]))
      out.crossovers.push_back(crossing(c, static_cast<std::size_t>(last_nonzero), q, scale.log));
    last_nonzero = static_cast<std::ptrdiff_t>(q);
    overall = s;
  }
  if (out.crossovers.empty()) out.throughout = cheaper_for(overall);

  out.significant_throughout = !c.x.empty() && c.intervals_known;
  for (std::size_t i = 0; i < c.x.size() && out.significant_throughout; ++i)
    out.significant_throughout = c.low(i) > 0 || c.high(i) < 0;
  return out;
}

std::vector<PairComparison> compare_patterns(const VolumeScale& scale, std::span<const PatternCosts> patterns,
                                             double confidence) {
  std::vector<PairComparison> out;
  for (std::size_t a = 0; a < patterns.size(); ++a) {
    for (std::size_t b = a + 1; b < patterns.size(); ++b)
      out.push_back(compare_pair(scale, patterns[a], patterns[b], a, b, confidence));
  }
  return out;
}

double value_at_volume(std::span<const double> volumes, std::span<const double> values, double volume) {
  const std::size_t n = std::min(volumes.size(), values.size());
  if (n == 0 || !(volume >= volumes[0]) || !(volume <= volumes[n - 1])) return kNaN;
  if (n == 1) return values[0];
  const auto it = std::upper_bound(volumes.begin(), volumes.begin() + static_cast<std::ptrdiff_t>(n), volume);
  const auto k = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, (it - volumes.begin()) - 1)), n - 2);
  return along(volumes[k], values[k], volumes[k + 1], values[k + 1], volume);
}

}  // namespace fmsim::models::sweep
