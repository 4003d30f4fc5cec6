// Quota pools by name.
#include "models/bedrock/quota_pools.h"

#include <stdexcept>

namespace fmsim::models {

BedrockQuota& BedrockQuotaPools::pool(const std::string& key, std::optional<double> rpm, std::optional<double> tpm) {
  auto it = pools_.find(key);
  if (it != pools_.end()) {
    if (it->second.rpm != rpm || it->second.tpm != tpm)
      throw std::invalid_argument("Bedrock quota pool '" + key + "' is shared by targets with different quotas");
    return it->second.quota;
  }
  Entry e{rpm, tpm, {}};
  // A quota of one minute's worth, refilled at 1/60 of it per second.
  if (rpm) e.quota.requests.emplace(*rpm, *rpm / 60.0);
  if (tpm) e.quota.tokens.emplace(*tpm, *tpm / 60.0);
  return pools_.emplace(key, std::move(e)).first->second.quota;
}

}  // namespace fmsim::models
