// Adaptive mode's send bucket, response meter and rate updates.
#include "models/client/client_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace fmsim::models {

// botocore starts CUBIC at rate 0 and the bucket at max_rate 1 (fill 1/s, capacity 1), empty.
ClientRateLimiter::ClientRateLimiter() : cubic_(0.0, 0.0) {}

void ClientRateLimiter::refill(double t_s) {
  if (t_s > last_refill_s_) capacity_ = std::min(max_capacity_, capacity_ + (t_s - last_refill_s_) * fill_rate_);
  last_refill_s_ = std::max(last_refill_s_, t_s);
}

// Tokens that accrued at the old rate are added before the rate changes.
void ClientRateLimiter::set_rate(double rate, double t_s) {
  refill(t_s);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = rate >= 1 ? rate : 1;
  capacity_ = std::min(capacity_, max_capacity_);
}

double ClientRateLimiter::try_acquire(double t_s) {
  if (!enabled_) return 0;
  refill(t_s);
  // Simulated time is whole nanoseconds: a waiter woken at the rounded-up instant may find the
  // bucket a rounding error short of a whole token.
  if (capacity_ >= 1 - 1e-9) {
    capacity_ = std::max(0.0, capacity_ - 1);
    return 0;
  }
  return (1 - capacity_) / fill_rate_;
}

double ClientRateLimiter::record_response(double t_s) {
  const double bucket = std::floor(t_s / kMeterBucketS) * kMeterBucketS;
  meter_count_ += 1;
  if (bucket > meter_bucket_s_) {
    const double current = meter_count_ / (bucket - meter_bucket_s_);
    measured_rate_ = current * kSmoothing + measured_rate_ * (1 - kSmoothing);
    meter_count_ = 0;
    meter_bucket_s_ = bucket;
  }
  return measured_rate_;
}

void ClientRateLimiter::on_response(double t_s, bool throttled) {
  const double measured = record_response(t_s);
  double rate;
  if (!throttled) {
    rate = cubic_.on_success(t_s);
  } else {
    const double current = enabled_ ? std::min(measured, fill_rate_) : measured;
    rate = cubic_.on_throttle(current, t_s);
    enabled_ = true;
  }
  set_rate(std::min(rate, kMaxRateAdjustScale * measured), t_s);
}

}  // namespace fmsim::models
