// Reading configuration files.
#include "models/scenario/file_text.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "models/scenario/scenario_error.h"

namespace fmsim::models {

std::string read_file_text(const std::string& path) {
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw ScenarioError::in_file(path, fmt::format("cannot read: {}", std::strerror(errno)));
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) throw ScenarioError::in_file(path, fmt::format("cannot read: {}", std::strerror(errno)));
  return text;
}

}  // namespace fmsim::models
