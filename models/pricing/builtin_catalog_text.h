// The text of models/pricing/catalog.yaml as it was at build time, compiled into the binary so
// that fmsim needs no data files at run time. Only the scenario library parses it (YAML stays
// there): see models/scenario/catalog_reader.h.
#pragma once

#include <string_view>

namespace fmsim::models {

std::string_view builtin_catalog_text();

}  // namespace fmsim::models
