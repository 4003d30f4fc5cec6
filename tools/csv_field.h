// Text in CSV cells: quoted (RFC 4180, quotes doubled) when it holds a comma, quote or line break,
// as free-text names and labels may; as is otherwise, so plain files stay plain.
#pragma once

#include <string>
#include <string_view>

namespace fmsim::cli {

inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace fmsim::cli
