// Construction, sampling and analytic moments of Distribution.
#include "sim/distribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

namespace fmsim::sim {

namespace {
// Standard normal quantile at 0.99.
constexpr double kZ99 = 2.3263478740408408;

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}
bool finite(double x) { return std::isfinite(x); }
}  // namespace

Distribution Distribution::constant(double value) {
  require(finite(value), "constant: value must be finite");
  Distribution d;
  d.kind_ = Kind::constant;
  d.a_ = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require(finite(mean) && mean > 0, "exponential: mean must be > 0");
  Distribution d;
  d.kind_ = Kind::exponential;
  d.a_ = mean;
  d.engine_dist_ = boost::random::exponential_distribution<double>(1.0 / mean);
  return d;
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require(finite(mu) && finite(sigma) && sigma >= 0, "lognormal: sigma must be >= 0");
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.a_ = mu;
  d.b_ = sigma;
  d.engine_dist_ = boost::random::lognormal_distribution<double>(mu, sigma);
  return d;
}

Distribution Distribution::lognormal_median_sigma(double median, double sigma) {
  require(finite(median) && median > 0, "lognormal: median must be > 0");
  return lognormal(std::log(median), sigma);
}

Distribution Distribution::lognormal_mean_cv(double mean, double cv) {
  require(finite(mean) && mean > 0, "lognormal: mean must be > 0");
  require(finite(cv) && cv >= 0, "lognormal: cv must be >= 0");
  const double s2 = std::log1p(cv * cv);
  return lognormal(std::log(mean) - s2 / 2, std::sqrt(s2));
}

Distribution Distribution::lognormal_p50_p99(double p50, double p99) {
  require(finite(p50) && p50 > 0, "lognormal: p50 must be > 0");
  require(finite(p99) && p99 >= p50, "lognormal: p99 must be >= p50");
  return lognormal(std::log(p50), std::log(p99 / p50) / kZ99);
}

Distribution Distribution::gamma(double shape, double scale) {
  require(finite(shape) && shape > 0, "gamma: shape must be > 0");
  require(finite(scale) && scale > 0, "gamma: scale must be > 0");
  Distribution d;
  d.kind_ = Kind::gamma;
  d.a_ = shape;
  d.b_ = scale;
  d.engine_dist_ = boost::random::gamma_distribution<double>(shape, scale);
  return d;
}

Distribution Distribution::gamma_mean_cv(double mean, double cv) {
  require(finite(mean) && mean > 0, "gamma: mean must be > 0");
  require(finite(cv) && cv > 0, "gamma: cv must be > 0");
  const double shape = 1.0 / (cv * cv);
  return gamma(shape, mean / shape);
}

Distribution Distribution::uniform(double lo, double hi) {
  require(finite(lo) && finite(hi) && lo <= hi, "uniform: need lo <= hi");
  Distribution d;
  d.kind_ = Kind::uniform;
  d.a_ = lo;
  d.b_ = hi;
  d.engine_dist_ = boost::random::uniform_real_distribution<double>(lo, hi);
  return d;
}

Distribution Distribution::empirical_samples(std::vector<double> samples) {
  require(!samples.empty(), "empirical: samples must not be empty");
  for (double x : samples) require(finite(x), "empirical: samples must be finite");
  Distribution d;
  d.kind_ = Kind::empirical_samples;
  d.samples_ = std::move(samples);
  return d;
}

Distribution Distribution::empirical_quantiles(std::vector<std::pair<double, double>> points) {
  require(points.size() >= 2, "empirical quantiles: need at least two points");
  require(points.front().first == 0.0 && points.back().first == 1.0,
          "empirical quantiles: probabilities must run from 0 to 1");
  for (std::size_t i = 0; i < points.size(); ++i) {
    require(finite(points[i].second), "empirical quantiles: values must be finite");
    if (i > 0) {
      require(points[i].first > points[i - 1].first, "empirical quantiles: probabilities must increase");
      require(points[i].second >= points[i - 1].second, "empirical quantiles: values must not decrease");
    }
  }
  Distribution d;
  d.kind_ = Kind::empirical_quantiles;
  d.points_ = std::move(points);
  return d;
}

double Distribution::sample(RandomEngine& rng) {
  switch (kind_) {
    case Kind::constant:
      return a_;
    case Kind::exponential:
      return std::get<boost::random::exponential_distribution<double>>(engine_dist_)(rng);
    case Kind::lognormal:
      return std::get<boost::random::lognormal_distribution<double>>(engine_dist_)(rng);
    case Kind::gamma:
      return std::get<boost::random::gamma_distribution<double>>(engine_dist_)(rng);
    case Kind::uniform:
      // Boost's generator loops until it draws a value < hi, which never happens when lo == hi.
      if (a_ == b_) return a_;
      return std::get<boost::random::uniform_real_distribution<double>>(engine_dist_)(rng);
    case Kind::empirical_samples: {
      boost::random::uniform_int_distribution<std::size_t> pick(0, samples_.size() - 1);
      return samples_[pick(rng)];
    }
    case Kind::empirical_quantiles: {
      boost::random::uniform_01<double> u01;
      return quantile(u01(rng));
    }
  }
  return a_;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::constant: return a_;
    case Kind::exponential: return a_;
    case Kind::lognormal: return std::exp(a_ + b_ * b_ / 2);
    case Kind::gamma: return a_ * b_;
    case Kind::uniform: return (a_ + b_) / 2;
    case Kind::empirical_samples: {
      double s = 0;
      for (double x : samples_) s += x;
      return s / static_cast<double>(samples_.size());
    }
    case Kind::empirical_quantiles: {
      // Piecewise-linear inverse CDF: the mean is the area under it, segment by segment.
      double m = 0;
      for (std::size_t i = 1; i < points_.size(); ++i) {
        m += (points_[i].first - points_[i - 1].first) * (points_[i].second + points_[i - 1].second) / 2;
      }
      return m;
    }
  }
  return a_;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::constant: return 0;
    case Kind::exponential: return a_ * a_;
    case Kind::lognormal: return std::expm1(b_ * b_) * std::exp(2 * a_ + b_ * b_);
    case Kind::gamma: return a_ * b_ * b_;
    case Kind::uniform: return (b_ - a_) * (b_ - a_) / 12;
    case Kind::empirical_samples: {
      const double m = mean();
      double s = 0;
      for (double x : samples_) s += (x - m) * (x - m);
      return s / static_cast<double>(samples_.size());
    }
    case Kind::empirical_quantiles: {
      // E[X^2] over each linear segment x(p) = x0 + (x1-x0)(p-p0)/(p1-p0).
      double m2 = 0;
      for (std::size_t i = 1; i < points_.size(); ++i) {
        const double x0 = points_[i - 1].second, x1 = points_[i].second;
        m2 += (points_[i].first - points_[i - 1].first) * (x0 * x0 + x0 * x1 + x1 * x1) / 3;
      }
      const double m = mean();
      return m2 - m * m;
    }
  }
  return 0;
}

double Distribution::quantile(double p) const {
  p = std::clamp(p, 0.0, 1.0);
  switch (kind_) {
    case Kind::constant: return a_;
    case Kind::exponential: return -a_ * std::log1p(-p);
    case Kind::lognormal: {
      if (p <= 0) return 0;
      if (p >= 1) return INFINITY;
      return std::exp(a_ + b_ * std::sqrt(2.0) * boost::math::erf_inv(2 * p - 1));
    }
    case Kind::gamma: {
      if (p >= 1) return INFINITY;
      return boost::math::quantile(boost::math::gamma_distribution<double>(a_, b_), p);
    }
    case Kind::uniform: return a_ + p * (b_ - a_);
    case Kind::empirical_samples: {
      std::vector<double> sorted = samples_;
      std::sort(sorted.begin(), sorted.end());
      const auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
      return sorted[idx == 0 ? 0 : idx - 1];
    }
    case Kind::empirical_quantiles: {
      const auto it = std::lower_bound(points_.begin(), points_.end(), p,
                                       [](const auto& pt, double v) { return pt.first < v; });
      if (it == points_.begin()) return it->second;
      const auto& hi = *it;
      const auto& lo = *(it - 1);
      return lo.second + (hi.second - lo.second) * (p - lo.first) / (hi.first - lo.first);
    }
  }
  return a_;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::constant: return fmt::format("constant({:g})", a_);
    case Kind::exponential: return fmt::format("exponential(mean={:g})", a_);
    case Kind::lognormal: return fmt::format("lognormal(mu={:g}, sigma={:g})", a_, b_);
    case Kind::gamma: return fmt::format("gamma(shape={:g}, scale={:g})", a_, b_);
    case Kind::uniform: return fmt::format("uniform({:g}, {:g})", a_, b_);
    case Kind::empirical_samples: return fmt::format("empirical({} samples)", samples_.size());
    case Kind::empirical_quantiles: return fmt::format("empirical({} quantile points)", points_.size());
  }
  return "?";
}

}  // namespace fmsim::sim
