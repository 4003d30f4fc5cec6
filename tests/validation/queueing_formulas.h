// Closed-form results of queueing theory that the validation tests compare the simulator with.
// Each function names its model in Kendall notation and cites where the formula comes from; they
// are tested against published values in queueing_formulas_test.cpp before anything relies on
// them. Rates are per second, times in seconds; μ is the rate of one server.
#pragma once

#include <cmath>
#include <stdexcept>

namespace fmsim::validation {

// Erlang B: probability that an arrival to M/M/c/c (c servers, no waiting room) finds all
// servers busy, offered load a = λ/μ erlangs.
// Recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) (e.g. Kleinrock, Queueing Systems I,
// §3.6; Gross & Harris, Fundamentals of Queueing Theory, §2.6). Every step is a ratio in [0, 1],
// so it neither overflows nor cancels, unlike the textbook a^c/c! / Σ a^k/k!.
inline double erlang_b(int c, double a) {
  if (c < 0 || !(a >= 0)) throw std::invalid_argument("erlang_b: need c >= 0, a >= 0");
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// Erlang C: probability that an arrival to M/M/c waits, ρ = a/c < 1.
// C = B / (1 − ρ(1 − B)) with B = erlang_b(c, a) (Gross & Harris §2.3 / §2.6; the B→C identity
// is standard, e.g. Cooper, Introduction to Queueing Theory, eq. 3.4.8). Stable for the same
// reason as the B recursion.
inline double erlang_c(int c, double a) {
  const double rho = a / c;
  if (c < 1 || !(rho < 1.0)) throw std::invalid_argument("erlang_c: need c >= 1 and a/c < 1");
  const double b = erlang_b(c, a);
  return b / (1.0 - rho * (1.0 - b));
}

// M/M/c mean waiting time in queue (before service): W_q = C(c, a) / (cμ − λ)
// (Gross & Harris §2.3, eq. 2.33; Kleinrock I, eq. 3.43).
inline double mmc_mean_wait(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

// M/M/1 sojourn time (wait + service) under FIFO is exponential with rate μ − λ
// (Kleinrock I, eq. 3.28; Gross & Harris §2.2.4). Mean 1/(μ − λ), q-quantile −ln(1 − q)/(μ − λ),
// so p99 = ln(100)/(μ − λ).
inline double mm1_sojourn_mean(double lambda, double mu) { return 1.0 / (mu - lambda); }
inline double mm1_sojourn_quantile(double lambda, double mu, double q) {
  return -std::log1p(-q) / (mu - lambda);
}

// M/G/1 mean waiting time, Pollaczek–Khinchine: W_q = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S]
// (Kleinrock I, eq. 5.105; Gross & Harris §5.1.1). For deterministic service S = 1/μ it is
// W_q = ρ / (2μ(1 − ρ)).
inline double mg1_mean_wait(double lambda, double es, double es2) {
  const double rho = lambda * es;
  if (!(rho < 1.0)) throw std::invalid_argument("mg1_mean_wait: need rho < 1");
  return lambda * es2 / (2.0 * (1.0 - rho));
}

// M/M/c/K: c servers, at most K customers in the system (K − c waiting places). An arrival that
// finds K present is blocked; by PASTA the blocked fraction equals the stationary P(N = K):
//   p_n ∝ a^n / n!                 for n ≤ c,
//   p_n ∝ a^n / (c! · c^(n−c))     for c < n ≤ K,       a = λ/μ
// (Gross & Harris §2.5, eqs. 2.51–2.52; Kleinrock I §3.6). Any load, including ρ = a/c ≥ 1.
// Computed by the ratio t_n = t_{n−1} · a / min(n, c), normalised at the end; terms are
// rescaled when they grow large so that K in the thousands does not overflow.
inline double mmck_blocking(int c, int K, double lambda, double mu) {
  if (c < 1 || K < c || !(lambda > 0) || !(mu > 0)) {
    throw std::invalid_argument("mmck_blocking: need 1 <= c <= K, lambda, mu > 0");
  }
  const double a = lambda / mu;
  double term = 1.0;
  double sum = 1.0;
  for (int n = 1; n <= K; ++n) {
    term *= a / (n < c ? n : c);
    sum += term;
    if (sum > 1e250) {
      term /= sum;
      sum = 1.0;
    }
  }
  return term / sum;
}

// M/M/1+D: M/M/1 FIFO where a customer who has not started service within a fixed patience T
// leaves (the station's max_wait). Fraction of arrivals that abandon:
//   P_ab = ρ(1 − ρ)·e / (1 − ρ²·e),   e = exp(−(μ − λ)·T),   ρ = λ/μ ≠ 1;
//   P_ab = 1 / (2 + λT)               at ρ = 1 (the limit).
// Source: the M/G/1+D virtual-waiting-time density of Baccelli, Boyer & Hébuterne, "Single-server
// queues with impatient customers", Adv. Appl. Prob. 16 (1984) 887–905 (see also Stanford,
// Math. Oper. Res. 4 (1979) 162–178), specialised to exponential service. Derivation, by level
// crossing (Brill & Posner) on the offered workload V, to which only customers who will be served
// (those arriving to V ≤ T) add work: with P(V = 0) = p0 the density is f(x) = λp0·e^{−(μ−λ)x} on
// (0, T] and f(x) = λp0·e^{−(μ−λ)T}·e^{−μ(x−T)} above T. Normalising gives
// p0 = (1 − ρ)/(1 − ρ²e), and an arrival abandons iff it sees V > T: P_ab = λp0·e/μ. Checks: T → 0
// gives the M/M/1/1 loss ρ/(1+ρ); T → ∞ gives 0 for ρ < 1 and 1 − 1/ρ for ρ > 1 (the server
// then works all the time, so μ = λ(1 − P_ab)).
inline double mm1d_abandonment(double lambda, double mu, double patience) {
  if (!(lambda > 0) || !(mu > 0) || !(patience >= 0)) {
    throw std::invalid_argument("mm1d_abandonment: need lambda, mu > 0, patience >= 0");
  }
  const double rho = lambda / mu;
  if (rho == 1.0) return 1.0 / (2.0 + lambda * patience);
  const double e = std::exp(-(mu - lambda) * patience);
  return rho * (1.0 - rho) * e / (1.0 - rho * rho * e);
}

}  // namespace fmsim::validation
