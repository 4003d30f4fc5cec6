// Validation of the two ways Station turns a request away: a full queue (`rejected`, the blocking
// of M/M/c/K) and a wait longer than max_wait (`timed_out`, the abandonment of M/M/1+D with
// deterministic patience). Both are compared with exact stationary formulas, including overloaded
// cases (ρ > 1) that only finite or impatient queues survive. Acceptance rule: check.h.
#include <cstdint>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/validation/check.h"
#include "tests/validation/confidence.h"
#include "tests/validation/queueing_formulas.h"
#include "tests/validation/station_harness.h"

namespace fmsim::validation {
namespace {

// Finite or impatient queues hold at most K customers or T seconds of work, so they forget the
// empty start within a few dozen service times; 10 000 arrivals is hundreds of those in every
// case below.
constexpr std::uint64_t kWarmup = 10'000;

// --- M/M/c/K blocking: fraction rejected = P(N = K) by PASTA (queueing_formulas.h). ----------

struct MMcKCase {
  int c;
  int K;  // system capacity: c in service + K − c waiting places
  double rho;  // λ / (cμ)
  std::uint64_t customers;
};

// Readable parameters in test listings (instead of gtest's raw byte dump).
void PrintTo(const MMcKCase& p, std::ostream* os) {
  *os << "c=" << p.c << " K=" << p.K << " rho=" << p.rho << " customers=" << p.customers;
}

std::string mmck_name(const ::testing::TestParamInfo<MMcKCase>& p) {
  std::ostringstream os;
  os << "c" << p.param.c << "_K" << p.param.K << "_rho" << static_cast<int>(p.param.rho * 100 + 0.5) << "pc";
  return os.str();
}

class MMcKBlocking : public ::testing::TestWithParam<MMcKCase> {};

TEST_P(MMcKBlocking, RejectedFractionMatchesStationaryFullProbability) {
  const MMcKCase p = GetParam();
  const double mu = 1.0;
  const double lambda = p.rho * p.c * mu;
  StationRun run;
  run.arrival_rate = lambda;
  run.station.servers = p.c;
  run.station.queue_capacity = p.K - p.c;
  run.station.service_time = sim::Distribution::exponential(1.0 / mu);
  run.warmup_customers = kWarmup;
  run.customers = p.customers;
  run.seed = kSeed;
  const auto stats = per_replication(run, 20, [](StationStats& s) {
    // Every measured customer ends served or blocked; nothing else can happen here.
    if (s.ok + s.rejected != s.arrivals) throw std::logic_error("M/M/c/K: unexpected outcome");
    return std::vector<double>{s.fraction(s.rejected)};
  });
  std::ostringstream name;
  name << "M/M/" << p.c << "/" << p.K << " rho=" << p.rho << " P(block)";
  expect_validated(name.str(), mmck_blocking(p.c, p.K, lambda, mu), t_interval(stats[0]), kPrecision);
}

INSTANTIATE_TEST_SUITE_P(Validation, MMcKBlocking,
                         ::testing::Values(MMcKCase{1, 5, 0.9, 40'000},     // M/M/1/5, stable load
                                           MMcKCase{8, 8, 0.75, 40'000},    // pure loss: Erlang B
                                           MMcKCase{4, 10, 1.2, 40'000},    // overloaded
                                           MMcKCase{16, 20, 1.5, 40'000}),  // heavily overloaded
                         mmck_name);

// --- M/M/1+D abandonment: fraction timed_out = ρ(1−ρ)e / (1 − ρ²e), e = exp(−(μ−λ)T). -------

struct MM1DCase {
  double lambda;
  double patience_s;
  std::uint64_t customers;
};

void PrintTo(const MM1DCase& p, std::ostream* os) {
  *os << "lambda=" << p.lambda << " T=" << p.patience_s << "s customers=" << p.customers;
}

std::string mm1d_name(const ::testing::TestParamInfo<MM1DCase>& p) {
  std::ostringstream os;
  os << "rho" << static_cast<int>(p.param.lambda * 100 + 0.5) << "pc_T" << static_cast<int>(p.param.patience_s * 10 + 0.5)
     << "ds";
  return os.str();
}

class MM1DAbandonment : public ::testing::TestWithParam<MM1DCase> {};

TEST_P(MM1DAbandonment, TimedOutFractionMatchesDeterministicPatienceFormula) {
  const MM1DCase p = GetParam();
  const double mu = 1.0;
  StationRun run;
  run.arrival_rate = p.lambda;
  run.station.servers = 1;
  run.station.service_time = sim::Distribution::exponential(1.0 / mu);
  run.station.max_wait = sim::Duration::from_seconds(p.patience_s);
  run.warmup_customers = kWarmup;
  run.customers = p.customers;
  run.seed = kSeed;
  const auto stats = per_replication(run, 20, [](StationStats& s) {
    if (s.ok + s.timed_out != s.arrivals) throw std::logic_error("M/M/1+D: unexpected outcome");
    return std::vector<double>{s.fraction(s.timed_out), s.wait_max};
  });
  std::ostringstream name;
  name << "M/M/1+D rho=" << p.lambda << " T=" << p.patience_s << " P(abandon)";
  expect_validated(name.str(), mm1d_abandonment(p.lambda, mu, p.patience_s), t_interval(stats[0]), kPrecision);
  // Whoever was served started within the patience: the timeout is exact, not approximate.
  for (double w : stats[1]) EXPECT_LE(w, p.patience_s);
}

INSTANTIATE_TEST_SUITE_P(Validation, MM1DAbandonment,
                         ::testing::Values(MM1DCase{0.9, 2.0, 40'000},   // stable, moderate patience
                                           MM1DCase{1.5, 1.0, 40'000}),  // overloaded, kept stable by leaving
                         mm1d_name);

}  // namespace
}  // namespace fmsim::validation
