// The SDK's retry quota (botocore retries/quota.py and RetryQuotaChecker in standard.py, "retry
// mode version 2.0"): a bucket of `quota_capacity` tokens, full at the start. A retry takes
// `retry_cost` tokens (`timeout_retry_cost` after a timeout); with too few left the SDK does not
// retry and returns the failure. A call that succeeds at its first attempt puts back
// `success_refund`; one that succeeds after retries puts back what its last retry took. Never
// above capacity. So when most attempts fail the bucket empties and retrying stops: a circuit
// breaker against retry storms. Capacity 0 switches the quota off (always retry).
#pragma once

#include <algorithm>
#include <cstdint>

namespace fmsim::models {

class RetryQuota {
 public:
  explicit RetryQuota(std::int32_t capacity) : capacity_(capacity), available_(capacity) {}

  bool enabled() const { return capacity_ > 0; }
  // Takes `cost` if available (always true when disabled).
  bool acquire(std::int32_t cost) {
    if (!enabled()) return true;
    if (cost > available_) return false;
    available_ -= cost;
    return true;
  }
  void release(std::int32_t amount) {
    if (enabled()) available_ = std::min(capacity_, available_ + amount);
  }
  std::int32_t available() const { return available_; }
  std::int32_t capacity() const { return capacity_; }

 private:
  std::int32_t capacity_;
  std::int32_t available_;
};

}  // namespace fmsim::models
