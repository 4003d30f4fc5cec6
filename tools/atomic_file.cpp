// AtomicFile: write to NAME.partial, rename on commit.
#include "tools/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fmsim::cli {

AtomicFile::AtomicFile(std::string final_path)
    : final_path_(std::move(final_path)), partial_path_(final_path_ + ".partial") {
  file_ = std::fopen(partial_path_.c_str(), "wb");
  if (!file_) throw std::runtime_error(partial_path_ + ": cannot create: " + std::strerror(errno));
  // Rows are small and many: a large buffer keeps the writes off the simulation's profile.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_) std::remove(partial_path_.c_str());
}

void AtomicFile::commit() {
  const bool write_failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (write_failed || close_failed) throw std::runtime_error(partial_path_ + ": write failed");
  if (std::rename(partial_path_.c_str(), final_path_.c_str()) != 0) {
    throw std::runtime_error(final_path_ + ": cannot rename from " + partial_path_ + ": " + std::strerror(errno));
  }
  committed_ = true;
}

}  // namespace fmsim::cli
