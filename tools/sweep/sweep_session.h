// What the sweep, plan and breakeven commands share: the command-line settings (--set, --jobs,
// --out, --db, --resume, --overwrite, progress), the output directory and results store, and the
// MPI split — on rank 0 (or without MPI) the session owns the store and runs schedules on the
// local threads and the other ranks; on any other rank it only serves items until rank 0 is done.
//
// A command's shape:
//   auto prepared = prepare_sweep(spec, overrides_from(settings.sets));   // same on every rank
//   SweepSession session(prepared, settings, "plan");
//   if (session.is_worker()) return session.serve();
//   SweepSchedule schedule(prepared.spec, points);
//   if (!session.run(schedule)) return session.interrupted_status();
//   auto records = session.store().records();  ...  session.finish();
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/override.h"
#include "tools/sweep/prepared_sweep.h"
#include "tools/sweep/result_store.h"
#include "tools/sweep/sweep_schedule.h"

namespace CLI {
class App;
}

namespace fmsim::cli::sweep {

class MpiWorld;
class MpiCoordinator;

struct SweepRunSettings {
  std::vector<std::string> sets;  // --set path.to.key=value, applied to every point
  unsigned jobs = 0;              // 0: all cores (1 per rank under MPI)
  std::string out_dir;            // default: out/<name>
  std::string db;                 // default: OUT/<kind>.sqlite
  bool resume = false;
  bool overwrite = false;
  bool progress = false;          // set by main: on a terminal and not --no-progress
  bool print_summary = true;      // -q clears it
  MpiWorld* world = nullptr;      // set by main under mpirun
};

// Adds --set, -j/--jobs, -o/--out, --db, --resume, --overwrite, --no-progress (into `no_progress`)
// and -q/--quiet (into `quiet`) to `cmd`.
void add_run_settings(CLI::App* cmd, SweepRunSettings& settings, bool& no_progress, bool& quiet);

// --set texts parsed (throws models::ScenarioError on a malformed one).
std::vector<models::Override> overrides_from(const std::vector<std::string>& sets);

class SweepSession {
 public:
  // On rank 0: creates the output directory and opens the store (--resume / --overwrite as set;
  // throws StoreError), registers the points. `kind` names the default store file.
  SweepSession(const PreparedSweep& sweep, const SweepRunSettings& settings, std::string_view kind);
  ~SweepSession();
  SweepSession(const SweepSession&) = delete;
  SweepSession& operator=(const SweepSession&) = delete;

  // Where the session keeps its outputs and its store, as the settings give them.
  static std::string output_directory(const PreparedSweep& sweep, const SweepRunSettings& settings);
  static std::string store_path(const PreparedSweep& sweep, const SweepRunSettings& settings, std::string_view kind);

  bool is_worker() const;  // an MPI rank other than 0
  int serve();             // worker ranks: run items until rank 0 finishes; the exit status

  // Rank 0: restores what the store already holds into `schedule`, then runs the rest. false
  // when Ctrl-C interrupted it (what finished is committed).
  bool run(SweepSchedule& schedule);
  // Exit status after an interruption (130), with a line saying how to resume.
  int interrupted_status() const;

  ResultStore& store();
  const std::string& out_dir() const { return out_dir_; }
  const SweepRunSettings& settings() const { return settings_; }

  // Rank 0, when the command is done with the session: releases the MPI ranks.
  void finish();

 private:
  const PreparedSweep& sweep_;
  SweepRunSettings settings_;
  std::string out_dir_;
  std::unique_ptr<ResultStore> store_;
  std::unique_ptr<MpiCoordinator> coordinator_;
  bool finished_ = false;
};

}  // namespace fmsim::cli::sweep
