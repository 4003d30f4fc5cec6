// Building summary.json.
#include "tools/summary_json.h"

#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "fmsim_version.h"
#include "models/sweep/student_t.h"
#include "tools/cost_by_target.h"
#include "tools/local_time_text.h"

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

double outcome_share(const models::ReplicationResult& r, models::Outcome o) {
  return r.counts.arrivals ? static_cast<double>(r.counts[o]) / static_cast<double>(r.counts.arrivals) : NAN;
}

json requests_json(const models::ReplicationResult& r) {
  json j{{"arrivals", r.counts.arrivals}};
  for (auto o : models::kAllOutcomes) j[std::string(models::to_string(o))] = r.counts[o];
  j["in_flight"] = r.in_flight;
  json share = json::object();
  for (auto o : models::kAllOutcomes) share[std::string(models::to_string(o))] = number_or_null(outcome_share(r, o));
  j["share"] = share;
  return j;
}

// Tokens the users sent and saw per simulated hour: a traffic volume comparable across horizons.
double tokens_per_hour(const models::ReplicationResult& r) {
  const auto tokens = static_cast<double>(r.workload_all.input_tokens + r.workload_all.output_tokens);
  return tokens / (r.horizon.seconds_f() / 3600.0);
}

// Every key always present (null where undefined), so the summary's shape does not depend on the run.
json windows_json(const sweep::WindowExtremes& w) {
  return json{{"hours", w.hours},
              {"worst", json{{"p50_s", number_or_null(w.worst_p50_s)}, {"p99_s", number_or_null(w.worst_p99_s)}}},
              {"worst_hour", json{{"p50_s", number_or_null(w.worst_hour_p50_s)},
                                  {"p99_s", number_or_null(w.worst_hour_p99_s)},
                                  {"throttled_share", number_or_null(w.worst_hour_throttled_share)},
                                  {"failed_share", number_or_null(w.worst_hour_failed_share)}}}};
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
  j["tokens_per_hour"] = number_or_null(tokens_per_hour(r));
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

const char* target_kind_name(models::TargetKind k) {
  switch (k) {
    case models::TargetKind::station: return "station";
    case models::TargetKind::bedrock_on_demand: return "bedrock_on_demand";
    case models::TargetKind::bedrock_provisioned: return "bedrock_provisioned";
    case models::TargetKind::bedrock_batch: return "bedrock_batch";
    case models::TargetKind::sagemaker_realtime: return "sagemaker_realtime";
    case models::TargetKind::sagemaker_serverless: return "sagemaker_serverless";
    case models::TargetKind::sagemaker_async: return "sagemaker_async";
    case models::TargetKind::sagemaker_batch: return "sagemaker_batch";
  }
  return "?";
}

std::uint64_t all_served(const models::ReplicationResult& r) {
  std::uint64_t n = 0;
  for (const auto& t : r.targets) n += t.counts.served;
  return n;
}

double served_share(const models::ReplicationResult& r, std::size_t target) {
  const auto all = all_served(r);
  return all ? static_cast<double>(r.targets[target].counts.served) / static_cast<double>(all) : NAN;
}

std::uint64_t fallbacks_out(const models::TargetCounts& c) {
  std::uint64_t n = 0;
  for (auto f : c.fallbacks) n += f;
  return n;
}

json targets_json(const models::Scenario& s, const models::ReplicationResult& r) {
  const auto cost = cost_by_target(s, r);
  json j = json::object();
  for (std::size_t i = 0; i < r.targets.size(); ++i) {
    const auto& t = r.targets[i];
    const auto& c = t.counts;
    json by_status = json::object();
    for (std::size_t k = 0; k < models::kCallStatusCount; ++k)
      by_status[models::call_status_name(static_cast<models::CallStatus>(k))] = c.ended[k];
    json fallbacks = json::object();
    for (std::size_t k = 0; k < models::kFallbackReasons; ++k)
      fallbacks[models::fallback_reason_name(static_cast<models::FallbackReason>(k))] = c.fallbacks[k];
    j[t.name] = json{{"kind", i < s.deployment.targets.size() ? target_kind_name(s.deployment.targets[i].kind) : "?"},
                     {"requests_routed", c.routed},
                     {"requests_served", c.served},
                     {"served_share", number_or_null(served_share(r, i))},
                     {"calls", c.calls},
                     {"calls_by_status", by_status},
                     {"fallbacks", fallbacks},
                     {"call_latency_s", json{{"count", t.call_latency.count()},
                                             {"p50", number_or_null(t.call_latency.quantile(0.5))},
                                             {"p99", number_or_null(t.call_latency.quantile(0.99))}}},
                     {"cost_usd", i < cost.size() ? json(cost[i].second) : json(nullptr)}};
  }
  return j;
}

// Rule match and fallback counts, from the services counters the router keeps (component
// "router"); null where the router did not register a counter.
json router_json(const models::Scenario& s, const models::ReplicationResult& r) {
  auto counter = [&](const std::string& name) {
    const auto v = counter_total(r, "router", name);
    return v ? json(static_cast<std::uint64_t>(*v)) : json(nullptr);
  };
  json rules = json::array();
  for (const auto& rule : s.deployment.router.rules)
    rules.push_back(json{{"name", rule.name}, {"matched", counter(rule.name + "_matched")}});
  json fallbacks = json::object();
  for (std::size_t k = 0; k < models::kFallbackReasons; ++k) {
    const std::string reason = models::fallback_reason_name(static_cast<models::FallbackReason>(k));
    fallbacks[reason] = counter("fallbacks_" + reason);
  }
  return json{{"default", s.deployment.router.default_target},
              {"rules", rules},
              {"default_matched", counter("default_matched")},
              {"fallbacks", fallbacks}};
}

// The SLO verdict: each bounded quantile of the whole run's ok latencies against its bound, and
// the windows over it.
json slo_json(const models::SloSpec& slo, const sim::LatencyHistogram& latency, const SloWindowCounts& windows) {
  json j;
  json by_quantile = json::object();
  bool met = true;
  for (std::size_t i = 0; i < kSloQuantiles.size(); ++i) {
    const auto& bound = slo.*kSloQuantiles[i].bound;
    if (!bound) continue;
    const double observed = latency.quantile(kSloQuantiles[i].q);
    // No request served: the objective cannot be said to hold.
    const bool ok = std::isfinite(observed) && observed <= bound->seconds_f();
    met = met && ok;
    j[std::string(kSloQuantiles[i].name) + "_s"] = bound->seconds_f();
    by_quantile[kSloQuantiles[i].name] = json{{"bound_s", bound->seconds_f()},
                                              {"observed_s", number_or_null(observed)},
                                              {"met", ok},
                                              {"windows_over", windows.over_by_quantile[i]}};
  }
  j["met"] = met;
  j["windows_over"] = windows.windows_over;
  j["windows"] = windows.windows;
  j["by_quantile"] = by_quantile;
  return j;
}
}  // namespace

json scenario_json(const models::Scenario& s) {
  LocalTimeText local(s.calendar);
  return json{{"name", s.name},
              {"path", s.source_path},
              {"time_zone", s.calendar.time_zone},
              {"start", std::string(local(sim::SimTime::zero()))},
              {"start_utc_s", s.calendar.start_utc.time_since_epoch().count()}};
}

std::vector<std::pair<std::string, double>> cost_by_target(const models::Scenario& s, const models::ReplicationResult& r) {
  std::vector<std::string> lines, targets;
  std::vector<double> usd;
  for (const auto& [name, v] : r.cost_by_line) {
    lines.push_back(name);
    usd.push_back(v);
  }
  for (const auto& t : s.deployment.targets) targets.push_back(t.name);
  const CostByTarget groups(lines, targets);
  std::vector<double> sums;
  groups.sum(usd, sums);
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t g = 0; g < sums.size(); ++g) out.emplace_back(groups.groups()[g], sums[g]);
  return out;
}

std::optional<double> counter_total(const models::ReplicationResult& r, std::string_view component,
                                    std::string_view name) {
  for (const auto& c : r.service_counters) {
    if (c.component == component && c.name == name) return c.total;
  }
  return std::nullopt;
}

json replication_summary(const models::Scenario& s, const models::ReplicationResult& r, const RunTiming& timing,
                         const SloWindowCounts& slo, const sweep::WindowExtremes& windows) {
  json cost{{"total", r.cost_total}};
  for (const auto& [name, usd] : r.cost_by_line) cost[name] = usd;
  const double horizon_s = r.horizon.seconds_f();
  cost["per_hour"] = r.cost_total / (horizon_s / 3600.0);
  cost["per_day"] = r.cost_total / (horizon_s / 86400.0);
  cost["per_month_30d"] = r.cost_total / (horizon_s / (30 * 86400.0));
  json by_target = json::object();
  for (const auto& [name, usd] : cost_by_target(s, r)) by_target[name] = usd;
  cost["by_target"] = by_target;

  json j;
  j["scenario"] = scenario_json(s);
  j["requests"] = requests_json(r);
  j["conservation_ok"] = r.conservation_ok;
  j["conservation"] = fmt::format("arrivals {} = ok {} + throttled {} + timed_out {} + error {} + rejected {} + in_flight {}: {}",
                                  r.counts.arrivals, r.counts[models::Outcome::ok],
                                  r.counts[models::Outcome::throttled], r.counts[models::Outcome::timed_out],
                                  r.counts[models::Outcome::error], r.counts[models::Outcome::rejected], r.in_flight,
                                  r.conservation_ok ? "holds" : "VIOLATED");
  j["latency_s"] = latency_json(r.latency);
  j["time_to_first_token_s"] = latency_json(r.time_to_first_token);
  if (!s.slo.empty()) j["slo"] = slo_json(s.slo, r.latency, slo);
  j["windows"] = windows_json(windows);
  const auto ended = r.counts.ended();
  j["calls"] = json{{"cold_start_requests", r.cold_starts},
                    {"model_attempts", r.model_attempts},
                    {"attempts_per_request", ended ? json(static_cast<double>(r.model_attempts) / static_cast<double>(ended)) : json(nullptr)}};
  j["targets"] = targets_json(s, r);
  j["router"] = router_json(s, r);
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
  const auto ci = models::sweep::student_t_interval(values, 0.95);
  return {ci.mean, ci.stddev, ci.half_width};
}

json across_replications(const models::Scenario& s, const std::vector<models::ReplicationResult>& results,
                         const std::vector<SloWindowCounts>& slo, const std::vector<sweep::WindowExtremes>& windows) {
  auto interval = [](const std::vector<double>& v) {
    // A figure undefined in some replication (no request served) has no interval.
    if (v.empty()) return json(nullptr);
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
  auto stat = [&](auto&& get) {
    std::vector<double> v;
    v.reserve(results.size());
    for (const auto& r : results) v.push_back(get(r));
    return interval(v);
  };
  json requests{{"arrivals", stat([](const auto& r) { return static_cast<double>(r.counts.arrivals); })}};
  for (auto o : models::kAllOutcomes) {
    requests[std::string(models::to_string(o))] = stat([o](const auto& r) { return static_cast<double>(r.counts[o]); });
  }
  requests["in_flight"] = stat([](const auto& r) { return static_cast<double>(r.in_flight); });
  json shares = json::object();
  for (auto o : models::kAllOutcomes)
    shares[std::string(models::to_string(o))] = stat([o](const auto& r) { return outcome_share(r, o); });
  requests["share"] = shares;

  json latency{{"mean", stat([](const auto& r) { return r.latency.mean_seconds(); })},
               {"p50", stat([](const auto& r) { return r.latency.quantile(0.5); })},
               {"p90", stat([](const auto& r) { return r.latency.quantile(0.9); })},
               {"p99", stat([](const auto& r) { return r.latency.quantile(0.99); })},
               {"p999", stat([](const auto& r) { return r.latency.quantile(0.999); })},
               {"max", stat([](const auto& r) { return r.latency.max_seconds(); })}};

  sim::LatencyHistogram pooled;
  for (const auto& r : results) pooled.merge(r.latency);

  json j{{"replications", results.size()},
         {"requests", requests},
         {"latency_s", latency},
         {"latency_s_pooled", latency_json(pooled)},
         {"in_system_mean", stat([](const auto& r) { return r.in_system_mean; })},
         {"cost_usd_total", stat([](const auto& r) { return r.cost_total; })},
         {"workload_tokens_per_hour", stat([](const auto& r) { return tokens_per_hour(r); })}};

  // The worst window and hour of each replication; null without the per-replication figures.
  auto window_stat = [&](double sweep::WindowExtremes::*figure) {
    std::vector<double> v;
    for (const auto& w : windows) v.push_back(w.*figure);
    return interval(v);
  };
  j["windows"] = json{
      {"worst", json{{"p50_s", window_stat(&sweep::WindowExtremes::worst_p50_s)},
                     {"p99_s", window_stat(&sweep::WindowExtremes::worst_p99_s)}}},
      {"worst_hour", json{{"p50_s", window_stat(&sweep::WindowExtremes::worst_hour_p50_s)},
                          {"p99_s", window_stat(&sweep::WindowExtremes::worst_hour_p99_s)},
                          {"throttled_share", window_stat(&sweep::WindowExtremes::worst_hour_throttled_share)},
                          {"failed_share", window_stat(&sweep::WindowExtremes::worst_hour_failed_share)}}}};

  json cost_by = json::object();
  const auto groups = cost_by_target(s, results.front());
  for (std::size_t g = 0; g < groups.size(); ++g)
    cost_by[groups[g].first] = stat([&](const auto& r) { return cost_by_target(s, r)[g].second; });
  j["cost_usd_by_target"] = cost_by;

  json targets = json::object();
  for (std::size_t i = 0; i < results.front().targets.size(); ++i) {
    auto count = [&](auto get) { return stat([&](const auto& r) { return static_cast<double>(get(r.targets[i].counts)); }); };
    sim::LatencyHistogram call_pooled;
    for (const auto& r : results) call_pooled.merge(r.targets[i].call_latency);
    targets[results.front().targets[i].name] =
        json{{"requests_routed", count([](const auto& c) { return c.routed; })},
             {"requests_served", count([](const auto& c) { return c.served; })},
             {"served_share", stat([&](const auto& r) { return served_share(r, i); })},
             {"calls", count([](const auto& c) { return c.calls; })},
             {"fallbacks", count([](const auto& c) { return fallbacks_out(c); })},
             {"call_latency_s_pooled", json{{"count", call_pooled.count()},
                                            {"p50", number_or_null(call_pooled.quantile(0.5))},
                                            {"p99", number_or_null(call_pooled.quantile(0.99))}}},
             {"cost_usd", stat([&](const auto& r) { return cost_by_target(s, r)[i].second; })}};
  }
  j["targets"] = targets;

  // Router counters: null when the router does not keep that counter.
  auto router_stat = [&](const std::string& name) {
    if (!counter_total(results.front(), "router", name)) return json(nullptr);
    return stat([&](const auto& r) { return counter_total(r, "router", name).value_or(0.0); });
  };
  json rules = json::array();
  for (const auto& rule : s.deployment.router.rules)
    rules.push_back(json{{"name", rule.name}, {"matched", router_stat(rule.name + "_matched")}});
  json fallbacks = json::object();
  for (std::size_t k = 0; k < models::kFallbackReasons; ++k) {
    const std::string reason = models::fallback_reason_name(static_cast<models::FallbackReason>(k));
    fallbacks[reason] = router_stat("fallbacks_" + reason);
  }
  j["router"] = json{{"rules", rules}, {"default_matched", router_stat("default_matched")}, {"fallbacks", fallbacks}};

  // The SLO on the pooled histogram, windows over it added up over replications.
  if (!s.slo.empty()) {
    SloWindowCounts all;
    for (const auto& c : slo) {
      all.windows += c.windows;
      all.windows_over += c.windows_over;
      for (std::size_t q = 0; q < all.over_by_quantile.size(); ++q) all.over_by_quantile[q] += c.over_by_quantile[q];
    }
    j["slo"] = slo_json(s.slo, pooled, all);
  }
  return j;
}

}  // namespace fmsim::cli
