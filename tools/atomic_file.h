// An output file that appears under its final name only when complete: rows go to
// `NAME.partial`, and commit() flushes and renames it. If the run fails or is interrupted first,
// the destructor removes the partial file, so no half-written output is ever left as if complete.
#pragma once

#include <cstdio>
#include <string>

namespace fmsim::cli {

class AtomicFile {
 public:
  explicit AtomicFile(std::string final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* handle() { return file_; }
  const std::string& final_path() const { return final_path_; }
  const std::string& partial_path() const { return partial_path_; }
  // Throws std::runtime_error naming the file when a write, flush or rename failed.
  void commit();

 private:
  std::string final_path_;
  std::string partial_path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace fmsim::cli
