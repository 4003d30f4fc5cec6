// A SageMaker asynchronous endpoint: requests go to a queue (S3 + an internal queue) in front of a
// real-time-style fleet of instances, which takes them in order as places free up. The client is
// told when the result is ready, so what it sees is the end-to-end time (queueing + generation);
// nothing is streamed. A request without a result `max_age` (1 h) after it was received ends
// timed_out. The fleet scales on the backlog per instance (requests queued or in service, per
// in-service instance) and may scale to zero: requests then wait for the first instance
// (HasBacklogWithoutCapacity scales it out).
//
// It is the real-time engine (realtime_endpoint.h) configured so: invocation limit = max_age,
// unlimited queue, at_zero = wait, streaming off. Same metric columns and cost line
// (`<name>.instances`) as the real-time endpoint.
#pragma once

#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/realtime_endpoint.h"

namespace fmsim::models {

class AsyncEndpoint final : public Service {
 public:
  AsyncEndpoint(ServiceContext& ctx, std::string name, const SageMakerAsyncSpec& spec);

  void call(const CallInput& input, CallListener& listener, CallTag tag) override { fleet_.call(input, listener, tag); }
  void start() override { fleet_.start(); }

  const RealtimeEndpoint& fleet() const { return fleet_; }

  // The engine's spec for an async endpoint's spec.
  static SageMakerEndpointSpec fleet_spec(const SageMakerAsyncSpec& spec);

 private:
  RealtimeEndpoint fleet_;
};

}  // namespace fmsim::models
