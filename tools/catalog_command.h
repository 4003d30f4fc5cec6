// `fmsim catalog [WORD] [--json] [--file PATH]`: prints the price catalog — Bedrock models,
// SageMaker instances, Lambda and SageMaker serverless prices — as aligned tables with each
// entry's region, as-of date, source and notes, or as JSON. A word keeps only the entries whose
// name, provider, accelerator or section contains it (case-insensitive).
#pragma once

#include <cstdio>
#include <string>

namespace fmsim::cli {

struct CatalogOptions {
  std::string filter;     // empty: everything
  bool json = false;
  std::string file;       // empty: the built-in catalog
};

// Writes to `out`; returns 0, or 2 with a one-line error on `err` (a bad catalog file, a word that
// matches nothing — with the nearest name when one is close).
int catalog_command(const CatalogOptions& options, std::FILE* out = stdout, std::FILE* err = stderr);

}  // namespace fmsim::cli
