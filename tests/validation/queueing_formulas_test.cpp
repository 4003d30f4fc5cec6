// Tests of the closed-form formulas themselves (queueing_formulas.h) against published table
// values, brute-force sums and known limits — so that a failing simulation test points at the
// simulator, not at a mistyped formula.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/validation/queueing_formulas.h"

namespace fmsim::validation {
namespace {

// Textbook p_n sums, term by term (fine for the small c, K used here).
double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

double erlang_b_direct(int c, double a) {
  double sum = 0;
  for (int k = 0; k <= c; ++k) sum += std::pow(a, k) / factorial(k);
  return std::pow(a, c) / factorial(c) / sum;
}

TEST(QueueingFormulas, ErlangBMatchesPublishedTableAndDirectSum) {
  // Erlang B tables: 10 circuits offered 5 erlangs block 1.838 % of calls.
  EXPECT_NEAR(erlang_b(10, 5.0), 0.0183846, 1e-7);
  for (int c : {1, 2, 5, 16, 30}) {
    for (double a : {0.1, 1.0, 7.5, 25.0}) {
      EXPECT_NEAR(erlang_b(c, a), erlang_b_direct(c, a), 1e-12 * (1 + erlang_b_direct(c, a))) << c << " " << a;
    }
  }
  EXPECT_DOUBLE_EQ(erlang_b(0, 3.0), 1.0);
}

TEST(QueueingFormulas, ErlangCKnownValues) {
  // M/M/1: P(wait) = ρ. M/M/2 at a = 1: P(wait) = 2ρ²/(1+ρ) = 1/3.
  EXPECT_NEAR(erlang_c(1, 0.8), 0.8, 1e-15);
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15);
  // Against the textbook form  (a^c/c!)/(1−ρ) / (Σ_{k<c} a^k/k! + (a^c/c!)/(1−ρ)).
  for (int c : {4, 16}) {
    for (double rho : {0.5, 0.8, 0.95}) {
      const double a = rho * c;
      double sum = 0;
      for (int k = 0; k < c; ++k) sum += std::pow(a, k) / factorial(k);
      const double top = std::pow(a, c) / factorial(c) / (1 - rho);
      EXPECT_NEAR(erlang_c(c, a), top / (sum + top), 1e-12) << c << " " << rho;
    }
  }
  // Large c: the recursion neither overflows nor leaves [0, 1].
  const double big = erlang_c(2000, 1990.0);
  EXPECT_GT(big, 0.0);
  EXPECT_LT(big, 1.0);
  EXPECT_THROW(erlang_c(4, 4.0), std::invalid_argument);
}

TEST(QueueingFormulas, MeanWaitsReduceToMM1) {
  // M/M/1: W_q = ρ/(μ − λ).
  EXPECT_NEAR(mmc_mean_wait(1, 0.8, 1.0), 4.0, 1e-12);
  // P–K with exponential service (E[S²] = 2/μ²) is M/M/1; deterministic service halves it.
  EXPECT_NEAR(mg1_mean_wait(0.8, 1.0, 2.0), 4.0, 1e-12);
  EXPECT_NEAR(mg1_mean_wait(0.8, 1.0, 1.0), 2.0, 1e-12);
  EXPECT_NEAR(mm1_sojourn_mean(0.8, 1.0), 5.0, 1e-12);
  EXPECT_NEAR(mm1_sojourn_quantile(0.8, 1.0, 0.99), std::log(100.0) / 0.2, 1e-12);
}

TEST(QueueingFormulas, MMcKReducesToErlangBAndMM1K) {
  // K = c: no waiting room, Erlang's loss formula.
  EXPECT_NEAR(mmck_blocking(8, 8, 6.0, 1.0), erlang_b(8, 6.0), 1e-14);
  // c = 1: P_K = (1 − ρ)ρ^K / (1 − ρ^(K+1)) (Gross & Harris eq. 2.47).
  for (double rho : {0.5, 0.9, 1.5}) {
    const double want = (1 - rho) * std::pow(rho, 5) / (1 - std::pow(rho, 6));
    EXPECT_NEAR(mmck_blocking(1, 5, rho, 1.0), want, 1e-14) << rho;
  }
  // Huge K overloaded: blocking → 1 − 1/ρ, and the rescaling keeps it finite.
  EXPECT_NEAR(mmck_blocking(1, 5000, 2.0, 1.0), 0.5, 1e-12);
  EXPECT_NEAR(mmck_blocking(4, 5000, 8.0, 1.0), 0.5, 1e-12);
}

TEST(QueueingFormulas, MM1DAbandonmentLimits) {
  // No patience: M/M/1/1 loss, ρ/(1 + ρ).
  EXPECT_NEAR(mm1d_abandonment(0.9, 1.0, 0.0), 0.9 / 1.9, 1e-15);
  EXPECT_NEAR(mm1d_abandonment(1.5, 1.0, 0.0), 1.5 / 2.5, 1e-15);
  // Infinite patience: nobody leaves when ρ < 1; the excess 1 − 1/ρ leaves when ρ > 1.
  EXPECT_NEAR(mm1d_abandonment(0.9, 1.0, 1e4), 0.0, 1e-15);
  EXPECT_NEAR(mm1d_abandonment(1.5, 1.0, 1e3), 1.0 - 1.0 / 1.5, 1e-12);
  // ρ = 1 is continuous with its neighbours.
  EXPECT_NEAR(mm1d_abandonment(1.0, 1.0, 3.0), 0.2, 1e-15);
  EXPECT_NEAR(mm1d_abandonment(1.0 + 1e-7, 1.0, 3.0), 0.2, 1e-6);
  // Served throughput never exceeds the server's capacity: λ(1 − P_ab) ≤ μ.
  for (double lambda : {0.5, 0.9, 1.2, 3.0}) {
    for (double t : {0.1, 1.0, 5.0}) {
      EXPECT_LE(lambda * (1 - mm1d_abandonment(lambda, 1.0, t)), 1.0 + 1e-12);
    }
  }
}

}  // namespace
}  // namespace fmsim::validation
