// Reading the deployment keys (`entry`, `targets`, `router`) into DeploymentSpec. The dispatcher
// (deployment_reader.cpp) reads `kind` and hands each block to the reader of its kind below; each
// kind's reader first calls MappingReader::allow_only with the keys its kind takes, so a key that
// belongs to another kind is an error naming the kind, never silently ignored. Catalog names
// (models, instance types) are resolved against `catalog` here, with a did-you-mean when unknown.
#pragma once

#include "models/deployment/deployment_spec.h"
#include "models/pricing/price_catalog.h"
#include "models/scenario/mapping_reader.h"

namespace fmsim::models {

// The whole deployment. `root` is the scenario's top-level mapping.
DeploymentSpec read_deployment(const MappingReader& root, const PriceCatalog& catalog);

// The router's ordered rules (router_reader.cpp): reads `router.rules` of the top-level mapping
// `root` into deployment.router.rules, resolving target names against deployment.targets and
// `classes:` / `tags:` against the workload's classes, so it runs after both are read.
void read_router_rules(const MappingReader& root, const WorkloadSpec& workload, DeploymentSpec& deployment);

// Fails when a Bedrock on-demand target's tokens-per-minute quota cannot pass even a typical
// call of some request class (median prompt, and for agents the last step's prompt, plus
// max_tokens or the model's maximum when unset): every such call would be throttled forever.
void check_quotas_fit(const MappingReader& root, const DeploymentSpec& deployment, const WorkloadSpec& workload);

// Shared: a `retry` block over the given defaults.
RetrySpec read_retry(const FieldReader& f, RetrySpec defaults);

// Entry tiers (entry_reader.cpp). `block` is the `entry` mapping.
EntrySpec read_entry(const MappingReader& block, const PriceCatalog& catalog);

// Targets by kind; `m` is the target's mapping (schema::kTarget).
void read_station_target(const MappingReader& m, StationSpec& out);
void read_bedrock_on_demand(const MappingReader& m, const PriceCatalog& catalog, BedrockOnDemandSpec& out);
void read_bedrock_provisioned(const MappingReader& m, const PriceCatalog& catalog, BedrockProvisionedSpec& out);
void read_bedrock_batch(const MappingReader& m, const PriceCatalog& catalog, BedrockOnDemandSpec& model,
                        BatchJobSpec& job);
void read_sagemaker_realtime(const MappingReader& m, const PriceCatalog& catalog, SageMakerEndpointSpec& out);
void read_sagemaker_async(const MappingReader& m, const PriceCatalog& catalog, SageMakerAsyncSpec& out);
void read_sagemaker_serverless(const MappingReader& m, const PriceCatalog& catalog, SageMakerServerlessSpec& out);
void read_sagemaker_batch(const MappingReader& m, const PriceCatalog& catalog, BatchJobSpec& out);

}  // namespace fmsim::models
