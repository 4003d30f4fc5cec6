// Default output directories.
#include "tools/output_directory.h"

namespace fmsim::cli {

std::string default_output_directory(const std::string& name) {
  std::string d;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.';
    d += plain ? c : '_';
  }
  if (d.empty() || d == "." || d == "..") d = "scenario";
  return "out/" + d;
}

}  // namespace fmsim::cli
