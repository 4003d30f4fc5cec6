// Typed reads of single YAML values, with the bound checks that keys share.
#include "models/scenario/field_reader.h"

#include <cmath>

#include <fmt/format.h>

namespace fmsim::models {

namespace {
const char* bound_text(Bound bound) { return bound == Bound::positive ? "> 0" : ">= 0"; }

template <class T>
bool violates(Bound bound, T v) {
  if (bound == Bound::positive) return !(v > T{0});
  if (bound == Bound::non_negative) return v < T{0};
  return false;
}
}  // namespace

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "an empty value";
}

FieldReader::FieldReader(YAML::Node node, std::string key_path, YAML::Mark key_mark, const SourceMap& source)
    : node_(std::move(node)), path_(std::move(key_path)), key_mark_(key_mark), source_(&source) {}

YAML::Mark FieldReader::mark() const {
  if (node_.IsNull() || node_.Mark().is_null()) return key_mark_;
  return node_.Mark();
}

void FieldReader::fail(std::string_view what) const { source_->fail(mark(), path_, what); }

const std::string& FieldReader::scalar(std::string_view what) const {
  if (!node_.IsScalar()) fail(fmt::format("expected {}, got {}", what, describe_node(node_)));
  return node_.Scalar();
}

sim::Duration FieldReader::duration(Bound bound) const {
  const std::string& text = scalar("a duration such as 300ms");
  sim::Duration d;
  try {
    d = parse_duration(text);
  } catch (const UnitError& e) {
    fail(e.what());
  }
  if (violates(bound, d.ns())) fail(fmt::format("must be {}, got '{}'", bound_text(bound), text));
  return d;
}

double FieldReader::rate_per_second(Bound bound) const {
  const std::string& text = scalar("a rate such as 0.8/s");
  double v = 0;
  try {
    v = parse_rate_per_second(text);
  } catch (const UnitError& e) {
    fail(e.what());
  }
  if (!std::isfinite(v)) fail(fmt::format("must be finite, got '{}'", text));
  if (violates(bound, v)) fail(fmt::format("must be {}, got '{}'", bound_text(bound), text));
  return v;
}

double FieldReader::money_usd(Bound bound) const {
  const std::string& text = scalar("an amount of money such as $0.003");
  double v = 0;
  try {
    v = parse_money_usd(text);
  } catch (const UnitError& e) {
    fail(e.what());
  }
  if (!std::isfinite(v)) fail(fmt::format("must be finite, got '{}'", text));
  if (violates(bound, v)) fail(fmt::format("must be {}, got '{}'", bound_text(bound), text));
  return v;
}

double FieldReader::number(Bound bound) const {
  const std::string& text = scalar("a number");
  double v = 0;
  try {
    v = parse_number(text);
  } catch (const UnitError& e) {
    fail(e.what());
  }
  if (!std::isfinite(v)) fail(fmt::format("must be a finite number, got '{}'", text));
  if (violates(bound, v)) fail(fmt::format("must be {}, got '{}'", bound_text(bound), text));
  return v;
}

std::int64_t FieldReader::count(CountSuffix suffix, std::int64_t min, std::int64_t max) const {
  const std::string& text = scalar(suffix == CountSuffix::allowed ? "an integer such as 10 or 10k" : "an integer");
  std::int64_t v = 0;
  try {
    v = parse_count(text, suffix);
  } catch (const UnitError& e) {
    fail(e.what());
  }
  if (v < min) fail(fmt::format("must be >= {}, got '{}'", min, text));
  if (v > max) fail(fmt::format("must be <= {}, got '{}'", max, text));
  return v;
}

std::uint64_t FieldReader::unsigned_integer() const {
  const std::string& text = scalar("an integer >= 0");
  try {
    return parse_unsigned(text);
  } catch (const UnitError& e) {
    fail(e.what());
  }
}

std::string FieldReader::string() const { return scalar("a string"); }

std::vector<FieldReader> FieldReader::elements(std::string_view what) const {
  if (!node_.IsSequence()) fail(fmt::format("expected {}, got {}", what, describe_node(node_)));
  std::vector<FieldReader> out;
  std::size_t i = 0;
  for (const YAML::Node& element : node_) {
    out.emplace_back(element, fmt::format("{}[{}]", path_, i), element.Mark(), *source_);
    ++i;
  }
  return out;
}

std::vector<std::pair<FieldReader, FieldReader>> FieldReader::entries(std::string_view what) const {
  if (!node_.IsMap()) fail(fmt::format("expected {}, got {}", what, describe_node(node_)));
  std::vector<std::pair<FieldReader, FieldReader>> out;
  for (const auto& pair : node_) {
    const YAML::Node& key = pair.first;
    const std::string label = key.IsScalar() ? key.Scalar() : std::string("?");
    const std::string entry_path = fmt::format("{}[{}]", path_, label);
    out.emplace_back(FieldReader(key, entry_path, key.Mark(), *source_),
                     FieldReader(pair.second, entry_path, key.Mark(), *source_));
  }
  return out;
}

}  // namespace fmsim::models
