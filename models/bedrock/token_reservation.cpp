// Reservation and settlement of a call's tokens.
#include "models/bedrock/token_reservation.h"

#include <algorithm>

#include <fmt/format.h>

namespace fmsim::models {

CallTokens on_demand_tokens(const BedrockOnDemandSpec& spec, const CallInput& in) {
  CallTokens t;
  t.input = std::max<std::int64_t>(0, in.input_tokens) + std::max<std::int64_t>(0, in.system_prompt_tokens);
  const std::int64_t cap = in.max_tokens >= 0 ? in.max_tokens : spec.max_output_tokens;
  t.output = std::clamp<std::int64_t>(in.output_tokens, 0, cap);
  t.reserved = t.input + cap;
  t.settled = static_cast<double>(t.input) + spec.output_burndown * static_cast<double>(t.output);
  return t;
}

std::string tpm_fit_problem(const BedrockOnDemandSpec& spec, std::int64_t input_tokens, std::int64_t max_tokens) {
  if (!spec.tokens_per_minute) return "";
  const std::int64_t cap = max_tokens >= 0 ? max_tokens : spec.max_output_tokens;
  const std::int64_t reserved = input_tokens + cap;
  if (static_cast<double>(reserved) <= *spec.tokens_per_minute) return "";
  return fmt::format(
      "tokens_per_minute {} is below one call's reservation of {} tokens (input {} + {} {}): every such call "
      "would be throttled; raise the quota or lower max_tokens",
      *spec.tokens_per_minute, reserved, input_tokens, max_tokens >= 0 ? "max_tokens" : "max_output_tokens", cap);
}

}  // namespace fmsim::models
