// What a target-tracking scaler drives (an Application Auto Scaling "scalable target"): something
// with a capacity it can set, which measures itself once per datapoint period. The SageMaker
// endpoints implement it; the scaler (target_tracking_scaler.h) owns the policy.
#pragma once

#include <cstdint>
#include <optional>

namespace fmsim::models {

// One period's measurement.
struct ScalingSample {
  // The metric's datapoint; nullopt when there is nothing to normalise it by (no instance in
  // service), which CloudWatch treats as missing data.
  std::optional<double> metric;
  // Whether anything asked for capacity: an invocation during the period or a request still
  // waiting at its end. Drives the scale-out from zero capacity.
  bool demand = false;
};

class ScalableTarget {
 public:
  virtual ~ScalableTarget() = default;
  // The capacity the scaler controls: instances in service plus those provisioning (instances
  // draining after a scale-in no longer count).
  virtual std::int32_t capacity() const = 0;
  // The datapoint of the period that ends now; starts measuring the next one.
  virtual ScalingSample take_sample() = 0;
  // Applies a new capacity at once (launching or terminating instances).
  virtual void set_capacity(std::int32_t capacity) = 0;
};

}  // namespace fmsim::models
