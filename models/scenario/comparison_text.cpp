// Splitting comparisons at their one operator.
#include "models/scenario/comparison_text.h"

#include <array>

namespace fmsim::models {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_operator_char(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }

struct Spelling {
  std::string_view text;
  sweep::CompareOp op;
};
// Two-character spellings first, so that "<=" is never read as "<" followed by "=".
constexpr std::array<Spelling, 6> kSpellings{{
    {"<=", sweep::CompareOp::le},
    {">=", sweep::CompareOp::ge},
    {"==", sweep::CompareOp::eq},
    {"!=", sweep::CompareOp::ne},
    {"<", sweep::CompareOp::lt},
    {">", sweep::CompareOp::gt},
}};

}  // namespace

std::optional<ComparisonText> split_comparison(std::string_view text) {
  const std::size_t at = text.find_first_of("<>=!");
  if (at == std::string_view::npos) return std::nullopt;
  for (const Spelling& s : kSpellings) {
    if (text.substr(at, s.text.size()) != s.text) continue;
    const std::string_view left = trim(text.substr(0, at));
    const std::string_view right = trim(text.substr(at + s.text.size()));
    if (left.empty() || right.empty()) return std::nullopt;
    for (const char c : right)
      if (is_operator_char(c)) return std::nullopt;
    return ComparisonText{std::string(left), s.op, std::string(right)};
  }
  return std::nullopt;
}

std::string_view operator_text(sweep::CompareOp op) {
  for (const Spelling& s : kSpellings)
    if (s.op == op) return s.text;
  return "?";
}

}  // namespace fmsim::models
