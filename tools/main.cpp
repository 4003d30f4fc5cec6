// The fmsim command line: subcommands, help, logging set-up, exit codes.
//   0 success · 1 the run or its outputs failed · 2 bad input (scenario, flags)
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "fmsim_version.h"
#include "tools/catalog_command.h"
#include "tools/plot_command.h"
#include "tools/profile_command.h"
#include "tools/run_command.h"
#include "tools/sweep/mpi_transport.h"
#include "tools/sweep/breakeven_command.h"
#include "tools/sweep/plan_command.h"
#include "tools/sweep/sweep_command.h"
#include "tools/sweep/sweep_executor.h"

namespace {

constexpr const char* kExamples = R"(
Examples:
  fmsim run                                   run the default scenario, outputs in out/<name>/
  fmsim run scenarios/mm1.yaml --out /tmp/mm1 run a scenario into a chosen directory
  fmsim run scenarios/mmc.yaml --replications 10 --horizon 4h
                                              10 independent replications, mean and 95% CI
  fmsim run scenarios/mm1.yaml --set targets.server.servers=2 --set workload.arrivals.rate=1.5/s
                                              override any scenario key from the command line
  fmsim run --plot                            ... and draw its plots (PNG and SVG) in out/<name>/plots/
  fmsim plot out/mm1                          draw the plots of an earlier run's output directory
  fmsim validate scenarios/md1.yaml           check a scenario without running it
  fmsim sweep scenarios/sweeps/mmc_servers.yaml
                                              a grid of points x replications on all cores, 95% CIs,
                                              results in an SQLite store (--resume after a kill)
  fmsim breakeven scenarios/breakeven/r2_bedrock_vs_sagemaker.yaml
                                              where two deployment patterns cost the same
  fmsim plan scenarios/plans/mmc_capacity.yaml
                                              the cheapest knob settings that meet the SLO
  mpirun -np 8 fmsim sweep FILE               the same sweep spread over 8 MPI ranks
  fmsim profile trace.csv --time-zone Asia/Tokyo
                                              fit an hourly profile, class mix and token
                                              distributions to a trace; prints scenario YAML

Scenario files are YAML with units in values (300ms, 5min, 2h, 12/s, 1M/day, $0.003); every key
is described in docs/scenarios.md, every output column in docs/outputs.md, and sweep, plan and
break-even files in docs/sweeps.md.
Exit status: 0 success, 1 the run or writing its outputs failed, 2 bad input.)";

constexpr const char* kPlotHelp = R"(
Draws, from the files `fmsim run` wrote in OUTDIR, five pictures in OUTDIR/plots/ (each as
NAME.png and NAME.svg; the names are stable, so a report can link them):
  latency    p50, p90 and p99 of the requests that ended ok, per window, with the SLO line(s)
             from the scenario's `slo:` and how many windows were over them
  outcomes   requests per minute by outcome (ok, throttled, timed out, error, rejected), stacked,
             with the arrivals line; a second panel shows the failures alone on their own scale
  cost       cost per hour stacked by line item (the biggest 7; the rest as "other"), with the
             cumulative total on the right axis
  capacity   SageMaker instances in service / provisioning, Lambda environments (warm,
             provisioned, busy), Bedrock provisioned model units, orchestrator busy slots, and
             utilisation, one panel per component
  targets    share of requests served by each target, and fallbacks by reason (only when the
             scenario has several targets)
The time axis is local time in the scenario's time_zone. With several replications, one is drawn
(replication 0 unless --replication says otherwise) and the titles say which.

Needs Python 3 with matplotlib: on Debian, `sudo apt-get install python3-matplotlib`
(tools/install-deps.sh does it). The interpreter is $FMSIM_PYTHON if set, else /usr/bin/python3,
else python3 on PATH. What each plot shows is in docs/outputs.md, section "Plots".

Examples:
  fmsim run scenarios/mm1.yaml --out /tmp/mm1 && fmsim plot /tmp/mm1
  fmsim plot out/r5 --replication 3           draw replication 3 of a 10-replication run
Exit status: 0 plots written, 1 Python or matplotlib missing or drawing failed, 2 bad input.)";

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every rank runs this same command line; MPI is initialised before parsing so that
  // the launcher's own arguments are taken out first.
  std::optional<fmsim::cli::sweep::MpiWorld> world;
  if (fmsim::cli::sweep::launched_under_mpi()) {
    try {
      world.emplace(&argc, &argv);
    } catch (const std::exception& e) {
      fmt::print(stderr, "fmsim: {}\n", e.what());
      return 2;
    }
  }
  CLI::App app{"fmsim " FMSIM_VERSION " — discrete-event simulator of foundation-model deployments on AWS", "fmsim"};
  app.footer(kExamples);
  app.set_version_flag("--version", "fmsim " FMSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options (--log-level) may also follow the subcommand
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "Log verbosity on stderr: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();

  fmsim::cli::RunOptions run;
  run.scenario_path = FMSIM_DEFAULT_SCENARIO;
  bool no_progress = false;
  auto* run_cmd = app.add_subcommand("run", "Simulate a scenario and write summary.json, timeseries.csv, cost.csv, targets.csv, services.csv and events.csv (and plots/ with --plot)");
  run_cmd->add_option("scenario", run.scenario_path, "Scenario YAML file (default: the project's default scenario)")
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--out", run.out_dir, "Output directory (default: out/<scenario name>)");
  run_cmd->add_option("--seed", run.seed, "Random seed, overriding the scenario's");
  run_cmd->add_option("-r,--replications", run.replications, "Independent replications (seeds (seed, r))")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}))
      ->capture_default_str();
  run_cmd->add_option("--horizon", run.horizon, "Simulated duration, overriding the scenario's (e.g. 30min, 2h, 7d)");
  run_cmd->add_option("--set", run.sets, "Override a scenario key: --set path.to.key=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_option("-j,--jobs", run.jobs, "Threads for replications (default: all cores)");
  run_cmd->add_flag("--no-progress", no_progress, "Do not draw the progress line (drawn only on a terminal)");
  bool quiet = false;
  run_cmd->add_flag("-q,--quiet", quiet, "Do not print the summary table");
  run_cmd->add_flag("--plot", run.plot, "Then draw the plots in OUTDIR/plots/ as `fmsim plot` does (needs python3-matplotlib)");

  std::string validate_path;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file (and --set overrides) without running it");
  validate_cmd->add_option("scenario", validate_path, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a scenario key: --set path.to.key=value (repeatable)")
      ->allow_extra_args(false);

  fmsim::cli::ProfileOptions profile;
  auto* profile_cmd =
      app.add_subcommand("profile", "Fit a scenario workload (hourly profile, class mix, token distributions) to a trace");
  profile_cmd->add_option("trace", profile.trace_path, "Trace CSV file")->required()->check(CLI::ExistingFile);
  profile_cmd->add_option("--format", profile.format, "Trace format: azure, burstgpt or generic")
      ->check(CLI::IsMember({"azure", "burstgpt", "generic"}))
      ->capture_default_str();
  profile_cmd->add_option("--timestamp-column", profile.timestamp_column, "generic format: timestamp column name");
  profile_cmd->add_option("--input-column", profile.input_tokens_column, "generic format: input tokens column name");
  profile_cmd->add_option("--output-column", profile.output_tokens_column, "generic format: output tokens column name");
  profile_cmd->add_option("--class-column", profile.class_column, "generic format: request class column name");
  profile_cmd->add_option("--time-zone", profile.time_zone, "IANA zone the hourly profile is read in")
      ->capture_default_str();
  profile_cmd->add_option("--timestamp-zone", profile.timestamp_zone, "Zone of timestamps that carry none")
      ->capture_default_str();
  profile_cmd->add_option("--start", profile.start,
                          "For relative-seconds traces: the first row's instant, e.g. 2026-03-09T00:00:00+00:00");

  fmsim::cli::CatalogOptions catalog;
  auto* catalog_cmd = app.add_subcommand("catalog", "List the price catalog: Bedrock models, SageMaker instances, Lambda and serverless prices");
  catalog_cmd->add_option("word", catalog.filter, "Keep only entries whose name, provider or section contains this word");
  catalog_cmd->add_flag("--json", catalog.json, "Print JSON instead of tables");
  catalog_cmd->add_option("--file", catalog.file, "A catalog YAML file to check and print instead of the built-in one");

  fmsim::cli::PlotOptions plot;
  auto* plot_cmd = app.add_subcommand(
      "plot", "Draw PNG and SVG plots (latency, outcomes, cost, capacity, targets) of a run's output directory");
  plot_cmd->footer(kPlotHelp);
  plot_cmd->add_option("outdir", plot.out_dir, "Output directory written by `fmsim run` (holds summary.json)")
      ->required();
  plot_cmd->add_option("-r,--replication", plot.replication, "Replication to draw, 0-based")->capture_default_str();
  plot_cmd->add_option("--plots-dir", plot.plots_dir, "Where to write the plots (default: OUTDIR/plots)");

  fmsim::cli::sweep::SweepOptions sweep;
  auto* sweep_cmd = fmsim::cli::sweep::add_sweep_command(app, sweep);
  fmsim::cli::sweep::PlanOptions plan_options;
  auto* plan_cmd = fmsim::cli::sweep::add_plan_command(app, plan_options);
  fmsim::cli::sweep::BreakevenOptions breakeven;
  auto* breakeven_cmd = fmsim::cli::sweep::add_breakeven_command(app, breakeven);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  auto logger = spdlog::stderr_color_mt("fmsim");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (*run_cmd) {
    run.progress = !no_progress && isatty(STDERR_FILENO);
    run.print_summary = !quiet;
    return fmsim::cli::run_command(run);
  }
  // sweep, plan and breakeven: the same settings, and the same MPI rules.
  auto run_distributed = [&](fmsim::cli::sweep::SweepRunSettings& settings, bool hide_progress, bool hide_tables,
                             auto&& command) {
    const bool rank0 = !world || world->rank() == 0;
    settings.progress = rank0 && !hide_progress && isatty(STDERR_FILENO);
    settings.print_summary = rank0 && !hide_tables;
    settings.world = world ? &*world : nullptr;
    fmsim::cli::sweep::SweepExecutor::install_interrupt_handler();
    const int rc = command();
    // A rank failing on its own (rank 0's store, another host missing a file) leaves the others
    // waiting for messages that never come: end them all with its status. (3, plan's "nothing
    // feasible", is a finished run: the ranks were released.)
    if (world && world->size() > 1 && rc != 0 && rc != 3) world->abort(rc);
    return rc;
  };
  if (*sweep_cmd)
    return run_distributed(sweep.run, sweep.no_progress, sweep.quiet, [&] { return fmsim::cli::sweep::sweep_command(sweep); });
  if (*plan_cmd) {
    return run_distributed(plan_options.run, plan_options.no_progress, plan_options.quiet,
                           [&] { return fmsim::cli::sweep::plan_command(plan_options); });
  }
  if (*breakeven_cmd) {
    return run_distributed(breakeven.run, breakeven.no_progress, breakeven.quiet,
                           [&] { return fmsim::cli::sweep::breakeven_command(breakeven); });
  }
  if (world) {
    fmt::print(stderr, "fmsim: under mpirun only sweep, plan and breakeven run; use one process for the others\n");
    return 2;
  }
  if (*profile_cmd) return fmsim::cli::profile_command(profile);
  if (*catalog_cmd) return fmsim::cli::catalog_command(catalog);
  if (*plot_cmd) return fmsim::cli::plot_command(plot);
  return fmsim::cli::validate_command(validate_path, validate_sets);
}
