// Which (point, replication) runs next. Fixed replications: every point gets 0..R-1. Sequential
// stopping: every point gets `min`, then, each time all of a point's scheduled replications are
// in, the CI half-width of the stopping metric over replications 0..k-1 decides whether `batch`
// more are added (up to `max`). The decision uses only a point's own contiguous replications, so
// what runs does not depend on thread count, MPI ranks or the order results come back.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <optional>
#include <vector>

#include "models/sweep/sweep_spec.h"
#include "tools/sweep/replication_record.h"

namespace fmsim::cli::sweep {

class SweepSchedule {
 public:
  // `points`: grid indices to run, in the order they should start.
  SweepSchedule(const models::sweep::SweepSpec& spec, const std::vector<std::uint64_t>& points);

  // A replication already in the store (--resume): counts as done, is not run again.
  void restore(const ReplicationRecord& r);

  // The next item to run, or nullopt when none can start now (all handed out; with sequential
  // stopping, more may follow once running ones complete).
  std::optional<WorkItem> next();
  void complete(const ReplicationRecord& r);

  bool finished() const;          // nothing left to hand out and nothing running
  std::uint64_t done() const { return done_; }
  std::uint64_t planned() const;  // done + running + waiting (grows under sequential stopping)
  std::uint64_t points() const { return points_.size(); }
  std::uint64_t points_done() const { return points_done_; }  // points with every replication in, for good
  // Replications of `point` scheduled so far (for reports: how many sequential stopping chose).
  std::uint64_t scheduled_for(std::uint64_t point) const;

 private:
  struct PointState {
    std::uint64_t scheduled = 0;  // replications 0..scheduled-1 are queued, running or done
    std::uint64_t completed = 0;
    std::map<std::uint64_t, double> stop_metric;  // replication -> value of the stopping metric
  };
  void decide(std::uint64_t point, PointState& s);
  void enqueue(std::uint64_t point, PointState& s, std::uint64_t count);

  const models::sweep::SweepSpec& spec_;
  std::map<std::uint64_t, PointState> points_;
  std::deque<WorkItem> queue_;
  std::set<std::pair<std::uint64_t, std::uint64_t>> restored_;
  std::uint64_t done_ = 0;
  std::uint64_t running_ = 0;
  std::uint64_t skipped_ = 0;
  std::uint64_t points_done_ = 0;  // queued items that restore() found done
};

}  // namespace fmsim::cli::sweep
