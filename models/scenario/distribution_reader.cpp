// Distribution blocks: which parameters go together, their bounds, and the cross-checks
// (p99 >= p50, min <= max, monotone quantiles) that sim::Distribution would otherwise only
// assert.
#include "models/scenario/distribution_reader.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/scenario/did_you_mean.h"
#include "models/scenario/mapping_reader.h"

namespace fmsim::models {

namespace {

enum class Family { exponential, deterministic, lognormal, gamma, uniform, empirical };

using Form = std::vector<std::string_view>;
struct FamilySpec {
  std::string_view name;
  Family family;
  std::vector<Form> forms;  // alternative parameter sets; exactly one must be given
};

const std::vector<FamilySpec>& families() {
  static const std::vector<FamilySpec> kFamilies{
      {"exponential", Family::exponential, {{"mean"}}},
      {"deterministic", Family::deterministic, {{"value"}, {"mean"}}},
      {"lognormal", Family::lognormal, {{"median", "sigma"}, {"mean", "cv"}, {"p50", "p99"}}},
      {"gamma", Family::gamma, {{"mean", "cv"}, {"shape", "scale"}}},
      {"uniform", Family::uniform, {{"min", "max"}}},
      {"empirical", Family::empirical, {{"samples"}, {"quantiles"}}},
  };
  return kFamilies;
}

std::vector<std::string_view> family_names() {
  std::vector<std::string_view> names;
  for (const FamilySpec& f : families()) names.push_back(f.name);
  return names;
}

bool contains(const Form& form, std::string_view key) { return std::find(form.begin(), form.end(), key) != form.end(); }

std::string describe_form(const Form& form) {
  return form.size() == 1 ? std::string(form[0]) : fmt::format("{{{}}}", join_words(form));
}

// "mean" or "{median, sigma}, {mean, cv} or {p50, p99}".
std::string describe_forms(const std::vector<Form>& forms) {
  std::string out;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (i > 0) out += i + 1 == forms.size() ? " or " : ", ";
    out += describe_form(forms[i]);
  }
  return out;
}

double read_value(const FieldReader& f, ValueUnit unit, Bound bound) {
  return unit == ValueUnit::duration ? f.duration(bound).seconds_f() : f.number(bound);
}

const char* value_example(ValueUnit unit) {
  return unit == ValueUnit::duration ? "a duration such as 300ms" : "a number";
}

sim::Distribution read_empirical_samples(const FieldReader& field, ValueUnit unit) {
  const std::vector<FieldReader> elements = field.elements(fmt::format("a list of values ({})", value_example(unit)));
  if (elements.empty()) field.fail("must not be empty");
  std::vector<double> samples;
  samples.reserve(elements.size());
  for (const FieldReader& e : elements) samples.push_back(read_value(e, unit, Bound::non_negative));
  return sim::Distribution::empirical_samples(std::move(samples));
}

sim::Distribution read_empirical_quantiles(const FieldReader& field, ValueUnit unit) {
  const auto entries = field.entries("a mapping of probability to value, e.g. {0: 100ms, 0.5: 300ms, 1: 2s}");
  if (entries.size() < 2) field.fail("needs at least two points, from probability 0 to probability 1");
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const FieldReader& key = entries[i].first;
    const FieldReader& value = entries[i].second;
    const double p = key.number(Bound::non_negative);
    if (p > 1) key.fail(fmt::format("a probability must be <= 1, got '{}'", key.node().Scalar()));
    if (i == 0 && p != 0) key.fail(fmt::format("the first probability must be 0, got '{}'", key.node().Scalar()));
    if (i > 0 && p <= points.back().first)
      key.fail(fmt::format("probabilities must increase, got '{}' after '{}'", key.node().Scalar(),
                           entries[i - 1].first.node().Scalar()));
    if (i + 1 == entries.size() && p != 1)
      key.fail(fmt::format("the last probability must be 1, got '{}'", key.node().Scalar()));
    const double v = read_value(value, unit, Bound::non_negative);
    if (i > 0 && v < points.back().second)
      value.fail(fmt::format("values must not decrease, got '{}' after '{}'", value.node().Scalar(),
                             entries[i - 1].second.node().Scalar()));
    points.emplace_back(p, v);
  }
  return sim::Distribution::empirical_quantiles(std::move(points));
}

}  // namespace

sim::Distribution parse_distribution(const FieldReader& field, ValueUnit unit) {
  // `service_time: 1s` is a natural thing to write; say what a distribution looks like.
  if (!field.node().IsMap())
    field.fail(fmt::format("expected a distribution such as {{distribution: exponential, mean: {}}}, got {}",
                           unit == ValueUnit::duration ? "1s" : "100", describe_node(field.node())));
  const MappingReader block(field, schema::kDistribution);
  const std::vector<std::string_view> names = family_names();
  const FieldReader name_field = block.required("distribution", fmt::format("one of {}", join_words(names)));
  const std::string& name = name_field.scalar("a distribution name");
  const auto spec =
      std::find_if(families().begin(), families().end(), [&](const FamilySpec& f) { return f.name == name; });
  if (spec == families().end()) {
    const std::string hint = did_you_mean(name, names);
    name_field.fail(hint.empty()
                        ? fmt::format("unknown distribution '{}' (expected one of: {})", name, join_words(names))
                        : fmt::format("unknown distribution '{}'{}", name, hint));
  }

  // Which parameters were given, in the order written, and which form they select: the form of
  // the first one. Anything else must belong to that same form.
  std::vector<std::string_view> given = block.present();
  std::erase(given, std::string_view("distribution"));
  const std::string forms_text = describe_forms(spec->forms);
  const char* exactly = spec->forms.size() > 1 ? "exactly one of " : "";
  for (std::string_view key : given) {
    const bool known =
        std::any_of(spec->forms.begin(), spec->forms.end(), [&](const Form& f) { return contains(f, key); });
    if (!known)
      block.optional(key)->fail(
          fmt::format("'{}' is not a parameter of {}, which takes {}{}", key, name, exactly, forms_text));
  }
  if (given.empty()) {
    if (spec->forms.size() == 1)
      block.fail(block.path_of(spec->forms[0][0]),
                 fmt::format("required key is missing ({} takes {})", name, forms_text));
    block.fail(block.path(), fmt::format("{} needs exactly one of {}", name, forms_text));
  }
  const Form& form =
      *std::find_if(spec->forms.begin(), spec->forms.end(), [&](const Form& f) { return contains(f, given[0]); });
  for (std::string_view key : given)
    if (!contains(form, key))
      block.optional(key)->fail(
          fmt::format("cannot be combined with '{}': {} takes {}{}", given[0], name, exactly, forms_text));
  for (std::string_view key : form)
    if (!block.has(key))
      block.fail(block.path_of(key), spec->forms.size() == 1
                                         ? fmt::format("required key is missing ({} takes {})", name, forms_text)
                                         : fmt::format("required key is missing ({} with '{}' needs {})", name,
                                                       given[0], describe_form(form)));

  const auto value = [&](std::string_view key, Bound bound) { return read_value(*block.optional(key), unit, bound); };
  const auto plain = [&](std::string_view key, Bound bound) { return block.optional(key)->number(bound); };
  try {
    switch (spec->family) {
      case Family::exponential:
        return sim::Distribution::exponential(value("mean", Bound::positive));
      case Family::deterministic:
        return sim::Distribution::constant(value(form[0], Bound::non_negative));
      case Family::lognormal:
        if (form[0] == "median") {
          const double median = value("median", Bound::positive);
          return sim::Distribution::lognormal_median_sigma(median, plain("sigma", Bound::non_negative));
        }
        if (form[0] == "mean") {
          const double mean = value("mean", Bound::positive);
          return sim::Distribution::lognormal_mean_cv(mean, plain("cv", Bound::non_negative));
        } else {
          const double p50 = value("p50", Bound::positive);
          const double p99 = value("p99", Bound::positive);
          if (p99 < p50)
            block.optional("p99")->fail(fmt::format("must be >= p50 ('{}'), got '{}'",
                                                    block.optional("p50")->node().Scalar(),
                                                    block.optional("p99")->node().Scalar()));
          return sim::Distribution::lognormal_p50_p99(p50, p99);
        }
      case Family::gamma:
        if (form[0] == "mean") {
          const double mean = value("mean", Bound::positive);
          return sim::Distribution::gamma_mean_cv(mean, plain("cv", Bound::positive));
        } else {
          const double shape = plain("shape", Bound::positive);
          return sim::Distribution::gamma(shape, value("scale", Bound::positive));
        }
      case Family::uniform: {
        const double lo = value("min", Bound::non_negative);
        const double hi = value("max", Bound::non_negative);
        if (hi < lo)
          block.optional("max")->fail(fmt::format("must be >= min ('{}'), got '{}'",
                                                  block.optional("min")->node().Scalar(),
                                                  block.optional("max")->node().Scalar()));
        return sim::Distribution::uniform(lo, hi);
      }
      case Family::empirical:
        if (form[0] == "samples") return read_empirical_samples(*block.optional("samples"), unit);
        return read_empirical_quantiles(*block.optional("quantiles"), unit);
    }
  } catch (const std::invalid_argument& e) {
    // Everything sim::Distribution asserts is checked above; this keeps a gap between the two
    // lists a clear message instead of a crash.
    field.fail(e.what());
  }
  field.fail("unhandled distribution family");
}

}  // namespace fmsim::models
