// Backoff ceiling without overflow for any attempt number.
#include "models/client/retry_backoff.h"

#include <algorithm>

namespace fmsim::models {

sim::Duration backoff_ceiling(const RetrySpec& spec, int failed_attempt) {
  sim::Duration d = spec.base_delay;
  // Doubling stops at the cap, so large attempt numbers cannot overflow.
  for (int i = 1; i < failed_attempt && d < spec.max_backoff; ++i) d = d * 2;
  return std::min(d, spec.max_backoff);
}

}  // namespace fmsim::models
