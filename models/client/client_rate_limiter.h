// The client-side rate limiter of the AWS SDKs' adaptive retry mode (botocore retries/adaptive.py
// ClientRateLimiter, retries/bucket.py TokenBucket; the same design in the other SDKs), rewritten
// for simulated time. Three parts:
//
// - A send bucket: every attempt takes one token before it is sent, but only once the limiter is
//   enabled (by the first throttle; until then sends are free). It fills at `fill_rate` =
//   max(rate, 0.5) per second up to max(rate, 1) tokens, and starts empty.
// - A meter of the response rate: responses are counted in 0.5 s buckets; when a bucket closes,
//   measured = 0.8 x (count / elapsed) + 0.2 x measured.
// - A CUBIC calculator (cubic_rate.h). On every response: a throttle sets the rate to 0.7 x the
//   measured rate (capped by the current fill rate once enabled) and enables the limiter; any other
//   response lets the rate grow along the cubic curve. Either way the new rate is capped at twice
//   the measured rate.
//
// Times are seconds since t = 0, as doubles (the meter buckets by floor(2 t) / 2, as botocore).
#pragma once

#include "models/client/cubic_rate.h"

namespace fmsim::models {

class ClientRateLimiter {
 public:
  ClientRateLimiter();

  bool enabled() const { return enabled_; }
  // 0 and one token taken if a send may go at t (always, while disabled); otherwise the seconds
  // until the bucket will hold a token at the current rate (nothing taken: ask again then).
  double try_acquire(double t_s);
  // Every response to an attempt, throttled or not.
  void on_response(double t_s, bool throttled);

  double fill_rate() const { return fill_rate_; }
  double measured_rate() const { return measured_rate_; }
  double capacity() const { return capacity_; }
  const CubicRate& cubic() const { return cubic_; }

 private:
  void refill(double t_s);
  void set_rate(double rate, double t_s);
  double record_response(double t_s);

  static constexpr double kMinFillRate = 0.5;
  static constexpr double kMaxRateAdjustScale = 2.0;
  static constexpr double kSmoothing = 0.8;
  static constexpr double kMeterBucketS = 0.5;

  bool enabled_ = false;
  CubicRate cubic_;
  // Send bucket.
  double fill_rate_ = 1;
  double max_capacity_ = 1;
  double capacity_ = 0;
  double last_refill_s_ = 0;
  // Response-rate meter.
  double measured_rate_ = 0;
  double meter_bucket_s_ = 0;
  double meter_count_ = 0;
};

}  // namespace fmsim::models
