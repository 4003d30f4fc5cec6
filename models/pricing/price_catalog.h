// The price catalog: list prices and per-model defaults that scenarios refer to by name
// (`model: claude-3-5-sonnet`, `instance_type: ml.g5.2xlarge`). The data is a YAML file in the
// project (models/pricing/catalog.yaml), compiled into the binary and parsed once by the scenario
// layer; every entry carries its region, as-of date and source. Scenarios may override any price.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fmsim::models {

struct CatalogSource {
  std::string region;  // e.g. us-east-1
  std::string as_of;   // e.g. 2025-07
  std::string source;  // where the figure comes from
  std::string note;    // disagreeing figures (seed vs list price), caveats; may be empty
};

// The region an entry is for when a scenario does not say: the catalog lists it first.
inline constexpr std::string_view kDefaultRegion = "us-east-1";

struct BedrockModelEntry {
  std::string name;  // catalog name, e.g. claude-3-5-sonnet
  std::string provider;
  double input_usd_per_mtok = 0;
  double output_usd_per_mtok = 0;
  std::optional<double> batch_input_usd_per_mtok;   // usually 50 % of on demand
  std::optional<double> batch_output_usd_per_mtok;
  // Provisioned Throughput price per model-unit hour by term: none, 1 month, 6 months.
  std::array<std::optional<double>, 3> unit_hour_usd;
  std::optional<double> tokens_per_minute_per_unit;
  // Default account quotas (us-east-1) and token accounting.
  std::optional<double> requests_per_minute;
  std::optional<double> tokens_per_minute;
  double output_burndown = 1;
  std::int64_t max_output_tokens = 4096;
  // Median latency figures: time to first token (s) and output speed (tokens/s).
  double ttft_p50_s = 0.5;
  double tokens_per_s_p50 = 60;
  // Whether the two figures above come from a source (false: they are fmsim's defaults).
  bool ttft_sourced = false;
  bool tokens_per_s_sourced = false;
  CatalogSource source;
};

struct InstanceEntry {
  std::string name;  // e.g. ml.g5.2xlarge
  double usd_per_hour = 0;                 // the list price, the default
  std::optional<double> seed_usd_per_hour;  // where the seed documents use another figure
  std::string accelerator;  // e.g. "1 x A10G 24 GB"
  CatalogSource source;
};

struct LambdaPriceEntry {
  std::string architecture;  // x86_64 | arm64
  double request_usd = 0;
  double gb_second_usd = 0;
  double provisioned_gb_second_usd = 0;
  double provisioned_execution_gb_second_usd = 0;
  CatalogSource source;
};

struct ServerlessPriceEntry {
  double gb_second_usd = 0;
  double provisioned_gb_second_usd = 0;
  CatalogSource source;
};

class PriceCatalog {
 public:
  std::vector<BedrockModelEntry> models;
  std::vector<InstanceEntry> instances;
  std::vector<LambdaPriceEntry> lambda;  // one per architecture
  ServerlessPriceEntry serverless;

  // By name: the entry for kDefaultRegion if there is one, else the first with that name;
  // nullptr when unknown. With a region: that region's entry only.
  const BedrockModelEntry* model(std::string_view name) const;
  const BedrockModelEntry* model(std::string_view name, std::string_view region) const;
  const InstanceEntry* instance(std::string_view name) const;
  const InstanceEntry* instance(std::string_view name, std::string_view region) const;
  const LambdaPriceEntry* lambda_prices(std::string_view architecture) const;
  // For "unknown model 'x', did you mean 'y'?" messages: each name once, in catalog order.
  std::vector<std::string_view> model_names() const;
  std::vector<std::string_view> instance_names() const;
};

}  // namespace fmsim::models
