// `fmsim plan`: load and check the plan, run the search with an oracle that runs batches of
// points through the sweep session, judge each point by its requirements' confidence bounds,
// report the evaluations and the best configuration.
#include "tools/sweep/plan_command.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/scenario/scenario_error.h"
#include "models/scenario/sweep_reader.h"
#include "models/sweep/plan_search.h"
#include "models/sweep/point_grid.h"
#include "models/sweep/student_t.h"
#include "tools/atomic_file.h"
#include "tools/csv_field.h"
#include "tools/csv_number.h"
#include "tools/sweep/prepared_sweep.h"
#include "tools/sweep/sweep_schedule.h"

namespace fmsim::cli::sweep {

namespace {

using models::sweep::CompareOp;
using models::sweep::KnobDirection;
using models::sweep::KnobValues;
using models::sweep::PlanSpec;

constexpr const char* kPlanHelp = R"(
Finds the cheapest configuration of a scenario's knobs that meets every requirement with
statistical confidence. A plan file is a sweep file with `knobs:` instead of `axes:` (each knob
has a direction: more_is_better, less_is_better or categorical), `require:` (METRIC <= BOUND or
METRIC >= BOUND), `objective:` (minimised; default cost_usd.per_month_30d), `confidence:`
(default 95%) and `replications:` (default 5). A point meets "METRIC <= BOUND" when the one-sided
upper confidence bound of the metric's mean over its replications is <= BOUND (">=": the lower
bound); an undefined bound (no request served, fewer than 2 replications) fails.

The search assumes monotonicity in capacity: a later value of a more_is_better knob (model units,
instances, provisioned concurrency, servers) never makes a requirement worse and never costs less
(less_is_better: an earlier value); categorical knobs (instance type, variants) are enumerated.
Under that assumption it bisects for the least feasible value along one knob, walks the frontier
over the others, infers what dominance proves and skips points that cannot beat the best found,
so it needs a fraction of the grid and returns the same optimum as the full grid. When the
assumption may not hold, --exhaustive evaluates every point. Replications use common random
numbers, so neighbouring points are compared on the same random draws.

Prints every evaluated point (requirement bounds against their limits, objective mean and 95% CI,
feasible or not), the best configuration as --set lines, and "N evaluations of M grid points".
Writes OUT/plan.json, OUT/plan.csv, the store OUT/plan.sqlite and its points.csv and
replications.csv.

Examples:
  fmsim plan scenarios/plans/mmc_capacity.yaml              search; outputs in out/<name>/
  fmsim plan scenarios/plans/mmc_capacity.yaml --exhaustive --out /tmp/full
                                                            every point, to check the search
  fmsim plan FILE --set horizon=1h --jobs 2                 override a key at every point
  fmsim plan FILE --batch 3                                 3 points per bisection step (many cores)
  fmsim plan FILE --resume                                  go on after Ctrl-C, reusing the store
The file format is in docs/sweeps.md; metric names are summary.json fields (docs/outputs.md).
Exit status: 0 a configuration meets the requirements, 3 none of the evaluated points does,
1 a run or the store failed, 2 bad input, 130 interrupted (run again with --resume).)";

// Thrown out of the oracle when Ctrl-C stopped a batch: the search cannot go on without it.
struct PlanInterrupted {};

// How one evaluated point fared.
struct Verdict {
  std::size_t replications = 0;
  models::sweep::Interval objective;  // 95 % CI of the objective's mean
  std::vector<double> mean;           // per requirement: the metric's mean
  std::vector<double> bound;          // per requirement: its one-sided confidence bound
  std::vector<bool> ok;               // per requirement
  bool feasible = false;
};

bool satisfies(double value, CompareOp op, double limit) {
  switch (op) {
    case CompareOp::lt: return value < limit;
    case CompareOp::le: return value <= limit;
    case CompareOp::gt: return value > limit;
    case CompareOp::ge: return value >= limit;
    case CompareOp::eq: return value == limit;
    case CompareOp::ne: return value != limit;
  }
  return false;
}

bool wants_lower_bound(CompareOp op) { return op == CompareOp::ge || op == CompareOp::gt; }

Verdict judge(const PlanSpec& plan, const std::vector<const ReplicationRecord*>& replications) {
  auto column = [&](std::size_t metric) {
    std::vector<double> v;
    for (const auto* r : replications) v.push_back(r->values.at(metric));
    return v;
  };
  Verdict v;
  v.replications = replications.size();
  v.objective = models::sweep::student_t_interval(column(plan.objective));
  v.feasible = true;
  for (const auto& req : plan.requirements) {
    const auto values = column(req.metric);
    const double bound = wants_lower_bound(req.op) ? models::sweep::lower_confidence_bound(values, plan.confidence)
                                                   : models::sweep::upper_confidence_bound(values, plan.confidence);
    const bool ok = !std::isnan(bound) && satisfies(bound, req.op, req.bound);
    v.mean.push_back(models::sweep::student_t_interval(values).mean);
    v.bound.push_back(bound);
    v.ok.push_back(ok);
    v.feasible = v.feasible && ok;
  }
  return v;
}

// The search's oracle: a batch of points runs as one schedule (its replications in parallel),
// then each point is judged from the store.
class PlanRunner {
 public:
  PlanRunner(const PlanSpec& plan, const PreparedSweep& prepared, SweepSession& session)
      : plan_(plan), prepared_(prepared), session_(session) {}

  std::vector<models::sweep::PlanEvaluation> operator()(const std::vector<KnobValues>& batch) {
    std::vector<std::uint64_t> points;
    for (const auto& values : batch) points.push_back(models::sweep::grid_index(prepared_.spec, values));
    SweepSchedule schedule(prepared_.spec, points);
    if (!session_.run(schedule)) throw PlanInterrupted{};
    const auto records = session_.store().records();
    std::map<std::uint64_t, std::vector<const ReplicationRecord*>> by_point;
    for (const auto& r : records) {
      if (std::find(points.begin(), points.end(), r.point) == points.end()) continue;
      // Exactly the plan's replications 0..R-1 were scheduled; anything else is not this plan's.
      if (r.replication >= prepared_.spec.replications) continue;
      by_point[r.point].push_back(&r);
      conservation_ok_ = conservation_ok_ && r.conservation_ok;
    }
    std::vector<models::sweep::PlanEvaluation> out;
    for (auto p : points) {
      const auto& v = verdicts_[p] = judge(plan_, by_point[p]);
      out.push_back({v.feasible, v.objective.mean});
    }
    return out;
  }

  const Verdict& verdict(std::uint64_t point) const { return verdicts_.at(point); }
  bool conservation_ok() const { return conservation_ok_; }

 private:
  const PlanSpec& plan_;
  const PreparedSweep& prepared_;
  SweepSession& session_;
  std::map<std::uint64_t, Verdict> verdicts_;
  bool conservation_ok_ = true;
};

// Four significant digits, but whole numbers up to a trillion in full (a monthly bill of 10800
// reads better than 1.08e+04).
std::string number(double v) {
  if (!std::isfinite(v)) return "-";
  if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e12) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::string with_ci(const models::sweep::Interval& ci) {
  if (!std::isfinite(ci.half_width)) return number(ci.mean);
  // A deterministic metric (a bill of fixed capacity) varies only by rounding: show it as exact.
  const double hw = ci.half_width <= 1e-9 * std::fabs(ci.mean) ? 0 : ci.half_width;
  return fmt::format("{} ± {}", number(ci.mean), number(hw));
}

const char* direction_name(KnobDirection d) {
  switch (d) {
    case KnobDirection::more_is_better: return "more_is_better";
    case KnobDirection::less_is_better: return "less_is_better";
    case KnobDirection::categorical: return "categorical";
  }
  return "categorical";
}

const char* op_text(CompareOp op) {
  switch (op) {
    case CompareOp::lt: return "<";
    case CompareOp::le: return "<=";
    case CompareOp::gt: return ">";
    case CompareOp::ge: return ">=";
    case CompareOp::eq: return "==";
    case CompareOp::ne: return "!=";
  }
  return "?";
}


// A shell word: single-quoted unless it is plainly safe ("$2.2" would expand).
std::string shell_word(std::string_view s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._-/:=,+%@").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(s);
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Everything the report needs about the search and the points it evaluated.
struct PlanReport {
  const PlanSpec& plan;
  const PreparedSweep& prepared;
  const models::sweep::PlanResult& result;
  const PlanRunner& runner;
  bool exhaustive = false;

  models::sweep::SweepPoint point(std::uint64_t index) const { return models::sweep::point_at(prepared.spec, index); }
  std::vector<std::string> labels(std::uint64_t index) const { return models::sweep::point_labels(prepared.spec, point(index)); }
  const std::string& metric(std::size_t m) const { return prepared.metric_paths.at(m); }
  std::string confidence_text() const { return fmt::format("{:g}%", plan.confidence * 100); }

  // The best point's knob values as scenario changes: a variant's scenario, then --set lines.
  std::vector<std::string> best_settings() const {
    std::vector<std::string> lines;
    if (!result.best) return lines;
    const auto p = point(result.best_grid_index);
    for (std::size_t a = 0; a < prepared.spec.axes.size(); ++a) {
      const auto& value = prepared.spec.axes[a].values[p.value_index[a]];
      if (value.scenario_path) lines.push_back(fmt::format("scenario {}", *value.scenario_path));
      for (const auto& o : value.overrides) lines.push_back("--set " + shell_word(o.path + "=" + o.value));
    }
    return lines;
  }

  std::string counts_line() const {
    std::string line = fmt::format("{} evaluations of {} grid points (full grid: {})", result.evaluations,
                                   result.admissible_points, result.admissible_points);
    if (result.full_grid != result.admissible_points)
      line += fmt::format("; {} combinations before constraints", result.full_grid);
    const auto reps = prepared.spec.replications;
    if (exhaustive) return line + fmt::format(", {} replications each: {} runs", reps, result.evaluations * reps);
    return line + fmt::format(", {} replications each: {} runs instead of {}", reps, result.evaluations * reps,
                              result.admissible_points * reps);
  }

  void print(std::FILE* out) const {
    const auto& spec = prepared.spec;
    std::vector<std::string> header{"#"};
    for (const auto& a : spec.axes) header.push_back(a.name);
    for (const auto& r : plan.requirements) header.push_back(r.text);
    header.push_back(metric(plan.objective) + " (95% CI)");
    header.push_back("feasible");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < result.trace.size(); ++i) {
      const auto& step = result.trace[i];
      const auto& v = runner.verdict(step.grid_index);
      std::vector<std::string> row{std::to_string(i + 1)};
      for (auto& l : labels(step.grid_index)) row.push_back(std::move(l));
      for (std::size_t q = 0; q < plan.requirements.size(); ++q)
        row.push_back(fmt::format("{} {}", number(v.bound[q]), v.ok[q] ? "ok" : "FAIL"));
      row.push_back(with_ci(v.objective));
      const bool best = result.best && step.grid_index == result.best_grid_index;
      row.push_back(v.feasible ? (best ? "yes  <- best" : "yes") : "no");
      rows.push_back(std::move(row));
    }
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
      width[c] = header[c].size();
      for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
    }
    fmt::print(out, "\nplan '{}': {} of {} grid points evaluated{}, {} replications each\n", spec.name,
               result.evaluations, result.admissible_points, exhaustive ? " (--exhaustive)" : "", spec.replications);
    fmt::print(out, "requirement columns: the one-sided {} confidence bound of the mean (upper for <=, lower for >=)\n\n",
               confidence_text());
    auto print_row = [&](const std::vector<std::string>& cells) {
      for (std::size_t c = 0; c + 1 < cells.size(); ++c) fmt::print(out, "  {:<{}}", cells[c], width[c]);
      fmt::print(out, "  {}\n", cells.back());
    };
    print_row(header);
    for (const auto& r : rows) print_row(r);
    fmt::print(out, "\n");
    if (result.best) {
      const auto& v = runner.verdict(result.best_grid_index);
      const auto names = labels(result.best_grid_index);
      std::string knobs;
      for (std::size_t a = 0; a < spec.axes.size(); ++a)
        knobs += fmt::format("{}{}={}", a ? ", " : "", spec.axes[a].name, names[a]);
      fmt::print(out, "best configuration: {}\n", knobs.empty() ? "the base scenario" : knobs);
      fmt::print(out, "  {} = {} (95% CI)\n", metric(plan.objective), with_ci(v.objective));
      for (std::size_t q = 0; q < plan.requirements.size(); ++q) {
        const auto& r = plan.requirements[q];
        fmt::print(out, "  {}: mean {}, {} {} bound {}\n", r.text, number(v.mean[q]), confidence_text(),
                   wants_lower_bound(r.op) ? "lower" : "upper", number(v.bound[q]));
      }
      fmt::print(out, "  as changes to {}:\n", models::sweep::point_scenario_path(spec, point(result.best_grid_index)));
      for (const auto& line : best_settings()) fmt::print(out, "    {}\n", line);
    } else {
      fmt::print(out, "no evaluated configuration meets every requirement\n");
    }
    fmt::print(out, "\n{}\n", counts_line());
  }

  nlohmann::ordered_json json() const {
    using json = nlohmann::ordered_json;
    const auto& spec = prepared.spec;
    json knobs = json::array();
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      json values = json::array();
      for (const auto& v : spec.axes[a].values) values.push_back(v.label);
      knobs.push_back(json{{"name", spec.axes[a].name},
                           {"key", spec.axes[a].key},
                           {"direction", direction_name(plan.directions.at(a))},
                           {"values", values}});
    }
    json requirements = json::array();
    for (const auto& r : plan.requirements)
      requirements.push_back(json{{"text", r.text}, {"metric", metric(r.metric)}, {"op", op_text(r.op)}, {"limit", r.bound}});
    auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    auto point_json = [&](std::uint64_t index) {
      const auto& v = runner.verdict(index);
      json knob_values = json::object();
      const auto names = labels(index);
      for (std::size_t a = 0; a < spec.axes.size(); ++a) knob_values[spec.axes[a].name] = names[a];
      json reqs = json::array();
      for (std::size_t q = 0; q < plan.requirements.size(); ++q) {
        const auto& r = plan.requirements[q];
        reqs.push_back(json{{"metric", metric(r.metric)},
                            {"op", op_text(r.op)},
                            {"limit", r.bound},
                            {"mean", num(v.mean[q])},
                            {"bound", num(v.bound[q])},
                            {"bound_kind", wants_lower_bound(r.op) ? "lower" : "upper"},
                            {"ok", static_cast<bool>(v.ok[q])}});
      }
      return json{{"point", index},
                  {"knobs", knob_values},
                  {"replications", v.replications},
                  {"feasible", v.feasible},
                  {"objective", json{{"mean", num(v.objective.mean)},
                                     {"stddev", num(v.objective.stddev)},
                                     {"ci95_low", num(v.objective.low())},
                                     {"ci95_high", num(v.objective.high())}}},
                  {"requirements", reqs}};
    };
    json best = nullptr;
    if (result.best) {
      best = point_json(result.best_grid_index);
      best["scenario"] = models::sweep::point_scenario_path(spec, point(result.best_grid_index));
      best["set"] = json::array();
      const auto p = point(result.best_grid_index);
      for (std::size_t a = 0; a < spec.axes.size(); ++a) {
        for (const auto& o : spec.axes[a].values[p.value_index[a]].overrides) best["set"].push_back(o.path + "=" + o.value);
      }
    }
    json evaluated = json::array();
    for (std::size_t i = 0; i < result.trace.size(); ++i) {
      auto e = point_json(result.trace[i].grid_index);
      e["evaluation"] = i + 1;
      e["round"] = result.trace[i].round + 1;
      evaluated.push_back(std::move(e));
    }
    return json{{"name", spec.name},
                {"file", spec.source_path},
                {"scenario", spec.base_scenario},
                {"mode", exhaustive ? "exhaustive" : "search"},
                {"objective", metric(plan.objective)},
                {"confidence", plan.confidence},
                {"replications", spec.replications},
                {"common_random_numbers", spec.common_random_numbers},
                {"knobs", knobs},
                {"requirements", requirements},
                {"feasible", result.best.has_value()},
                {"best", best},
                {"evaluations", result.evaluations},
                {"rounds", result.rounds},
                {"grid_points", result.admissible_points},
                {"full_grid", result.full_grid},
                {"evaluated", evaluated}};
  }

  void write_csv(std::FILE* out) const {
    const auto& spec = prepared.spec;
    fmt::print(out, "evaluation,round,point");
    for (const auto& a : spec.axes) fmt::print(out, ",{}", csv_field(a.name));
    fmt::print(out, ",feasible,replications,objective.mean,objective.ci95_low,objective.ci95_high");
    std::map<std::string, int> seen;
    for (const auto& r : plan.requirements) {
      auto name = metric(r.metric);
      if (const int n = ++seen[name]; n > 1) name += fmt::format("#{}", n);
      for (const char* what : {".mean", ".bound", ".ok"}) fmt::print(out, ",{}", csv_field(name + what));
    }
    fmt::print(out, "\n");
    for (std::size_t i = 0; i < result.trace.size(); ++i) {
      const auto index = result.trace[i].grid_index;
      const auto& v = runner.verdict(index);
      fmt::print(out, "{},{},{}", i + 1, result.trace[i].round + 1, index);
      for (const auto& l : labels(index)) fmt::print(out, ",{}", csv_field(l));
      fmt::print(out, ",{},{},{},{},{}", v.feasible ? 1 : 0, v.replications, csv_number(v.objective.mean),
                 csv_number(v.objective.low()), csv_number(v.objective.high()));
      for (std::size_t q = 0; q < plan.requirements.size(); ++q)
        fmt::print(out, ",{},{},{}", csv_number(v.mean[q]), csv_number(v.bound[q]), v.ok[q] ? 1 : 0);
      fmt::print(out, "\n");
    }
  }

  void write_files(const std::string& dir) const {
    AtomicFile csv(dir + "/plan.csv");
    write_csv(csv.handle());
    AtomicFile js(dir + "/plan.json");
    const std::string text = json().dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), js.handle());
    csv.commit();
    js.commit();  // plan.json last: its presence means the plan's outputs are complete
  }
};

}  // namespace

CLI::App* add_plan_command(CLI::App& app, PlanOptions& o) {
  auto* cmd = app.add_subcommand(
      "plan", "Find the cheapest configuration that meets an SLO with confidence, searching fewer points than the grid");
  cmd->footer(kPlanHelp);
  cmd->add_option("file", o.file, "Plan file (YAML; docs/sweeps.md)")->required()->check(CLI::ExistingFile);
  add_run_settings(cmd, o.run, o.no_progress, o.quiet);
  cmd->add_flag("--exhaustive", o.exhaustive, "Evaluate every grid point instead of searching (same report)");
  cmd->add_option("--batch", o.batch,
                  "Points evaluated together per bisection step (more: more parallel work, more evaluations)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}))
      ->capture_default_str();
  return cmd;
}

int plan_command(const PlanOptions& o) {
  PlanSpec plan;
  PreparedSweep prepared;
  try {
    plan = models::load_plan(o.file);
    prepared = prepare_sweep(plan.sweep, overrides_from(o.run.sets));
  } catch (const models::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  std::optional<SweepSession> opened;
  try {
    opened.emplace(prepared, o.run, "plan");
  } catch (const StoreError& e) {
    fmt::print(stderr, "fmsim: {}\n", e.what());
    return 2;
  }
  auto& session = *opened;
  try {
    if (session.is_worker()) return session.serve();
    PlanRunner runner(plan, prepared, session);
    const models::sweep::PlanOracle oracle = [&runner](const std::vector<KnobValues>& batch) { return runner(batch); };
    const auto problem = models::sweep::plan_problem(plan);
    models::sweep::PlanResult result;
    try {
      result = o.exhaustive ? models::sweep::search_plan_exhaustive(problem, oracle)
                            : models::sweep::search_plan(problem, oracle, {o.batch});
    } catch (const PlanInterrupted&) {
      return session.interrupted_status();
    }
    session.finish();
    session.store().export_csv(session.out_dir());
    const PlanReport report{plan, prepared, result, runner, o.exhaustive};
    report.write_files(session.out_dir());
    if (o.run.print_summary) {
      report.print(stdout);
      fmt::print("\n  plan    {0}/plan.json, {0}/plan.csv\n  store   {1}\n", session.out_dir(), session.store().path());
    }
    if (!runner.conservation_ok()) {
      fmt::print(stderr, "fmsim: conservation identity violated in a replication (see {}/replications.csv)\n",
                 session.out_dir());
      return 1;
    }
    if (!result.best) {
      fmt::print(stderr, "fmsim: no evaluated configuration meets every requirement ({} evaluations; see {}/plan.csv)\n",
                 result.evaluations, session.out_dir());
      return 3;
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fmsim: plan failed: {}\n", e.what());
    return 1;
  }
}

}  // namespace fmsim::cli::sweep
