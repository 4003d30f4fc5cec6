// The validation harness: arrivals -> Station -> per-customer statistics after a warm-up.
#include "tests/validation/station_harness.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "models/core/request.h"
#include "models/station/station.h"
#include "models/workload/arrival_driver.h"
#include "models/workload/poisson_process.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::validation {

namespace {

class Harness final : private models::ArrivalListener, private models::OutcomeListener {
 public:
  Harness(const StationRun& run, std::uint64_t replication)
      : run_(run),
        // The same stream names as models::Replication with a station target named "server", so
        // the two paths draw alike.
        station_(sim_, run.station, pool_, sim::RandomStreams(run.seed, replication).stream("server.service"),
                 *this),
        process_(run.arrival_rate, sim::RandomStreams(run.seed, replication).stream("arrivals")),
        driver_(sim_, process_, *this) {
    if (run.customers == 0) throw std::invalid_argument("StationRun: customers must be > 0");
    stats_.arrivals = run.customers;
    if (run.keep_sojourns) stats_.sojourns.reserve(run.customers);
  }

  StationStats run() {
    driver_.start();
    sim_.run_until(sim::SimTime::max());
    if (ended_ != run_.customers) throw std::logic_error("harness: ran out of events before the last customer");
    return std::move(stats_);
  }

 private:
  void on_arrival(const models::Arrival&) override {
    const models::RequestId id = pool_.acquire();
    pool_[id].arrival = sim_.now();
    if (id >= seq_.size()) seq_.resize(id + 1);
    seq_[id] = next_seq_++;
    station_.submit(id);
  }

  void on_outcome(models::RequestId id, models::Outcome outcome) override {
    const std::uint64_t k = seq_[id];
    if (k >= run_.warmup_customers && k < run_.warmup_customers + run_.customers) {
      const models::Request& r = pool_[id];
      switch (outcome) {
        case models::Outcome::ok: {
          ++stats_.ok;
          const double wait = (r.service_start - r.arrival).seconds_f();
          stats_.wait_sum += wait;
          stats_.wait_max = std::max(stats_.wait_max, wait);
          const double sojourn = (sim_.now() - r.arrival).seconds_f();
          stats_.sojourn_sum += sojourn;
          if (run_.keep_sojourns) stats_.sojourns.push_back(sojourn);
          break;
        }
        case models::Outcome::rejected: ++stats_.rejected; break;
        case models::Outcome::timed_out: ++stats_.timed_out; break;
        default: throw std::logic_error("harness: a Station reported an outcome it never produces");
      }
      if (++ended_ == run_.customers) sim_.stop();
    }
    pool_.release(id);
  }

  const StationRun& run_;
  sim::Simulator sim_;
  models::RequestPool pool_;
  std::vector<std::uint64_t> seq_;  // arrival index of the request holding each pool id
  std::uint64_t next_seq_ = 0;
  std::uint64_t ended_ = 0;
  StationStats stats_;
  models::Station station_;
  models::PoissonProcess process_;
  models::ArrivalDriver driver_;
};

}  // namespace

StationStats run_station(const StationRun& run, std::uint64_t replication) {
  Harness h(run, replication);
  return h.run();
}

std::vector<std::vector<double>> across_replications(
    std::size_t replications, const std::function<std::vector<double>(std::uint64_t replication)>& replicate) {
  std::vector<std::vector<double>> by_replication(replications);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    try {
      for (std::size_t r; (r = next.fetch_add(1)) < replications;) by_replication[r] = replicate(r);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::thread helper(worker);
  worker();
  helper.join();
  if (error) std::rethrow_exception(error);

  std::vector<std::vector<double>> result(by_replication.empty() ? 0 : by_replication[0].size(),
                                          std::vector<double>(replications));
  for (std::size_t r = 0; r < replications; ++r) {
    if (by_replication[r].size() != result.size()) throw std::logic_error("across_replications: ragged results");
    for (std::size_t k = 0; k < result.size(); ++k) result[k][r] = by_replication[r][k];
  }
  return result;
}

std::vector<std::vector<double>> per_replication(
    const StationRun& run, std::size_t replications,
    const std::function<std::vector<double>(StationStats&)>& statistics) {
  return across_replications(replications, [&](std::uint64_t r) {
    StationStats s = run_station(run, r);
    return statistics(s);
  });
}

double nearest_rank_quantile(std::vector<double>& xs, double q) {
  if (xs.empty() || !(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("nearest_rank_quantile");
  const auto n = static_cast<double>(xs.size());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * n)));  // 1-based
  auto it = xs.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(xs.begin(), it, xs.end());
  return *it;
}

}  // namespace fmsim::validation
