// The progress line of long runs on a terminal: simulated time, % done, events/s and ETA,
// redrawn in place on stderr at most a few times a second. Replication threads report their
// simulated time; wall-clock time is read here, in the tool, never inside the simulation.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "sim/time.h"

namespace fmsim::cli {

class ProgressLine {
 public:
  // `enabled` false makes every call a no-op (not a terminal, or --no-progress).
  ProgressLine(bool enabled, sim::Duration horizon, std::size_t replications);
  // Thread-safe. `events` is that replication's events processed so far.
  void update(std::size_t replication, sim::SimTime now, std::uint64_t events);
  // Erases the line.
  void finish();

 private:
  bool enabled_;
  sim::Duration horizon_;
  std::vector<std::atomic<std::int64_t>> done_ns_;
  std::vector<std::atomic<std::uint64_t>> events_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex draw_mutex_;
};

}  // namespace fmsim::cli
