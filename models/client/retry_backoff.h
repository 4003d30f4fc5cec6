// The delay before a retry, as the AWS SDKs' standard mode computes it ("full jitter", botocore
// retries/standard.py ExponentialBackoff): after the n-th attempt failed (n = 1, 2, ...), wait
//     U[0, 1) x min(base_delay x 2^(n-1), max_backoff)
// so with botocore's base 1 s and cap 20 s the first retry waits U[0, 1) s, the second U[0, 2) s,
// then U[0, 4), U[0, 8), U[0, 16), and U[0, 20) from the sixth on.
#pragma once

#include "models/deployment/deployment_spec.h"
#include "sim/time.h"

namespace fmsim::models {

// min(base_delay x 2^(failed_attempt-1), max_backoff): the ceiling the jitter scales.
sim::Duration backoff_ceiling(const RetrySpec& spec, int failed_attempt);

// The delay for a uniform draw u in [0, 1).
inline sim::Duration backoff_delay(const RetrySpec& spec, int failed_attempt, double u) {
  return sim::Duration::from_seconds(u * backoff_ceiling(spec, failed_attempt).seconds_f());
}

}  // namespace fmsim::models
