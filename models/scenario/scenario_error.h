// The one exception type scenario loading throws. Its what() is a single line that points at
// what the user wrote, so the CLI can print it as is and exit with status 2:
//   FILE:LINE:COL: path.to.key: what is wrong      (a value or key in the file, 1-based)
//   --set path.to.key: what is wrong               (a value given with --set on the command line)
//   FILE: cannot read: reason                      (the file itself)
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fmsim::models {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;

  // `line` and `column` are 1-based. An empty `key_path` (the document itself) is left out.
  static ScenarioError at(std::string_view file, int line, int column, std::string_view key_path,
                          std::string_view what);
  static ScenarioError in_override(std::string_view key_path, std::string_view what);
  static ScenarioError in_file(std::string_view file, std::string_view what);
};

}  // namespace fmsim::models
