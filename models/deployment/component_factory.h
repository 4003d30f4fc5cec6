// Builds each deployment component from its spec: the one place that knows every component class,
// so the Deployment's wiring stays about topology. It also owns what components share (the
// account's Bedrock quota pools).
#pragma once

#include <memory>
#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"

namespace fmsim::models {

class ComponentFactory {
 public:
  explicit ComponentFactory(ServiceContext& ctx);
  ~ComponentFactory();
  ComponentFactory(const ComponentFactory&) = delete;
  ComponentFactory& operator=(const ComponentFactory&) = delete;

  // A target, named by spec.name (cost lines and metric columns use the name).
  std::unique_ptr<Service> target(const TargetSpec& spec);
  // The retry policy of the target's caller, or nullptr when the kind has none (station, batch).
  static const RetrySpec* retry_of(const TargetSpec& spec);

  std::unique_ptr<Service> lambda_function(const LambdaSpec& spec, Service& downstream);
  std::unique_ptr<Service> api_gateway(const ApiGatewaySpec& spec, Service& function);
  std::unique_ptr<Service> orchestrator(const OrchestratorSpec& spec, Service& downstream);
  std::unique_ptr<Service> queue(const QueueSpec& spec, const LambdaSpec& function, Service& downstream);
  std::unique_ptr<Service> retrying(std::string name, const RetrySpec& spec, Service& target);

 private:
  struct Shared;
  ServiceContext& ctx_;
  std::unique_ptr<Shared> shared_;
};

}  // namespace fmsim::models
