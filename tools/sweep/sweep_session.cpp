// The shared machinery of sweep, plan and breakeven: settings, output directory, store, MPI split.
#include "tools/sweep/sweep_session.h"

#include <filesystem>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "models/scenario/override.h"
#include "tools/output_directory.h"
#include "tools/sweep/mpi_transport.h"
#include "tools/sweep/summary_metrics.h"
#include "tools/sweep/sweep_executor.h"

namespace fmsim::cli::sweep {

void add_run_settings(CLI::App* cmd, SweepRunSettings& s, bool& no_progress, bool& quiet) {
  cmd->add_option("--set", s.sets, "Override a scenario key at every point: --set path.to.key=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("-j,--jobs", s.jobs, "Worker threads (default: all cores; under MPI, 1 per rank)");
  cmd->add_option("-o,--out", s.out_dir, "Output directory (default: out/<name>)");
  cmd->add_option("--db", s.db, "Results store, an SQLite file (default: OUT/<command>.sqlite)");
  cmd->add_flag("--resume", s.resume, "Continue the sweep in an existing store: skip the replications already there");
  cmd->add_flag("--overwrite", s.overwrite, "Delete an existing store and start again");
  cmd->add_flag("--no-progress", no_progress, "Do not draw the progress line (drawn only on a terminal)");
  cmd->add_flag("-q,--quiet", quiet, "Do not print the result tables");
}

std::vector<models::Override> overrides_from(const std::vector<std::string>& sets) {
  std::vector<models::Override> v;
  for (const auto& s : sets) v.push_back(models::parse_override(s));
  return v;
}

std::string SweepSession::output_directory(const PreparedSweep& sweep, const SweepRunSettings& settings) {
  return settings.out_dir.empty() ? default_output_directory(sweep.spec.name) : settings.out_dir;
}

std::string SweepSession::store_path(const PreparedSweep& sweep, const SweepRunSettings& settings, std::string_view kind) {
  return settings.db.empty() ? fmt::format("{}/{}.sqlite", output_directory(sweep, settings), kind) : settings.db;
}

SweepSession::SweepSession(const PreparedSweep& sweep, const SweepRunSettings& settings, std::string_view kind)
    : sweep_(sweep), settings_(settings) {
  if (is_worker()) return;
  if (settings_.resume && settings_.overwrite) throw StoreError("--resume and --overwrite: choose one");
  out_dir_ = output_directory(sweep, settings_);
  std::error_code ec;
  std::filesystem::create_directories(out_dir_, ec);
  if (ec) throw StoreError(fmt::format("{}: cannot create the output directory: {}", out_dir_, ec.message()));
  const std::string db = store_path(sweep, settings_, kind);
  const auto mode = settings_.resume ? StoreOpen::resume : settings_.overwrite ? StoreOpen::overwrite : StoreOpen::create;
  store_ = std::make_unique<ResultStore>(db, sweep.layout, mode);
  store_->add_points(sweep.stored_points());
  if (settings_.world && settings_.world->size() > 1) coordinator_ = std::make_unique<MpiCoordinator>(*settings_.world);
}

SweepSession::~SweepSession() {
  try {
    finish();
  } catch (...) {
    // Releasing MPI ranks on the way out of an error: nothing more can be reported.
  }
}

bool SweepSession::is_worker() const { return settings_.world && settings_.world->rank() != 0; }

int SweepSession::serve() {
  run_mpi_worker([this](const WorkItem& item) {
    return run_replication_for_metrics(sweep_.scenario_of(item.point), item.point, item.replication,
                                       sweep_.metric_paths);
  });
  return 0;
}

bool SweepSession::run(SweepSchedule& schedule) {
  for (const auto& r : store_->records()) schedule.restore(r);
  SweepExecutor executor(sweep_, *store_, ExecutorOptions{settings_.jobs, settings_.progress}, coordinator_.get());
  return executor.run(schedule);
}

int SweepSession::interrupted_status() const {
  fmt::print(stderr, "fmsim: interrupted; every finished replication is in {} — run the same command with --resume to go on\n",
             store_->path());
  return 130;
}

ResultStore& SweepSession::store() { return *store_; }

void SweepSession::finish() {
  if (finished_) return;
  finished_ = true;
  if (coordinator_) coordinator_->stop_workers();
}

}  // namespace fmsim::cli::sweep
