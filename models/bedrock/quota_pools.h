// The account's Bedrock on-demand quotas, shared by every target that draws on them. Quotas are
// per model and region (and per cross-region inference profile), so two targets naming the same
// model share one requests-per-minute and one tokens-per-minute bucket; a target's `quota_pool`
// names its pool (empty: the model name). One BedrockQuotaPools belongs to a replication's
// Deployment and outlives its targets.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "models/bedrock/token_bucket.h"

namespace fmsim::models {

// One pool: each bucket holds one minute's worth of its quota, refilled continuously.
struct BedrockQuota {
  std::optional<TokenBucket> requests;  // requests per minute; nullopt: no quota
  std::optional<TokenBucket> tokens;    // tokens per minute
};

class BedrockQuotaPools {
 public:
  // The pool `key`, created with these quotas (per minute) on first use. Later users must give the
  // same quotas (the scenario reader checks; std::invalid_argument here as a last guard).
  BedrockQuota& pool(const std::string& key, std::optional<double> requests_per_minute,
                     std::optional<double> tokens_per_minute);
  std::size_t size() const { return pools_.size(); }

 private:
  struct Entry {
    std::optional<double> rpm, tpm;
    BedrockQuota quota;
  };
  std::map<std::string, Entry, std::less<>> pools_;  // map nodes stay put: targets keep references
};

}  // namespace fmsim::models
