// A `--set path.to.key=value` from the command line: replaces (or adds) one value of the
// scenario's YAML tree before it is validated, so an override is checked exactly like the file.
#pragma once

#include <string>
#include <string_view>

namespace fmsim::models {

struct Override {
  std::string path;   // dotted key path, e.g. "station.service_time.mean"
  std::string value;  // YAML text of the new value: a scalar ("250ms") or a flow node ("{a: 1}")
};

// Splits "a.b=c" at the first '='. Throws ScenarioError ("--set TEXT: ...") when there is no
// '=', or the path is empty, has an empty segment ("a..b") or characters other than letters,
// digits, '_' and '-'.
Override parse_override(std::string_view text);

}  // namespace fmsim::models
