// API Gateway in front of a Lambda function: the 29 s integration timeout (the function goes on
// and is billed), Lambda throttles and function errors reaching the client as 5xx, buffered
// responses, per-request billing.
#include "models/entry/api_gateway.h"

#include <gtest/gtest.h>

#include "models/entry/lambda_function.h"
#include "tests/entry/entry_test_support.h"
#include "tests/entry/scripted_service.h"
#include "tests/support/service_harness.h"

namespace fmsim::testing {
namespace {

using models::ApiGateway;
using models::CallStatus;
using models::LambdaFunction;
using sim::Duration;

TEST(ApiGateway, IntegrationTimeoutCapsTheClientsWaitButNotTheBill) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(67));  // a 2,000-token completion at 30 tokens/s
  model.first_token_after = Duration::milliseconds(500);
  auto spec = deterministic_lambda();
  spec.timeout = Duration::seconds(120);
  LambdaFunction fn(h.ctx, "function", spec, model);
  ApiGateway gw(h.ctx, "api_gateway", models::ApiGatewaySpec{}, fn);  // 29 s
  CallDriver drive(h.sim, gw, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(200));
  h.finish(at_s(200));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[0].at, at_s(29));
  EXPECT_EQ(gw.totals().integration_timeouts, 1u);
  // The function ran on to the model's answer at 0.61 + 67 s and was billed for all of it:
  // ceil(600 + 10 + 67,000) ms = 67,610 ms at 1 GB.
  EXPECT_EQ(fn.totals().invocations, 1u);
  EXPECT_EQ(fn.totals().timeouts, 0u);
  EXPECT_EQ(gw.totals().late_answers, 1u);
  EXPECT_NEAR(h.cost_of("function.duration"), 67.61 * 0.0000166667, 1e-12);
  EXPECT_NEAR(h.cost_of("api_gateway.requests"), 3.5e-6, 1e-15);
  EXPECT_EQ(gw.in_flight(), 0u);
}

TEST(ApiGateway, BuffersTheResponse) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(2));
  model.first_token_after = Duration::milliseconds(300);
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);
  ApiGateway gw(h.ctx, "api_gateway", models::ApiGatewaySpec{}, fn);
  CallDriver drive(h.sim, gw, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  // The model streamed its first token at 0.91 s; the REST API hands over the whole response.
  EXPECT_EQ(h.listener.calls[0].at, at_s(2.61));
  EXPECT_EQ(h.listener.calls[0].result.first_token_at, at_s(2.61));
  EXPECT_TRUE(h.listener.calls[0].result.cold_start);
}

TEST(ApiGateway, LambdaThrottleAndFunctionErrorsBecomeServerErrors) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(5));
  auto spec = deterministic_lambda();
  spec.reserved_concurrency = 1;
  LambdaFunction fn(h.ctx, "function", spec, model);  // timeout 3 s
  ApiGateway gw(h.ctx, "api_gateway", models::ApiGatewaySpec{}, fn);
  CallDriver drive(h.sim, gw, h.listener);
  drive.at(at_s(0));  // runs into the function timeout at 3.6 s -> 502
  drive.at(at_s(1));  // Lambda throttles (concurrency 1) -> 500
  h.sim.run_until(at_s(20));
  ASSERT_EQ(h.listener.calls.size(), 2u);
  EXPECT_EQ(h.listener.calls[0].tag, 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::error);
  EXPECT_EQ(h.listener.calls[0].at, at_s(1));
  EXPECT_EQ(h.listener.calls[1].result.status, CallStatus::error);
  EXPECT_EQ(h.listener.calls[1].at, at_s(3.6));
  EXPECT_EQ(gw.totals().server_errors, 2u);
  EXPECT_EQ(fn.totals().throttles, 1u);
  EXPECT_EQ(fn.totals().timeouts, 1u);
}

TEST(ApiGateway, ModelErrorsPassedThroughTheFunctionAreServerErrors) {
  ServiceHarness h;
  ScriptedService model(h.sim, Duration::seconds(1));
  model.status_of = [](std::uint64_t) { return CallStatus::throttled; };  // the model's 429
  LambdaFunction fn(h.ctx, "function", deterministic_lambda(), model);
  ApiGateway gw(h.ctx, "api_gateway", models::ApiGatewaySpec{}, fn);
  CallDriver drive(h.sim, gw, h.listener);
  drive.at(at_s(0));
  h.sim.run_until(at_s(10));
  ASSERT_EQ(h.listener.calls.size(), 1u);
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::error);
}

}  // namespace
}  // namespace fmsim::testing
