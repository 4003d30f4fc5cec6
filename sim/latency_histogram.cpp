// LatencyHistogram: the rare, O(bins) operations (merge, reset, quantile); record() is inline in
// the header.
#include "sim/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace fmsim::sim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

LatencyHistogram::LatencyHistogram()
    : hist_(boost::histogram::make_histogram_with(boost::histogram::dense_storage<std::uint64_t>(),
                                                  Axis(kBins, kMinSeconds, kMaxSeconds))),
      min_(kInf),
      max_(-kInf) {}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  // Cell by cell rather than Boost's operator+=: the axis is the same fixed one on both sides, so
  // += would only add the cells too, but it also instantiates a re-binning fallback for unequal
  // axes that can never run here and trips a GCC -Wmaybe-uninitialized false positive (-O2 with
  // sanitizers).
  const int n = hist_.axis().size();
  for (int i = -1; i <= n; ++i) hist_[i] += other.hist_[i];
  count_ += other.count_;
  sum_.add(other.sum_);
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() {
  hist_.reset();  // resize to the same size + fill: the vector keeps its buffer
  count_ = 0;
  sum_.reset();
  min_ = kInf;
  max_ = -kInf;
}

double LatencyHistogram::min_seconds() const { return count_ == 0 ? kNaN : min_; }
double LatencyHistogram::max_seconds() const { return count_ == 0 ? kNaN : max_; }
double LatencyHistogram::mean_seconds() const {
  return count_ == 0 ? kNaN : sum_.value() / static_cast<double>(count_);
}

double LatencyHistogram::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("LatencyHistogram::quantile: q not in [0, 1]");
  }
  if (count_ == 0) return kNaN;

  // Nearest rank, 1-based. The extreme ranks are known exactly.
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank <= 1) return min_;
  if (rank >= count_) return max_;

  const auto& axis = hist_.axis();
  const int n = axis.size();
  std::uint64_t below = 0;  // samples in the cells before i
  for (int i = -1; i <= n; ++i) {
    const std::uint64_t c = hist_[i];
    if (below + c < rank) {
      below += c;
      continue;
    }
    // The wanted sample is the j-th of the c in this cell; place it at the centre of its share of
    // the cell, f ∈ (0, 1). Narrowing the cell to [min_, max_] first makes sparse cells (a single
    // sample near the extremes) far more accurate.
    const double f = (static_cast<double>(rank - below) - 0.5) / static_cast<double>(c);
    double x;
    if (i == -1) {
      // Underflow holds 0 s, where a log scale means nothing: interpolate linearly.
      const double lo = min_;
      const double hi = std::min(kMinSeconds, max_);
      x = lo + (hi - lo) * f;
    } else {
      const double lo = std::max(i == n ? kMaxSeconds : axis.value(i), min_);
      const double hi = std::min(i == n ? kInf : axis.value(i + 1), max_);
      x = (lo > 0.0 && hi > lo) ? lo * std::pow(hi / lo, f) : lo;
    }
    return std::clamp(x, min_, max_);
  }
  return max_;  // unreachable while the count_ invariant holds
}

}  // namespace fmsim::sim
