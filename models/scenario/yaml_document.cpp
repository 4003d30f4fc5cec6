// The bounded document count and the load of the first document.
#include "models/scenario/yaml_document.h"

#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

namespace fmsim::models {

namespace {

// Records where each document starts; ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

YamlDocument parse_yaml_document(std::string_view text) {
  const std::string input(text);
  YamlDocument doc;
  try {
    std::istringstream stream(input);
    YAML::Parser parser(stream);
    DocumentStarts events;
    // Three documents are enough to tell "one", "more than one" and "stuck" apart.
    while (events.starts.size() < 3 && parser.HandleNextDocument(events)) {
      const std::size_t n = events.starts.size();
      if (n >= 2 && events.starts[n - 1].pos == events.starts[n - 2].pos) {
        const YAML::Mark at = events.starts[n - 1];
        const auto pos = static_cast<std::size_t>(at.pos);
        const std::string what = pos < input.size() ? fmt::format("unexpected '{}'", input[pos]) : "unexpected input";
        throw YamlSyntaxError(at, what);
      }
    }
    doc.has_document = !events.starts.empty();
    doc.has_more_documents = events.starts.size() > 1;
    if (doc.has_more_documents) doc.second_start = events.starts[1];
    if (doc.has_document) doc.root = YAML::Load(input);
  } catch (const YAML::Exception& e) {
    throw YamlSyntaxError(e.mark, e.msg);
  }
  return doc;
}

}  // namespace fmsim::models
