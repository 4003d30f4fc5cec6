// Validation of Station with non-exponential service against the Pollaczek–Khinchine mean wait of
// M/G/1, W_q = λ·E[S²] / (2(1 − ρ)): deterministic service (M/D/1) at two loads, and two
// service laws with more variability than the exponential (gamma and lognormal, both with
// c_s > 1), which exercise the tail of the waiting-time distribution that M/M/1 does not.
// Acceptance rule: check.h.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/validation/check.h"
#include "tests/validation/confidence.h"
#include "tests/validation/queueing_formulas.h"
#include "tests/validation/station_harness.h"

namespace fmsim::validation {
namespace {

// One M/G/1 run: mean wait over 20 replications against P–K with the given moments. E[S] and
// E[S²] are passed in, computed from the textbook moment formulas of each law rather than from
// Distribution::mean()/variance(), so the test does not take the simulator's word for them.
void check_mg1(const std::string& what, double lambda, sim::Distribution service, double es, double es2,
               std::uint64_t customers) {
  const double mu = 1.0 / es;
  const double scv = es2 / (es * es) - 1.0;  // squared coefficient of variation of S
  StationRun run;
  run.arrival_rate = lambda;
  run.station.servers = 1;
  run.station.service_time = std::move(service);
  run.warmup_customers = warmup_customers(lambda, 1, mu, (1.0 + scv) / 2.0);
  run.customers = customers;
  run.seed = kSeed;
  const auto stats = per_replication(run, 20, [](StationStats& s) { return std::vector<double>{s.mean_wait()}; });
  expect_validated(what, mg1_mean_wait(lambda, es, es2), t_interval(stats[0]), kPrecision);
}

// M/D/1: W_q = ρ / (2μ(1 − ρ)) — half the M/M/1 wait.
TEST(MD1, MeanWaitMatchesPollaczekKhinchineAtHalfLoad) {
  check_mg1("M/D/1 rho=0.5 W_q", 0.5, sim::Distribution::constant(1.0), 1.0, 1.0, 50'000);
}

TEST(MD1, MeanWaitMatchesPollaczekKhinchineAt80PercentLoad) {
  check_mg1("M/D/1 rho=0.8 W_q", 0.8, sim::Distribution::constant(1.0), 1.0, 1.0, 100'000);
}

// Gamma(shape k, scale θ): E[S] = kθ, E[S²] = k(k + 1)θ². k = 1/4, θ = 4: mean 1, c_s = 2.
TEST(MG1, GammaServiceMeanWaitMatchesPollaczekKhinchine) {
  const double k = 0.25;
  const double theta = 4.0;
  check_mg1("M/G/1 gamma(cv=2) rho=0.7 W_q", 0.7, sim::Distribution::gamma(k, theta), k * theta,
            k * (k + 1) * theta * theta, 100'000);
}

// Lognormal(m, σ) of the underlying normal: E[S] = e^{m + σ²/2}, E[S²] = e^{2m + 2σ²}.
// σ² = ln(1 + 1.5²), m = −σ²/2: mean 1, c_s = 1.5.
TEST(MG1, LognormalServiceMeanWaitMatchesPollaczekKhinchine) {
  const double s2 = std::log(1.0 + 1.5 * 1.5);
  const double m = -s2 / 2.0;
  check_mg1("M/G/1 lognormal(cv=1.5) rho=0.7 W_q", 0.7, sim::Distribution::lognormal(m, std::sqrt(s2)),
            std::exp(m + s2 / 2.0), std::exp(2.0 * m + 2.0 * s2), 300'000);
}

}  // namespace
}  // namespace fmsim::validation
