// Queueing sanity of the real-time endpoint: with autoscaling off, c instances of concurrency 1
// and exponential service (GpuServerSpec::service_time, whose first token comes at the start of
// service), the endpoint is an M/M/c queue, and the mean wait in queue must match Erlang C.
//
// Method as in tests/validation (check.h, confidence.h): R = 20 independent replications, each
// the mean wait of n customers selected by arrival order after a warm-up of 20 relaxation times;
// the 99.9 % Student-t interval must cover the theory value and be at most 5 % of it wide. The
// wait is read per call as first_token_at - arrival, exactly the time spent queued.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <gtest/gtest.h>

#include "models/sagemaker/realtime_endpoint.h"
#include "tests/support/service_harness.h"
#include "tests/validation/check.h"
#include "tests/validation/confidence.h"
#include "tests/validation/queueing_formulas.h"

namespace fmsim::models {
namespace {

// Warm-up of tests/validation/station_harness.h: 20 relaxation times (1/(cμ(1 − √ρ)²), at least a
// service time) in customers, at least 1000.
std::uint64_t warmup_customers(double lambda, int c, double mu) {
  const double rho = lambda / (c * mu);
  const double gap = 1.0 - std::sqrt(rho);
  const double tau = std::max(1.0 / mu, 1.0 / (c * mu * gap * gap));
  return std::max<std::uint64_t>(1000, static_cast<std::uint64_t>(20.0 * tau * lambda));
}

class MmcRun final : public CallListener {
 public:
  MmcRun(fmsim::testing::ServiceHarness& h, RealtimeEndpoint& ep, double lambda, std::uint64_t warmup, std::uint64_t n)
      : h_(h), ep_(ep), gap_(lambda), rng_(h.ctx.stream("test", "arrivals")), warmup_(warmup), n_(n) {
    arrival_s_.resize(static_cast<std::size_t>(warmup + n));
  }
  void start() { h_.sim.schedule_in<&MmcRun::arrive>(sim::Duration::from_seconds(gap_(rng_)), this); }
  void on_call_done(CallTag tag, const CallResult& r) override {
    if (r.status != CallStatus::ok) throw std::logic_error("M/M/c run: a call did not end ok");
    if (tag >= warmup_) {
      wait_sum_ += r.first_token_at.seconds_f() - arrival_s_[tag];
      if (++measured_ == n_) h_.sim.stop();
    }
  }
  double mean_wait() const { return wait_sum_ / static_cast<double>(measured_); }

 private:
  void arrive(std::uint64_t) {
    const std::uint64_t k = sent_++;
    arrival_s_[k] = h_.sim.now().seconds_f();
    CallInput in;
    in.arrival = h_.sim.now();
    ep_.call(in, *this, k);
    if (sent_ < warmup_ + n_) h_.sim.schedule_in<&MmcRun::arrive>(sim::Duration::from_seconds(gap_(rng_)), this);
  }
  fmsim::testing::ServiceHarness& h_;
  RealtimeEndpoint& ep_;
  boost::random::exponential_distribution<double> gap_;
  sim::RandomEngine rng_;
  std::uint64_t warmup_, n_;
  std::vector<double> arrival_s_;
  std::uint64_t sent_ = 0, measured_ = 0;
  double wait_sum_ = 0;
};

double replication_mean_wait(int c, double lambda, double mu, std::uint64_t n, std::uint64_t seed) {
  fmsim::testing::ServiceHarness h(seed);
  SageMakerEndpointSpec s;
  s.instances = DailyScheduleSpec::constant(c);
  s.server.max_concurrency = 1;
  s.server.service_time = sim::Distribution::exponential(1.0 / mu);
  s.invocation_timeout = sim::Duration::days(365);
  RealtimeEndpoint ep(h.ctx, "sm", s);
  MmcRun run(h, ep, lambda, warmup_customers(lambda, c, mu), n);
  ep.start();
  run.start();
  h.sim.run_until(sim::SimTime::zero() + sim::Duration::days(3650));
  return run.mean_wait();
}

struct MmcCase {
  int c;
  double rho;
  std::uint64_t customers;
};

// By stream: GCC 12 raises a false -Wrestrict on std::string operator+ at -O2.
std::string mmc_name(const ::testing::TestParamInfo<MmcCase>& p) {
  std::ostringstream os;
  os << "c" << p.param.c << "_rho0p" << static_cast<int>(p.param.rho * 100 + 0.5);
  return os.str();
}

class EndpointErlangC : public ::testing::TestWithParam<MmcCase> {};

TEST_P(EndpointErlangC, MeanWaitMatchesErlangC) {
  const MmcCase p = GetParam();
  const double mu = 1.0;
  const double lambda = p.rho * p.c * mu;
  constexpr std::size_t kReplications = 20;
  std::vector<double> waits(kReplications);
  // Two threads (the machine has two cores); each replication owns its harness and endpoint.
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < 2; ++w) {
    workers.emplace_back([&, w] {
      for (std::size_t r = w; r < kReplications; r += 2)
        waits[r] = replication_mean_wait(p.c, lambda, mu, p.customers, validation::kSeed + r);
    });
  }
  for (auto& t : workers) t.join();
  std::ostringstream name;
  name << "SageMaker endpoint M/M/" << p.c << " rho=" << p.rho << " W_q";
  validation::expect_validated(name.str(), validation::mmc_mean_wait(p.c, lambda, mu), validation::t_interval(waits),
                               validation::kPrecision);
}

// The sizes of tests/validation/markovian_test.cpp for the same (c, ρ).
INSTANTIATE_TEST_SUITE_P(Validation, EndpointErlangC,
                         ::testing::Values(MmcCase{4, 0.8, 200'000}, MmcCase{1, 0.5, 50'000}), mmc_name);

}  // namespace
}  // namespace fmsim::models
