// Init-phase durations by cold start model (see init_duration.h for the figures and sources).
#include "models/entry/init_duration.h"

#include <algorithm>

namespace fmsim::models {

namespace {

double interpolate_memory(std::int32_t memory_mb, double at_128, double at_2048) {
  const double m = std::clamp(static_cast<double>(memory_mb), 128.0, 2048.0);
  return at_128 + (at_2048 - at_128) * (m - 128.0) / (2048.0 - 128.0);
}

// Draws are clamped at zero: a duration may not be negative whatever an empirical table says.
sim::Duration seconds(double s) { return sim::Duration::from_seconds(s > 0 ? s : 0); }

}  // namespace

double InitDuration::memory_model_mean_s(std::int32_t memory_mb) { return interpolate_memory(memory_mb, 0.265, 0.246); }
double InitDuration::memory_model_sd_s(std::int32_t memory_mb) { return interpolate_memory(memory_mb, 0.354, 0.253); }

double InitDuration::package_model_mean_s(double package_mb) {
  const double slope = (3.1 - 0.65) / (64.0 - 16.0);
  return std::max(0.25, 0.65 + slope * (package_mb - 16.0));
}

InitDuration::InitDuration(const ServiceContext& ctx, const std::string& name, const LambdaSpec& spec)
    : model_(spec.cold_start_model),
      runtime_init_(spec.runtime_init),
      handler_load_(spec.handler_load),
      sdk_init_(spec.sdk_init),
      runtime_rng_(ctx.stream(name, "runtime_init")),
      handler_rng_(ctx.stream(name, "handler_load")),
      sdk_rng_(ctx.stream(name, "sdk_init")),
      whole_rng_(ctx.stream(name, "init")) {
  switch (model_) {
    case ColdStartModel::phases:
      break;
    case ColdStartModel::memory: {
      const double mean = memory_model_mean_s(spec.memory_mb);
      whole_ = sim::Distribution::lognormal_mean_cv(mean, memory_model_sd_s(spec.memory_mb) / mean);
      break;
    }
    case ColdStartModel::package_size:
      whole_ = sim::Distribution::lognormal_mean_cv(package_model_mean_s(spec.package_mb), kPackageModelCv);
      break;
  }
}

sim::Duration InitDuration::sample() {
  if (whole_) return seconds(whole_->sample(whole_rng_));
  // Three draws, one per phase, each from its own stream.
  const double runtime = runtime_init_.sample(runtime_rng_);
  const double handler = handler_load_.sample(handler_rng_);
  const double sdk = sdk_init_.sample(sdk_rng_);
  return seconds(runtime) + seconds(handler) + seconds(sdk);
}

}  // namespace fmsim::models
