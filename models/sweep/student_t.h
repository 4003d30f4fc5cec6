// Confidence intervals over replications (Student t): of a mean, of a paired difference (common
// random numbers: replication r of two points) and of an unpaired difference (Welch), plus the
// one-sided bounds a plan's requirements are tested with.
#pragma once

#include <cstddef>
#include <span>

namespace fmsim::models::sweep {

struct Interval {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;      // sample standard deviation (n - 1); NaN when n < 2
  double half_width = 0;  // two-sided, at the confidence asked; NaN when n < 2
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

// Mean ± t(1 - (1 - confidence)/2, n - 1) · s / √n. Empty input: everything NaN.
Interval student_t_interval(std::span<const double> values, double confidence = 0.95);

// The interval of the mean of a[i] - b[i] (a and b the same length).
Interval paired_difference(std::span<const double> a, std::span<const double> b, double confidence = 0.95);

// The interval of mean(a) - mean(b) for independent samples, Welch–Satterthwaite degrees of freedom.
// Its `stddev` is the standard error of the difference, sqrt(s_a²/n_a + s_b²/n_b).
Interval welch_difference(std::span<const double> a, std::span<const double> b, double confidence = 0.95);

// One-sided bounds: mean + t(confidence, n - 1) · s / √n (upper) or mean - ... (lower). NaN when
// n < 2: one replication supports no confidence claim.
double upper_confidence_bound(std::span<const double> values, double confidence = 0.95);
double lower_confidence_bound(std::span<const double> values, double confidence = 0.95);

}  // namespace fmsim::models::sweep
