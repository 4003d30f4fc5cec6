// Printing the price catalog. Sources and notes are long sentences, so the tables carry region
// and as-of date in columns and each section lists its entries' sources and notes below it.
#include "tools/catalog_command.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/scenario/catalog_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/scenario_error.h"

namespace fmsim::cli {

namespace {

using models::PriceCatalog;

// A money amount with as many decimals as it has (at least two): 3.00, 0.035, 0.0000166667.
std::string money(double usd) {
  std::string s = fmt::format("{:.10f}", usd);
  const std::size_t dot = s.find('.');
  while (s.size() > dot + 3 && s.back() == '0') s.pop_back();
  return s;
}
std::string money(const std::optional<double>& usd) { return usd ? money(*usd) : "-"; }
// Whole numbers in full (2000000, not 2e+06); others as short as they go.
std::string number(double v) {
  return v == std::floor(v) && std::abs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
}
std::string number(const std::optional<double>& v) { return v ? number(*v) : "-"; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Table {
 public:
  // Columns whose header starts with '<' are left-aligned (text); the others right-aligned.
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }

  void print(std::FILE* out) const {
    std::vector<std::size_t> width(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) width[c] = label(c).size();
    for (const auto& r : rows_)
      for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    auto line = [&](const std::vector<std::string>& cells, bool header) {
      std::string s;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string& cell = header ? label(c) : cells[c];
        const std::string pad(width[c] - cell.size(), ' ');
        if (c > 0) s += "  ";
        s += left(c) ? cell + pad : pad + cell;
      }
      while (!s.empty() && s.back() == ' ') s.pop_back();
      fmt::print(out, "{}\n", s);
    };
    line(headers_, true);
    for (const auto& r : rows_) line(r, false);
  }

 private:
  bool left(std::size_t c) const { return headers_[c].starts_with('<'); }
  std::string label(std::size_t c) const { return left(c) ? headers_[c].substr(1) : headers_[c]; }
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

void print_sources(std::FILE* out, const std::vector<std::pair<std::string, models::CatalogSource>>& sources) {
  fmt::print(out, "sources:\n");
  for (const auto& [name, src] : sources) {
    fmt::print(out, "  {} ({}, {}): {}\n", name, src.region, src.as_of, src.source);
    if (!src.note.empty()) fmt::print(out, "    note: {}\n", src.note);
  }
}

struct Selection {
  std::vector<const models::BedrockModelEntry*> models;
  std::vector<const models::InstanceEntry*> instances;
  std::vector<const models::LambdaPriceEntry*> lambda;
  bool serverless = false;
  bool empty() const { return models.empty() && instances.empty() && lambda.empty() && !serverless; }
};

Selection select(const PriceCatalog& c, const std::string& filter) {
  const std::string w = lower(filter);
  auto has = [&](std::string_view text) { return w.empty() || lower(text).find(w) != std::string::npos; };
  Selection s;
  const bool all_models = !w.empty() && has("bedrock models");
  for (const auto& m : c.models)
    if (all_models || has(m.name) || has(m.provider)) s.models.push_back(&m);
  const bool all_instances = !w.empty() && has("sagemaker instances");
  for (const auto& i : c.instances)
    if (all_instances || has(i.name) || has(i.accelerator)) s.instances.push_back(&i);
  const bool all_lambda = !w.empty() && has("lambda");
  for (const auto& l : c.lambda)
    if (all_lambda || has(l.architecture)) s.lambda.push_back(&l);
  s.serverless = has("sagemaker serverless");
  return s;
}

std::string term_prices(const models::BedrockModelEntry& m) {
  return fmt::format("{} / {} / {}", money(m.unit_hour_usd[0]), money(m.unit_hour_usd[1]), money(m.unit_hour_usd[2]));
}

void print_text(std::FILE* out, const PriceCatalog& c, const Selection& s) {
  bool first = true;
  auto section = [&](std::string_view title) {
    fmt::print(out, "{}{}\n", first ? "" : "\n", title);
    first = false;
  };
  if (!s.models.empty()) {
    section("Bedrock models ($ per 1M tokens; Provisioned Throughput $ per MU-hour by term none / 1 month / 6 months)");
    Table t({"<model", "<provider", "in", "out", "batch in", "batch out", "PT none / 1m / 6m", "TPM/MU", "RPM", "TPM",
             "burndown", "max out", "TTFT p50", "tok/s p50", "<region", "<as of"});
    std::vector<std::pair<std::string, models::CatalogSource>> sources;
    for (const auto* m : s.models) {
      t.add({m->name, m->provider, money(m->input_usd_per_mtok), money(m->output_usd_per_mtok),
             money(m->batch_input_usd_per_mtok), money(m->batch_output_usd_per_mtok), term_prices(*m),
             number(m->tokens_per_minute_per_unit), number(m->requests_per_minute), number(m->tokens_per_minute),
             number(m->output_burndown), std::to_string(m->max_output_tokens),
             m->ttft_sourced ? fmt::format("{:g} s", m->ttft_p50_s) : "-",
             m->tokens_per_s_sourced ? number(m->tokens_per_s_p50) : "-", m->source.region, m->source.as_of});
      sources.emplace_back(m->name, m->source);
    }
    t.print(out);
    fmt::print(out, "('-' = not in the sources: quotas unset, latency from fmsim's defaults)\n");
    print_sources(out, sources);
  }
  if (!s.instances.empty()) {
    section("SageMaker instances ($ per instance-hour, billed per second)");
    Table t({"<instance", "<accelerator", "$/h", "seed $/h", "<region", "<as of"});
    std::vector<std::pair<std::string, models::CatalogSource>> sources;
    for (const auto* i : s.instances) {
      t.add({i->name, i->accelerator, money(i->usd_per_hour), money(i->seed_usd_per_hour), i->source.region,
             i->source.as_of});
      sources.emplace_back(i->name, i->source);
    }
    t.print(out);
    print_sources(out, sources);
  }
  if (!s.lambda.empty()) {
    section("Lambda ($ per request and per GB-second)");
    Table t({"<architecture", "request", "duration GB-s", "provisioned GB-s", "prov. execution GB-s", "<region",
             "<as of"});
    std::vector<std::pair<std::string, models::CatalogSource>> sources;
    for (const auto* l : s.lambda) {
      t.add({l->architecture, money(l->request_usd), money(l->gb_second_usd), money(l->provisioned_gb_second_usd),
             money(l->provisioned_execution_gb_second_usd), l->source.region, l->source.as_of});
      sources.emplace_back(l->architecture, l->source);
    }
    t.print(out);
    print_sources(out, sources);
  }
  if (s.serverless) {
    section("SageMaker serverless ($ per GB-second of memory)");
    Table t({"compute GB-s", "provisioned GB-s", "<region", "<as of"});
    t.add({money(c.serverless.gb_second_usd), money(c.serverless.provisioned_gb_second_usd), c.serverless.source.region,
           c.serverless.source.as_of});
    t.print(out);
    print_sources(out, {{"serverless", c.serverless.source}});
  }
}

nlohmann::json source_json(const models::CatalogSource& s) {
  nlohmann::json j{{"region", s.region}, {"as_of", s.as_of}, {"source", s.source}};
  if (!s.note.empty()) j["note"] = s.note;
  return j;
}

template <class T>
nlohmann::json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

void print_json(std::FILE* out, const PriceCatalog& c, const Selection& s) {
  nlohmann::json j = nlohmann::json::object();
  j["bedrock_models"] = nlohmann::json::array();
  for (const auto* m : s.models) {
    nlohmann::json e{{"name", m->name},
                     {"provider", m->provider},
                     {"input_usd_per_million_tokens", m->input_usd_per_mtok},
                     {"output_usd_per_million_tokens", m->output_usd_per_mtok},
                     {"batch_input_usd_per_million_tokens", optional_json(m->batch_input_usd_per_mtok)},
                     {"batch_output_usd_per_million_tokens", optional_json(m->batch_output_usd_per_mtok)},
                     {"unit_hour_usd",
                      {{"none", optional_json(m->unit_hour_usd[0])},
                       {"one_month", optional_json(m->unit_hour_usd[1])},
                       {"six_months", optional_json(m->unit_hour_usd[2])}}},
                     {"tokens_per_minute_per_unit", optional_json(m->tokens_per_minute_per_unit)},
                     {"requests_per_minute", optional_json(m->requests_per_minute)},
                     {"tokens_per_minute", optional_json(m->tokens_per_minute)},
                     {"output_burndown", m->output_burndown},
                     {"max_output_tokens", m->max_output_tokens},
                     {"time_to_first_token_p50_s", m->ttft_sourced ? nlohmann::json(m->ttft_p50_s) : nullptr},
                     {"output_tokens_per_s_p50", m->tokens_per_s_sourced ? nlohmann::json(m->tokens_per_s_p50) : nullptr}};
    e.update(source_json(m->source));
    j["bedrock_models"].push_back(std::move(e));
  }
  j["sagemaker_instances"] = nlohmann::json::array();
  for (const auto* i : s.instances) {
    nlohmann::json e{{"name", i->name},
                     {"accelerator", i->accelerator},
                     {"usd_per_hour", i->usd_per_hour},
                     {"seed_usd_per_hour", optional_json(i->seed_usd_per_hour)}};
    e.update(source_json(i->source));
    j["sagemaker_instances"].push_back(std::move(e));
  }
  j["lambda"] = nlohmann::json::array();
  for (const auto* l : s.lambda) {
    nlohmann::json e{{"architecture", l->architecture},
                     {"request_usd", l->request_usd},
                     {"gb_second_usd", l->gb_second_usd},
                     {"provisioned_gb_second_usd", l->provisioned_gb_second_usd},
                     {"provisioned_execution_gb_second_usd", l->provisioned_execution_gb_second_usd}};
    e.update(source_json(l->source));
    j["lambda"].push_back(std::move(e));
  }
  if (s.serverless) {
    nlohmann::json e{{"gb_second_usd", c.serverless.gb_second_usd},
                     {"provisioned_gb_second_usd", c.serverless.provisioned_gb_second_usd}};
    e.update(source_json(c.serverless.source));
    j["sagemaker_serverless"] = std::move(e);
  }
  fmt::print(out, "{}\n", j.dump(2));
}

}  // namespace

int catalog_command(const CatalogOptions& o, std::FILE* out, std::FILE* err) {
  PriceCatalog file_catalog;
  const PriceCatalog* catalog = &file_catalog;
  try {
    if (o.file.empty()) catalog = &models::builtin_price_catalog();
    else file_catalog = models::read_price_catalog(o.file);
  } catch (const models::ScenarioError& e) {
    fmt::print(err, "error: {}\n", e.what());
    return 2;
  }
  const Selection s = select(*catalog, o.filter);
  if (s.empty()) {
    std::vector<std::string_view> names = catalog->model_names();
    for (std::string_view n : catalog->instance_names()) names.push_back(n);
    fmt::print(err, "error: no catalog entry matches '{}'{}\n", o.filter, models::did_you_mean(o.filter, names));
    return 2;
  }
  if (o.json) print_json(out, *catalog, s);
  else print_text(out, *catalog, s);
  return 0;
}

}  // namespace fmsim::cli
