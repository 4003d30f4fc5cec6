// `fmsim sweep`: load, check, run into the store, export, report.
#include "tools/sweep/sweep_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/scenario/scenario_error.h"
#include "models/scenario/sweep_reader.h"
#include "models/sweep/student_t.h"
#include "tools/sweep/mpi_transport.h"
#include "tools/sweep/prepared_sweep.h"
#include "tools/sweep/sweep_schedule.h"

namespace fmsim::cli::sweep {

namespace {

constexpr const char* kSweepHelp = R"(
A sweep file names a base scenario, axes (any scenario key -> a list of values, a range with a
step, a log range, or whole variant scenarios), optional constraints between axes, the
replications per point (or a sequential stopping rule) and the summary.json fields to keep.
Every point and its metrics are checked before anything runs. Replication r of every point draws
from the seed (seed, r): common random numbers, so differences between points are measured with
far less noise than independent runs would give (the report says how much; --independent-seeds
turns it off for comparison). Results are identical whatever --jobs is, and under MPI.

Results go to an SQLite store (OUT/sweep.sqlite, WAL, one transaction per finished replication):
a killed sweep loses nothing committed; run it again with --resume to finish it. Ctrl-C stops
cleanly (a second Ctrl-C stops at once). Then OUT/points.csv (mean, stddev and 95% CI of every
metric per point) and OUT/replications.csv (one row per replication).

Examples:
  fmsim sweep scenarios/sweeps/mmc_servers.yaml              all cores, outputs in out/<name>/
  fmsim sweep FILE --jobs 2 --out /tmp/s                     two threads, chosen directory
  fmsim sweep FILE --resume                                  finish an interrupted sweep
  fmsim sweep FILE --set horizon=1h                          override a key at every point
  fmsim sweep FILE --export-only --resume                    rewrite the CSVs from the store
  fmsim sweep FILE --dry-run                                 check it and list the points, run nothing
  mpirun -np 8 fmsim sweep FILE                              spread points over 8 MPI ranks
The file format is in docs/sweeps.md; metric names are summary.json fields (docs/outputs.md).
Exit status: 0 done, 1 a run or the store failed, 2 bad input, 130 interrupted.)";

// Four significant digits, but whole numbers from 1,000 on (a month's bill reads 32391, not 3.239e+04).
std::string number(double v) {
  if (!std::isfinite(v)) return "-";
  if (std::fabs(v) >= 1000 && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

// For each metric, the median over pairs of neighbouring points (differing by one step on one
// axis) of the ratio between two standard errors of their difference: the independent-samples one
// (what independent runs of the same variances would give) and the paired one (what common random
// numbers gave). Standard errors, not CI half-widths, so that the t quantiles of the two (n - 1
// against Welch's degrees of freedom) do not enter: the ratio is the variance reduction's square root.
struct CrnEffect {
  std::size_t pairs = 0;
  double median_ratio = NAN;
};

std::vector<CrnEffect> crn_effect(const PreparedSweep& s, const std::map<std::uint64_t, std::vector<const ReplicationRecord*>>& by_point) {
  std::vector<CrnEffect> effects(s.metric_paths.size());
  for (std::size_t m = 0; m < s.metric_paths.size(); ++m) {
    std::vector<double> ratios;
    for (const auto& p : s.points) {
      for (std::size_t a = 0; a < s.spec.axes.size(); ++a) {
        auto q = p.value_index;
        if (++q[a] >= s.spec.axes[a].values.size()) continue;
        const auto qi = models::sweep::grid_index(s.spec, q);
        const auto pi = by_point.find(p.index);
        const auto qj = by_point.find(qi);
        if (pi == by_point.end() || qj == by_point.end()) continue;
        std::vector<double> x, y;
        const auto n = std::min(pi->second.size(), qj->second.size());
        for (std::size_t r = 0; r < n; ++r) {
          x.push_back(pi->second[r]->values[m]);
          y.push_back(qj->second[r]->values[m]);
        }
        const auto paired = models::sweep::paired_difference(x, y);
        const auto welch = models::sweep::welch_difference(x, y);  // its stddev is the standard error
        const double paired_se = paired.stddev / std::sqrt(static_cast<double>(paired.n));
        if (std::isfinite(paired_se) && std::isfinite(welch.stddev) && paired_se > 0)
          ratios.push_back(welch.stddev / paired_se);
      }
    }
    effects[m].pairs = ratios.size();
    if (!ratios.empty()) {
      std::sort(ratios.begin(), ratios.end());
      const auto k = ratios.size();
      effects[m].median_ratio = k % 2 ? ratios[k / 2] : (ratios[k / 2 - 1] + ratios[k / 2]) / 2;
    }
  }
  return effects;
}

void print_report(std::FILE* out, const PreparedSweep& s, const std::vector<ReplicationRecord>& records,
                  const std::string& out_dir, const std::string& db) {
  std::map<std::uint64_t, std::vector<const ReplicationRecord*>> by_point;
  for (const auto& r : records) by_point[r.point].push_back(&r);

  std::vector<std::string> header;
  for (const auto& a : s.spec.axes) header.push_back(a.name);
  header.push_back("n");
  for (const auto& m : s.metric_paths) header.push_back(m + " (95% CI)");
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : s.points) {
    auto row = models::sweep::point_labels(s.spec, p);
    const auto it = by_point.find(p.index);
    const auto n = it == by_point.end() ? 0 : it->second.size();
    row.push_back(std::to_string(n));
    for (std::size_t m = 0; m < s.metric_paths.size(); ++m) {
      std::vector<double> v;
      if (n) for (const auto* r : it->second) v.push_back(r->values[m]);
      const auto ci = models::sweep::student_t_interval(v);
      row.push_back(std::isfinite(ci.half_width) ? fmt::format("{} ± {}", number(ci.mean), number(ci.half_width))
                                                 : number(ci.mean));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  constexpr std::size_t kMaxRows = 40;
  fmt::print(out, "\nsweep '{}': {} points, {} replications\n\n", s.spec.name, s.points.size(), records.size());
  for (std::size_t c = 0; c < header.size(); ++c) fmt::print(out, "{}{:<{}}", c ? "  " : "  ", header[c], width[c]);
  fmt::print(out, "\n");
  for (std::size_t i = 0; i < rows.size() && i < kMaxRows; ++i) {
    for (std::size_t c = 0; c < header.size(); ++c) fmt::print(out, "  {:<{}}", rows[i][c], width[c]);
    fmt::print(out, "\n");
  }
  if (rows.size() > kMaxRows) fmt::print(out, "  ... {} more points in points.csv\n", rows.size() - kMaxRows);

  const auto effects = crn_effect(s, by_point);
  fmt::print(out, "\n");
  for (std::size_t m = 0; m < effects.size(); ++m) {
    if (!effects[m].pairs) continue;
    if (s.spec.common_random_numbers) {
      const double r = effects[m].median_ratio;
      fmt::print(out, "  common random numbers, {}: differences between neighbouring points have a standard error {:.1f}x "
                      "{} than independent runs would give (median of {} pairs){}\n",
                 s.metric_paths[m], r >= 1 ? r : 1 / r, r >= 1 ? "smaller" : "larger", effects[m].pairs,
                 r >= 1 ? "" : "; they did not help this metric");
    } else {
      fmt::print(out, "  independent seeds, {}: unpaired/paired standard error ratio {:.2f} (median of {} pairs; ~1 expected)\n",
                 s.metric_paths[m], effects[m].median_ratio, effects[m].pairs);
    }
  }
  fmt::print(out, "\n  store   {}\n  points  {}/points.csv\n  runs    {}/replications.csv\n", db, out_dir, out_dir);
}

void print_points(std::FILE* out, const PreparedSweep& s) {
  const auto per_point = s.spec.stopping ? fmt::format("{} to {} (sequential stopping on {})", s.spec.stopping->min_replications,
                                                       s.spec.stopping->max_replications,
                                                       s.metric_paths.at(s.spec.stopping->metric))
                                         : std::to_string(s.spec.replications);
  fmt::print(out, "{}: ok — sweep '{}', {} of {} grid points, {} replications per point, metrics {}\n", s.spec.source_path,
             s.spec.name, s.points.size(), models::sweep::grid_size(s.spec), per_point, fmt::join(s.metric_paths, ", "));
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto labels = models::sweep::point_labels(s.spec, s.points[i]);
    std::string text;
    for (std::size_t a = 0; a < labels.size(); ++a) text += fmt::format("{}{}={}", a ? " " : "", s.spec.axes[a].name, labels[a]);
    fmt::print(out, "  point {:>4}  {}  (seed {})\n", s.points[i].index, text, s.scenarios[i].seed);
  }
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& o) {
  auto* cmd = app.add_subcommand("sweep", "Run a sweep: scenario points x replications in parallel, into an SQLite store, with 95% CIs");
  cmd->footer(kSweepHelp);
  cmd->add_option("file", o.file, "Sweep file (YAML; docs/sweeps.md)")->required()->check(CLI::ExistingFile);
  add_run_settings(cmd, o.run, o.no_progress, o.quiet);
  cmd->add_flag("--independent-seeds", o.independent_seeds,
                "Give every point its own seed instead of common random numbers (to compare)");
  cmd->add_flag("--export-only", o.export_only, "Write points.csv and replications.csv from the store; run nothing");
  cmd->add_flag("--dry-run", o.dry_run, "Check the file, every point and the metrics, list the points; run nothing");
  return cmd;
}

int sweep_command(const SweepOptions& o) {
  PreparedSweep prepared;
  try {
    auto spec = models::load_sweep(o.file);
    if (o.independent_seeds) spec.common_random_numbers = false;
    prepared = prepare_sweep(std::move(spec), overrides_from(o.run.sets));
  } catch (const models::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  if (o.dry_run) {
    if (!o.run.world || o.run.world->rank() == 0) print_points(stdout, prepared);
    return 0;
  }
  auto settings = o.run;
  if (o.export_only) {
    const auto db = SweepSession::store_path(prepared, settings, "sweep");
    if (!std::filesystem::exists(db)) {
      fmt::print(stderr, "fmsim: {}: no results store to export (run the sweep first, or give --db)\n", db);
      return 2;
    }
    settings.resume = true;
  }
  std::optional<SweepSession> opened;
  try {
    opened.emplace(prepared, settings, "sweep");
  } catch (const StoreError& e) {
    fmt::print(stderr, "fmsim: {}\n", e.what());
    return 2;
  }
  auto& session = *opened;
  try {
    if (session.is_worker()) return session.serve();
    if (!o.export_only) {
      std::vector<std::uint64_t> points;
      for (const auto& p : prepared.points) points.push_back(p.index);
      SweepSchedule schedule(prepared.spec, points);
      if (!session.run(schedule)) return session.interrupted_status();
    }
    session.finish();
    const auto records = session.store().records();
    session.store().export_csv(session.out_dir());
    if (o.run.print_summary) print_report(stdout, prepared, records, session.out_dir(), session.store().path());
    for (const auto& r : records) {
      if (!r.conservation_ok) {
        fmt::print(stderr, "fmsim: conservation identity violated at point {} replication {}\n", r.point, r.replication);
        return 1;
      }
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fmsim: sweep failed: {}\n", e.what());
    return 1;
  }
}

}  // namespace fmsim::cli::sweep
