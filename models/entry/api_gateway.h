// Amazon API Gateway (REST API) in front of a Lambda function, as the client sees it.
//
// - The integration timeout (29 s by default) bounds the client's wait: past it the client gets
//   504 (CallStatus::timed_out) while the function goes on and is billed; its late answer is
//   recognised by the tag's generation and dropped.
// - "API Gateway treats all invocation and function errors as internal errors. If the Lambda API
//   rejects the invocation request, API Gateway returns a 500 error code. If the function runs but
//   returns an error, or returns a response in the wrong format, API Gateway returns a 502"
//   (Lambda docs, "Handling Lambda errors with an API Gateway API"). So a Lambda throttle (429)
//   reaches the client as a 500, and a function timeout or an error the handler lets escape as a
//   502: every non-ok answer of the function becomes CallStatus::error. (A handler that catches a
//   model throttle and formats a 429 itself is not modelled: the function's answer does not say
//   whether a throttle came from Lambda or from the model.)
// - API Gateway does not retry (same page); the client's retries on 5xx are a RetryingCaller that
//   the deployment puts in front, with ApiGatewaySpec::client_retry.
// - A REST API buffers the integration's response: the client's first token is the moment the
//   whole response arrives, whatever the model streamed.
// - Billed per request received, at ApiGatewaySpec::price_per_request_usd.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class ApiGateway final : public Service, private CallListener {
 public:
  ApiGateway(ServiceContext& ctx, std::string name, const ApiGatewaySpec& spec, Service& function);
  ApiGateway(const ApiGateway&) = delete;
  ApiGateway& operator=(const ApiGateway&) = delete;

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;

  struct Totals {
    std::uint64_t requests = 0;
    std::uint64_t integration_timeouts = 0;  // 504 to the client
    std::uint64_t server_errors = 0;         // 500/502 to the client
    std::uint64_t late_answers = 0;          // function answers after the integration timeout
  };
  const Totals& totals() const { return totals_; }
  std::size_t in_flight() const { return requests_.in_use(); }

 private:
  struct Request {
    CallListener* listener = nullptr;
    CallTag tag = 0;
    std::uint32_t generation = 0;  // 0: free
    sim::EventHandle timeout;
  };

  void on_call_done(CallTag tag, const CallResult& result) override;
  void on_integration_timeout(std::uint64_t tag);
  Request* live(CallTag tag);
  void finish(std::uint32_t id, const CallResult& result);

  ServiceContext& ctx_;
  std::string name_;
  ApiGatewaySpec spec_;
  Service& function_;
  sim::SlotPool<Request> requests_;
  std::uint32_t next_generation_ = 1;
  Totals totals_;
  CostLedger::LineId requests_line_;
  ServiceMetrics::Counter m_requests_, m_timeouts_, m_errors_, m_late_;
};

}  // namespace fmsim::models
