// Latency distribution of simulated requests: a fixed log-scaled Boost.Histogram from 1 µs to
// 1 day with ≤ 1 % relative quantile error, plus exact count, sum, min and max. Fixed-size and
// mergeable (add counts), so one histogram per window, replication or MPI rank can be combined
// afterwards into the exact same result as a single histogram over everything.
#pragma once

#include <cstdint>
#include <tuple>

#include <boost/histogram.hpp>

#include "sim/moments.h"
#include "sim/time.h"

namespace fmsim::sim {

// Bin count. The axis has n bins of equal width in ln(x) over [a, b] = [1e-6 s, 86400 s], so each
// bin spans a ratio r = (b/a)^(1/n). Counts are exact, so quantile() finds the very bin holding
// the wanted order statistic x and places its estimate x̂ inside that same bin [lo, lo·r]. Hence
// x̂/x ∈ [1/r, r] and |x̂ − x|/x ≤ r − 1 however the samples sit inside the bin.
//   r − 1 ≤ 0.01  ⇔  n ≥ ln(b/a) / ln(1.01) = ln(8.64e10) / 0.0099503 = 25.1823 / 0.0099503
//                 = 2530.8.
// n = 2560 gives r − 1 = 0.9885 %; the margin over 2531 (0.99992 %) absorbs values a rounded log
// puts one ulp across a bin edge. Storage: (2560 + 2 flow bins) × 8 B ≈ 20 KiB per histogram.
// The bound holds for values inside [a, b]; below and above, the flow bins still give exact
// ranks but only the [min, 1 µs) or [1 day, max] range for the value.
//
// Quantiles use the nearest-rank definition: quantile(q) estimates the ⌈q·n⌉-th smallest sample
// (the first for q = 0). The smallest and largest samples are known exactly and returned as such,
// so 1- and 2-sample histograms give exact quantiles and quantile(1) == max_seconds().
//
// Moved-from histograms have no storage: only assign to or destroy them.
class LatencyHistogram {
 public:
  static constexpr double kMinSeconds = 1e-6;
  static constexpr double kMaxSeconds = 86400.0;
  static constexpr unsigned kBins = 2560;

  LatencyHistogram();

  // O(1), no allocation: one log, one bin index, one increment.
  void record(Duration d) { record_seconds(d.seconds_f()); }
  // Negative values (and NaN) are recorded as 0 s, i.e. in the underflow bin.
  void record_seconds(double s) {
    if (!(s > 0.0)) s = 0.0;
    ++hist_[hist_.axis().index(s)];
    ++count_;
    sum_.add(s);
    if (s < min_) min_ = s;
    if (s > max_) max_ = s;
  }

  // Adds other's counts: merging per-window histograms equals recording everything into one.
  // O(bins).
  void merge(const LatencyHistogram& other);
  // Empties the histogram, zeroing the counts in place (no reallocation). O(bins).
  void reset();

  std::uint64_t count() const { return count_; }
  // In seconds; q in [0, 1] (std::invalid_argument otherwise); NaN when empty. Clamped to
  // [min_seconds(), max_seconds()]. O(bins).
  double quantile(double q) const;
  double min_seconds() const;   // exact; NaN when empty
  double max_seconds() const;   // exact; NaN when empty
  double sum_seconds() const { return sum_.value(); }  // compensated; 0 when empty
  double mean_seconds() const;  // NaN when empty

 private:
  using Axis = boost::histogram::axis::regular<double, boost::histogram::axis::transform::log,
                                               boost::histogram::axis::null_type>;
  using Hist = boost::histogram::histogram<std::tuple<Axis>,
                                           boost::histogram::dense_storage<std::uint64_t>>;

  // Invariants: count_ equals the sum of all cells (flow bins included); when count_ > 0,
  // min_ ≤ max_ are the extreme recorded values (after clamping negatives to 0); when empty,
  // min_ = +inf and max_ = −inf so the first record sets both.
  Hist hist_;
  std::uint64_t count_ = 0;
  CompensatedSum sum_;
  double min_;
  double max_;
};

}  // namespace fmsim::sim
