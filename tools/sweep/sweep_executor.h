// Runs what a SweepSchedule hands out on N threads (and, under MPI, on the other ranks too),
// committing each finished replication to the store as it arrives, with a progress line on a
// terminal. Ctrl-C stops handing out work, cancels running replications at their next slice and
// returns; everything committed stays.
#pragma once

#include <cstdint>
#include <functional>

#include "tools/sweep/prepared_sweep.h"
#include "tools/sweep/result_store.h"
#include "tools/sweep/sweep_schedule.h"

namespace fmsim::cli::sweep {

class MpiCoordinator;

struct ExecutorOptions {
  unsigned jobs = 0;  // local worker threads; 0: all cores (under MPI, rank 0 defaults to 1)
  bool progress = false;
};

class SweepExecutor {
 public:
  // `mpi` may be null (threads only).
  SweepExecutor(const PreparedSweep& sweep, ResultStore& store, ExecutorOptions options, MpiCoordinator* mpi = nullptr);

  // Runs until `schedule` is finished (true) or Ctrl-C was pressed (false). Throws on a failed
  // replication or store write, after the other running replications have stopped.
  bool run(SweepSchedule& schedule);

  // Installs the SIGINT handler that run() honours (first Ctrl-C: finish cleanly; second: the
  // default action). Call once from main before running.
  static void install_interrupt_handler();
  static bool interrupted();

 private:
  const PreparedSweep& sweep_;
  ResultStore& store_;
  ExecutorOptions options_;
  MpiCoordinator* mpi_;
};

}  // namespace fmsim::cli::sweep
