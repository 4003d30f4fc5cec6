// Adaptive mode's client-side rate limiter: the CUBIC rate curve and the limiter's reaction to
// throttles, checked against values computed by hand from botocore's algorithm
// (retries/throttling.py, retries/adaptive.py, retries/bucket.py).
#include <cmath>

#include <gtest/gtest.h>

#include "models/client/client_rate_limiter.h"
#include "models/client/cubic_rate.h"

namespace fmsim::models {
namespace {

TEST(CubicRate, DropsByBetaAndClimbsBackToWmaxAfterK) {
  CubicRate c(0, 0);
  EXPECT_NEAR(c.on_success(2), 0.4 * 8, 1e-12);  // w_max 0, K 0: 0.4 t^3
  EXPECT_NEAR(c.on_throttle(10, 5), 7, 1e-12);    // 0.7 x 10
  const double k = std::cbrt(10 * 0.3 / 0.4);     // 1.957...
  EXPECT_NEAR(c.k(), k, 1e-12);
  EXPECT_NEAR(c.on_success(5), 7, 1e-12);          // continuous with the drop: 10 - 0.4 K^3
  EXPECT_NEAR(c.on_success(5 + k), 10, 1e-12);     // back at w_max after K seconds
  EXPECT_NEAR(c.on_success(5 + k + 1), 10.4, 1e-12);
  EXPECT_NEAR(c.on_success(5 + k + 2), 13.2, 1e-12);
}

// By hand, botocore's sequence: the bucket starts at rate 1/s, capacity 1, empty, at t = 0.
// - t = 0.2, success: the meter's 0.5 s bucket has not closed (measured 0); CUBIC gives
//   0.4 x 0.2^3 = 0.0032, capped at 2 x measured = 0, so the fill rate becomes its floor 0.5/s;
//   the bucket first fills at the old rate: 0.2 tokens.
// - t = 0.7, throttle: the meter's bucket [0, 0.5) closes with 2 responses: 2 / 0.5 = 4/s,
//   measured = 0.8 x 4 = 3.2. Not yet enabled, so CUBIC drops from the measured 3.2 to 2.24 and
//   the limiter turns on; the bucket gains 0.5 s x 0.5/s = 0.25 (0.45), then fills at 2.24/s.
// - a send at 0.7 must wait (1 - 0.45) / 2.24 = 0.2455 s.
TEST(ClientRateLimiter, ReactsToTheFirstThrottleAsBotocore) {
  ClientRateLimiter l;
  EXPECT_FALSE(l.enabled());
  EXPECT_EQ(l.try_acquire(0.1), 0);  // disabled: sends are free
  l.on_response(0.2, false);
  EXPECT_FALSE(l.enabled());
  EXPECT_DOUBLE_EQ(l.measured_rate(), 0);
  EXPECT_DOUBLE_EQ(l.fill_rate(), 0.5);
  l.on_response(0.7, true);
  EXPECT_TRUE(l.enabled());
  EXPECT_NEAR(l.measured_rate(), 3.2, 1e-12);
  EXPECT_NEAR(l.fill_rate(), 2.24, 1e-12);
  EXPECT_NEAR(l.try_acquire(0.7), 0.55 / 2.24, 1e-12);
  EXPECT_NEAR(l.capacity(), 0.45, 1e-12);  // nothing taken by a refused acquire
  EXPECT_EQ(l.try_acquire(0.7 + 0.55 / 2.24 + 1e-9), 0);
  EXPECT_NEAR(l.capacity(), 0, 1e-8);
  // A second throttle while enabled uses min(measured, current fill rate): the meter has not
  // closed a new bucket at 0.9, so measured stays 3.2, and 0.7 x min(3.2, 2.24) = 1.568.
  l.on_response(0.9, true);
  EXPECT_NEAR(l.fill_rate(), 1.568, 1e-12);
  EXPECT_NEAR(l.cubic().w_max(), 2.24, 1e-12);
}

// Repeated throttles at a steady response rate drive the send rate down geometrically (x0.7 each),
// never below the 0.5/s floor; successes then let it climb back along the cubic curve, capped at
// twice the measured response rate.
TEST(ClientRateLimiter, ThrottlesLowerTheRateSuccessesRaiseIt) {
  ClientRateLimiter l;
  double t = 0;
  for (int i = 0; i < 40; ++i, t += 0.1) l.on_response(t, false);  // 10 responses/s
  EXPECT_NEAR(l.measured_rate(), 10, 0.5);
  double last = 1e9;
  for (int i = 0; i < 30; ++i, t += 0.1) {
    l.on_response(t, true);
    EXPECT_LE(l.fill_rate(), last + 1e-12);
    last = l.fill_rate();
  }
  EXPECT_DOUBLE_EQ(l.fill_rate(), 0.5);
  for (int i = 0; i < 200; ++i, t += 0.1) l.on_response(t, false);
  EXPECT_GT(l.fill_rate(), 5);
  EXPECT_LE(l.fill_rate(), 2 * l.measured_rate() + 1e-9);
}

}  // namespace
}  // namespace fmsim::models
