// The M/M/16 station (ρ = 0.8) two ways in one binary, so their ratio comes from one run:
//   BM_BareMMcLoop      — a hand-written M/M/c loop with no metrics: a binary heap of departure
//                         times, a FIFO of arrival times, a running sum of sojourns;
//   BM_ReplicationMM16  — fmsim's Replication with everything on (event queue, request pool,
//                         per-window histograms and counts, in-system gauge, cost ledger),
//                         minus file output (the CLI's share is measured by bench/e2e_station.sh).
// Both report simulated requests per second (items_per_second).
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>

#include "models/run/replication.h"

namespace {

constexpr int kServers = 16;
constexpr double kServiceMean = 1e-3;           // s
constexpr double kArrivalRate = 12'800.0;        // per s: ρ = 0.8
constexpr double kHorizon = 60.0;                // s simulated per iteration: ~768k requests

void BM_BareMMcLoop(benchmark::State& state) {
  std::uint64_t requests = 0;
  for (auto _ : state) {
    boost::random::mt19937_64 rng(42);
    boost::random::exponential_distribution<double> gap(kArrivalRate), service(1.0 / kServiceMean);
    std::priority_queue<double, std::vector<double>, std::greater<>> departures;
    std::deque<double> waiting;
    double sojourn_sum = 0;
    double t = gap(rng);
    std::uint64_t n = 0;
    while (t < kHorizon) {
      // Free the servers whose customers left before this arrival, starting queued ones.
      while (!departures.empty() && departures.top() <= t) {
        const double d = departures.top();
        departures.pop();
        if (!waiting.empty()) {
          const double a = waiting.front();
          waiting.pop_front();
          const double end = d + service(rng);
          sojourn_sum += end - a;
          departures.push(end);
        }
      }
      if (static_cast<int>(departures.size()) < kServers) {
        const double end = t + service(rng);
        sojourn_sum += end - t;
        departures.push(end);
      } else {
        waiting.push_back(t);
      }
      ++n;
      t += gap(rng);
    }
    benchmark::DoNotOptimize(sojourn_sum);
    requests += n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}
BENCHMARK(BM_BareMMcLoop)->Unit(benchmark::kMillisecond);

void BM_ReplicationMM16(benchmark::State& state) {
  fmsim::models::Scenario s;
  s.name = "mm16";
  s.seed = 42;
  s.horizon = fmsim::sim::Duration::from_seconds(kHorizon);
  s.workload.arrivals.rate_per_s = kArrivalRate;
  fmsim::models::TargetSpec server;
  server.name = "server";
  server.kind = fmsim::models::TargetKind::station;
  server.station.servers = kServers;
  server.station.service_time = fmsim::sim::Distribution::exponential(kServiceMean);
  server.station.price_per_server_hour_usd = 1.515;
  s.deployment.targets.push_back(server);
  s.deployment.router.default_target = "server";
  s.output.window = fmsim::sim::Duration::seconds(1);
  std::uint64_t requests = 0;
  for (auto _ : state) {
    fmsim::models::Replication rep(s, 0);
    const auto r = rep.run();
    benchmark::DoNotOptimize(r.latency.count());
    requests += r.counts.arrivals;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}
BENCHMARK(BM_ReplicationMM16)->Unit(benchmark::kMillisecond);

}  // namespace
