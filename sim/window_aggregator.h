// Cuts simulated time into consecutive fixed-width windows and streams each closed window to a
// sink at once (a CSV row, a results-store insert, a merge into a run total), so memory never
// grows with the horizon: only the current window's accumulator is alive.
#pragma once

#include <concepts>
#include <stdexcept>
#include <utility>

#include "sim/time.h"

namespace fmsim::sim {

// What a window holds: anything that can be emptied in place for the next window
// (LatencyHistogram, Moments, a struct of counters...).
template <class A>
concept WindowAccumulator = std::default_initializable<A> && requires(A& a) { a.reset(); };

// Windows are [start + k·w, start + (k+1)·w), k = 0, 1, ...; a time exactly on a boundary belongs
// to the later window. Each window is passed to the sink exactly once, in order, empty ones
// included, then its accumulator is reset() and reused — so the sink must copy out whatever it
// keeps. The sink is any callable `sink(SimTime window_start, SimTime window_end, const Accum&)`;
// boundary callbacks (restarting a TimeWeightedGauge, say) are just part of the sink.
//
// Invariants: current_start() < current_end(); current_end() is always on the grid
// start + k·w; current_start() is too, except after finish() cut a window short (see there).
// at() and finish() cost O(1) plus one sink call per window they close.
template <WindowAccumulator Accum>
class WindowAggregator {
 public:
  // Throws std::invalid_argument if width ≤ 0.
  explicit WindowAggregator(Duration width, SimTime start = SimTime::zero())
      : width_(checked_width(width)), start_(start), end_(start + width_) {}

  // Closes every window ending at or before t, then returns the accumulator of the window
  // containing t. Throws std::logic_error if t precedes the current window (time went back).
  template <class Sink>
  Accum& at(SimTime t, Sink&& sink) {
    if (t < start_) throw std::logic_error("WindowAggregator::at: time went backwards");
    while (t >= end_) close_current(end_, sink);
    return accum_;
  }

  // Closes all windows up to `end`: the full ones, then the partial [current start, end) if it
  // has positive length. The aggregator stays usable: the rest of a cut window, [end, next grid
  // boundary), then forms a window of its own, so the grid never shifts. Throws
  // std::logic_error if end precedes the current window. `end` must be the real end of the run,
  // not SimTime::max(): every window up to it is emitted.
  template <class Sink>
  void finish(SimTime end, Sink&& sink) {
    if (end < start_) throw std::logic_error("WindowAggregator::finish: time went backwards");
    while (end >= end_) close_current(end_, sink);
    if (end > start_) {
      sink(start_, end, std::as_const(accum_));
      accum_.reset();
      start_ = end;
    }
  }

  Accum& current() { return accum_; }
  SimTime current_start() const { return start_; }
  SimTime current_end() const { return end_; }
  Duration width() const { return width_; }

 private:
  static Duration checked_width(Duration width) {
    if (width <= Duration::zero()) {
      throw std::invalid_argument("WindowAggregator: window width must be positive");
    }
    return width;
  }

  template <class Sink>
  void close_current(SimTime window_end, Sink& sink) {
    sink(start_, window_end, std::as_const(accum_));
    accum_.reset();
    start_ = window_end;
    end_ = window_end + width_;
  }

  Duration width_;
  SimTime start_;  // start of the current window
  SimTime end_;    // end of the current window (exclusive)
  Accum accum_{};
};

}  // namespace fmsim::sim
