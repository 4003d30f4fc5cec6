// Parsing YAML text into one document without yaml-cpp's failure modes reaching the user.
//
// yaml-cpp 0.7's LoadAll never returns (and allocates without bound) when a document starts
// with a token that cannot begin a node, such as a stray ',' (jbeder/yaml-cpp#1040, fixed
// upstream by #1318/#1319 after 0.8.0). So documents are first counted by a bounded pass over
// the parser's events, which also spots that case (a "document" that does not advance the
// input) and reports it as a syntax error; only then is the first document loaded.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace fmsim::models {

// A syntax error with yaml-cpp's position (0-based) and message (without its own prefix).
class YamlSyntaxError : public std::runtime_error {
 public:
  YamlSyntaxError(const YAML::Mark& mark, const std::string& message) : std::runtime_error(message), mark_(mark) {}
  const YAML::Mark& mark() const { return mark_; }

 private:
  YAML::Mark mark_;
};

struct YamlDocument {
  YAML::Node root;  // Null for a text with no document (empty, or only comments)
  bool has_document = false;
  bool has_more_documents = false;
  YAML::Mark second_start;  // where the second document starts, if there is one
};

// Throws YamlSyntaxError.
YamlDocument parse_yaml_document(std::string_view text);

}  // namespace fmsim::models
