// Terminal summary. With several replications, figures are means with their 95 % CI half-width.
#include "tools/terminal_summary.h"

#include <cmath>

#include <fmt/format.h>

#include "tools/summary_json.h"

namespace fmsim::cli {

namespace {
template <class Get>
std::string figure(const std::vector<models::ReplicationResult>& rs, Get get, const char* fmt_spec) {
  std::vector<double> v;
  for (const auto& r : rs) v.push_back(get(r));
  const auto ci = confidence_interval_95(v);
  std::string s = fmt::format(fmt::runtime(fmt_spec), ci.mean);
  if (rs.size() > 1 && std::isfinite(ci.half_width)) s += fmt::format(fmt::runtime(" ± " + std::string(fmt_spec)), ci.half_width);
  return s;
}
}  // namespace

void print_terminal_summary(std::FILE* out, const models::Scenario& scenario,
                            const std::vector<models::ReplicationResult>& rs, const std::string& out_dir) {
  using models::Outcome;
  const double horizon_s = rs.front().horizon.seconds_f();
  fmt::print(out, "{} — {} simulated{}\n", scenario.name, sim::to_string(scenario.horizon),
             rs.size() > 1 ? fmt::format(", {} replications (mean ± 95% CI)", rs.size()) : "");
  auto count = [&](const char* label, auto get) {
    fmt::print(out, "  {:<12}{:>16}\n", label, figure(rs, [&](const auto& r) { return static_cast<double>(get(r)); }, "{:.0f}"));
  };
  count("arrivals", [](const auto& r) { return r.counts.arrivals; });
  for (auto o : models::kAllOutcomes) {
    count(std::string(models::to_string(o)).c_str(), [o](const auto& r) { return r.counts[o]; });
  }
  count("in flight", [](const auto& r) { return r.in_flight; });
  fmt::print(out, "  latency (ok) p50 {} s   p99 {} s   max {} s\n",
             figure(rs, [](const auto& r) { return r.latency.quantile(0.5); }, "{:.4g}"),
             figure(rs, [](const auto& r) { return r.latency.quantile(0.99); }, "{:.4g}"),
             figure(rs, [](const auto& r) { return r.latency.max_seconds(); }, "{:.4g}"));
  if (rs.front().time_to_first_token.count() > 0)
    fmt::print(out, "  first token p50 {} s   p99 {} s\n",
               figure(rs, [](const auto& r) { return r.time_to_first_token.quantile(0.5); }, "{:.4g}"),
               figure(rs, [](const auto& r) { return r.time_to_first_token.quantile(0.99); }, "{:.4g}"));
  fmt::print(out, "  cold starts {}   model attempts per request {}\n",
             figure(rs, [](const auto& r) { return static_cast<double>(r.cold_starts); }, "{:.0f}"),
             figure(rs, [](const auto& r) {
               const auto n = r.counts.ended();
               return n ? static_cast<double>(r.model_attempts) / static_cast<double>(n) : 0.0;
             }, "{:.3f}"));
  fmt::print(out, "  cost        ${} total   ${}/day   ${}/month (30 d)\n",
             figure(rs, [](const auto& r) { return r.cost_total; }, "{:.2f}"),
             figure(rs, [&](const auto& r) { return r.cost_total * 86400.0 / horizon_s; }, "{:.2f}"),
             figure(rs, [&](const auto& r) { return r.cost_total * 30 * 86400.0 / horizon_s; }, "{:.2f}"));
  bool ok = true;
  for (const auto& r : rs) ok = ok && r.conservation_ok;
  const auto& r0 = rs.front();
  fmt::print(out, "  conservation: arrivals = ok + throttled + timed_out + error + rejected + in_flight {}{}\n",
             ok ? "holds" : "VIOLATED",
             rs.size() == 1 ? fmt::format(" ({} = {} + {} + {} + {} + {} + {})", r0.counts.arrivals, r0.counts[Outcome::ok],
                                          r0.counts[Outcome::throttled], r0.counts[Outcome::timed_out],
                                          r0.counts[Outcome::error], r0.counts[Outcome::rejected], r0.in_flight)
                            : std::string(" in every replication"));
  fmt::print(out, "  outputs in {}/ (summary.json, timeseries.csv, cost.csv, services.csv, events.csv)\n", out_dir);
}

}  // namespace fmsim::cli
