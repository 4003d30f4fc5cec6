// The progress line of a sweep on a terminal: replications and points done of those planned, and
// the ETA from the average wall time per replication so far. Drawn from the thread that commits
// results; wall-clock time is read here, in the tool, never inside the simulation.
#pragma once

#include <chrono>
#include <cstdint>

namespace fmsim::cli::sweep {

class SweepProgress {
 public:
  // `enabled` false makes every call a no-op. `already` replications were in the store.
  SweepProgress(bool enabled, std::uint64_t already);
  // At most a few redraws a second.
  void update(std::uint64_t done, std::uint64_t planned, std::uint64_t points_done, std::uint64_t points);
  void finish();  // erases the line

 private:
  bool enabled_;
  std::uint64_t already_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace fmsim::cli::sweep
