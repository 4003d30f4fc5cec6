// Replay of a recorded request trace as an arrival process, read as a stream (TraceReader), with
// time scaling, volume scaling and looping. Memory is O(copies × read buffer), whatever the
// trace's length or the horizon.
//
// Rules (raw times are the file's, relative to its first valid row; n rows, span S = last − first,
// mean gap G = S / (n − 1), or 0 for a one-row trace):
// - Arrival time = offset + time_scale × (raw time + cycle × P + shift of the copy), rounded to
//   the nanosecond. The first row of the first copy arrives at exactly t = offset.
// - loop: pass c of the file is shifted by c × P with P = S + G, so the first row of a new pass
//   comes one mean gap after the last row of the previous pass (no double arrival at the seam,
//   and the long-run rate is n / P). A trace whose rows all share one timestamp cannot loop.
// - volume v: floor(v) full copies plus, if v has a fractional part, one more copy whose rows are
//   each kept with probability frac(v) (for v < 1, the single copy is thinned with probability v).
//   Copy k of c is shifted by k × G / c: the copies interleave inside the average gap, keep the
//   trace's shape at any time scale coarser than G, and do not stack on the same instants. The
//   thinning draws (Boost.Random bernoulli) come from the rng given, in row order.
// - Copies are separate streaming readers merged in time order through a small heap; ties go to
//   the lower copy index, so the sequence is deterministic for a given seed.
// Construction scans the file once (streaming) to validate every row before the run starts and
// to learn n, S and the class names; bad rows follow TraceSpec::bad_rows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/random/bernoulli_distribution.hpp>

#include "models/workload/arrival_process.h"
#include "models/workload/trace_reader.h"
#include "models/workload/workload_spec.h"
#include "sim/random_streams.h"

namespace fmsim::models {

class TraceReplay : public ArrivalProcess {
 public:
  // Throws TraceError for an unreadable or invalid trace (see TraceReader) and
  // std::invalid_argument for time_scale <= 0, volume < 0 (or non-finite) or a negative offset.
  TraceReplay(const TraceSpec& spec, sim::RandomEngine rng);
  ~TraceReplay() override;

  bool next(Arrival& out) override;

  // Valid rows read so far by the replay, over all copies and passes, before thinning.
  std::uint64_t rows_read() const { return rows_read_; }
  // Bad rows in the file (BadRowPolicy::skip), counted once by the validating scan.
  std::uint64_t skipped_rows() const { return skipped_rows_; }
  // The class column's values by class_index, in order of first appearance (empty without one).
  const std::vector<std::string>& class_names() const { return class_names_; }

  std::uint64_t trace_rows() const { return trace_rows_; }  // valid rows in one pass (n)
  sim::Duration span() const;    // time_scale × S: first to last arrival of one copy and pass
  sim::Duration period() const;  // time_scale × (S + G): the loop period
  std::size_t copies() const { return copies_.size(); }

 private:
  struct Copy {
    std::unique_ptr<TraceReader> reader;
    std::int64_t shift_ns = 0;  // raw (unscaled) shift of this copy
    std::int64_t cycle = 0;     // passes completed (loop)
    double keep = 1.0;          // probability a row is kept
    Arrival head;               // the copy's next arrival, when it has one
  };
  // Reads copy k's next kept row into its head; false when the copy is exhausted.
  bool advance(std::size_t k);
  std::int64_t to_sim_ns(std::int64_t raw_ns) const;

  TraceSpec spec_;
  sim::RandomEngine rng_;
  std::vector<Copy> copies_;
  std::vector<std::size_t> heap_;  // copy indices, min-heap on (head.time, index)
  std::uint64_t trace_rows_ = 0, rows_read_ = 0, skipped_rows_ = 0;
  std::int64_t span_raw_ = 0, gap_raw_ = 0, period_raw_ = 0;
  std::vector<std::string> class_names_;
};

}  // namespace fmsim::models
