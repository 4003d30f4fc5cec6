// Lookups in the price catalog. The catalog is a few dozen entries read once, so a linear scan
// is the simplest correct choice; no caller looks names up per event.
#include "models/pricing/price_catalog.h"

#include <algorithm>

namespace fmsim::models {

namespace {

// The kDefaultRegion entry of `name`, else its first entry.
template <class Entry>
const Entry* find_default(const std::vector<Entry>& entries, std::string_view name) {
  const Entry* first = nullptr;
  for (const Entry& e : entries) {
    if (e.name != name) continue;
    if (e.source.region == kDefaultRegion) return &e;
    if (!first) first = &e;
  }
  return first;
}

template <class Entry>
const Entry* find_in_region(const std::vector<Entry>& entries, std::string_view name, std::string_view region) {
  for (const Entry& e : entries)
    if (e.name == name && e.source.region == region) return &e;
  return nullptr;
}

template <class Entry>
std::vector<std::string_view> unique_names(const std::vector<Entry>& entries) {
  std::vector<std::string_view> names;
  for (const Entry& e : entries)
    if (std::find(names.begin(), names.end(), std::string_view(e.name)) == names.end()) names.emplace_back(e.name);
  return names;
}

}  // namespace

const BedrockModelEntry* PriceCatalog::model(std::string_view name) const { return find_default(models, name); }

const BedrockModelEntry* PriceCatalog::model(std::string_view name, std::string_view region) const {
  return find_in_region(models, name, region);
}

const InstanceEntry* PriceCatalog::instance(std::string_view name) const { return find_default(instances, name); }

const InstanceEntry* PriceCatalog::instance(std::string_view name, std::string_view region) const {
  return find_in_region(instances, name, region);
}

const LambdaPriceEntry* PriceCatalog::lambda_prices(std::string_view architecture) const {
  for (const LambdaPriceEntry& e : lambda)
    if (e.architecture == architecture) return &e;
  return nullptr;
}

std::vector<std::string_view> PriceCatalog::model_names() const { return unique_names(models); }
std::vector<std::string_view> PriceCatalog::instance_names() const { return unique_names(instances); }

}  // namespace fmsim::models
