// The price catalog's YAML into PriceCatalog, with the scenario loader's checks and messages:
// unknown keys (with a did-you-mean), wrong types, negative prices, a missing region/as_of/source,
// a name listed twice for the same region.
#include "models/scenario/catalog_reader.h"
#include "models/scenario/file_text.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "models/pricing/builtin_catalog_text.h"
#include "models/scenario/field_reader.h"
#include "models/scenario/mapping_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_schema.h"
#include "models/scenario/source_map.h"
#include "models/scenario/yaml_document.h"

namespace fmsim::models {

namespace {

// The catalog's own schema (not part of a scenario, so not in scenario_schema.h).
constexpr SchemaKey kUnitHour[] = {{"none"}, {"one_month"}, {"six_months"}};
constexpr SchemaKey kModel[] = {
    {"name"},
    {"provider"},
    {"region"},
    {"as_of"},
    {"source"},
    {"note"},
    {"input_per_million_tokens"},
    {"output_per_million_tokens"},
    {"batch_input_per_million_tokens"},
    {"batch_output_per_million_tokens"},
    {"unit_hour", kUnitHour},
    {"tokens_per_minute_per_unit"},
    {"requests_per_minute"},
    {"tokens_per_minute"},
    {"output_burndown"},
    {"max_output_tokens"},
    {"time_to_first_token_p50"},
    {"output_tokens_per_s_p50"},
};
constexpr SchemaKey kInstance[] = {
    {"name"}, {"accelerator"}, {"price_per_hour"}, {"seed_price_per_hour"},
    {"region"}, {"as_of"},     {"source"},         {"note"},
};
constexpr SchemaKey kLambdaPrices[] = {
    {"architecture"},
    {"price_per_request"},
    {"price_per_gb_second"},
    {"provisioned_price_per_gb_second"},
    {"provisioned_execution_price_per_gb_second"},
    {"region"},
    {"as_of"},
    {"source"},
    {"note"},
};
constexpr SchemaKey kServerlessPrices[] = {
    {"price_per_gb_second"}, {"provisioned_price_per_gb_second"}, {"region"}, {"as_of"}, {"source"}, {"note"},
};
constexpr SchemaKey kCatalog[] = {
    {"bedrock_models"},
    {"sagemaker_instances"},
    {"lambda"},
    {"sagemaker_serverless", kServerlessPrices},
};

std::string non_empty_string(const FieldReader& f) {
  std::string s = f.string();
  if (s.empty()) f.fail("must not be empty");
  return s;
}

// YYYY-MM or YYYY-MM-DD.
std::string read_as_of(const FieldReader& f) {
  const std::string& s = f.scalar("a date such as 2025-07");
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
  };
  bool ok = (s.size() == 7 || s.size() == 10) && digits(0, 4) && s[4] == '-' && digits(5, 2);
  if (ok && s.size() == 10) ok = s[7] == '-' && digits(8, 2);
  if (ok) {
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    ok = month >= 1 && month <= 12;
    if (ok && s.size() == 10) {
      const int day = (s[8] - '0') * 10 + (s[9] - '0');
      ok = day >= 1 && day <= 31;
    }
  }
  if (!ok) f.fail(fmt::format("expected a date YYYY-MM or YYYY-MM-DD, got '{}'", s));
  return s;
}

CatalogSource read_source(const MappingReader& m) {
  CatalogSource src;
  src.region = non_empty_string(m.required("region", "an AWS region such as us-east-1"));
  src.as_of = read_as_of(m.required("as_of", "the date of the figures, e.g. 2025-07"));
  src.source = non_empty_string(m.required("source", "where the figures come from"));
  if (auto f = m.optional("note")) src.note = f->string();
  return src;
}

std::optional<double> optional_money(const MappingReader& m, std::string_view key) {
  if (auto f = m.optional(key)) return f->money_usd(Bound::non_negative);
  return std::nullopt;
}

BedrockModelEntry read_model(const MappingReader& m) {
  BedrockModelEntry e;
  e.name = non_empty_string(m.required("name", "the model's catalog name"));
  e.provider = non_empty_string(m.required("provider", "the model's provider"));
  e.source = read_source(m);
  e.input_usd_per_mtok = m.required("input_per_million_tokens", "a price such as $3.00").money_usd(Bound::non_negative);
  e.output_usd_per_mtok =
      m.required("output_per_million_tokens", "a price such as $15.00").money_usd(Bound::non_negative);
  e.batch_input_usd_per_mtok = optional_money(m, "batch_input_per_million_tokens");
  e.batch_output_usd_per_mtok = optional_money(m, "batch_output_per_million_tokens");
  if (e.batch_input_usd_per_mtok.has_value() != e.batch_output_usd_per_mtok.has_value())
    m.fail(m.path(), "batch_input_per_million_tokens and batch_output_per_million_tokens go together");
  const MappingReader unit_hour = m.optional_mapping("unit_hour");
  e.unit_hour_usd[0] = optional_money(unit_hour, "none");
  e.unit_hour_usd[1] = optional_money(unit_hour, "one_month");
  e.unit_hour_usd[2] = optional_money(unit_hour, "six_months");
  if (auto f = m.optional("tokens_per_minute_per_unit"))
    e.tokens_per_minute_per_unit = static_cast<double>(f->count(CountSuffix::allowed, 1));
  if (auto f = m.optional("requests_per_minute"))
    e.requests_per_minute = static_cast<double>(f->count(CountSuffix::allowed, 1));
  if (auto f = m.optional("tokens_per_minute")) e.tokens_per_minute = static_cast<double>(f->count(CountSuffix::allowed, 1));
  if (auto f = m.optional("output_burndown")) {
    e.output_burndown = f->number(Bound::positive);
    if (e.output_burndown < 1) f->fail(fmt::format("must be >= 1, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("max_output_tokens")) e.max_output_tokens = f->count(CountSuffix::allowed, 1);
  if (auto f = m.optional("time_to_first_token_p50")) {
    e.ttft_p50_s = f->duration(Bound::positive).seconds_f();
    e.ttft_sourced = true;
  }
  if (auto f = m.optional("output_tokens_per_s_p50")) {
    e.tokens_per_s_p50 = f->number(Bound::positive);
    e.tokens_per_s_sourced = true;
  }
  return e;
}

InstanceEntry read_instance(const MappingReader& m) {
  InstanceEntry e;
  e.name = non_empty_string(m.required("name", "an instance type such as ml.g5.xlarge"));
  if (auto f = m.optional("accelerator")) e.accelerator = f->string();
  e.usd_per_hour = m.required("price_per_hour", "a price such as $1.408").money_usd(Bound::non_negative);
  e.seed_usd_per_hour = optional_money(m, "seed_price_per_hour");
  e.source = read_source(m);
  return e;
}

LambdaPriceEntry read_lambda(const MappingReader& m) {
  LambdaPriceEntry e;
  const FieldReader arch = m.required("architecture", "x86_64 or arm64");
  e.architecture = arch.string();
  if (e.architecture != "x86_64" && e.architecture != "arm64")
    arch.fail(fmt::format("expected x86_64 or arm64, got '{}'", e.architecture));
  e.request_usd = m.required("price_per_request", "a price such as $0.0000002").money_usd(Bound::non_negative);
  e.gb_second_usd = m.required("price_per_gb_second", "a price such as $0.0000166667").money_usd(Bound::non_negative);
  e.provisioned_gb_second_usd =
      m.required("provisioned_price_per_gb_second", "a price such as $0.0000041667").money_usd(Bound::non_negative);
  e.provisioned_execution_gb_second_usd = m.required("provisioned_execution_price_per_gb_second",
                                                     "a price such as $0.0000097222")
                                              .money_usd(Bound::non_negative);
  e.source = read_source(m);
  return e;
}

ServerlessPriceEntry read_serverless(const MappingReader& m) {
  ServerlessPriceEntry e;
  e.gb_second_usd = m.required("price_per_gb_second", "a price such as $0.00002").money_usd(Bound::non_negative);
  e.provisioned_gb_second_usd =
      m.required("provisioned_price_per_gb_second", "a price such as $0.0000048").money_usd(Bound::non_negative);
  e.source = read_source(m);
  return e;
}

// Each element of the list under `key` read by `read`; a (name, region) pair given twice fails.
template <class Entry, class Read>
std::vector<Entry> read_list(const MappingReader& top, std::string_view key, std::span<const SchemaKey> schema,
                             Read read) {
  std::vector<Entry> out;
  const FieldReader list = top.required(key, "a list of entries");
  for (const FieldReader& element : list.elements("a list of entries")) {
    const MappingReader m(element, schema);
    Entry e = read(m);
    for (const Entry& other : out) {
      bool same = other.source.region == e.source.region;
      if constexpr (requires { e.name; }) same = same && other.name == e.name;
      else same = same && other.architecture == e.architecture;
      if (same) m.fail(m.path(), fmt::format("listed twice for region {}", e.source.region));
    }
    out.push_back(std::move(e));
  }
  if (out.empty()) list.fail("must list at least one entry");
  return out;
}

}  // namespace

PriceCatalog parse_price_catalog(std::string_view yaml_text, const std::string& file_label) {
  YamlDocument document;
  try {
    document = parse_yaml_document(yaml_text);
  } catch (const YamlSyntaxError& e) {
    const YAML::Mark& mark = e.mark();
    if (mark.is_null() || mark.line < 0)
      throw ScenarioError::in_file(file_label, fmt::format("YAML syntax error: {}", e.what()));
    throw ScenarioError::at(file_label, mark.line + 1, mark.column + 1, "", fmt::format("YAML syntax error: {}", e.what()));
  }
  if (!document.has_document || document.root.IsNull())
    throw ScenarioError::at(file_label, 1, 1, "", "the catalog is empty");
  if (document.has_more_documents) {
    const YAML::Mark m = document.second_start;
    throw ScenarioError::at(file_label, m.line + 1, m.column + 1, "", "only one YAML document is allowed in a catalog");
  }
  const SourceMap source(file_label, {});
  const FieldReader root(document.root, "", document.root.Mark(), source);
  PriceCatalog catalog;
  try {
    const MappingReader top(root, kCatalog);
    catalog.models = read_list<BedrockModelEntry>(top, "bedrock_models", kModel, read_model);
    catalog.instances = read_list<InstanceEntry>(top, "sagemaker_instances", kInstance, read_instance);
    catalog.lambda = read_list<LambdaPriceEntry>(top, "lambda", kLambdaPrices, read_lambda);
    catalog.serverless = read_serverless(top.required_mapping("sagemaker_serverless"));
    if (!catalog.lambda_prices("x86_64"))
      top.required("lambda", "a list").fail("needs an entry for architecture x86_64 (the Lambda default)");
  } catch (const YAML::Exception& e) {
    throw ScenarioError::in_file(file_label, fmt::format("internal error reading YAML: {}", e.what()));
  }
  return catalog;
}

PriceCatalog read_price_catalog(const std::string& path) { return parse_price_catalog(read_file_text(path), path); }

const PriceCatalog& builtin_price_catalog() {
  // A function-local static: initialised once, thread-safe (C++11 "magic statics").
  static const PriceCatalog catalog = parse_price_catalog(builtin_catalog_text(), "<builtin>/catalog.yaml");
  return catalog;
}

}  // namespace fmsim::models
