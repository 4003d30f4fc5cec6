// Validation of Station against the exact Markovian results: M/M/1 sojourn mean and p99, and the
// M/M/c mean wait (Erlang C) on a 3 × 3 grid of server counts and loads. Each estimate is the
// mean over independent replications (station_harness.h) with a 99.9 % Student-t interval
// (confidence.h), accepted by the rule of check.h. Replication sizes were chosen so the
// half-width lands at roughly half to three quarters of its bound.
#include <cstdint>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/validation/check.h"
#include "tests/validation/confidence.h"
#include "tests/validation/queueing_formulas.h"
#include "tests/validation/station_harness.h"

namespace fmsim::validation {
namespace {

models::StationSpec exponential_servers(int c, double mu) {
  models::StationSpec s;
  s.servers = c;
  s.service_time = sim::Distribution::exponential(1.0 / mu);
  return s;
}

// --- M/M/1 sojourn: exponential with rate μ − λ, so mean 1/(μ−λ) and p99 ln(100)/(μ−λ). -----

struct MM1Case {
  double lambda;
  std::uint64_t customers;  // per replication
};

// Readable parameters in test listings (gtest would otherwise dump the struct's raw bytes,
// padding included).
void PrintTo(const MM1Case& p, std::ostream* os) { *os << "lambda=" << p.lambda << " customers=" << p.customers; }

// Test names by stream (gtest's name-generator macro shadows a lambda parameter called `info`,
// and GCC 12 raises a false -Wrestrict on std::string operator+ at -O2).
std::string mm1_name(const ::testing::TestParamInfo<MM1Case>& p) {
  std::ostringstream os;
  os << "lambda0p" << static_cast<int>(p.param.lambda * 10 + 0.5);
  return os.str();
}

class MM1Sojourn : public ::testing::TestWithParam<MM1Case> {};

TEST_P(MM1Sojourn, MeanAndP99MatchTheExponentialLaw) {
  const MM1Case p = GetParam();
  const double mu = 1.0;
  StationRun run;
  run.arrival_rate = p.lambda;
  run.station = exponential_servers(1, mu);
  run.warmup_customers = warmup_customers(p.lambda, 1, mu);
  run.customers = p.customers;
  run.seed = kSeed;
  run.keep_sojourns = true;
  // The p99 of each replication is an exact order statistic of ~10⁵ sojourns; its O(1/n) bias is
  // far inside the interval.
  const auto stats = per_replication(run, 20, [](StationStats& s) {
    return std::vector<double>{s.mean_sojourn(), nearest_rank_quantile(s.sojourns, 0.99)};
  });
  std::ostringstream name;
  name << "M/M/1 lambda=" << p.lambda;
  expect_validated(name.str() + " mean sojourn", mm1_sojourn_mean(p.lambda, mu), t_interval(stats[0]), kPrecision);
  expect_validated(name.str() + " p99 sojourn", mm1_sojourn_quantile(p.lambda, mu, 0.99), t_interval(stats[1]),
                   kPrecision);
}

INSTANTIATE_TEST_SUITE_P(Validation, MM1Sojourn,
                         ::testing::Values(MM1Case{0.8, 200'000}, MM1Case{0.5, 50'000}),
                         mm1_name);

// --- M/M/c mean wait in queue: W_q = C(c, λ/μ) / (cμ − λ), Erlang C. ----------------------

struct MMcCase {
  int c;
  double rho;
  std::uint64_t customers;  // per replication, sized so the half-width meets the precision
  double precision;         // half-width bound (check.h)
};

void PrintTo(const MMcCase& p, std::ostream* os) {
  *os << "c=" << p.c << " rho=" << p.rho << " customers=" << p.customers;
}

std::string mmc_name(const ::testing::TestParamInfo<MMcCase>& p) {
  std::ostringstream os;
  os << "c" << p.param.c << "_rho0p" << static_cast<int>(p.param.rho * 100 + 0.5);
  return os.str();
}

class MMcErlangC : public ::testing::TestWithParam<MMcCase> {};

TEST_P(MMcErlangC, MeanWaitMatchesErlangC) {
  const MMcCase p = GetParam();
  const double mu = 1.0;
  const double lambda = p.rho * p.c * mu;
  StationRun run;
  run.arrival_rate = lambda;
  run.station = exponential_servers(p.c, mu);
  run.warmup_customers = warmup_customers(lambda, p.c, mu);
  run.customers = p.customers;
  run.seed = kSeed;
  const auto stats = per_replication(run, 20, [](StationStats& s) { return std::vector<double>{s.mean_wait()}; });
  std::ostringstream name;
  name << "M/M/" << p.c << " rho=" << p.rho << " W_q";
  expect_validated(name.str(), mmc_mean_wait(p.c, lambda, mu), t_interval(stats[0]), p.precision);
}

INSTANTIATE_TEST_SUITE_P(Validation, MMcErlangC,
                         ::testing::Values(MMcCase{1, 0.5, 50'000, kPrecision},
                                           MMcCase{1, 0.8, 150'000, kPrecision},
                                           MMcCase{1, 0.95, 500'000, kPrecisionHard},
                                           MMcCase{4, 0.5, 200'000, kPrecision},
                                           MMcCase{4, 0.8, 200'000, kPrecision},
                                           MMcCase{4, 0.95, 500'000, kPrecisionHard},
                                           MMcCase{16, 0.5, 800'000, kPrecisionHard},  // rare waits
                                           MMcCase{16, 0.8, 300'000, kPrecision},
                                           MMcCase{16, 0.95, 600'000, kPrecisionHard}),
                         mmc_name);

}  // namespace
}  // namespace fmsim::validation
