// `fmsim breakeven`: run the pattern × volume sweep, pair the patterns' costs by replication,
// find the crossovers, and report them (terminal, CSV, JSON, plot).
#include "tools/sweep/breakeven_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/scenario/scenario_error.h"
#include "models/scenario/sweep_reader.h"
#include "models/scenario/units.h"
#include "models/sweep/crossover.h"
#include "models/sweep/point_grid.h"
#include "models/sweep/student_t.h"
#include "tools/atomic_file.h"
#include "tools/csv_number.h"
#include "tools/plot_command.h"
#include "tools/sweep/prepared_sweep.h"
#include "tools/sweep/sweep_schedule.h"

namespace fmsim::cli::sweep {

namespace {

using models::sweep::BreakevenSpec;
using models::sweep::Cheaper;
using models::sweep::CrossingBound;
using models::sweep::Interval;
using models::sweep::PairComparison;
using models::sweep::PatternCosts;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kConfidence = 0.95;

constexpr const char* kBreakevenHelp = R"(
A break-even file names deployment patterns (each a scenario, with optional `set:` overrides),
the traffic key to sweep (`volume:`, e.g. workload.arrivals.rate or daily_total, as values, a
range or a log range), the cost metric (default cost_usd.per_month_30d) and optionally a tokens
metric (workload.tokens_per_hour) to express crossovers in tokens per hour too. Every pattern
runs at every volume, `replications` times; replication r of every run draws the same random
numbers (common random numbers), so the cost difference of two patterns is measured pair by pair
and its 95% confidence interval (Student t over replications) is narrow even when costs are noisy.

For each pair of patterns, a crossover is where the mean cost difference changes sign between
two swept volumes, located by linear interpolation (in log volume on a log range). Its 95% CI is
the stretch of volume around it where the difference's CI still holds zero (the CI curves are
interpolated the same way); `<` or `>` before a bound means the CI reaches the end of the swept
range there (open-ended: sweep further to close it). Deterministic costs give zero-width CIs.
With no crossover in the range, the report says which pattern is cheaper throughout.

Outputs in OUT (default out/<name>): breakeven.csv (cost per pattern per volume: mean, stddev,
95% CI), crossovers.csv, breakeven.json (everything, for scripts), plots/breakeven.{png,svg}
(cost vs volume per pattern with CI bands, crossovers marked; needs python3-matplotlib),
points.csv and replications.csv, and the results store breakeven.sqlite (--resume continues an
interrupted run).

Examples:
  fmsim breakeven scenarios/breakeven/r2_bedrock_vs_sagemaker.yaml
  fmsim breakeven scenarios/breakeven/r6_office_hours.yaml --jobs 2 --out /tmp/r6 --no-plot
  fmsim breakeven FILE --set horizon=6h             override a key in every pattern
  mpirun -np 4 fmsim breakeven FILE                 spread the runs over 4 MPI ranks
The file format is in docs/sweeps.md.
Exit status: 0 done, 1 a run, an output or the plot failed, 2 bad input, 130 interrupted.)";

// ---- volumes in the unit the file wrote them in ----------------------------------------------

// A rate axis ("1000/day") is shown per the period of its first label; anything else as it is.
struct VolumeUnit {
  double base_per_unit = 1;  // base units (per second) in one displayed unit (per day)
  std::string suffix;        // "/day", or empty
};

VolumeUnit unit_of(const models::sweep::AxisSpec& axis) {
  const std::string& label = axis.values.front().label;
  const auto slash = label.rfind('/');
  if (slash == std::string::npos) return {};
  const std::string period = label.substr(slash + 1);
  try {
    return {models::parse_rate_per_second("1/" + period), "/" + period};
  } catch (const models::UnitError&) {
    return {};
  }
}

// 24444.4 -> "24,444"; 0.5 -> "0.5": volumes, tokens and money to a readable precision.
std::string grouped(double v, int decimals = 0) {
  if (!std::isfinite(v)) return "-";
  std::string digits = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const auto point = digits.find('.');
  std::string whole = digits.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
  for (auto i = static_cast<std::ptrdiff_t>(whole.size()) - 3; i > 0; i -= 3)
    whole.insert(static_cast<std::size_t>(i), ",");
  return (v < 0 && digits.find_first_not_of("0.,") != std::string::npos ? "-" : "") + whole + fraction;
}

std::string readable(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::fabs(v);
  if (a >= 100 || a == 0) return grouped(v);
  return fmt::format("{:.4g}", v);
}

// 3639097 -> "3.64M": token counts, where three digits say enough.
std::string si(double v) {
  if (!std::isfinite(v)) return "-";
  constexpr std::pair<double, const char*> kScales[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& [scale, suffix] : kScales) {
    if (std::fabs(v) >= scale) return fmt::format("{:.3g}{}", v / scale, suffix);
  }
  return fmt::format("{:.3g}", v);
}

// ---- the analysis ------------------------------------------------------------------------------

struct Analysis {
  std::vector<std::string> patterns;
  std::vector<std::size_t> volume_order;  // volume axis value indices, by increasing volume
  models::sweep::VolumeScale scale;       // base units, increasing
  std::vector<double> shown;              // the same volumes in the displayed unit
  VolumeUnit unit;
  std::size_t replications = 0;
  std::vector<PatternCosts> costs;                 // [pattern][volume][replication]
  std::vector<std::vector<Interval>> cost_ci;      // [pattern][volume]
  std::vector<std::vector<double>> tokens;         // [pattern][volume] mean, when asked for
  std::vector<PairComparison> pairs;

  // In the displayed unit, to 12 significant digits: 50000/day is 0.5787.../s in base units,
  // and 50000 (not 50000.00000000001) back.
  double show(double base) const {
    const double v = base / unit.base_per_unit;
    return std::isfinite(v) ? std::stod(fmt::format("{:.12g}", v)) : v;
  }
  // Tokens per hour at a volume (base units) for a pair: the mean of the two patterns' curves.
  double tokens_at(const PairComparison& p, double volume) const {
    if (tokens.empty() || !std::isfinite(volume)) return kNaN;
    const double a = models::sweep::value_at_volume(scale.volumes, tokens[p.first], volume);
    const double b = models::sweep::value_at_volume(scale.volumes, tokens[p.second], volume);
    return (a + b) / 2;
  }
};

// The volume axis must be numbers: the reader guarantees it for ranges; a `values:` list could
// hold anything, so it is checked here, before anything runs.
std::vector<std::size_t> volume_order_of(const BreakevenSpec& spec) {
  const auto& axis = spec.sweep.axes.at(spec.volume_axis);
  std::vector<std::size_t> order(axis.values.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    if (!axis.values[i].numeric) {
      throw models::ScenarioError::at(axis.where.file, axis.where.line, axis.where.column, axis.where.key,
                                      fmt::format("'{}' is not a volume (a number, with units)", axis.values[i].label));
    }
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return *axis.values[a].numeric < *axis.values[b].numeric; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    const auto& a = axis.values[order[i - 1]];
    const auto& b = axis.values[order[i]];
    if (*a.numeric == *b.numeric) {
      throw models::ScenarioError::at(axis.where.file, axis.where.line, axis.where.column, axis.where.key,
                                      fmt::format("'{}' and '{}' are the same volume", a.label, b.label));
    }
  }
  return order;
}

Analysis analyse(const BreakevenSpec& spec, const std::vector<std::size_t>& order,
                 const std::vector<ReplicationRecord>& records) {
  const auto& sweep = spec.sweep;
  const auto& pattern_axis = sweep.axes.at(spec.pattern_axis);
  const auto& volume_axis = sweep.axes.at(spec.volume_axis);
  Analysis a;
  for (const auto& v : pattern_axis.values) a.patterns.push_back(v.label);
  a.volume_order = order;
  a.unit = unit_of(volume_axis);
  a.scale.log = volume_axis.scale == models::sweep::AxisScale::log;
  std::vector<std::size_t> rank(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = i;
    a.scale.volumes.push_back(*volume_axis.values[order[i]].numeric);
    a.shown.push_back(a.show(a.scale.volumes.back()));
  }
  for (const auto& r : records) a.replications = std::max<std::size_t>(a.replications, r.replication + 1);

  const std::size_t np = a.patterns.size();
  const std::size_t nv = order.size();
  a.costs.assign(np, PatternCosts(nv, std::vector<double>(a.replications, kNaN)));
  std::vector<PatternCosts> tokens(np, PatternCosts(nv, std::vector<double>(a.replications, kNaN)));
  for (const auto& r : records) {
    const auto point = models::sweep::point_at(sweep, r.point);
    const std::size_t p = point.value_index.at(spec.pattern_axis);
    const std::size_t v = rank.at(point.value_index.at(spec.volume_axis));
    a.costs[p][v][r.replication] = r.values.at(spec.cost_metric);
    if (spec.tokens_metric) tokens[p][v][r.replication] = r.values.at(*spec.tokens_metric);
  }
  auto finite = [](const std::vector<double>& x) {
    std::vector<double> out;
    for (double d : x)
      if (std::isfinite(d)) out.push_back(d);
    return out;
  };
  a.cost_ci.assign(np, {});
  for (std::size_t p = 0; p < np; ++p) {
    for (std::size_t v = 0; v < nv; ++v) a.cost_ci[p].push_back(models::sweep::student_t_interval(finite(a.costs[p][v]), kConfidence));
  }
  if (spec.tokens_metric) {
    a.tokens.assign(np, std::vector<double>(nv, kNaN));
    for (std::size_t p = 0; p < np; ++p) {
      for (std::size_t v = 0; v < nv; ++v) a.tokens[p][v] = models::sweep::student_t_interval(finite(tokens[p][v])).mean;
    }
  }
  a.pairs = models::sweep::compare_patterns(a.scale, a.costs, kConfidence);
  return a;
}

std::string cheaper_name(const Analysis& a, const PairComparison& p, Cheaper c) {
  switch (c) {
    case Cheaper::first: return a.patterns[p.first];
    case Cheaper::second: return a.patterns[p.second];
    case Cheaper::neither: break;
  }
  return "neither";
}

const char* kind_name(CrossingBound::Kind k) {
  switch (k) {
    case CrossingBound::Kind::inside: return "inside";
    case CrossingBound::Kind::beyond_range: return "beyond_range";
    case CrossingBound::Kind::unknown: break;
  }
  return "unknown";
}

// A bound as shown: "24,444", "<8,000" (the CI reaches the start of the range, 8,000, and goes
// on below it), "?" (no CI). `shown` is the bound's volume in the unit shown (or its tokens/hour).
std::string bound_text(const CrossingBound& b, bool low, double shown, std::string (*text)(double) = readable) {
  switch (b.kind) {
    case CrossingBound::Kind::inside: return text(shown);
    case CrossingBound::Kind::beyond_range: return (low ? "<" : ">") + text(shown);
    case CrossingBound::Kind::unknown: break;
  }
  return "?";
}

double inside_or_nan(const CrossingBound& b) { return b.kind == CrossingBound::Kind::inside ? b.volume : kNaN; }

// Without a crossover: "on_demand cheaper throughout", qualified where the data say less.
std::string throughout_text(const Analysis& a, const PairComparison& p) {
  if (p.throughout == Cheaper::neither) return "equal costs throughout";
  std::size_t equal = 0;
  for (const auto& d : p.difference) equal += d.mean == 0 ? 1 : 0;
  std::string text = cheaper_name(a, p, p.throughout) + (equal ? " cheaper or equal throughout" : " cheaper throughout");
  if (equal) text += fmt::format(" (equal at {} of {} volumes)", equal, p.difference.size());
  else if (!p.significant_throughout) text += " (the CI of the difference holds zero at some volumes)";
  return text;
}

std::string pair_name(const Analysis& a, const PairComparison& p) {
  return a.patterns[p.first] + " vs " + a.patterns[p.second];
}

// ---- terminal ----------------------------------------------------------------------------------

void print_table(std::FILE* out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  for (std::size_t c = 0; c < header.size(); ++c) fmt::print(out, "  {:<{}}", header[c], width[c]);
  fmt::print(out, "\n");
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < header.size(); ++c) fmt::print(out, "  {:<{}}", r[c], width[c]);
    fmt::print(out, "\n");
  }
}

void print_report(std::FILE* out, const BreakevenSpec& spec, const Analysis& a, const std::string& out_dir,
                  const std::string& db) {
  const auto& volume_axis = spec.sweep.axes.at(spec.volume_axis);
  const std::string& cost_metric = spec.sweep.metrics.at(spec.cost_metric).path;
  const bool dollars = cost_metric.rfind("cost_usd", 0) == 0;
  // Mean and half-width at the precision of the mean: "$13,500 ± $12", "$45.20 ± $0.31".
  auto cost_text = [&](double v, double scale) {
    if (!dollars) return readable(v);
    return std::fabs(scale) >= 1000 ? "$" + grouped(v) : "$" + grouped(v, 2);
  };
  const std::string range = fmt::format("{}–{}{}", readable(a.shown.front()), readable(a.shown.back()), a.unit.suffix);

  fmt::print(out, "\nbreak-even '{}': {} patterns × {} volumes ({}) × {} replications; {}, 95% CI\n\n",
             spec.sweep.name, a.patterns.size(), a.shown.size(), volume_axis.name, a.replications, cost_metric);

  std::vector<std::string> header{"pair", fmt::format("crossover, {} (95% CI)", volume_axis.name)};
  if (!a.tokens.empty()) header.push_back("tokens/hour (95% CI)");
  header.insert(header.end(), {"cheaper below", "cheaper above"});
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<std::string>> none;
  bool open_ended = false;
  for (const auto& p : a.pairs) {
    if (p.crossovers.empty()) {
      none.push_back({pair_name(a, p), throughout_text(a, p)});
      continue;
    }
    for (const auto& x : p.crossovers) {
      open_ended = open_ended || x.low.kind == CrossingBound::Kind::beyond_range ||
                   x.high.kind == CrossingBound::Kind::beyond_range;
      std::vector<std::string> row{pair_name(a, p),
                                   fmt::format("{}{} [{}, {}]", readable(a.show(x.volume)), a.unit.suffix,
                                               bound_text(x.low, true, a.show(x.low.volume)),
                                               bound_text(x.high, false, a.show(x.high.volume)))};
      if (!a.tokens.empty()) {
        row.push_back(fmt::format("{} [{}, {}]", si(a.tokens_at(p, x.volume)),
                                  bound_text(x.low, true, a.tokens_at(p, x.low.volume), si),
                                  bound_text(x.high, false, a.tokens_at(p, x.high.volume), si)));
      }
      row.insert(row.end(), {cheaper_name(a, p, x.below), cheaper_name(a, p, x.above)});
      rows.push_back(std::move(row));
    }
  }
  if (!rows.empty()) {
    fmt::print(out, "crossovers\n");
    print_table(out, header, rows);
    if (open_ended)
      fmt::print(out, "  < or >: the CI reaches the end of the swept range ({}) there: open-ended; sweep further to close it\n", range);
  }
  if (!none.empty()) {
    fmt::print(out, "{}no crossover in {}\n", rows.empty() ? "" : "\n", range);
    print_table(out, {"pair", "which costs less"}, none);
  }

  fmt::print(out, "\n{} per pattern (mean ± 95% CI half-width)\n", cost_metric);
  std::vector<std::string> cost_header{volume_axis.name};
  for (const auto& name : a.patterns) cost_header.push_back(name);
  if (!a.tokens.empty()) cost_header.push_back("tokens/hour");
  std::vector<std::vector<std::string>> cost_rows;
  for (std::size_t v = 0; v < a.shown.size(); ++v) {
    std::vector<std::string> row{volume_axis.values[a.volume_order[v]].label};
    for (std::size_t p = 0; p < a.patterns.size(); ++p) {
      const auto& ci = a.cost_ci[p][v];
      row.push_back(std::isfinite(ci.half_width)
                        ? fmt::format("{} ± {}", cost_text(ci.mean, ci.mean), cost_text(ci.half_width, ci.mean))
                        : cost_text(ci.mean, ci.mean));
    }
    if (!a.tokens.empty()) {
      double sum = 0;
      for (const auto& t : a.tokens) sum += t[v];
      row.push_back(si(sum / static_cast<double>(a.tokens.size())));
    }
    cost_rows.push_back(std::move(row));
  }
  print_table(out, cost_header, cost_rows);
  fmt::print(out, "\n  store       {}\n  costs       {}/breakeven.csv\n  crossovers  {}/crossovers.csv\n  all         {}/breakeven.json\n",
             db, out_dir, out_dir, out_dir);
}

// ---- files -------------------------------------------------------------------------------------

void write_costs_csv(const std::string& path, const BreakevenSpec& spec, const Analysis& a) {
  AtomicFile file(path);
  std::FILE* f = file.handle();
  const auto& volume_axis = spec.sweep.axes.at(spec.volume_axis);
  fmt::print(f, "volume,volume_value,volume_unit,volume_base,pattern,replications,cost_mean,cost_stddev,cost_ci95_low,cost_ci95_high{}\n",
             a.tokens.empty() ? "" : ",tokens_per_hour");
  for (std::size_t v = 0; v < a.shown.size(); ++v) {
    for (std::size_t p = 0; p < a.patterns.size(); ++p) {
      const auto& ci = a.cost_ci[p][v];
      fmt::print(f, "{},{},{},{},{},{},{},{},{},{}", volume_axis.values[a.volume_order[v]].label, csv_number(a.shown[v]),
                 a.unit.suffix, csv_number(a.scale.volumes[v]), a.patterns[p], ci.n, csv_number(ci.mean),
                 csv_number(ci.stddev), csv_number(ci.low()), csv_number(ci.high()));
      if (!a.tokens.empty()) fmt::print(f, ",{}", csv_number(a.tokens[p][v]));
      fmt::print(f, "\n");
    }
  }
  file.commit();
}

void write_crossovers_csv(const std::string& path, const Analysis& a) {
  AtomicFile file(path);
  std::FILE* f = file.handle();
  fmt::print(f, "first,second,crossover,volume,volume_ci95_low,volume_ci95_high,ci95_low_kind,ci95_high_kind,"
                "volume_unit,cheaper_below,cheaper_above,tokens_per_hour,tokens_per_hour_ci95_low,tokens_per_hour_ci95_high\n");
  for (const auto& p : a.pairs) {
    const auto& first = a.patterns[p.first];
    const auto& second = a.patterns[p.second];
    if (p.crossovers.empty()) {
      // No crossover in the range: one row saying which is cheaper throughout.
      const auto who = cheaper_name(a, p, p.throughout);
      fmt::print(f, "{},{},0,,,,,,{},{},{},,,\n", first, second, a.unit.suffix, who, who);
      continue;
    }
    for (std::size_t i = 0; i < p.crossovers.size(); ++i) {
      const auto& x = p.crossovers[i];
      const double lo = inside_or_nan(x.low);
      const double hi = inside_or_nan(x.high);
      fmt::print(f, "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", first, second, i + 1, csv_number(a.show(x.volume)),
                 csv_number(a.show(lo)), csv_number(a.show(hi)), kind_name(x.low.kind), kind_name(x.high.kind),
                 a.unit.suffix, cheaper_name(a, p, x.below), cheaper_name(a, p, x.above),
                 csv_number(a.tokens_at(p, x.volume)), csv_number(a.tokens_at(p, lo)), csv_number(a.tokens_at(p, hi)));
    }
  }
  file.commit();
}

nlohmann::ordered_json number_or_null(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); }

nlohmann::ordered_json bound_json(const Analysis& a, const PairComparison& p, const CrossingBound& b) {
  return {{"kind", kind_name(b.kind)},
          {"value", number_or_null(a.show(b.volume))},
          {"tokens_per_hour", number_or_null(a.tokens_at(p, b.volume))}};
}

void write_json(const std::string& path, const BreakevenSpec& spec, const Analysis& a) {
  using json = nlohmann::ordered_json;
  const auto& sweep = spec.sweep;
  const auto& volume_axis = sweep.axes.at(spec.volume_axis);
  json values = json::array();
  for (std::size_t v = 0; v < a.shown.size(); ++v) {
    values.push_back({{"label", volume_axis.values[a.volume_order[v]].label},
                      {"value", number_or_null(a.shown[v])},
                      {"base", number_or_null(a.scale.volumes[v])}});
  }
  json costs = json::array();
  for (std::size_t p = 0; p < a.patterns.size(); ++p) {
    json rows = json::array();
    for (std::size_t v = 0; v < a.shown.size(); ++v) {
      const auto& ci = a.cost_ci[p][v];
      rows.push_back({{"value", number_or_null(a.shown[v])},
                      {"n", ci.n},
                      {"mean", number_or_null(ci.mean)},
                      {"stddev", number_or_null(ci.stddev)},
                      {"ci95_low", number_or_null(ci.low())},
                      {"ci95_high", number_or_null(ci.high())},
                      {"tokens_per_hour", number_or_null(a.tokens.empty() ? kNaN : a.tokens[p][v])}});
    }
    costs.push_back({{"pattern", a.patterns[p]}, {"by_volume", rows}});
  }
  json pairs = json::array();
  for (const auto& p : a.pairs) {
    json difference = json::array();
    for (std::size_t v = 0; v < a.shown.size(); ++v) {
      const auto& d = p.difference[v];
      difference.push_back({{"value", number_or_null(a.shown[v])},
                            {"n", d.n},
                            {"mean", number_or_null(d.mean)},
                            {"ci95_low", number_or_null(d.low())},
                            {"ci95_high", number_or_null(d.high())}});
    }
    json crossovers = json::array();
    for (const auto& x : p.crossovers) {
      crossovers.push_back({{"value", number_or_null(a.show(x.volume))},
                            {"tokens_per_hour", number_or_null(a.tokens_at(p, x.volume))},
                            {"ci95_low", bound_json(a, p, x.low)},
                            {"ci95_high", bound_json(a, p, x.high)},
                            {"cheaper_below", cheaper_name(a, p, x.below)},
                            {"cheaper_above", cheaper_name(a, p, x.above)}});
    }
    pairs.push_back({{"first", a.patterns[p.first]},
                     {"second", a.patterns[p.second]},
                     {"difference", difference},
                     {"crossovers", crossovers},
                     {"cheaper_throughout", p.crossovers.empty() ? json(cheaper_name(a, p, p.throughout)) : json(nullptr)},
                     {"significant_throughout", p.significant_throughout}});
  }
  // "list": volumes given one by one, interpolated linearly; the plot may still draw them on a
  // log axis when they span decades.
  const char* scale = a.scale.log ? "log" : volume_axis.scale == models::sweep::AxisScale::list ? "list" : "linear";
  json j{{"name", sweep.name},
         {"file", sweep.source_path},
         {"cost_metric", sweep.metrics.at(spec.cost_metric).path},
         {"tokens_metric", spec.tokens_metric ? json(sweep.metrics.at(*spec.tokens_metric).path) : json(nullptr)},
         {"confidence", kConfidence},
         {"replications", a.replications},
         {"common_random_numbers", sweep.common_random_numbers},
         {"volume", {{"name", volume_axis.name}, {"key", volume_axis.key}, {"scale", scale}, {"unit", a.unit.suffix}, {"values", values}}},
         {"patterns", a.patterns},
         {"costs", costs},
         {"pairs", pairs}};
  AtomicFile file(path);
  fmt::print(file.handle(), "{}\n", j.dump(2));
  file.commit();
}

}  // namespace

CLI::App* add_breakeven_command(CLI::App& app, BreakevenOptions& o) {
  auto* cmd = app.add_subcommand(
      "breakeven", "Sweep traffic volume for several deployment patterns and find where their monthly costs cross (95% CIs)");
  cmd->footer(kBreakevenHelp);
  cmd->add_option("file", o.file, "Break-even file (YAML; docs/sweeps.md)")->required()->check(CLI::ExistingFile);
  add_run_settings(cmd, o.run, o.no_progress, o.quiet);
  cmd->add_flag("--no-plot", o.no_plot, "Do not draw OUT/plots/breakeven.{png,svg} (which needs python3-matplotlib)");
  return cmd;
}

int breakeven_command(const BreakevenOptions& o) {
  BreakevenSpec spec;
  PreparedSweep prepared;
  std::vector<std::size_t> order;
  try {
    spec = models::load_breakeven(o.file);
    order = volume_order_of(spec);
    prepared = prepare_sweep(spec.sweep, overrides_from(o.run.sets));
  } catch (const models::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  std::optional<SweepSession> opened;
  try {
    opened.emplace(prepared, o.run, "breakeven");
  } catch (const StoreError& e) {
    fmt::print(stderr, "fmsim: {}\n", e.what());
    return 2;
  }
  auto& session = *opened;
  int status = 0;
  try {
    if (session.is_worker()) return session.serve();
    std::vector<std::uint64_t> points;
    for (const auto& p : prepared.points) points.push_back(p.index);
    SweepSchedule schedule(prepared.spec, points);
    if (!session.run(schedule)) return session.interrupted_status();
    session.finish();
    const auto records = session.store().records();
    for (const auto& r : records) {
      if (!r.conservation_ok) {
        fmt::print(stderr, "fmsim: conservation identity violated at point {} replication {}\n", r.point, r.replication);
        status = 1;
      }
    }
    const Analysis analysis = analyse(spec, order, records);
    const std::string& dir = session.out_dir();
    session.store().export_csv(dir);
    write_costs_csv(dir + "/breakeven.csv", spec, analysis);
    write_crossovers_csv(dir + "/crossovers.csv", analysis);
    write_json(dir + "/breakeven.json", spec, analysis);
    if (o.run.print_summary) print_report(stdout, spec, analysis, dir, session.store().path());
    if (!o.no_plot) {
      const int plotted = run_plot_script("fmsim breakeven", breakeven_plot_script_text(),
                                          {dir + "/breakeven.json", "--plots-dir", dir + "/plots"});
      if (plotted != 0) status = std::max(status, 1);
    }
    return status;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fmsim: breakeven failed: {}\n", e.what());
    return 1;
  }
}

}  // namespace fmsim::cli::sweep
