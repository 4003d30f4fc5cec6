// An autoscaled SageMaker real-time endpoint through a whole diurnal day at 1M requests/day, in
// simulated requests per wall second (items_per_second). Each iteration simulates one JST day
// from scratch: NhppArrivals (hourly weights, thinning) -> RealtimeEndpoint (token-level GPU
// servers, K = 16, target tracking on InvocationsPerInstance, 5-15 min provisioning) -> a
// listener tallying outcomes. Metrics windows (60 s) and the cost ledger are on; no files.
//   BM_AutoscaledEndpointDiurnalDay   — the token model (prompt ~600, answer ~150 tokens);
//   BM_FixedFleetDiurnalDay           — the same load on a fixed fleet of 16 instances, to show
//                                       what the scaler itself costs.
#include <chrono>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "models/core/service_context.h"
#include "models/sagemaker/realtime_endpoint.h"
#include "models/workload/arrival_driver.h"
#include "models/workload/nhpp_arrivals.h"
#include "sim/distribution.h"

namespace {

using namespace fmsim;

models::CalendarSpec tokyo() {
  models::CalendarSpec c;
  c.time_zone = "Asia/Tokyo";
  c.start_utc = std::chrono::sys_days{std::chrono::year{2026} / 3 / 9} + std::chrono::hours{15};  // 03-10 00:00 JST
  return c;
}

models::DiurnalSpec one_million_a_day() {
  models::DiurnalSpec d;
  d.daily_total = 1'000'000;
  d.hourly_weights = {0.05, 0.03, 0.015, 0.01,  0.008, 0.008, 0.012, 0.025, 0.035, 0.04, 0.04, 0.045,
                      0.055, 0.045, 0.04, 0.04, 0.042, 0.05,  0.06,  0.07,  0.08,  0.085, 0.08, 0.065};
  return d;
}

models::SageMakerEndpointSpec endpoint(bool autoscaled) {
  models::SageMakerEndpointSpec s;
  s.instance_type = "ml.g5.2xlarge";
  s.price_per_instance_hour_usd = 1.515;
  s.server.max_concurrency = 16;
  if (autoscaled) {
    s.instances = models::DailyScheduleSpec::constant(12);  // midnight JST needs ~12 (809 calls/min)
    s.autoscaling.enabled = true;
    s.autoscaling.target = 60;  // invocations per instance per minute (~half an instance's capacity)
    s.autoscaling.min_instances = 4;
    s.autoscaling.max_instances = 40;
    s.autoscaling.scale_out_cooldown = sim::Duration::seconds(300);
    s.autoscaling.scale_in_cooldown = sim::Duration::seconds(300);
  } else {
    s.instances = models::DailyScheduleSpec::constant(16);
  }
  return s;
}

class Client final : public models::ArrivalListener, public models::CallListener {
 public:
  Client(models::Service& target, sim::RandomEngine rng) : target_(target), rng_(rng) {}
  void on_arrival(const models::Arrival& a) override {
    models::CallInput in;
    in.arrival = a.time;
    in.input_tokens = static_cast<std::int64_t>(input_.sample(rng_) + 0.5);
    in.output_tokens = static_cast<std::int64_t>(output_.sample(rng_) + 0.5);
    target_.call(in, *this, 0);
  }
  void on_call_done(models::CallTag, const models::CallResult& r) override {
    ++ended_[static_cast<int>(r.status)];
  }
  std::uint64_t ended(models::CallStatus s) const { return ended_[static_cast<int>(s)]; }

 private:
  models::Service& target_;
  sim::RandomEngine rng_;
  sim::Distribution input_ = sim::Distribution::lognormal_median_sigma(600, 0.5);
  sim::Distribution output_ = sim::Distribution::lognormal_median_sigma(150, 0.5);
  std::uint64_t ended_[5] = {0, 0, 0, 0, 0};
};

void run_day(benchmark::State& state, bool autoscaled) {
  std::uint64_t requests = 0, events = 0, timed_out = 0, actions = 0;
  for (auto _ : state) {
    sim::Simulator simulator;
    const sim::RandomStreams streams(42, 0);
    models::CostLedger cost(sim::Duration::hours(1), nullptr);
    models::ServiceMetrics metrics(sim::Duration::seconds(60), nullptr);
    models::EventLog events_log;
    const models::LocalCalendar calendar(tokyo());
    models::ServiceContext ctx{simulator, streams, cost, metrics, events_log, calendar};
    models::RealtimeEndpoint ep(ctx, "endpoint", endpoint(autoscaled));
    Client client(ep, streams.stream("client.tokens"));
    models::NhppArrivals arrivals(models::RateProfile(one_million_a_day(), models::LocalCalendar(tokyo())),
                                  streams.stream("arrivals"));
    models::ArrivalDriver driver(simulator, arrivals, client);
    ep.start();
    driver.start();
    const sim::SimTime end = sim::SimTime::zero() + sim::Duration::days(1);
    simulator.run_until(end);
    metrics.finish(end);
    cost.finish(end);
    requests += driver.arrivals();
    events += simulator.events_processed();
    timed_out += client.ended(models::CallStatus::timed_out);
    actions += events_log.count();
    benchmark::DoNotOptimize(cost.total());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  const double days = static_cast<double>(state.iterations());
  state.counters["requests_per_day"] = static_cast<double>(requests) / days;
  state.counters["events_per_request"] = static_cast<double>(events) / static_cast<double>(requests);
  state.counters["timed_out_per_day"] = static_cast<double>(timed_out) / days;
  state.counters["logged_events_per_day"] = static_cast<double>(actions) / days;
}

void BM_AutoscaledEndpointDiurnalDay(benchmark::State& state) { run_day(state, true); }
BENCHMARK(BM_AutoscaledEndpointDiurnalDay)->Unit(benchmark::kMillisecond);

void BM_FixedFleetDiurnalDay(benchmark::State& state) { run_day(state, false); }
BENCHMARK(BM_FixedFleetDiurnalDay)->Unit(benchmark::kMillisecond);

}  // namespace
