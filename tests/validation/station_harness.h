// A minimal wiring of sim::Simulator + PoissonProcess + Station for the queueing-theory tests:
// one replication runs until a fixed number of customers, counted after a warm-up, have all
// ended, and reports per-customer statistics of exactly those customers. Replications differ
// only in the replication index of their random streams, so they are independent and identically
// distributed — the tests build their confidence intervals across them (confidence.h).
//
// Why not models::Replication: it measures from t = 0 (no warm-up, so the empty start biases
// heavy-traffic means) and keeps only a histogram of ok latencies; theory needs the waiting time
// (service_start − arrival) and exact order statistics. Replication itself is validated
// separately (replication_validation_test.cpp).
//
// Customers are selected by arrival order (the k-th arrival for k in [warm-up, warm-up + n)), not
// by end time: selecting by end time would under-represent long sojourns. The run stops the
// moment the last selected customer ends; later arrivals cannot affect a FIFO station's earlier
// customers, so stopping there biases nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "models/scenario/scenario.h"

namespace fmsim::validation {

struct StationRun {
  double arrival_rate = 1;             // Poisson, per second
  models::StationSpec station;         // servers, service time, capacity, max_wait
  std::uint64_t warmup_customers = 0;  // arrivals discarded before measuring
  std::uint64_t customers = 0;         // arrivals measured (must be > 0)
  std::uint64_t seed = 1;
  bool keep_sojourns = false;          // for quantiles: one double per served customer
};

// Statistics of the measured customers of one replication.
struct StationStats {
  std::uint64_t arrivals = 0;  // == StationRun::customers
  std::uint64_t ok = 0;
  std::uint64_t rejected = 0;
  std::uint64_t timed_out = 0;
  double wait_sum = 0;     // over ok customers: service_start − arrival, seconds
  double sojourn_sum = 0;  // over ok customers: outcome − arrival, seconds
  double wait_max = 0;     // over ok customers
  std::vector<double> sojourns;  // ok customers, in order of ending; only if keep_sojourns

  double mean_wait() const { return wait_sum / static_cast<double>(ok); }
  double mean_sojourn() const { return sojourn_sum / static_cast<double>(ok); }
  double fraction(std::uint64_t count) const {
    return static_cast<double>(count) / static_cast<double>(arrivals);
  }
};

// Runs replication `replication` of `run` (streams seeded from (run.seed, replication, name)).
StationStats run_station(const StationRun& run, std::uint64_t replication);

// Runs `replicate(r)` for r = 0..R−1 on up to two threads (the machine has two cores; replications
// share nothing) and returns result[k][r] = the k-th number replication r returned, in replication
// order whatever the thread count. Each replication reduces its run to a few numbers on the
// worker thread, so e.g. a replication's sojourn vector is dropped as soon as it is summarised.
std::vector<std::vector<double>> across_replications(
    std::size_t replications, const std::function<std::vector<double>(std::uint64_t replication)>& replicate);

// across_replications over run_station(run, r), each reduced by `statistics`.
std::vector<std::vector<double>> per_replication(
    const StationRun& run, std::size_t replications,
    const std::function<std::vector<double>(StationStats&)>& statistics);

// A warm-up long enough that the empty start no longer biases the measured customers: 20
// relaxation times, in customers. The relaxation time of M/M/1 is 1/(μ(1 − √ρ)²) (Morse 1955;
// Whitt, "Planning queueing simulations", Mgmt. Sci. 35 (1989) 1341–1366); a c-server queue in
// heavy traffic relaxes like one server c times as fast, and no queue relaxes faster than a
// service time. Heavy-traffic relaxation grows with the service variability (1 + c_s²)/2, which
// `variability` carries (1 for exponential service). The initial-state bias decays like
// exp(−t/τ), so after 20τ it is far below any interval here. Stable queues only (ρ < 1); finite
// or impatient systems relax within a few busy periods and choose their own warm-up.
inline std::uint64_t warmup_customers(double lambda, int servers, double mu, double variability = 1.0) {
  const double rho = lambda / (servers * mu);
  if (!(rho < 1.0)) throw std::invalid_argument("warmup_customers: needs rho < 1");
  const double gap = 1.0 - std::sqrt(rho);
  const double tau = std::max(1.0 / mu, variability / (servers * mu * gap * gap));
  return std::max<std::uint64_t>(1000, static_cast<std::uint64_t>(20.0 * tau * lambda));
}

// Nearest-rank q-quantile (the ⌈q·n⌉-th smallest); reorders `xs`.
double nearest_rank_quantile(std::vector<double>& xs, double q);

}  // namespace fmsim::validation
