// The plain structs a sweep, plan or break-even file is read into (models/scenario/sweep_reader.h
// reads them; nothing else knows YAML). A sweep is a base scenario, fixed overrides, axes whose
// values are scenario overrides (or whole variant scenarios), constraints between axes, the
// replications per point and the summary metrics to keep. Axis values are expanded here: a range
// is already its list of values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/override.h"

namespace fmsim::models::sweep {

// Where something was written, for one-line errors after reading (FILE:LINE:COL: key: what).
struct SourceSpot {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;
  std::string key;  // the key path in the sweep file, e.g. "metrics[2]" or "axes[0].range.step"
};

// What a value of an axis does to the scenario.
struct AxisValue {
  std::string label;  // the value as stored and printed: "3", "5min", "1000/day", or a variant's name
  std::optional<std::string> scenario_path;  // variants only: a different base scenario (resolved path)
  std::vector<Override> overrides;           // applied after the sweep's fixed `set:`
  // The value in base units (seconds, per second, USD, a plain number or count) for constraints,
  // plots and crossovers; nullopt for variants and for non-numeric list entries.
  std::optional<double> numeric;
};

enum class AxisScale { list, linear, log, variants };

struct AxisSpec {
  std::string name;  // column name: the `name:` given, else the key path
  std::string key;   // the scenario key path it sets; empty for a variant axis
  AxisScale scale = AxisScale::list;
  std::vector<AxisValue> values;  // in the order given or generated; never empty after reading
  SourceSpot where;
};

enum class CompareOp { lt, le, gt, ge, eq, ne };

// One side of a constraint: an axis (by index into SweepSpec::axes) or a constant in base units.
struct Operand {
  std::optional<std::size_t> axis;
  double constant = 0;
};

// `left op right` between axes' numeric values, e.g. "min_instances <= max_instances". A point
// that violates any constraint is not part of the sweep.
struct ConstraintSpec {
  std::string text;
  Operand left;
  CompareOp op = CompareOp::le;
  Operand right;
  SourceSpot where;
};

// A summary field kept per replication: a dotted path into the replication's summary.json
// ("latency_s.p99", "cost_usd.per_month_30d", "windows.worst_hour.p99_s"). Checked against a
// probe run's summary before anything runs (tools/sweep/summary_metrics.h).
struct MetricSpec {
  std::string path;
  SourceSpot where;
};

// Add replications to a point until the 95 % CI half-width of `metric` is at most `half_width`
// (absolute, in the metric's unit) or `relative` × |mean|; at least `min`, at most `max`.
struct SequentialStopping {
  std::size_t metric = 0;  // index into SweepSpec::metrics
  std::optional<double> half_width;
  std::optional<double> relative;
  std::uint64_t min_replications = 5;
  std::uint64_t max_replications = 100;
  std::uint64_t batch = 2;  // replications added at a time
  SourceSpot where;
};

struct SweepSpec {
  std::string name;           // defaults to the file's stem
  std::string source_path;    // the sweep file
  std::string source_sha256;  // of the sweep file's bytes: a store made by another file is refused on --resume
  std::string base_scenario;  // resolved path (relative paths are relative to the sweep file)
  std::vector<Override> fixed;  // `set:` applied to every point, before the axes
  std::vector<AxisSpec> axes;   // may be empty: one point, the base scenario
  std::vector<ConstraintSpec> constraints;
  std::uint64_t replications = 1;  // per point (the minimum, with sequential stopping)
  std::optional<SequentialStopping> stopping;
  std::vector<MetricSpec> metrics;  // at least one
  std::optional<std::uint64_t> seed;  // overrides every point's scenario seed
  // true: replication r of every point uses (seed, r) — common random numbers. false: every
  // point has its own seed (see point_seed), for comparison.
  bool common_random_numbers = true;
};

// ---- fmsim plan -------------------------------------------------------------------------------

// How a knob's values (in the order given) affect the requirements. `more_is_better`: a later
// value never makes a requirement worse and never costs less (model units, instances,
// provisioned concurrency). `less_is_better`: the reverse. `categorical`: no order (instance type).
enum class KnobDirection { more_is_better, less_is_better, categorical };

// A requirement on a metric: the one-sided upper (for <=) or lower (for >=) confidence bound of
// its mean over the replications must satisfy `op bound`.
struct Requirement {
  std::size_t metric = 0;  // index into SweepSpec::metrics
  CompareOp op = CompareOp::le;  // le or ge only
  double bound = 0;        // in the metric's unit (seconds, a share, USD, a count)
  std::string text;        // as written, e.g. "windows.worst_hour.p99_s <= 3s"
  SourceSpot where;
};

struct PlanSpec {
  SweepSpec sweep;  // axes are the knobs; metrics hold the objective and every requirement's metric
  std::vector<KnobDirection> directions;  // one per axis
  std::vector<Requirement> requirements;
  std::size_t objective = 0;  // metric minimised (its mean): default cost_usd.per_month_30d
  double confidence = 0.95;   // of the one-sided bounds
};

// ---- fmsim breakeven ----------------------------------------------------------------------------

struct BreakevenSpec {
  SweepSpec sweep;  // axes: [patterns (variants), volume (linear or log)]
  std::size_t pattern_axis = 0;
  std::size_t volume_axis = 1;
  std::size_t cost_metric = 0;  // index into sweep.metrics: default cost_usd.per_month_30d
  // Optional metric used to express crossovers also in tokens per hour (e.g.
  // "workload.tokens_per_hour"); nullopt when not asked for.
  std::optional<std::size_t> tokens_metric;
};

}  // namespace fmsim::models::sweep
