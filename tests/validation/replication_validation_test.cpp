// Validation of the full models::Replication path (scenario struct → arrivals, a deployment of one
// station target, metrics → ReplicationResult), which the CLI runs: Little's law L = λW on its own
// outputs, and the M/M/1 sojourn mean and p99 from its latency histogram. Unlike the harness tests
// this path has no warm-up and keeps only ok latencies in a histogram, so these checks also cover
// the metrics layer: the time-weighted gauge, the histogram's exact mean and its quantile error
// bound.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "models/run/replication.h"
#include "models/scenario/scenario.h"
#include "tests/validation/check.h"
#include "tests/validation/confidence.h"
#include "tests/validation/queueing_formulas.h"
#include "tests/validation/station_harness.h"

namespace fmsim::validation {
namespace {

using models::Outcome;

// Relative slack for floating-point rounding in the Little identity: both sides are compensated
// sums of ~10⁶ terms, each term rounded once (≈1e-16), so 1e-9 is generous yet far below any
// modelling error.
constexpr double kRounding = 1e-9;

// Replication draws from the same stream names as the harness; a different seed keeps its M/M/1
// sample paths independent of the harness's M/M/1 test, so the two are separate evidence.
constexpr std::uint64_t kReplicationSeed = kSeed + 1;

// Makes the deployment one station target named "server" (the router's default); returns its spec.
models::StationSpec& add_station_target(models::Scenario& s) {
  models::TargetSpec t;
  t.name = "server";
  t.kind = models::TargetKind::station;
  s.deployment.targets = {t};
  s.deployment.router.default_target = "server";
  return s.deployment.targets.front().station;
}

models::Scenario mm1_scenario(double lambda, double horizon_s) {
  models::Scenario s;
  s.name = "validation-mm1";
  s.seed = kReplicationSeed;
  s.horizon = sim::Duration::from_seconds(horizon_s);
  s.workload.arrivals.rate_per_s = lambda;
  models::StationSpec& st = add_station_target(s);
  st.servers = 1;
  st.service_time = sim::Distribution::exponential(1.0);
  return s;
}

// Little's law as a sample-path identity over [0, T] (Stidham 1974; El-Taha & Stidham,
// Sample-Path Analysis of Queueing Systems, 1999, §1.2). With N(t) the number in system,
// n_e requests ended with total sojourn ΣW and n_f still in flight at T with ages A_j:
//   ∫₀ᵀ N dt = ΣW + ΣA_j,        λ̂ = (n_e + n_f)/T,        Ŵ = ΣW / n_e,
// so  L̂ − λ̂Ŵ = (ΣA_j − n_f·Ŵ) / T  ∈  [−n_f·Ŵ/T,  n_f·A_max/T].
// The edge term is all that separates the two sides; it comes from the in-flight count at the
// horizon and a bound A_max on the age of an in-flight request.
struct LittleSides {
  double L;        // time-weighted mean in system (ReplicationResult::in_system_mean)
  double lambda;   // arrivals / T
  double W;        // mean sojourn of ended requests
  double lo, hi;   // the identity's allowed range for L − λW, including rounding slack
};

LittleSides little_sides(const models::ReplicationResult& r, double sojourn_sum, double a_max) {
  const double T = r.horizon.seconds_f();
  const auto ended = static_cast<double>(r.counts.ended());
  const auto in_flight = static_cast<double>(r.in_flight);
  LittleSides s{};
  s.L = r.in_system_mean;
  s.lambda = static_cast<double>(r.counts.arrivals) / T;
  s.W = sojourn_sum / ended;
  s.lo = -in_flight * s.W / T - kRounding * s.L;
  s.hi = in_flight * a_max / T + kRounding * s.L;
  return s;
}

// Little's law where every sojourn is bounded, so the edge term is rigorous: 2 servers with
// uniform [0.5, 1.5] s service, 6 waiting places, max_wait 2 s, overloaded (ρ = 1.2) so that all
// three outcomes occur. Sojourn of ok = wait (≤ 2 s) + service (≤ 1.5 s); of timed_out = exactly
// max_wait (the station's timer); of rejected = 0 (turned away on arrival). Hence A_max = 3.5 s,
// and the sum of all sojourns is the histogram's exact sum plus timed_out × max_wait.
TEST(ReplicationLittle, IdentityHoldsToTheInFlightEdgeTermWithAllOutcomes) {
  constexpr double kMaxWait = 2.0;
  constexpr double kMaxService = 1.5;
  models::Scenario s;
  s.name = "validation-little";
  s.seed = kReplicationSeed;
  s.horizon = sim::Duration::seconds(20'000);
  s.workload.arrivals.rate_per_s = 2.4;
  models::StationSpec& st = add_station_target(s);
  st.servers = 2;
  st.queue_capacity = 6;
  st.max_wait = sim::Duration::from_seconds(kMaxWait);
  st.service_time = sim::Distribution::uniform(0.5, kMaxService);

  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    models::Replication replication(s, rep);
    const models::ReplicationResult r = replication.run();
    ASSERT_TRUE(r.conservation_ok);
    // Not vacuous: every kind of sojourn (full, cut at max_wait, zero) contributes.
    ASSERT_GT(r.counts[Outcome::ok], 10'000u);
    ASSERT_GT(r.counts[Outcome::timed_out], 1'000u);
    ASSERT_GT(r.counts[Outcome::rejected], 1'000u);
    ASSERT_EQ(r.latency.count(), r.counts[Outcome::ok]);
    ASSERT_LE(r.latency.max_seconds(), kMaxWait + kMaxService);

    const double sojourn_sum =
        r.latency.sum_seconds() + static_cast<double>(r.counts[Outcome::timed_out]) * kMaxWait;
    const LittleSides l = little_sides(r, sojourn_sum, kMaxWait + kMaxService);
    const double gap = l.L - l.lambda * l.W;
    std::cout << "[validation] Little (bounded sojourn) rep " << rep << ": L " << l.L << ", lambda*W "
              << l.lambda * l.W << ", L - lambda*W " << gap << " in [" << l.lo << ", " << l.hi << "], in flight "
              << r.in_flight << "\n";
    EXPECT_GE(gap, l.lo);
    EXPECT_LE(gap, l.hi);
    // The tolerance is the edge term, tiny next to L: the check is tight.
    EXPECT_LT(l.hi - l.lo, 1e-3 * l.L);
  }
}

// The M/M/1 sojourn law and Little's law through Replication, λ = 0.8, μ = 1, 20 replications
// of 500 000 s (≈ 400 000 customers each).
//  * Mean sojourn 1/(μ − λ) = 5 s and L = ρ/(1 − ρ) = 4 (Kleinrock I, eqs. 3.24, 3.26). Started
//    empty with no warm-up, the estimates are biased low by about relaxation time / horizon
//    (90 s / 500 000 s ≈ 0.02 %), far inside the intervals.
//  * p99 ln(100)/(μ − λ): the histogram's quantile is within 1 % (relative) of the exact order
//    statistic (sim/latency_histogram.h), a deterministic bound added to the interval.
//  * Little per replication: service is unbounded here, so the age of the oldest in-flight request
//    is bounded by the longest completed sojourn of the replication (max over ~4·10⁵ — an
//    in-flight request older than that is a ~10⁻⁵ event, and any model bug large enough to
//    matter would show far beyond it); the lower side of the identity needs no such bound.
TEST(ReplicationMM1, SojournMeanP99AndLittlesLaw) {
  const double lambda = 0.8;
  const double mu = 1.0;
  const models::Scenario s = mm1_scenario(lambda, 500'000);
  const auto stats = across_replications(20, [&](std::uint64_t rep) {
    models::Replication replication(s, rep);
    const models::ReplicationResult r = replication.run();
    if (!r.conservation_ok) throw std::logic_error("Replication: conservation identity broken");
    if (r.latency.count() != r.counts.ended()) throw std::logic_error("M/M/1: an outcome other than ok");
    const LittleSides l = little_sides(r, r.latency.sum_seconds(), std::max(r.latency.max_seconds(), 0.0));
    const double gap = l.L - l.lambda * l.W;
    return std::vector<double>{r.latency.mean_seconds(), r.latency.quantile(0.99), r.in_system_mean,
                               gap, l.lo, l.hi};
  });
  expect_validated("Replication M/M/1 lambda=0.8 mean sojourn", mm1_sojourn_mean(lambda, mu), t_interval(stats[0]),
                   kPrecision);

  const double p99 = mm1_sojourn_quantile(lambda, mu, 0.99);
  Estimate q = t_interval(stats[1]);
  report(std::cout, "Replication M/M/1 lambda=0.8 p99 sojourn (histogram)", p99, q);
  EXPECT_LE(std::abs(q.mean - p99), q.half_width + 0.01 * p99);
  EXPECT_LE(q.relative_half_width(p99), kPrecision);

  const double rho = lambda / mu;
  expect_validated("Replication M/M/1 lambda=0.8 L (time-weighted in system)", rho / (1 - rho), t_interval(stats[2]),
                   kPrecision);

  for (std::size_t rep = 0; rep < stats[3].size(); ++rep) {
    EXPECT_GE(stats[3][rep], stats[4][rep]) << "replication " << rep;
    EXPECT_LE(stats[3][rep], stats[5][rep]) << "replication " << rep;
    EXPECT_LT(stats[5][rep] - stats[4][rep], 1e-3 * rho / (1 - rho)) << "replication " << rep;
  }
  std::cout << "[validation] Replication M/M/1 Little: replication 0 L - lambda*W = " << stats[3][0] << " in ["
            << stats[4][0] << ", " << stats[5][0] << "]\n";
}

}  // namespace
}  // namespace fmsim::validation
