// CUBIC rate control as the AWS SDKs' adaptive retry mode uses it for its send rate (botocore
// retries/throttling.py CubicCalculator; after Ha, Rhee & Xu, "CUBIC: a new TCP-friendly
// high-speed TCP variant", 2008). On a throttle at send rate r the rate drops to beta x r and r
// becomes the new w_max; afterwards it grows as
//     rate(t) = C (t - t_fail - K)^3 + w_max,   K = cbrt(w_max (1 - beta) / C)
// (back to w_max after K seconds, slowly near it, then faster), with C = 0.4 and beta = 0.7.
// Times are in seconds.
#pragma once

#include <cmath>

namespace fmsim::models {

class CubicRate {
 public:
  static constexpr double kScale = 0.4;  // C
  static constexpr double kBeta = 0.7;

  CubicRate(double starting_max_rate, double start_time_s)
      : w_max_(starting_max_rate), k_(zero_point(starting_max_rate)), last_fail_s_(start_time_s) {}

  // The rate after a success at t.
  double on_success(double t_s) const {
    const double x = t_s - last_fail_s_ - k_;
    return kScale * x * x * x + w_max_;
  }
  // The rate after a throttle at t while sending at `current_rate`.
  double on_throttle(double current_rate, double t_s) {
    w_max_ = current_rate;
    k_ = zero_point(current_rate);
    last_fail_s_ = t_s;
    return current_rate * kBeta;
  }
  double w_max() const { return w_max_; }
  double k() const { return k_; }
  double last_fail_s() const { return last_fail_s_; }

 private:
  static double zero_point(double w_max) { return std::cbrt(w_max * (1 - kBeta) / kScale); }
  double w_max_;
  double k_;
  double last_fail_s_;
};

}  // namespace fmsim::models
