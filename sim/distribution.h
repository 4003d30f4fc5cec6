// A random variable over doubles, in whatever unit its parameters are in (seconds for service
// times, tokens for token counts). One value type with a closed set of kinds, sampled by a
// switch: no virtual call and no allocation per draw. Draws use Boost.Random's distributions,
// whose output is the same on every platform (the standard library's are not).
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "sim/random_streams.h"

namespace fmsim::sim {

class Distribution {
 public:
  enum class Kind { constant, exponential, lognormal, gamma, uniform, empirical_samples, empirical_quantiles };

  // Preconditions (checked by the scenario loader, asserted here by std::invalid_argument):
  // finite parameters, means/scales > 0, sigma >= 0, lo <= hi, non-empty samples, quantile
  // points with p strictly increasing from 0 to 1 and non-decreasing values.
  static Distribution constant(double value);
  static Distribution exponential(double mean);
  // Lognormal by the underlying normal's mu and sigma, or by friendlier parameters.
  static Distribution lognormal(double mu, double sigma);
  static Distribution lognormal_median_sigma(double median, double sigma);
  static Distribution lognormal_mean_cv(double mean, double cv);
  static Distribution lognormal_p50_p99(double p50, double p99);
  static Distribution gamma(double shape, double scale);
  static Distribution gamma_mean_cv(double mean, double cv);
  static Distribution uniform(double lo, double hi);
  // Each sample equally likely.
  static Distribution empirical_samples(std::vector<double> samples);
  // Piecewise-linear inverse CDF through (probability, value) points.
  static Distribution empirical_quantiles(std::vector<std::pair<double, double>> points);

  double sample(RandomEngine& rng);
  Kind kind() const { return kind_; }
  double mean() const;
  double variance() const;
  // Inverse CDF at p in [0, 1].
  double quantile(double p) const;
  std::string describe() const;

 private:
  Distribution() = default;
  Kind kind_ = Kind::constant;
  double a_ = 0;  // constant: value; exponential: mean; lognormal: mu; gamma: shape; uniform: lo
  double b_ = 0;  // lognormal: sigma; gamma: scale; uniform: hi
  std::variant<std::monostate, boost::random::exponential_distribution<double>,
               boost::random::lognormal_distribution<double>, boost::random::gamma_distribution<double>,
               boost::random::uniform_real_distribution<double>>
      engine_dist_;
  std::vector<double> samples_;
  std::vector<std::pair<double, double>> points_;
};

}  // namespace fmsim::sim
