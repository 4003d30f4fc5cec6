// What a Lambda function runs in its invoke phase, for entry tiers that drive a function
// themselves. The plain function (lambda_function.h) runs "call the downstream once"; the queue's
// pollers (queue_entry.h) run "process this batch of messages". The environment pool, cold
// starts, concurrency, timeout and billing are the function's whatever the handler does.
#pragma once

#include <cstdint>

#include "models/core/service.h"

namespace fmsim::models {

class LambdaHandler {
 public:
  virtual ~LambdaHandler() = default;
  // Runs the handler for one invocation; `payload` is what LambdaFunction::invoke was given and
  // `cold_start` whether this invocation ran Init. The
  // handler reports the end exactly once through `done` with `tag`, possibly from inside this
  // call. After a function timeout the function drops that report (it recognises the tag's
  // generation), so a handler need not know it was killed — but may want to (queue_entry.h).
  virtual void handle(const CallInput& input, std::uint64_t payload, bool cold_start, CallListener& done,
                      CallTag tag) = 0;
};

}  // namespace fmsim::models
