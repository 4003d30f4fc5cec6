// Bedrock models at 1,000 requests/s (Poisson) for one simulated hour per iteration (~3.6M
// calls), with their metrics and cost lines on, reporting simulated requests per wall second
// (items_per_second):
//   BM_OnDemand           — on demand, default lognormal latency (~4,000 calls in flight), no quotas;
//   BM_OnDemandQuotas     — the same through RPM and TPM buckets at ~80 % of their rates;
//   BM_OnDemandRetries    — standard SDK retries (botocore defaults) in front of a quota at half
//                           the offered rate: throttles answered inside call(), backoff timers;
//   BM_Provisioned        — Provisioned Throughput at 80 % of its budget (window expiries);
//   BM_ProvisionedSpill   — the same at 2x its budget (the FIFO wait and spills).
#include <cstdint>
#include <memory>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>

#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/bedrock_provisioned.h"
#include "models/client/retrying_caller.h"
#include "models/core/service_context.h"

namespace {

using namespace fmsim;

constexpr double kRate = 1000;     // requests per second
constexpr double kHorizon = 3600;  // simulated seconds per iteration

// Poisson calls into a target, counting answers; nothing recorded per call.
class Source final : public models::CallListener {
 public:
  Source(sim::Simulator& sim, models::Service& target, std::uint64_t seed)
      : sim_(sim), target_(target), rng_(sim::RandomStreams(seed, 0).stream("bench.arrivals")), gap_(kRate) {
    in_.input_tokens = 700;
    in_.output_tokens = 300;
    in_.max_tokens = 400;
    next();
  }
  std::uint64_t sent = 0, answered = 0;

 private:
  void next() {
    const sim::SimTime t = sim_.now() + sim::Duration::from_seconds(gap_(rng_));
    if (t.seconds_f() < kHorizon) sim_.schedule_at<&Source::arrive>(t, this);
  }
  void arrive(std::uint64_t) {
    ++sent;
    target_.call(in_, *this, sent);
    next();
  }
  void on_call_done(models::CallTag, const models::CallResult&) override { ++answered; }
  sim::Simulator& sim_;
  models::Service& target_;
  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> gap_;
  models::CallInput in_;
};

// A replication's surroundings without output files.
struct World {
  sim::Simulator sim;
  sim::RandomStreams streams{42, 0};
  models::CostLedger cost{sim::Duration::hours(1), nullptr};
  models::ServiceMetrics metrics{sim::Duration::seconds(60), nullptr};
  models::EventLog events;
  models::LocalCalendar calendar{models::CalendarSpec{}};
  models::ServiceContext ctx{sim, streams, cost, metrics, events, calendar};
  void finish() {
    metrics.finish(sim.now());
    cost.finish(sim.now());
  }
};

void report(benchmark::State& state, std::uint64_t requests, std::uint64_t events) {
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  state.counters["events_per_request"] = static_cast<double>(events) / static_cast<double>(requests);
}

// One iteration's components: `target` is the model, `front` what the source calls (the model or
// a retrying caller in front of it).
struct Deployment {
  World w;
  models::BedrockQuotaPools pools;
  std::unique_ptr<models::Service> target, front;
};

template <class Setup>
void run(benchmark::State& state, Setup setup) {
  std::uint64_t requests = 0, events = 0;
  for (auto _ : state) {
    Deployment d;
    setup(d);
    d.target->start();
    Source src(d.w.sim, d.front ? *d.front : *d.target, 7);
    d.w.sim.run_until(sim::SimTime::from_seconds(kHorizon + 600));
    d.w.finish();
    benchmark::DoNotOptimize(src.answered);
    requests += src.sent;
    events += d.w.sim.events_processed();
  }
  report(state, requests, events);
}

models::BedrockOnDemandSpec on_demand() {
  models::BedrockOnDemandSpec s;
  s.model = "claude-3-5-sonnet";
  s.input_usd_per_mtok = 3;
  s.output_usd_per_mtok = 15;
  s.read_timeout = sim::Duration::seconds(600);
  return s;
}

void BM_OnDemand(benchmark::State& state) {
  run(state, [](Deployment& d) { d.target = std::make_unique<models::BedrockOnDemand>(d.w.ctx, "sonnet", on_demand(), d.pools); });
}

void BM_OnDemandQuotas(benchmark::State& state) {
  run(state, [](Deployment& d) {
    models::BedrockOnDemandSpec s = on_demand();
    s.requests_per_minute = 75'000;           // 1,250/s
    s.tokens_per_minute = 1.25 * 66'000'000;  // 1,100 reserved x 1,000/s = 66M/min
    d.target = std::make_unique<models::BedrockOnDemand>(d.w.ctx, "sonnet", s, d.pools);
  });
}

void BM_OnDemandRetries(benchmark::State& state) {
  run(state, [](Deployment& d) {
    models::BedrockOnDemandSpec s = on_demand();
    s.requests_per_minute = 30'000;  // 500/s: half the offered rate
    d.target = std::make_unique<models::BedrockOnDemand>(d.w.ctx, "sonnet", s, d.pools);
    d.front = std::make_unique<models::RetryingCaller>(d.w.ctx, "sonnet.sdk", models::RetrySpec{}, *d.target);
  });
}

models::BedrockProvisionedSpec provisioned(double units) {
  models::BedrockProvisionedSpec s;
  s.model = "claude-3-5-sonnet";
  s.units = models::DailyScheduleSpec::constant(units);
  s.tokens_per_minute_per_unit = 40'000;
  s.price_per_unit_hour_usd = 26.39;
  return s;
}

// 1,000 calls/s x 1,000 tokens = 60M tokens/min: 1,875 MU is 80 % load, 750 MU is 2x.
void BM_Provisioned(benchmark::State& state) {
  run(state, [](Deployment& d) { d.target = std::make_unique<models::BedrockProvisioned>(d.w.ctx, "sonnet_pt", provisioned(1875)); });
}

void BM_ProvisionedSpill(benchmark::State& state) {
  run(state, [](Deployment& d) { d.target = std::make_unique<models::BedrockProvisioned>(d.w.ctx, "sonnet_pt", provisioned(750)); });
}

// Wall-clock rates (UseRealTime): "simulated requests per wall second".
BENCHMARK(BM_OnDemand)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_OnDemandQuotas)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_OnDemandRetries)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_Provisioned)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_ProvisionedSpill)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
