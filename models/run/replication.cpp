// Replication wiring and the conservation check.
#include "models/run/replication.h"

#include "models/workload/trace_replay.h"

namespace fmsim::models {

namespace {
std::vector<std::string> target_names(const DeploymentSpec& d) {
  std::vector<std::string> names;
  for (const auto& t : d.targets) names.push_back(t.name);
  return names;
}
}  // namespace

Replication::Replication(const Scenario& scenario, std::uint64_t replication, ReplicationSinks sinks)
    : scenario_(scenario),
      replication_(replication),
      streams_(scenario.seed, replication),
      metrics_(scenario.output.window, sinks.requests),
      cost_(scenario.output.cost_window, sinks.cost),
      services_(scenario.output.window, sinks.services),
      events_(sinks.events),
      targets_(scenario.output.window, target_names(scenario.deployment), sinks.targets),
      calendar_(scenario.calendar),
      context_{sim_, streams_, cost_, services_, events_, calendar_},
      deployment_(context_, scenario.deployment, pool_, *this, targets_),
      arrivals_(make_arrival_process(scenario.workload.arrivals, scenario.calendar, streams_)),
      driver_(sim_, *arrivals_.process, *this) {
  workload_all_.name = "all";
  if (!scenario.workload.classes.empty()) {
    mix_.emplace(scenario.workload.classes, streams_);
    for (const auto& c : scenario.workload.classes) workload_by_class_.push_back(WorkloadTotals{c.name});
  }
}

void WorkloadTotals::add(const Request& r) {
  ++arrivals;
  if (r.input_tokens > 0) input_tokens += r.input_tokens;
  if (r.output_tokens > 0) output_tokens += r.output_tokens;
  if (r.billed_input_tokens > 0) billed_input_tokens += r.billed_input_tokens;
  if (r.billed_output_tokens > 0) billed_output_tokens += r.billed_output_tokens;
}

void Replication::on_arrival(const Arrival& arrival) {
  const RequestId id = pool_.acquire();
  Request& r = pool_[id];
  r.arrival = sim_.now();
  if (mix_) {
    const RequestDraw d = mix_->draw(calendar_.local(sim_.now()).hour, arrival);
    r.class_index = d.class_index;
    r.model_calls = d.model_calls;
    r.input_tokens = d.input_tokens;
    r.output_tokens = d.output_tokens;
    r.billed_input_tokens = d.billed_input_tokens;
    r.billed_output_tokens = d.billed_output_tokens;
    r.complexity = d.complexity;
    const RequestClassSpec& c = scenario_.workload.classes[static_cast<std::size_t>(d.class_index)];
    r.system_prompt_tokens = c.system_prompt_tokens;
    if (c.max_tokens_per_turn) r.max_tokens = *c.max_tokens_per_turn;
    workload_by_class_[static_cast<std::size_t>(d.class_index)].add(r);
  } else {
    // No classes: a trace's tokens are what is seen and what is billed.
    r.input_tokens = r.billed_input_tokens = arrival.input_tokens;
    r.output_tokens = r.billed_output_tokens = arrival.output_tokens;
  }
  workload_all_.add(r);
  metrics_.on_arrival(sim_.now());
  deployment_.submit(id);
}

void Replication::on_outcome(RequestId id, Outcome outcome) {
  const sim::SimTime now = sim_.now();
  const Request& r = pool_[id];
  metrics_.on_outcome(now, outcome, now - r.arrival);
  if (outcome == Outcome::ok && r.first_token_at != sim::SimTime::max()) ttft_.record(r.first_token_at - r.arrival);
  if (r.cold_start) ++cold_starts_;
  model_attempts_ += r.attempts;
  pool_.release(id);
}

ReplicationResult Replication::run(const std::function<void(sim::SimTime)>& on_progress, int slices) {
  const sim::SimTime horizon = sim::SimTime::zero() + scenario_.horizon;
  deployment_.start();
  driver_.start();
  if (slices < 1) slices = 1;
  for (int i = 1; i <= slices; ++i) {
    const sim::SimTime until = (i == slices) ? horizon : sim::SimTime::zero() + scenario_.horizon / slices * i;
    sim_.run_until(until);
    if (on_progress) on_progress(sim_.now());
  }
  metrics_.finish(horizon);
  cost_.finish(horizon);
  services_.finish(horizon);
  targets_.finish(horizon);

  ReplicationResult r;
  r.replication = replication_;
  r.horizon = horizon;
  r.counts = metrics_.totals();
  r.in_flight = pool_.in_use();
  // The pool and the metrics count independently; the identity ties them together.
  r.conservation_ok = r.counts.arrivals == r.counts.ended() + r.in_flight &&
                      static_cast<std::int64_t>(r.in_flight) == metrics_.in_system();
  r.latency = metrics_.latency();
  r.time_to_first_token = ttft_;
  r.cold_starts = cold_starts_;
  r.model_attempts = model_attempts_;
  r.service_counters = services_.counter_totals();
  r.service_gauges = services_.gauge_totals();
  r.service_events = events_.count();
  r.targets = targets_.totals();
  r.in_system_mean = metrics_.in_system_mean();
  r.in_system_max = metrics_.in_system_max();
  for (std::size_t i = 0; i < cost_.line_names().size(); ++i) {
    r.cost_by_line.emplace_back(cost_.line_names()[i], cost_.line_total(i));
  }
  r.cost_total = cost_.total();
  r.events = sim_.events_processed();
  r.fingerprint = sim_.fingerprint();
  r.workload_all = workload_all_;
  r.workload_by_class = workload_by_class_;
  if (arrivals_.trace) {
    r.trace_rows_read = arrivals_.trace->rows_read();
    r.trace_rows_skipped = arrivals_.trace->skipped_rows();
  }
  return r;
}

}  // namespace fmsim::models
