// Spec -> component, for every kind.
#include "models/deployment/component_factory.h"

#include "models/bedrock/bedrock_batch.h"
#include "models/bedrock/bedrock_on_demand.h"
#include "models/bedrock/bedrock_provisioned.h"
#include "models/bedrock/quota_pools.h"
#include "models/client/retrying_caller.h"
#include "models/deployment/station_target.h"
#include "models/entry/api_gateway.h"
#include "models/entry/lambda_function.h"
#include "models/entry/orchestrator.h"
#include "models/entry/queue_entry.h"
#include "models/sagemaker/async_endpoint.h"
#include "models/sagemaker/batch_transform.h"
#include "models/sagemaker/realtime_endpoint.h"
#include "models/sagemaker/serverless_endpoint.h"

namespace fmsim::models {

struct ComponentFactory::Shared {
  BedrockQuotaPools quotas;
};

ComponentFactory::ComponentFactory(ServiceContext& ctx) : ctx_(ctx), shared_(std::make_unique<Shared>()) {}
ComponentFactory::~ComponentFactory() = default;

std::unique_ptr<Service> ComponentFactory::target(const TargetSpec& t) {
  switch (t.kind) {
    case TargetKind::station: return std::make_unique<StationTarget>(ctx_, t.name, t.station);
    case TargetKind::bedrock_on_demand:
      return std::make_unique<BedrockOnDemand>(ctx_, t.name, t.on_demand, shared_->quotas);
    case TargetKind::bedrock_provisioned: return std::make_unique<BedrockProvisioned>(ctx_, t.name, t.provisioned);
    case TargetKind::bedrock_batch: return std::make_unique<BedrockBatch>(ctx_, t.name, t.on_demand, t.batch_job);
    case TargetKind::sagemaker_realtime: return std::make_unique<RealtimeEndpoint>(ctx_, t.name, t.endpoint);
    case TargetKind::sagemaker_serverless: return std::make_unique<ServerlessEndpoint>(ctx_, t.name, t.serverless);
    case TargetKind::sagemaker_async: return std::make_unique<AsyncEndpoint>(ctx_, t.name, t.async);
    case TargetKind::sagemaker_batch: return std::make_unique<BatchTransform>(ctx_, t.name, t.batch_job);
  }
  return nullptr;
}

const RetrySpec* ComponentFactory::retry_of(const TargetSpec& t) {
  switch (t.kind) {
    case TargetKind::bedrock_on_demand: return &t.on_demand.retry;
    case TargetKind::bedrock_provisioned: return &t.provisioned.retry;
    case TargetKind::sagemaker_realtime: return &t.endpoint.retry;
    case TargetKind::sagemaker_serverless: return &t.serverless.retry;
    case TargetKind::sagemaker_async: return &t.async.endpoint.retry;
    case TargetKind::station:
    case TargetKind::bedrock_batch:
    case TargetKind::sagemaker_batch: return nullptr;
  }
  return nullptr;
}

std::unique_ptr<Service> ComponentFactory::lambda_function(const LambdaSpec& spec, Service& downstream) {
  return std::make_unique<LambdaFunction>(ctx_, "function", spec, downstream);
}
std::unique_ptr<Service> ComponentFactory::api_gateway(const ApiGatewaySpec& spec, Service& function) {
  return std::make_unique<ApiGateway>(ctx_, "api_gateway", spec, function);
}
std::unique_ptr<Service> ComponentFactory::orchestrator(const OrchestratorSpec& spec, Service& downstream) {
  return std::make_unique<Orchestrator>(ctx_, "orchestrator", spec, downstream);
}
std::unique_ptr<Service> ComponentFactory::queue(const QueueSpec& spec, const LambdaSpec& function,
                                                 Service& downstream) {
  return std::make_unique<QueueEntry>(ctx_, "queue", spec, function, downstream);
}
std::unique_ptr<Service> ComponentFactory::retrying(std::string name, const RetrySpec& spec, Service& target) {
  return std::make_unique<RetryingCaller>(ctx_, std::move(name), spec, target);
}

}  // namespace fmsim::models
