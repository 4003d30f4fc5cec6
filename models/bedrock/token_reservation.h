// How Bedrock on demand counts a call's tokens against the tokens-per-minute quota ("How tokens
// are counted", Bedrock docs): at the start it reserves input + max_tokens (the model's maximum
// output when the call leaves max_tokens unset); at the end it settles to input + burndown x
// output, burndown being 5 for Claude 3.7 Sonnet / Sonnet 4 / Opus 4 and 1 before. The output is
// what the model generates, cut at max_tokens.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/service.h"
#include "models/deployment/deployment_spec.h"

namespace fmsim::models {

struct CallTokens {
  std::int64_t input = 0;     // billed input: the prompt (system prompt included)
  std::int64_t output = 0;    // billed output: generated, cut at max_tokens
  std::int64_t reserved = 0;  // taken from TPM at the start
  double settled = 0;         // what the call finally counts against TPM
};

CallTokens on_demand_tokens(const BedrockOnDemandSpec& spec, const CallInput& in);

// "" when a call of `input_tokens` with `max_tokens` (-1: unset) can ever pass the TPM quota; else
// the one-line reason it never can (every such call would be throttled). For the loader's check of
// the workload's largest call against each target.
std::string tpm_fit_problem(const BedrockOnDemandSpec& spec, std::int64_t input_tokens, std::int64_t max_tokens);

}  // namespace fmsim::models
