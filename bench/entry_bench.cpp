// Simulated requests per second through the entry tiers, with a fixed-latency backend written
// here (one event per call), so that the figures are the entry tier's own cost:
//   BM_Backend            — Poisson arrivals straight into the backend: the floor;
//   BM_Lambda             — arrivals -> LambdaFunction -> backend;
//   BM_ApiGatewayLambda   — arrivals -> ApiGateway -> LambdaFunction -> backend (the figure);
//   BM_ApiGatewayLambdaCold — the same with a 50 ms keep-alive, so most calls start an
//                           environment (creation, init, expiry events);
//   BM_ApiGatewayTimeouts — a 40 s backend behind the 29 s integration timeout: every call times
//                           out at the gateway and its late answer is dropped.
// 1,000 requests/s for 120 simulated seconds per iteration, backend 200 ms; metrics and cost on,
// as in a run (windows of 60 s); concurrency limits raised so that nothing is throttled.
// items_per_second = simulated requests per second of CPU time; events_per_request = events run
// per request (requests still in flight at the horizon included in the count of requests).
#include <cstdint>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/entry/api_gateway.h"
#include "models/entry/lambda_function.h"
#include "sim/distribution.h"
#include "sim/slot_pool.h"

namespace {

using namespace fmsim;

constexpr double kRate = 1000;     // requests per second
constexpr double kHorizon = 120;   // simulated seconds per iteration

// Answers every call `latency` later, ok.
class FixedLatencyService final : public models::Service {
 public:
  FixedLatencyService(sim::Simulator& sim, sim::Duration latency) : sim_(sim), latency_(latency) {}
  void call(const models::CallInput&, models::CallListener& listener, models::CallTag tag) override {
    const std::uint32_t id = pending_.acquire();
    pending_[id] = {&listener, tag};
    sim_.schedule_in<&FixedLatencyService::on_done>(latency_, this, id);
  }

 private:
  struct Pending {
    models::CallListener* listener = nullptr;
    models::CallTag tag = 0;
  };
  void on_done(std::uint64_t raw) {
    const auto id = static_cast<std::uint32_t>(raw);
    const Pending p = pending_[id];
    pending_.release(id);
    p.listener->on_call_done(p.tag, models::CallResult{});
  }
  sim::Simulator& sim_;
  sim::Duration latency_;
  sim::SlotPool<Pending> pending_;
};

// Poisson arrivals into `front`; counts the answers.
class Client final : public models::CallListener {
 public:
  Client(sim::Simulator& sim, const sim::RandomStreams& streams, models::Service& front)
      : sim_(sim), front_(front), gap_(sim::Distribution::exponential(1.0 / kRate)), rng_(streams.stream("arrivals")) {
    sim_.schedule_in<&Client::on_arrival>(sim::Duration::from_seconds(gap_.sample(rng_)), this);
  }
  void on_call_done(models::CallTag, const models::CallResult&) override { ++answered; }
  std::uint64_t sent = 0, answered = 0;

 private:
  void on_arrival(std::uint64_t) {
    models::CallInput in;
    in.arrival = sim_.now();
    front_.call(in, *this, sent++);
    sim_.schedule_in<&Client::on_arrival>(sim::Duration::from_seconds(gap_.sample(rng_)), this);
  }
  sim::Simulator& sim_;
  models::Service& front_;
  sim::Distribution gap_;
  sim::RandomEngine rng_;
};

enum class Front { backend, lambda, api_gateway };

struct Setup {
  Front front = Front::api_gateway;
  double backend_s = 0.2;
  double keep_alive_s = 600;
};

void run(benchmark::State& state, const Setup& setup) {
  std::uint64_t requests = 0, events = 0, cold = 0, invocations = 0;
  for (auto _ : state) {
    sim::Simulator sim;
    sim::RandomStreams streams(42, 0);
    models::CostLedger cost(sim::Duration::hours(1), nullptr);
    models::ServiceMetrics metrics(sim::Duration::seconds(60), nullptr);
    models::EventLog events_log;
    models::LocalCalendar calendar(models::CalendarSpec{});
    models::ServiceContext ctx{sim, streams, cost, metrics, events_log, calendar};

    FixedLatencyService backend(sim, sim::Duration::from_seconds(setup.backend_s));
    models::LambdaSpec fn_spec;
    fn_spec.timeout = sim::Duration::seconds(60);
    fn_spec.keep_alive = sim::Distribution::constant(setup.keep_alive_s);
    // Limits out of the way: every variant measures calls served, not throttled.
    fn_spec.account_concurrency = 100'000;
    fn_spec.scale_up_per_10s = 1e6;
    std::unique_ptr<models::LambdaFunction> fn;
    std::unique_ptr<models::ApiGateway> gw;
    models::Service* front = &backend;
    if (setup.front != Front::backend) {
      fn = std::make_unique<models::LambdaFunction>(ctx, "function", fn_spec, backend);
      front = fn.get();
    }
    if (setup.front == Front::api_gateway) {
      gw = std::make_unique<models::ApiGateway>(ctx, "api_gateway", models::ApiGatewaySpec{}, *fn);
      front = gw.get();
    }
    front->start();
    Client client(sim, streams, *front);
    sim.run_until(sim::SimTime::from_seconds(kHorizon));
    metrics.finish(sim.now());
    cost.finish(sim.now());
    benchmark::DoNotOptimize(client.answered);
    requests += client.sent;
    events += sim.events_processed();
    if (fn) {
      cold += fn->totals().cold_starts;
      invocations += fn->totals().invocations;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  state.counters["events_per_request"] = static_cast<double>(events) / static_cast<double>(requests);
  if (invocations > 0) state.counters["cold_fraction"] = static_cast<double>(cold) / static_cast<double>(invocations);
}

void BM_Backend(benchmark::State& state) { run(state, {Front::backend}); }
void BM_Lambda(benchmark::State& state) { run(state, {Front::lambda}); }
void BM_ApiGatewayLambda(benchmark::State& state) { run(state, {Front::api_gateway}); }
void BM_ApiGatewayLambdaCold(benchmark::State& state) { run(state, {Front::api_gateway, 0.2, 0.05}); }
void BM_ApiGatewayTimeouts(benchmark::State& state) { run(state, {Front::api_gateway, 40.0, 600}); }

BENCHMARK(BM_Backend)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lambda)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiGatewayLambda)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiGatewayLambdaCold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApiGatewayTimeouts)->Unit(benchmark::kMillisecond);

}  // namespace
