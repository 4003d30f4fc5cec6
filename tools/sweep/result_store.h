// The sweep results store: an embedded SQLite database in WAL mode. Each finished replication is
// one transaction (its metric row and its timing row), so a sweep killed at any moment keeps
// every replication committed before the kill and never a half-written row; `--resume` reopens
// it and skips what is there. The schema is in docs/sweeps.md.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/sweep/replication_record.h"

namespace fmsim::cli::sweep {

// A store that cannot be opened, belongs to another sweep, or failed to write. One line.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What identifies a sweep in its store. A store is resumed only by the sweep that made it:
// `definition_sha256` must match (it covers the sweep file, command-line overrides, the seed and
// the common-random-numbers choice).
struct StoreLayout {
  std::string sweep_name;
  std::string definition_sha256;
  std::string definition_json;  // a readable record of the sweep, kept in the `sweep` table
  std::vector<std::string> axis_names;
  std::vector<std::string> metric_names;  // summary paths, in SweepSpec::metrics order
};

struct StoredPoint {
  std::uint64_t index = 0;          // grid index
  std::vector<std::string> labels;  // one per axis
};

enum class StoreOpen {
  create,     // the file must not exist yet (or be an empty store)
  resume,     // open an existing store of the same sweep, or create it
  overwrite,  // delete what is there and start again
};

class ResultStore {
 public:
  // Throws StoreError: "PATH: exists and holds N replications of sweep NAME; use --resume to
  // continue it or --overwrite to start again", "PATH: made by a different sweep (...)", ...
  ResultStore(const std::string& path, const StoreLayout& layout, StoreOpen mode);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  // Registers points (labels per axis); points already there are left as they are. One transaction.
  void add_points(const std::vector<StoredPoint>& points);

  // Commits one replication: its metric values (NaN stored as NULL) and its timing. One
  // transaction; throws StoreError on failure. Recording the same (point, replication) twice
  // is an error.
  void record(const ReplicationRecord& r);

  // Everything committed, ordered by (point, replication); wall_s filled from the timing table.
  std::vector<ReplicationRecord> records() const;

  const std::string& path() const;
  const StoreLayout& layout() const;

  // Writes DIR/points.csv (per point: grid index, axis labels, replications, then for each
  // metric mean, stddev, ci95_low, ci95_high) and DIR/replications.csv (one row per
  // replication: point, axis labels, replication, seed, metrics, events, fingerprint). Each is
  // written to NAME.partial and renamed. Byte-identical for identical stores.
  void export_csv(const std::string& dir) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fmsim::cli::sweep
