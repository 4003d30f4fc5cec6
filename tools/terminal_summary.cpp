// Terminal summary. With several replications, figures are means with their 95 % CI half-width
// (the per-target table shows means only, to stay within 100 columns).
#include "tools/terminal_summary.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "tools/local_time_text.h"
#include "tools/summary_json.h"

namespace fmsim::cli {

namespace {

// Rows of cells printed with each column padded to its widest cell: the first column (labels)
// left-aligned, the others right-aligned.
class TextTable {
 public:
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void print(std::FILE* out, std::size_t label_width) const {
    std::vector<std::size_t> width;
    for (const auto& r : rows_) {
      if (width.size() < r.size()) width.resize(r.size(), 0);
      for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
    }
    if (!width.empty()) width[0] = std::max(width[0], label_width);
    for (const auto& r : rows_) {
      std::string line = "  ";
      for (std::size_t i = 0; i < r.size(); ++i) {
        const std::string pad(width[i] - display_width(r[i]), ' ');
        if (i == 0) {
          line += r[i] + pad;
        } else {
          line += "  " + pad + r[i];
        }
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      fmt::print(out, "{}\n", line);
    }
  }

 private:
  // Columns on screen, not bytes: "±" and "≤" are two and three bytes of UTF-8.
  static std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  std::vector<std::vector<std::string>> rows_;
};

constexpr std::size_t kLabelWidth = 16;

// Colour only for a person at a terminal who has not asked for none (https://no-color.org).
bool use_colour(std::FILE* out) { return isatty(fileno(out)) && std::getenv("NO_COLOR") == nullptr; }

template <class Get>
std::vector<double> values(const std::vector<models::ReplicationResult>& rs, Get get) {
  std::vector<double> v;
  for (const auto& r : rs) v.push_back(get(r));
  return v;
}

// Mean, and "± half-width" with several replications; "-" when undefined (nothing served).
template <class Get>
std::string figure(const std::vector<models::ReplicationResult>& rs, Get get, const char* spec,
                   const char* unit_before = "", const char* unit_after = "") {
  const auto v = values(rs, get);
  for (double x : v) {
    if (!std::isfinite(x)) return "-";
  }
  const auto ci = confidence_interval_95(v);
  std::string s = unit_before + fmt::format(fmt::runtime(spec), ci.mean);
  if (rs.size() > 1 && std::isfinite(ci.half_width))
    s += " ± " + fmt::format(fmt::runtime(spec), ci.half_width);
  return s + unit_after;
}

template <class Get>
double mean_of(const std::vector<models::ReplicationResult>& rs, Get get) {
  return confidence_interval_95(values(rs, get)).mean;
}

std::string seconds(double s) { return std::isfinite(s) ? fmt::format("{:.4g} s", s) : std::string("-"); }

void print_requests(std::FILE* out, const std::vector<models::ReplicationResult>& rs) {
  TextTable t;
  t.row({"requests", "count", "share"});
  auto count = [&](const std::string& label, auto get, bool with_share) {
    std::string share;
    if (with_share) {
      share = figure(rs, [&](const auto& r) {
        const auto n = r.counts.arrivals;
        return n ? 100.0 * static_cast<double>(get(r)) / static_cast<double>(n) : NAN;
      }, "{:.2f}", "", "%");
    }
    t.row({"  " + label, figure(rs, [&](const auto& r) { return static_cast<double>(get(r)); }, "{:.0f}"), share});
  };
  count("arrivals", [](const auto& r) { return r.counts.arrivals; }, false);
  for (auto o : models::kAllOutcomes) count(std::string(models::to_string(o)), [o](const auto& r) { return r.counts[o]; }, true);
  count("in flight", [](const auto& r) { return r.in_flight; }, true);
  t.print(out, kLabelWidth);
}

void print_latency(std::FILE* out, const std::vector<models::ReplicationResult>& rs) {
  TextTable t;
  t.row({"latency (ok)", "p50", "p99", "max"});
  auto q = [&](auto hist, double p) {
    return figure(rs, [&](const auto& r) { return hist(r).quantile(p); }, "{:.4g}", "", " s");
  };
  auto end_to_end = [](const models::ReplicationResult& r) -> const sim::LatencyHistogram& { return r.latency; };
  auto first_token = [](const models::ReplicationResult& r) -> const sim::LatencyHistogram& {
    return r.time_to_first_token;
  };
  t.row({"  end to end", q(end_to_end, 0.5), q(end_to_end, 0.99),
         figure(rs, [](const auto& r) { return r.latency.max_seconds(); }, "{:.4g}", "", " s")});
  if (rs.front().time_to_first_token.count() > 0)
    t.row({"  first token", q(first_token, 0.5), q(first_token, 0.99),
           figure(rs, [](const auto& r) { return r.time_to_first_token.max_seconds(); }, "{:.4g}", "", " s")});
  t.print(out, kLabelWidth);
}

void print_cost(std::FILE* out, const std::vector<models::ReplicationResult>& rs, double horizon_s) {
  TextTable t;
  t.row({"cost", "total", "per day", "per month (30 d)"});
  t.row({"",
         figure(rs, [](const auto& r) { return r.cost_total; }, "{:.2f}", "$"),
         figure(rs, [&](const auto& r) { return r.cost_total * 86400.0 / horizon_s; }, "{:.2f}", "$"),
         figure(rs, [&](const auto& r) { return r.cost_total * 30 * 86400.0 / horizon_s; }, "{:.2f}", "$")});
  t.print(out, kLabelWidth);
}

// "SLO p99 ≤ 3s: met (2.91 s) · 3 of 1440 windows over": the verdict on the whole run's (with
// replications: the pooled) ok latencies, and the windows whose own quantile was over.
void print_slo(std::FILE* out, const models::Scenario& s, const std::vector<models::ReplicationResult>& rs,
               const std::vector<SloWindowCounts>& slo, bool colour) {
  sim::LatencyHistogram pooled;
  for (const auto& r : rs) pooled.merge(r.latency);
  SloWindowCounts all;
  for (const auto& c : slo) {
    all.windows += c.windows;
    all.windows_over += c.windows_over;
  }
  std::string parts;
  for (const auto& q : kSloQuantiles) {
    const auto& bound = s.slo.*q.bound;
    if (!bound) continue;
    const double observed = pooled.quantile(q.q);
    const bool met = std::isfinite(observed) && observed <= bound->seconds_f();
    std::string verdict = met ? "met" : "MISSED";
    if (colour) verdict = fmt::format("\033[{}m{}\033[0m", met ? 32 : 31, verdict);
    if (!parts.empty()) parts += " · ";
    parts += fmt::format("{} ≤ {}: {} ({})", q.name, sim::to_string(*bound), verdict, seconds(observed));
  }
  fmt::print(out, "  SLO {} · {} of {} windows over\n", parts, all.windows_over, all.windows);
}

// One row per target, and one for the entry tier's cost when it has any.
void print_targets(std::FILE* out, const models::Scenario& s, const std::vector<models::ReplicationResult>& rs,
                   double horizon_s) {
  TextTable t;
  t.row({rs.size() > 1 ? "targets (means)" : "targets", "routed", "served", "share", "fallbacks out", "call p50",
         "call p99", "cost/day"});
  const auto& names = rs.front().targets;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto count = [&](auto get) {
      return fmt::format("{:.0f}", mean_of(rs, [&](const auto& r) { return static_cast<double>(get(r.targets[i].counts)); }));
    };
    const double served_all = mean_of(rs, [](const auto& r) {
      double n = 0;
      for (const auto& x : r.targets) n += static_cast<double>(x.counts.served);
      return n;
    });
    const double served = mean_of(rs, [&](const auto& r) { return static_cast<double>(r.targets[i].counts.served); });
    sim::LatencyHistogram calls;
    for (const auto& r : rs) calls.merge(r.targets[i].call_latency);
    const double cost_day =
        mean_of(rs, [&](const auto& r) { return cost_by_target(s, r)[i].second; }) * 86400.0 / horizon_s;
    t.row({"  " + names[i].name, count([](const auto& c) { return c.routed; }),
           count([](const auto& c) { return c.served; }),
           served_all > 0 ? fmt::format("{:.1f}%", 100.0 * served / served_all) : std::string("-"),
           count([](const auto& c) {
             std::uint64_t n = 0;
             for (auto f : c.fallbacks) n += f;
             return n;
           }),
           seconds(calls.quantile(0.5)), seconds(calls.quantile(0.99)), fmt::format("${:.2f}", cost_day)});
  }
  const auto groups = cost_by_target(s, rs.front());
  if (groups.size() > names.size()) {
    const double cost_day =
        mean_of(rs, [&](const auto& r) { return cost_by_target(s, r).back().second; }) * 86400.0 / horizon_s;
    t.row({"  (entry tier)", "", "", "", "", "", "", fmt::format("${:.2f}", cost_day)});
  }
  t.print(out, kLabelWidth);
}

}  // namespace

void print_terminal_summary(std::FILE* out, const models::Scenario& scenario,
                            const std::vector<models::ReplicationResult>& rs, const std::vector<SloWindowCounts>& slo,
                            const std::string& out_dir) {
  using models::Outcome;
  const bool colour = use_colour(out);
  const double horizon_s = rs.front().horizon.seconds_f();
  LocalTimeText local(scenario.calendar);
  fmt::print(out, "{} — {} simulated from {} ({}), seed {}{}\n", scenario.name, sim::to_string(scenario.horizon),
             local(sim::SimTime::zero()), scenario.calendar.time_zone, scenario.seed,
             rs.size() > 1 ? fmt::format("\n  {} replications (mean ± 95% CI)", rs.size()) : "");
  print_requests(out, rs);
  print_latency(out, rs);
  fmt::print(out, "  cold starts {}   model attempts per request {}\n",
             figure(rs, [](const auto& r) { return static_cast<double>(r.cold_starts); }, "{:.0f}"),
             figure(rs, [](const auto& r) {
               const auto n = r.counts.ended();
               return n ? static_cast<double>(r.model_attempts) / static_cast<double>(n) : 0.0;
             }, "{:.3f}"));
  print_cost(out, rs, horizon_s);
  if (!scenario.slo.empty()) print_slo(out, scenario, rs, slo, colour);
  bool ok = true;
  for (const auto& r : rs) ok = ok && r.conservation_ok;
  const auto& r0 = rs.front();
  std::string verdict = ok ? "holds" : "VIOLATED";
  if (colour && !ok) verdict = "\033[31m" + verdict + "\033[0m";
  // The numbers go on a line of their own, under the identity, to stay within 100 columns.
  fmt::print(out, "  conservation: arrivals = ok + throttled + timed_out + error + rejected + in_flight {}{}\n", verdict,
             rs.size() == 1 ? fmt::format("\n                {} = {} + {} + {} + {} + {} + {}", r0.counts.arrivals,
                                          r0.counts[Outcome::ok], r0.counts[Outcome::throttled],
                                          r0.counts[Outcome::timed_out], r0.counts[Outcome::error],
                                          r0.counts[Outcome::rejected], r0.in_flight)
                            : std::string("\n                in every replication"));
  if (rs.front().targets.size() > 1) print_targets(out, scenario, rs, horizon_s);
  fmt::print(out, "  outputs in {}/\n", out_dir);
}

}  // namespace fmsim::cli
