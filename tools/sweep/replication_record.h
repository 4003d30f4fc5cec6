// What a sweep keeps of one finished replication of one point: the metric values, and the
// run's identity (seed, events, event fingerprint) so that stores from different runs (threads,
// MPI ranks, a resumed sweep) can be compared exactly. Wall time is kept apart from the results.
#pragma once

#include <cstdint>
#include <vector>

namespace fmsim::cli::sweep {

struct WorkItem {
  std::uint64_t point = 0;  // grid index (models/sweep/point_grid.h)
  std::uint64_t replication = 0;
  friend bool operator==(const WorkItem&, const WorkItem&) = default;
};

struct ReplicationRecord {
  std::uint64_t point = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;       // the scenario seed it ran with (replication r draws from (seed, r))
  std::vector<double> values;   // one per sweep metric, in SweepSpec::metrics order; NaN where null
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;
  bool conservation_ok = true;
  double wall_s = 0;  // timing only: never part of a comparison
};

}  // namespace fmsim::cli::sweep
