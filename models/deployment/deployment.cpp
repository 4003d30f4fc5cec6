// Wiring the deployment's components into one chain.
#include "models/deployment/deployment.h"

#include <stdexcept>

#include "models/deployment/model_client.h"

namespace fmsim::models {

namespace {
Outcome outcome_of(CallStatus s) {
  switch (s) {
    case CallStatus::ok: return Outcome::ok;
    case CallStatus::throttled: return Outcome::throttled;
    case CallStatus::timed_out: return Outcome::timed_out;
    case CallStatus::error: return Outcome::error;
    case CallStatus::rejected: return Outcome::rejected;
  }
  return Outcome::error;
}
}  // namespace

Service& Deployment::own(std::unique_ptr<Service> s) {
  components_.push_back(std::move(s));
  return *components_.back();
}

Deployment::Deployment(ServiceContext& ctx, const DeploymentSpec& spec, RequestPool& pool, OutcomeListener& outcomes,
                       TargetMetrics& targets)
    : ctx_(ctx), pool_(pool), outcomes_(outcomes), factory_(ctx) {
  std::vector<Service*> callable;
  RouterSpec router = spec.router;  // the default by name wins, for specs built without the loader
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const TargetSpec& t = spec.targets[i];
    Service* s = &own(factory_.target(t));
    if (const RetrySpec* retry = ComponentFactory::retry_of(t); retry && retry->max_attempts > 1)
      s = &own(factory_.retrying(t.name + ".sdk", *retry, *s));
    callable.push_back(s);
    if (t.name == spec.router.default_target) router.default_index = static_cast<std::int32_t>(i);
  }
  if (callable.empty()) throw std::invalid_argument("a deployment needs at least one target");
  Service& client = own(std::make_unique<ModelClient>(ctx, std::move(callable), router, &targets));

  const EntrySpec& e = spec.entry;
  switch (e.kind) {
    case EntryKind::none: front_ = &client; break;
    case EntryKind::lambda: front_ = &own(factory_.lambda_function(e.function, client)); break;
    case EntryKind::api_gateway: {
      Service& function = own(factory_.lambda_function(e.function, client));
      front_ = &own(factory_.api_gateway(e.api_gateway, function));
      if (e.api_gateway.client_retry.max_attempts > 1)
        front_ = &own(factory_.retrying("api_client", e.api_gateway.client_retry, *front_));
      break;
    }
    case EntryKind::orchestrator: front_ = &own(factory_.orchestrator(e.orchestrator, client)); break;
    case EntryKind::queue: front_ = &own(factory_.queue(e.queue, e.function, client)); break;
  }
}

void Deployment::start() {
  for (auto& c : components_) c->start();
}

void Deployment::submit(RequestId id) {
  const Request& r = pool_[id];
  CallInput in;
  in.input_tokens = r.input_tokens > 0 ? r.input_tokens : 0;
  in.output_tokens = r.output_tokens > 0 ? r.output_tokens : 0;
  in.system_prompt_tokens = r.system_prompt_tokens;
  in.max_tokens = r.max_tokens;
  in.model_calls = r.model_calls;
  in.class_index = r.class_index;
  in.complexity = r.complexity;
  in.arrival = r.arrival;
  front_->call(in, *this, id);
}

void Deployment::on_call_done(CallTag tag, const CallResult& result) {
  const auto id = static_cast<RequestId>(tag);
  Request& r = pool_[id];
  r.first_token_at = result.first_token_at;
  r.cold_start = result.cold_start;
  r.attempts = result.attempts;
  outcomes_.on_outcome(id, outcome_of(result.status));
}

}  // namespace fmsim::models
