// AsyncEndpoint: the real-time engine with the async endpoint's limits.
#include "models/sagemaker/async_endpoint.h"

#include <stdexcept>

namespace fmsim::models {

SageMakerEndpointSpec AsyncEndpoint::fleet_spec(const SageMakerAsyncSpec& spec) {
  if (spec.max_age <= sim::Duration::zero()) throw std::invalid_argument("AsyncEndpoint: max_age must be > 0");
  SageMakerEndpointSpec s = spec.endpoint;
  s.invocation_timeout = spec.max_age;
  s.queue_capacity.reset();
  s.at_zero = ZeroCapacityPolicy::wait;
  s.streaming = false;
  return s;
}

AsyncEndpoint::AsyncEndpoint(ServiceContext& ctx, std::string name, const SageMakerAsyncSpec& spec)
    : fleet_(ctx, std::move(name), fleet_spec(spec)) {}

}  // namespace fmsim::models
