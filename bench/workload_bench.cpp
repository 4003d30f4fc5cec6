// Arrival generation speed, in arrivals per second (items_per_second). Each iteration builds a
// fresh source and pulls kBatch arrivals through the ArrivalProcess interface, as the arrival
// driver does, so set-up (tz lookups included) is amortised as in a real run.
//   BM_PoissonArrivals        — baseline: a bare loop of exponential gaps on an integer clock;
//   BM_ConstantThinning       — NhppArrivals over a constant profile (the thinning machinery
//                               with nothing to thin);
//   BM_DiurnalThinning        — NhppArrivals over R6 (50,000/day, 80 % in 09-17 America/New_York,
//                               hourly weights): constant pieces, no acceptance draw;
//   BM_DiurnalThinningLinear  — the same volume over a linear (points) shape: one uniform per
//                               candidate and ~9 % rejected candidates.
// To add a source, write a `make` lambda and call pull_batch() (see BM_DiurnalThinning).
#include <chrono>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>

#include "models/workload/nhpp_arrivals.h"
#include "sim/random_streams.h"

namespace {

using fmsim::models::Arrival;
using fmsim::models::ArrivalProcess;
using fmsim::models::CalendarSpec;
using fmsim::models::DiurnalSpec;
using fmsim::models::LocalCalendar;
using fmsim::models::NhppArrivals;
using fmsim::models::RateProfile;

constexpr std::int64_t kBatch = 1'000'000;

fmsim::sim::RandomEngine engine() { return fmsim::sim::RandomStreams(42, 0).stream("arrivals"); }

CalendarSpec new_york() {
  CalendarSpec c;
  c.time_zone = "America/New_York";
  c.start_utc = std::chrono::sys_days{std::chrono::year{2026} / 1 / 5} + std::chrono::hours{5};
  return c;
}

DiurnalSpec r6() {
  DiurnalSpec s;
  s.hourly_weights = {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.010, 0.020, 0.040, 0.090, 0.105, 0.110,
                      0.095, 0.100, 0.105, 0.105, 0.090, 0.035, 0.025, 0.015, 0.010, 0.005, 0.005, 0.005};
  s.daily_total = 50'000;
  return s;
}

// Pulls kBatch arrivals from a fresh source per iteration; `make` returns the source by value.
template <class Make>
void pull_batch(benchmark::State& state, Make make) {
  for (auto _ : state) {
    auto source = make();
    ArrivalProcess& p = source;  // through the virtual interface, as the driver calls it
    Arrival a;
    for (std::int64_t i = 0; i < kBatch; ++i) {
      p.next(a);
      benchmark::DoNotOptimize(a.time);
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void BM_PoissonArrivals(benchmark::State& state) {
  const double rate = 50'000.0 / 86'400.0;
  for (auto _ : state) {
    auto rng = engine();
    boost::random::exponential_distribution<double> gap(rate);
    fmsim::sim::SimTime t;
    for (std::int64_t i = 0; i < kBatch; ++i) {
      t += fmsim::sim::Duration::from_seconds(gap(rng));
      benchmark::DoNotOptimize(t);
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_PoissonArrivals)->Unit(benchmark::kMillisecond);

void BM_ConstantThinning(benchmark::State& state) {
  pull_batch(state, [] { return NhppArrivals(RateProfile::constant(50'000.0 / 86'400.0), engine()); });
}
BENCHMARK(BM_ConstantThinning)->Unit(benchmark::kMillisecond);

void BM_DiurnalThinning(benchmark::State& state) {
  pull_batch(state, [] { return NhppArrivals(RateProfile(r6(), LocalCalendar(new_york())), engine()); });
}
BENCHMARK(BM_DiurnalThinning)->Unit(benchmark::kMillisecond);

void BM_DiurnalThinningLinear(benchmark::State& state) {
  DiurnalSpec s;
  s.points = {{2.5, 0.3}, {6.25, 0.2}, {9.5, 3.0}, {13.0, 2.0}, {17.75, 2.5}, {22.0, 0.5}};
  s.daily_total = 50'000;
  pull_batch(state, [&] { return NhppArrivals(RateProfile(s, LocalCalendar(new_york())), engine()); });
}
BENCHMARK(BM_DiurnalThinningLinear)->Unit(benchmark::kMillisecond);

}  // namespace
