// Building summary.json.
#include "tools/summary_json.h"

#include <cmath>
#include <limits>
#include <string>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "fmsim_version.h"

namespace fmsim::cli {

namespace {
using json = nlohmann::ordered_json;

// JSON has no NaN: an undefined figure (no request served) is null.
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json latency_json(const sim::LatencyHistogram& h) {
  return json{{"count", h.count()},
              {"mean", number_or_null(h.mean_seconds())},
              {"p50", number_or_null(h.quantile(0.5))},
              {"p90", number_or_null(h.quantile(0.9))},
              {"p99", number_or_null(h.quantile(0.99))},
              {"p999", number_or_null(h.quantile(0.999))},
              {"max", number_or_null(h.max_seconds())}};
}

json requests_json(const models::ReplicationResult& r) {
  json j{{"arrivals", r.counts.arrivals}};
  for (auto o : models::kAllOutcomes) j[std::string(models::to_string(o))] = r.counts[o];
  j["in_flight"] = r.in_flight;
  return j;
}

std::string hex64(std::uint64_t v) { return fmt::format("{:016x}", v); }

json totals_json(const models::WorkloadTotals& t) {
  return json{{"arrivals", t.arrivals},
              {"input_tokens", t.input_tokens},
              {"output_tokens", t.output_tokens},
              {"billed_input_tokens", t.billed_input_tokens},
              {"billed_output_tokens", t.billed_output_tokens}};
}

json workload_json(const models::Scenario& s, const models::ReplicationResult& r) {
  json j = totals_json(r.workload_all);
  if (!r.workload_by_class.empty()) {
    json classes = json::array();
    for (const auto& c : r.workload_by_class) {
      json cj{{"name", c.name}};
      cj.update(totals_json(c));
      classes.push_back(cj);
    }
    j["classes"] = classes;
  }
  if (s.workload.arrivals.kind == models::ArrivalKind::trace) {
    j["trace_rows_read"] = r.trace_rows_read;
    j["trace_rows_skipped"] = r.trace_rows_skipped;
  }
  return j;
}
// Whole-run component figures, grouped by component: counters as totals, gauges as time-weighted
// mean and maximum.
json services_json(const models::ReplicationResult& r) {
  json j = json::object();
  for (const auto& c : r.service_counters) j[c.component][c.name] = c.total;
  for (const auto& g : r.service_gauges) j[g.component][g.name] = json{{"mean", g.mean}, {"max", g.max}};
  j["events_logged"] = r.service_events;
  return j;
}
}  // namespace

json replication_summary(const models::Scenario& s, const models::ReplicationResult& r, const RunTiming& timing) {
  json cost{{"total", r.cost_total}};
  for (const auto& [name, usd] : r.cost_by_line) cost[name] = usd;
  const double horizon_s = r.horizon.seconds_f();
  cost["per_hour"] = r.cost_total / (horizon_s / 3600.0);
  cost["per_day"] = r.cost_total / (horizon_s / 86400.0);
  cost["per_month_30d"] = r.cost_total / (horizon_s / (30 * 86400.0));

  json j;
  j["scenario"] = json{{"name", s.name}, {"path", s.source_path}};
  j["requests"] = requests_json(r);
  j["conservation_ok"] = r.conservation_ok;
  j["conservation"] = fmt::format("arrivals {} = ok {} + throttled {} + timed_out {} + error {} + rejected {} + in_flight {}: {}",
                                  r.counts.arrivals, r.counts[models::Outcome::ok],
                                  r.counts[models::Outcome::throttled], r.counts[models::Outcome::timed_out],
                                  r.counts[models::Outcome::error], r.counts[models::Outcome::rejected], r.in_flight,
                                  r.conservation_ok ? "holds" : "VIOLATED");
  j["latency_s"] = latency_json(r.latency);
  j["time_to_first_token_s"] = latency_json(r.time_to_first_token);
  const auto ended = r.counts.ended();
  j["calls"] = json{{"cold_start_requests", r.cold_starts},
                    {"model_attempts", r.model_attempts},
                    {"attempts_per_request", ended ? json(static_cast<double>(r.model_attempts) / static_cast<double>(ended)) : json(nullptr)}};
  j["services"] = services_json(r);
  j["workload"] = workload_json(s, r);
  j["in_system"] = json{{"mean", r.in_system_mean}, {"max", r.in_system_max}};
  j["cost_usd"] = cost;
  j["run"] = json{{"seed", s.seed},
                  {"replication", r.replication},
                  {"horizon_s", horizon_s},
                  {"events", r.events},
                  {"event_fingerprint", hex64(r.fingerprint)},
                  {"version", FMSIM_VERSION},
                  {"scenario_sha256", s.source_sha256},
                  {"wall_s", timing.wall_s},
                  {"events_per_s", timing.wall_s > 0 ? json(static_cast<double>(r.events) / timing.wall_s) : json(nullptr)}};
  return j;
}

ConfidenceInterval confidence_interval_95(const std::vector<double>& values) {
  ConfidenceInterval ci;
  const auto n = values.size();
  if (n == 0) return {NAN, NAN, NAN};
  double sum = 0;
  for (double v : values) sum += v;
  ci.mean = sum / static_cast<double>(n);
  if (n < 2) {
    ci.stddev = NAN;
    ci.half_width = NAN;
    return ci;
  }
  double ss = 0;
  for (double v : values) ss += (v - ci.mean) * (v - ci.mean);
  ci.stddev = std::sqrt(ss / static_cast<double>(n - 1));
  const boost::math::students_t t(static_cast<double>(n - 1));
  ci.half_width = boost::math::quantile(t, 0.975) * ci.stddev / std::sqrt(static_cast<double>(n));
  return ci;
}

json across_replications(const std::vector<models::ReplicationResult>& results) {
  auto stat = [&](auto&& get) {
    std::vector<double> v;
    v.reserve(results.size());
    for (const auto& r : results) v.push_back(get(r));
    // A figure undefined in some replication (no request served) has no interval.
    for (double x : v) {
      if (!std::isfinite(x)) return json(nullptr);
    }
    const auto ci = confidence_interval_95(v);
    return json{{"mean", ci.mean},
                {"stddev", number_or_null(ci.stddev)},
                {"ci95_half_width", number_or_null(ci.half_width)},
                {"ci95_low", number_or_null(ci.mean - ci.half_width)},
                {"ci95_high", number_or_null(ci.mean + ci.half_width)}};
  };
  json requests{{"arrivals", stat([](const auto& r) { return static_cast<double>(r.counts.arrivals); })}};
  for (auto o : models::kAllOutcomes) {
    requests[std::string(models::to_string(o))] = stat([o](const auto& r) { return static_cast<double>(r.counts[o]); });
  }
  requests["in_flight"] = stat([](const auto& r) { return static_cast<double>(r.in_flight); });

  json latency{{"mean", stat([](const auto& r) { return r.latency.mean_seconds(); })},
               {"p50", stat([](const auto& r) { return r.latency.quantile(0.5); })},
               {"p90", stat([](const auto& r) { return r.latency.quantile(0.9); })},
               {"p99", stat([](const auto& r) { return r.latency.quantile(0.99); })},
               {"p999", stat([](const auto& r) { return r.latency.quantile(0.999); })},
               {"max", stat([](const auto& r) { return r.latency.max_seconds(); })}};

  sim::LatencyHistogram pooled;
  for (const auto& r : results) pooled.merge(r.latency);

  return json{{"replications", results.size()},
              {"requests", requests},
              {"latency_s", latency},
              {"latency_s_pooled", latency_json(pooled)},
              {"in_system_mean", stat([](const auto& r) { return r.in_system_mean; })},
              {"cost_usd_total", stat([](const auto& r) { return r.cost_total; })}};
}

}  // namespace fmsim::cli
