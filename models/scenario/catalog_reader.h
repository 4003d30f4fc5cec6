// Reading the price catalog (models/pricing/catalog.yaml, or another file of the same shape) into
// a PriceCatalog. The built-in catalog is the project's file compiled into the binary; it is parsed
// on first use, once, and shared read-only. Errors are ScenarioErrors pointing at the file
// (`FILE:LINE:COL: bedrock_models[2].input_per_million_tokens: must be >= 0, got '$-1'`).
#pragma once

#include <string>
#include <string_view>

#include "models/pricing/price_catalog.h"

namespace fmsim::models {

// The catalog compiled into the binary. Thread-safe; parsed once (a bad built-in catalog is a
// build defect, reported as a ScenarioError labelled "<builtin>/catalog.yaml" on first use).
const PriceCatalog& builtin_price_catalog();

// A catalog file of the same shape (throws ScenarioError).
PriceCatalog read_price_catalog(const std::string& path);

// Catalog YAML text; `file_label` names it in messages.
PriceCatalog parse_price_catalog(std::string_view yaml_text, const std::string& file_label);

}  // namespace fmsim::models
