// Sweeps beyond one machine: `mpirun -np N fmsim sweep FILE`. Every rank reads the same sweep
// and prepares the same points; rank 0 owns the schedule and the store and hands out
// (point, replication) items one at a time to whichever rank asks (dynamic distribution), and the
// results come back to it. Only the main thread of a rank calls MPI (MPI_THREAD_FUNNELED).
//
// Built only with FMSIM_WITH_MPI (CMake option, on when Open MPI is found); without it,
// launched_under_mpi() still answers (from the launcher's environment) so that the CLI can say
// that this binary was built without MPI.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "tools/sweep/replication_record.h"

namespace fmsim::cli::sweep {

// True when started by mpirun/mpiexec with more than one rank: OMPI_COMM_WORLD_SIZE (Open MPI's
// mpirun) or PMI_SIZE (MPICH's Hydra, Slurm's PMI-2) above 1 in the environment.
bool launched_under_mpi();

// Whether this binary was built with MPI support.
bool mpi_available();

// MPI_Init_thread(FUNNELED) ... MPI_Finalize. Throws std::runtime_error without MPI support.
class MpiWorld {
 public:
  MpiWorld(int* argc, char*** argv);
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ends every rank at once with `code` (rank 0 on an error the others cannot see).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Rank 0's side. All calls from rank 0's main thread.
class MpiCoordinator {
 public:
  explicit MpiCoordinator(const MpiWorld& world);
  ~MpiCoordinator();

  // Never blocks: answers waiting requests with items from `next` (a request that finds no item
  // waits for a later poll), and passes every result that has arrived to `done`. A worker's
  // failure is rethrown here as std::runtime_error("rank R: what").
  void poll(const std::function<std::optional<WorkItem>()>& next,
            const std::function<void(ReplicationRecord&&)>& done);

  // Items handed to ranks whose results have not come back yet.
  std::size_t outstanding() const;

  // Tells every worker rank to return from run_mpi_worker (answering its waiting request).
  // Call once, when the whole command is done (a plan runs several schedules first).
  void stop_workers();

 private:
  struct Impl;
  Impl* impl_;
};

// Ranks 1..N-1: ask rank 0 for an item, run it with `run`, send the record back, until told to
// stop. An exception from `run` is sent to rank 0 as a failure, then the worker returns.
void run_mpi_worker(const std::function<ReplicationRecord(const WorkItem&)>& run);

}  // namespace fmsim::cli::sweep
