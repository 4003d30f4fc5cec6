// Where two deployment patterns cross in cost as the traffic volume grows (fmsim breakeven): the
// paired difference of their costs at each swept volume with its confidence interval, the volumes
// where the mean difference changes sign, and around each such crossover the range of volumes
// where the interval still holds zero — the crossover's confidence interval.
//
// Pure analysis over numbers: the command (tools/sweep/breakeven_command.h) runs the sweep and
// hands its costs here.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "models/sweep/student_t.h"

namespace fmsim::models::sweep {

// The swept volumes (strictly increasing, in base units) and how to interpolate between them:
// linearly in the volume, or linearly in its logarithm for a log-spaced axis (all volumes > 0).
struct VolumeScale {
  std::vector<double> volumes;
  bool log = false;
};

// One pattern's costs: [volume][replication]. Replication r of every pattern ran with the same
// random numbers (common random numbers), so costs of two patterns pair by replication. NaN
// marks a replication without a value; it is left out of the pairs at that volume.
using PatternCosts = std::vector<std::vector<double>>;

enum class Cheaper { first, second, neither };

// One end of a crossover's confidence interval.
struct CrossingBound {
  enum class Kind {
    inside,        // `volume` is where the interval stops holding zero, inside the swept range
    beyond_range,  // the interval holds zero up to the end of the range: open-ended; `volume` is that end
    unknown,       // no interval: a volume with fewer than two paired replications
  };
  Kind kind = Kind::unknown;
  double volume = std::numeric_limits<double>::quiet_NaN();
};

struct Crossover {
  double volume = 0;  // where the mean difference is zero (interpolated)
  CrossingBound low;  // lower end of its confidence interval
  CrossingBound high;
  Cheaper below = Cheaper::neither;  // which pattern costs less just below the crossover
  Cheaper above = Cheaper::neither;
};

// `first` against `second` over the swept volumes.
struct PairComparison {
  std::size_t first = 0;  // pattern indices
  std::size_t second = 0;
  // Per volume: cost(first) - cost(second), paired over replications; mean NaN where no pair.
  std::vector<Interval> difference;
  std::vector<Crossover> crossovers;  // in increasing volume
  // Without a crossover: the cheaper pattern wherever the mean difference is not zero (neither
  // when it is zero, or missing, everywhere).
  Cheaper throughout = Cheaper::neither;
  // Whether the interval of the difference excludes zero at every volume that has one.
  bool significant_throughout = false;
};

// One pair. `first` and `second` are aligned with scale.volumes; `first_index`/`second_index`
// are copied into the result. Throws std::invalid_argument when the volumes are not strictly
// increasing (or not positive on a log scale) or a pattern's costs are not one row per volume.
PairComparison compare_pair(const VolumeScale& scale, const PatternCosts& first, const PatternCosts& second,
                            std::size_t first_index = 0, std::size_t second_index = 1,
                            double confidence = 0.95);

// Every pair (a, b) with a < b, in the order (0,1), (0,2), ..., (1,2), ...
std::vector<PairComparison> compare_patterns(const VolumeScale& scale, std::span<const PatternCosts> patterns,
                                             double confidence = 0.95);

// A quantity measured at the swept volumes (e.g. the mean tokens per hour) at `volume`,
// interpolated linearly in the volume — exact for anything proportional to it; NaN outside the
// range or where a neighbouring value is NaN.
double value_at_volume(std::span<const double> volumes, std::span<const double> values, double volume);

}  // namespace fmsim::models::sweep
