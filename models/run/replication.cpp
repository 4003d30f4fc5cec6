// Replication wiring and the conservation check.
#include "models/run/replication.h"

namespace fmsim::models {

namespace {
sim::RandomStreams streams_for(const Scenario& s, std::uint64_t replication) {
  return sim::RandomStreams(s.seed, replication);
}
}  // namespace

Replication::Replication(const Scenario& scenario, std::uint64_t replication, ReplicationSinks sinks)
    : scenario_(scenario),
      replication_(replication),
      metrics_(scenario.output.window, sinks.requests),
      cost_(scenario.output.cost_window, sinks.cost),
      servers_line_(cost_.add_line("servers")),
      requests_line_(cost_.add_line("requests")),
      station_(sim_, scenario.station, pool_, streams_for(scenario, replication).stream("station.service"), *this),
      arrivals_(sim_, scenario.workload.arrivals.rate_per_s, streams_for(scenario, replication).stream("arrivals"),
                *this) {}

void Replication::on_arrival() {
  const RequestId id = pool_.acquire();
  pool_[id].arrival = sim_.now();
  metrics_.on_arrival(sim_.now());
  station_.submit(id);
}

void Replication::on_outcome(RequestId id, Outcome outcome) {
  const sim::SimTime now = sim_.now();
  metrics_.on_outcome(now, outcome, now - pool_[id].arrival);
  if (outcome == Outcome::ok && scenario_.station.price_per_request_usd > 0) {
    cost_.charge(now, requests_line_, scenario_.station.price_per_request_usd);
  }
  pool_.release(id);
}

ReplicationResult Replication::run(const std::function<void(sim::SimTime)>& on_progress, int slices) {
  const sim::SimTime horizon = sim::SimTime::zero() + scenario_.horizon;
  cost_.set_rate(sim_.now(), servers_line_,
                 scenario_.station.servers * scenario_.station.price_per_server_hour_usd);
  arrivals_.start();
  if (slices < 1) slices = 1;
  for (int i = 1; i <= slices; ++i) {
    const sim::SimTime until = (i == slices) ? horizon : sim::SimTime::zero() + scenario_.horizon / slices * i;
    sim_.run_until(until);
    if (on_progress) on_progress(sim_.now());
  }
  metrics_.finish(horizon);
  cost_.finish(horizon);

  ReplicationResult r;
  r.replication = replication_;
  r.horizon = horizon;
  r.counts = metrics_.totals();
  r.in_flight = pool_.in_use();
  // The pool and the metrics count independently; the identity ties them together.
  r.conservation_ok = r.counts.arrivals == r.counts.ended() + r.in_flight &&
                      static_cast<std::int64_t>(r.in_flight) == metrics_.in_system();
  r.latency = metrics_.latency();
  r.in_system_mean = metrics_.in_system_mean();
  r.in_system_max = metrics_.in_system_max();
  for (std::size_t i = 0; i < cost_.line_names().size(); ++i) {
    r.cost_by_line.emplace_back(cost_.line_names()[i], cost_.line_total(i));
  }
  r.cost_total = cost_.total();
  r.events = sim_.events_processed();
  r.fingerprint = sim_.fingerprint();
  return r;
}

}  // namespace fmsim::models
