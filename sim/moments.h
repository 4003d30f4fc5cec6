// Running summary statistics of a stream of doubles, in O(1) memory: `Moments` (count, mean,
// unbiased variance, min, max) for per-window or per-replication scalars, and `CompensatedSum`,
// the long-running sum shared by the histogram and the time-weighted gauge, where a plain double
// sum would lose digits over millions of additions.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/max.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/min.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/variance.hpp>

namespace fmsim::sim {

// Neumaier's variant of Kahan summation. The error of value() is at most about 2u|S| + n·u²·Σ|x|
// (u = 2^-53), so to first order it does not grow with the number of terms — unlike a plain
// double sum, whose bound is n·u·Σ|x|. Neumaier (not plain Kahan) also stays exact when a term is
// larger than the running sum. Breaks under -ffast-math, which the project does not use.
// add() is O(1) and allocation-free.
class CompensatedSum {
 public:
  void add(double x) noexcept {
    const double t = sum_ + x;
    // Recover the low-order bits lost by the rounding of `t`, from whichever operand was smaller.
    if (std::abs(sum_) >= std::abs(x)) {
      comp_ += (sum_ - t) + x;
    } else {
      comp_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  void add(const CompensatedSum& other) noexcept {
    const CompensatedSum o = other;  // a copy, so adding a sum to itself doubles it
    add(o.sum_);
    add(o.comp_);
  }
  // An infinite or NaN term poisons the compensation with inf - inf; report the plain sum then.
  double value() const noexcept { return std::isfinite(sum_) ? sum_ + comp_ : sum_; }
  void reset() noexcept {
    sum_ = 0.0;
    comp_ = 0.0;
  }

 private:
  double sum_ = 0.0;
  double comp_ = 0.0;
};

// Count, mean, unbiased variance, min and max of the values added. O(1) per add(), no allocation.
// Undefined statistics are NaN: everything but count() when empty, variance/stddev below two
// samples.
//
// The variance is Boost's immediate (Welford-style) recurrence rather than the lazy
// E[x²] − E[x]² form: the lazy one cancels catastrophically when the spread is small next to the
// mean (latencies of 1.000001 s ± 1 µs), the recurrence does not. Boost's result is the
// population (biased) variance; variance() rescales it by n/(n−1).
class Moments {
 public:
  void add(double x) { acc_(x); }
  // Empties the set (for reuse as a window accumulator); no allocation.
  void reset() { acc_ = Acc{}; }

  std::uint64_t count() const { return boost::accumulators::count(acc_); }
  double mean() const { return count() == 0 ? nan() : boost::accumulators::mean(acc_); }
  double variance() const {
    const std::uint64_t n = count();
    if (n < 2) return nan();
    const double nd = static_cast<double>(n);
    return boost::accumulators::variance(acc_) * (nd / (nd - 1.0));
  }
  double stddev() const { return std::sqrt(variance()); }
  double min() const { return count() == 0 ? nan() : boost::accumulators::min(acc_); }
  double max() const { return count() == 0 ? nan() : boost::accumulators::max(acc_); }

 private:
  // tag::mean(immediate) so mean() is the same running mean the variance recurrence uses.
  using Acc = boost::accumulators::accumulator_set<
      double,
      boost::accumulators::stats<boost::accumulators::tag::count,
                                 boost::accumulators::tag::mean(boost::accumulators::immediate),
                                 boost::accumulators::tag::variance,
                                 boost::accumulators::tag::min, boost::accumulators::tag::max>>;

  static double nan() { return std::numeric_limits<double>::quiet_NaN(); }

  Acc acc_;
};

}  // namespace fmsim::sim
