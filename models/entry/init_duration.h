// How long a new Lambda execution environment spends in its Init phase, by the function's cold
// start model (LambdaSpec::cold_start_model):
//   phases        runtime init + handler/package load + SDK client init, each drawn from its own
//                 distribution (defaults: the seed's 300 + 100 + 200 ms, seed-scenarios R5);
//   memory        Node-like runtime whose init time depends on memory: mean and standard
//                 deviation linear from 265/354 ms at 128 MB to 246/253 ms at 2,048 MB and flat
//                 above (Wang et al., USENIX ATC'18), drawn lognormal with that mean and spread;
//   package_size  interpreted runtime whose init grows with the deployment package: mean linear
//                 through 0.65 s at 16 MB and 3.1 s at 64 MB (2023 package-size benchmarks), never
//                 below 0.25 s (ATC'18's smallest means), lognormal with cv 0.3 (an assumption:
//                 the sources give means only).
// Each draw comes from the component's own streams ("<name>.runtime_init" ...), so changing the
// model of one function leaves every other draw unchanged.
#pragma once

#include <optional>
#include <string>

#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::models {

class InitDuration {
 public:
  InitDuration(const ServiceContext& ctx, const std::string& name, const LambdaSpec& spec);

  sim::Duration sample();

  // The mean of the memory and package-size models, in seconds (exposed for tests and docs).
  static double memory_model_mean_s(std::int32_t memory_mb);
  static double memory_model_sd_s(std::int32_t memory_mb);
  static double package_model_mean_s(double package_mb);
  static constexpr double kPackageModelCv = 0.3;

 private:
  ColdStartModel model_;
  sim::Distribution runtime_init_, handler_load_, sdk_init_;
  std::optional<sim::Distribution> whole_;  // memory and package-size models
  sim::RandomEngine runtime_rng_, handler_rng_, sdk_rng_, whole_rng_;
};

}  // namespace fmsim::models
