// One replication's deployment, built from DeploymentSpec: the targets (each behind its SDK retry
// policy), the model client that calls them, and the entry tier in front. A request goes in with
// submit() and its outcome comes out through the OutcomeListener, exactly once:
//   client -> [entry tier] -> model client -> [retries] -> target.
// The deployment records on the request what the caller saw: first token, cold start, attempts.
#pragma once

#include <memory>
#include <vector>

#include "models/core/request.h"
#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/component_factory.h"
#include "models/deployment/deployment_spec.h"
#include "models/metrics/target_metrics.h"

namespace fmsim::models {

class Deployment final : private CallListener {
 public:
  // `targets` receives the per-target figures of the model client (routing, fallbacks).
  Deployment(ServiceContext& ctx, const DeploymentSpec& spec, RequestPool& pool, OutcomeListener& outcomes,
             TargetMetrics& targets);
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  // Before the first request, at t = 0.
  void start();
  // The request arrives now.
  void submit(RequestId id);

 private:
  void on_call_done(CallTag tag, const CallResult& result) override;
  Service& own(std::unique_ptr<Service> s);

  ServiceContext& ctx_;
  RequestPool& pool_;
  OutcomeListener& outcomes_;
  ComponentFactory factory_;
  std::vector<std::unique_ptr<Service>> components_;  // in build order: targets first
  Service* front_ = nullptr;
};

}  // namespace fmsim::models
