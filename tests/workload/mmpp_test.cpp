// Tests of the Markov-modulated Poisson process: the stationary distribution against hand-solved
// and residual checks, the simulated stream against theory (long-run rate, time in each state,
// index of dispersion of counts), determinism, no allocation per arrival, and the exact messages
// of bad specs. Statistical checks use fixed seeds and 20 independent replications with the 99.9 %
// Student-t interval of tests/validation/confidence.h: an MMPP's counts are overdispersed, so a
// Poisson standard error would be far too narrow; replications need no model of the variance.
// Every interval check also bounds the half-width, so a check cannot pass by being vague.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/workload/mmpp.h"
#include "models/workload/mmpp_arrivals.h"
#include "sim/random_streams.h"
#include "tests/support/allocation_counter.h"
#include "tests/validation/confidence.h"


namespace fmsim::models {
namespace {

using validation::Estimate;
using validation::t_interval;

constexpr std::uint64_t kSeed = 20240611;
constexpr int kReplications = 20;

MmppSpec two_state(double lambda0, double lambda1, double q01, double q10) {
  MmppSpec s;
  s.rates_per_s = {lambda0, lambda1};
  s.generator = {{-q01, q01}, {q10, -q10}};
  return s;
}

// Quiet (1/s) most of the time, bursts of 10/s lasting 5 s on average every 20 s: π = (0.8, 0.2).
MmppSpec bursty() { return two_state(1.0, 10.0, 0.05, 0.2); }

MmppSpec three_state() {
  MmppSpec s;
  s.rates_per_s = {0.5, 4.0, 20.0};
  s.generator = {{-0.2, 0.15, 0.05}, {0.3, -0.5, 0.2}, {1.0, 2.0, -3.0}};
  return s;
}

sim::RandomEngine engine(std::uint64_t replication) {
  return sim::RandomStreams(kSeed, replication).stream("arrivals");
}

// One replication over [0, horizon): the arrival rate, the fraction of time in each state, and
// the index of dispersion (variance / mean) of the counts in consecutive windows.
struct Replica {
  double rate = 0;
  std::vector<double> time_fraction;
  double dispersion = 0;
};

Replica simulate(const MmppSpec& spec, std::uint64_t replication, double horizon_s, double window_s) {
  MmppArrivals a(spec, engine(replication));
  const sim::SimTime horizon = sim::SimTime::from_seconds(horizon_s);
  const std::int64_t window_ns = sim::Duration::from_seconds(window_s).ns();
  const std::int64_t windows = horizon.ns() / window_ns;
  std::int64_t total = 0;
  std::int64_t current_window = 0;
  double in_window = 0;
  double sum = 0;
  double sum_sq = 0;
  auto close_window = [&] {
    sum += in_window;
    sum_sq += in_window * in_window;
    in_window = 0;
    ++current_window;
  };
  Arrival arr;
  while (a.next(arr) && arr.time < horizon) {
    ++total;
    const std::int64_t w = arr.time.ns() / window_ns;
    while (current_window < w) close_window();  // empty windows count as zeros
    in_window += 1;
  }
  while (current_window < windows) close_window();

  Replica r;
  r.rate = static_cast<double>(total) / horizon_s;
  double elapsed = 0;
  for (std::size_t i = 0; i < spec.rates_per_s.size(); ++i) elapsed += a.time_in_state(i).seconds_f();
  for (std::size_t i = 0; i < spec.rates_per_s.size(); ++i)
    r.time_fraction.push_back(a.time_in_state(i).seconds_f() / elapsed);
  const double m = static_cast<double>(windows);
  const double mean = sum / m;
  const double var = (sum_sq - m * mean * mean) / (m - 1);
  r.dispersion = var / mean;
  return r;
}

std::vector<Replica> replicate(const MmppSpec& spec, double horizon_s, double window_s) {
  std::vector<Replica> runs;
  for (int rep = 0; rep < kReplications; ++rep)
    runs.push_back(simulate(spec, static_cast<std::uint64_t>(rep), horizon_s, window_s));
  return runs;
}

// Interval check: covers the theory value, and is no wider than `max_relative` of it.
void expect_interval(const std::string& what, double theory, const Estimate& e, double max_relative) {
  validation::report(std::cout, what, theory, e);
  EXPECT_TRUE(e.covers(theory)) << what << ": " << e.mean << " ± " << e.half_width << " vs " << theory;
  EXPECT_LE(e.relative_half_width(theory), max_relative) << what << ": interval too wide to mean anything";
}

// --- stationary distribution ---------------------------------------------------------------

TEST(MmppStationary, TwoStateMatchesClosedForm) {
  // π = (q10, q01) / (q01 + q10).
  const MmppSpec s = two_state(2.0, 7.0, 0.3, 0.05);
  const std::vector<double> pi = mmpp_stationary(s);
  ASSERT_EQ(pi.size(), 2u);
  EXPECT_NEAR(pi[0], 0.05 / 0.35, 1e-14);
  EXPECT_NEAR(pi[1], 0.3 / 0.35, 1e-14);
  EXPECT_NEAR(mmpp_mean_rate(s), (2.0 * 0.05 + 7.0 * 0.3) / 0.35, 1e-13);
  EXPECT_NEAR(mmpp_mean_rate(bursty()), 0.8 * 1.0 + 0.2 * 10.0, 1e-13);
}

void expect_balanced(const MmppSpec& s) {
  const std::vector<double> pi = mmpp_stationary(s);
  const std::size_t n = pi.size();
  double total = 0;
  double scale = 0;
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_GT(pi[i], 0.0) << "state " << i;
    total += pi[i];
    for (double x : s.generator[i]) scale = std::max(scale, std::abs(x));
  }
  EXPECT_NEAR(total, 1.0, 1e-14);
  for (std::size_t j = 0; j < n; ++j) {
    double flow = 0;  // (πQ)_j: inflow minus outflow of state j
    for (std::size_t i = 0; i < n; ++i) flow += pi[i] * s.generator[i][j];
    EXPECT_LE(std::abs(flow), 1e-13 * scale) << "column " << j;
  }
}

TEST(MmppStationary, ThreeStateBalances) {
  expect_balanced(three_state());
  // Not reversible (0 → 2 directly, back only via 1 as well as directly) and badly scaled: rates
  // from 1e-4 to 1e4 per second.
  MmppSpec stiff;
  stiff.rates_per_s = {1, 2, 3};
  stiff.generator = {{-1e-4, 1e-4, 0}, {0, -1e4, 1e4}, {3e-3, 1e-3, -4e-3}};
  expect_balanced(stiff);
  const std::vector<double> pi = mmpp_stationary(stiff);
  // State 1 is left within ~0.1 ms and so holds a tiny π1; its balance (outflow 1e4·π1 = inflow
  // 1e-4·π0 + 1e-3·π2) must hold relatively, not just absolutely.
  const double inflow = pi[0] * 1e-4 + pi[2] * 1e-3;
  EXPECT_NEAR(pi[1] * 1e4, inflow, 1e-12 * inflow);
}

TEST(MmppStationary, OneStateIsPoisson) {
  MmppSpec s;
  s.rates_per_s = {3.5};
  s.generator = {{0.0}};
  EXPECT_EQ(mmpp_stationary(s), std::vector<double>{1.0});
  EXPECT_DOUBLE_EQ(mmpp_mean_rate(s), 3.5);
}

// --- the simulated stream against theory ---------------------------------------------------

TEST(MmppArrivals, LongRunRateMatchesMeanRate) {
  for (const auto& [name, spec] : {std::pair{"bursty 2-state", bursty()}, std::pair{"3-state", three_state()}}) {
    std::vector<double> rates;
    for (const Replica& r : replicate(spec, 3e4, 100)) rates.push_back(r.rate);
    expect_interval(std::string(name) + " arrival rate /s", mmpp_mean_rate(spec), t_interval(rates), 0.03);
  }
}

TEST(MmppArrivals, TimeInEachStateMatchesStationary) {
  const MmppSpec spec = three_state();
  const std::vector<double> pi = mmpp_stationary(spec);
  const std::vector<Replica> runs = replicate(spec, 3e4, 100);
  for (std::size_t i = 0; i < pi.size(); ++i) {
    std::vector<double> fractions;
    for (const Replica& r : runs) fractions.push_back(r.time_fraction[i]);
    expect_interval("3-state time fraction in state " + std::to_string(i), pi[i], t_interval(fractions), 0.05);
  }
}

// Index of dispersion of counts in windows of length L for a two-state MMPP: the counts are
// Poisson given the path, so Var N = E N + Var ∫λ(X_u)du, and the rate's autocovariance is
// c·e^{−s|u|} with c = π0π1(λ0−λ1)², s = q01 + q10. Integrating twice over the window:
// IDC(L) = 1 + 2c/(λ̄s) · [1 − (1 − e^{−sL})/(sL)].
double two_state_idc(double lambda0, double lambda1, double q01, double q10, double window_s) {
  const double s = q01 + q10;
  const double p0 = q10 / s;
  const double p1 = q01 / s;
  const double mean = p0 * lambda0 + p1 * lambda1;
  const double c = p0 * p1 * (lambda0 - lambda1) * (lambda0 - lambda1);
  const double sl = s * window_s;
  return 1.0 + 2.0 * c / (mean * s) * (1.0 - (1.0 - std::exp(-sl)) / sl);
}

TEST(MmppArrivals, TwoStateIsOverdispersed) {
  const double window_s = 100;
  std::vector<double> idc;
  for (const Replica& r : replicate(bursty(), 1e5, window_s)) idc.push_back(r.dispersion);
  const Estimate e = t_interval(idc);
  expect_interval("bursty 2-state index of dispersion, 100 s windows",
                  two_state_idc(1.0, 10.0, 0.05, 0.2, window_s), e, 0.10);
  EXPECT_GT(e.mean - e.half_width, 1.0) << "a two-state MMPP is bursty: its counts are overdispersed";
}

TEST(MmppArrivals, OneStateIsPoisson) {
  MmppSpec s;
  s.rates_per_s = {5.0};
  s.generator = {{0.0}};
  std::vector<double> idc;
  std::vector<double> rates;
  for (const Replica& r : replicate(s, 1e4, 10)) {
    idc.push_back(r.dispersion);
    rates.push_back(r.rate);
  }
  expect_interval("1-state index of dispersion, 10 s windows", 1.0, t_interval(idc), 0.06);
  expect_interval("1-state arrival rate /s", 5.0, t_interval(rates), 0.03);
}

// --- behaviour -----------------------------------------------------------------------------

TEST(MmppArrivals, SameSeedSameStreamOtherSeedOther) {
  MmppArrivals a(three_state(), engine(7));
  MmppArrivals b(three_state(), engine(7));
  MmppArrivals c(three_state(), engine(8));
  bool differs = false;
  Arrival x, y, z;
  for (int i = 0; i < 100'000; ++i) {
    ASSERT_TRUE(a.next(x));
    ASSERT_TRUE(b.next(y));
    ASSERT_TRUE(c.next(z));
    ASSERT_EQ(x.time, y.time) << "arrival " << i;
    ASSERT_EQ(a.state(), b.state()) << "arrival " << i;
    differs = differs || x.time != z.time;
  }
  EXPECT_EQ(a.state_changes(), b.state_changes());
  EXPECT_TRUE(differs);
}

TEST(MmppArrivals, StartInitialStateAndMonotoneTimes) {
  MmppSpec s = bursty();
  s.initial_state = 1;
  const sim::SimTime start = sim::SimTime::from_seconds(3600);
  MmppArrivals a(s, engine(1), start);
  EXPECT_EQ(a.state(), 1u);
  Arrival arr;
  sim::SimTime last = start;
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_TRUE(a.next(arr));
    ASSERT_GE(arr.time, last);
    EXPECT_EQ(arr.input_tokens, -1);
    EXPECT_EQ(arr.class_index, -1);
    last = arr.time;
  }
  // Time in states covers exactly [start, last arrival].
  EXPECT_EQ((a.time_in_state(0) + a.time_in_state(1)).ns(), (last - start).ns());
  EXPECT_GT(a.state_changes(), 0u);
}

TEST(MmppArrivals, NoAllocationPerArrival) {
  MmppArrivals a(three_state(), engine(3));
  Arrival arr;
  const long before = fmsim::testing::allocations();
  for (int i = 0; i < 100'000; ++i) ASSERT_TRUE(a.next(arr));
  EXPECT_EQ(fmsim::testing::allocations() - before, 0);
  EXPECT_GT(a.state_changes(), 1000u);
}

TEST(MmppArrivals, RatesTooSmallForInt64TimeEndTheStream) {
  // Expected gap 1e15 s ≈ 3e7 years, beyond int64 nanoseconds (292 years): no arrival fits
  // (a draw under 9.2e9 s has probability 1e-5, so this holds for any seed in practice).
  MmppSpec s;
  s.rates_per_s = {1e-15};
  s.generator = {{0.0}};
  MmppArrivals a(s, engine(0));
  Arrival arr;
  EXPECT_FALSE(a.next(arr));
  EXPECT_FALSE(a.next(arr));
}

// --- bad specs ------------------------------------------------------------------------------

void expect_invalid(const MmppSpec& s, const std::string& message) {
  try {
    validate_mmpp(s);
    ADD_FAILURE() << "no exception; expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
  // The arrival stream and the figures validate too.
  EXPECT_THROW(MmppArrivals(s, engine(0)), std::invalid_argument);
  EXPECT_THROW(mmpp_stationary(s), std::invalid_argument);
  EXPECT_THROW(mmpp_mean_rate(s), std::invalid_argument);
}

MmppSpec with(const std::function<void(MmppSpec&)>& change, MmppSpec s = three_state()) {
  change(s);
  return s;
}

TEST(MmppValidation, ExactMessages) {
  const double nan = std::nan("");
  const double inf = INFINITY;
  expect_invalid(MmppSpec{}, "mmpp: no states (rates_per_s is empty)");
  expect_invalid(with([](MmppSpec& s) { s.rates_per_s.pop_back(); }),
                 "mmpp: rates_per_s has 2 states but the generator has 3 rows");
  expect_invalid(with([](MmppSpec& s) { s.generator[1].push_back(0); }),
                 "mmpp: generator row 1 has 4 entries, expected 3 (the generator must be square)");
  expect_invalid(with([&](MmppSpec& s) { s.rates_per_s[2] = nan; }), "mmpp: rates_per_s[2] is not finite (nan)");
  expect_invalid(with([&](MmppSpec& s) { s.rates_per_s[0] = inf; }), "mmpp: rates_per_s[0] is not finite (inf)");
  expect_invalid(with([](MmppSpec& s) { s.rates_per_s[1] = -2; }), "mmpp: rates_per_s[1] = -2 is negative");
  expect_invalid(with([](MmppSpec& s) { s.rates_per_s = {0, 0, 0}; }),
                 "mmpp: every rate in rates_per_s is 0, so nothing would ever arrive");
  expect_invalid(with([&](MmppSpec& s) { s.generator[0][1] = inf; }),
                 "mmpp: generator[0][1] is not finite (inf)");
  expect_invalid(with([&](MmppSpec& s) { s.generator[2][2] = nan; }),
                 "mmpp: generator[2][2] is not finite (nan)");
  expect_invalid(with([](MmppSpec& s) { s.generator[1] = {0.5, 0.25, -0.75}; }),
                 "mmpp: generator[1][2] = -0.75 is negative (off-diagonal rates must be >= 0)");
  expect_invalid(with([](MmppSpec& s) { s.generator[0] = {-1.0, 1.0, 0.5}; }),
                 "mmpp: generator row 0 sums to 0.5, not 0 (the diagonal must be minus the sum of the "
                 "off-diagonal rates)");
  expect_invalid(with([](MmppSpec& s) { s.generator[2] = {0.0, 0.0, 0.0}; }),
                 "mmpp: generator is not irreducible: state 2 has no positive rate out of it, so it "
                 "can never be left");
  // 0 ⇄ 1 only, 2 → 0: state 2 can be left but never entered.
  expect_invalid(with([](MmppSpec& s) { s.generator = {{-1, 1, 0}, {1, -1, 0}, {1, 0, -1}}; }),
                 "mmpp: generator is not irreducible: state 2 cannot be reached from state 0");
  // 0 → 1 → 2 ⇄ 1: once past state 0 the chain never returns.
  expect_invalid(with([](MmppSpec& s) { s.generator = {{-1, 1, 0}, {0, -1, 1}, {0, 1, -1}}; }),
                 "mmpp: generator is not irreducible: state 0 cannot be reached from state 1");
  expect_invalid(with([](MmppSpec& s) { s.initial_state = 3; }),
                 "mmpp: initial_state 3 is out of range (3 states)");
  // Round-off within 1e-9 of the row's magnitude is accepted (decimal rates rarely sum exactly).
  EXPECT_NO_THROW(validate_mmpp(with([](MmppSpec& s) { s.generator[0] = {-0.3, 0.1, 0.2}; })));
}

}  // namespace
}  // namespace fmsim::models
