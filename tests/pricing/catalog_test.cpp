// The price catalog: the built-in file parses, every entry says where it comes from, lookups and
// did-you-mean hints work, and a bad catalog file fails with FILE:LINE:COL messages.
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "models/pricing/builtin_catalog_text.h"
#include "models/scenario/catalog_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/scenario_error.h"

namespace fmsim::models {
namespace {

const PriceCatalog& cat() { return builtin_price_catalog(); }

TEST(BuiltinCatalog, EmbedsTheProjectFileVerbatim) {
  std::ifstream in(FMSIM_SOURCE_DIR "/models/pricing/catalog.yaml", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // If this fails the build tree is stale: re-run cmake (catalog.yaml is a configure dependency).
  EXPECT_EQ(builtin_catalog_text(), text.str());
}

TEST(BuiltinCatalog, ParsesWithEveryEntrySourced) {
  ASSERT_GE(cat().models.size(), 10u);
  ASSERT_GE(cat().instances.size(), 9u);
  ASSERT_EQ(cat().lambda.size(), 2u);
  auto check = [](const CatalogSource& s, const std::string& what) {
    EXPECT_FALSE(s.region.empty()) << what;
    EXPECT_TRUE(s.as_of.size() == 7 || s.as_of.size() == 10) << what << ": " << s.as_of;
    EXPECT_FALSE(s.source.empty()) << what;
  };
  for (const auto& m : cat().models) {
    check(m.source, m.name);
    EXPECT_GT(m.input_usd_per_mtok, 0) << m.name;
    EXPECT_GT(m.output_usd_per_mtok, 0) << m.name;
    // Bedrock docs: batch inference is 50 % of on demand; every catalogued model has it.
    ASSERT_TRUE(m.batch_input_usd_per_mtok && m.batch_output_usd_per_mtok) << m.name;
    EXPECT_DOUBLE_EQ(*m.batch_input_usd_per_mtok, m.input_usd_per_mtok / 2) << m.name;
    EXPECT_DOUBLE_EQ(*m.batch_output_usd_per_mtok, m.output_usd_per_mtok / 2) << m.name;
  }
  for (const auto& i : cat().instances) {
    check(i.source, i.name);
    EXPECT_GT(i.usd_per_hour, 0) << i.name;
  }
  for (const auto& l : cat().lambda) check(l.source, l.architecture);
  check(cat().serverless.source, "serverless");
}

TEST(BuiltinCatalog, NamesAreUniquePerRegion) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& m : cat().models) EXPECT_TRUE(seen.insert({m.name, m.source.region}).second) << m.name;
  seen.clear();
  for (const auto& i : cat().instances) EXPECT_TRUE(seen.insert({i.name, i.source.region}).second) << i.name;
}

TEST(BuiltinCatalog, SeedFigures) {
  // R1-R3: Claude 3.5 Sonnet at $0.003 / $0.015 per 1K tokens.
  const auto* sonnet = cat().model("claude-3-5-sonnet");
  ASSERT_NE(sonnet, nullptr);
  EXPECT_DOUBLE_EQ(sonnet->input_usd_per_mtok, 3.0);
  EXPECT_DOUBLE_EQ(sonnet->output_usd_per_mtok, 15.0);
  EXPECT_EQ(sonnet->requests_per_minute, 50.0);
  EXPECT_EQ(sonnet->tokens_per_minute, 400'000.0);
  // R3: ~$19,000 per MU-month on a 6-month term = $26.3888889/h over a 720-hour month.
  ASSERT_TRUE(sonnet->unit_hour_usd[2]);
  EXPECT_NEAR(*sonnet->unit_hour_usd[2] * 720, 19'000.0, 0.01);
  EXPECT_FALSE(sonnet->unit_hour_usd[0]);
  // R4: Nova Lite on demand $0.06 / $0.24 per 1M, batch half of it.
  const auto* lite = cat().model("nova-lite");
  ASSERT_NE(lite, nullptr);
  EXPECT_DOUBLE_EQ(lite->input_usd_per_mtok, 0.06);
  EXPECT_DOUBLE_EQ(*lite->batch_output_usd_per_mtok, 0.12);
  // R5 / R7: Claude 3 Sonnet and Haiku, 40K tokens/min per MU; the output burndown of newer Claude.
  EXPECT_EQ(cat().model("claude-3-sonnet")->tokens_per_minute_per_unit, 40'000.0);
  EXPECT_DOUBLE_EQ(*cat().model("claude-3-sonnet")->unit_hour_usd[1], 60.0);
  EXPECT_DOUBLE_EQ(*cat().model("claude-3-haiku")->unit_hour_usd[1], 5.0);
  EXPECT_DOUBLE_EQ(cat().model("claude-3-haiku")->ttft_p50_s, 0.3);
  EXPECT_TRUE(cat().model("claude-3-haiku")->ttft_sourced);
  EXPECT_FALSE(cat().model("nova-micro")->ttft_sourced);
  EXPECT_EQ(cat().model("claude-sonnet-4")->output_burndown, 5.0);
  EXPECT_EQ(cat().model("claude-3-haiku")->output_burndown, 1.0);
}

TEST(BuiltinCatalog, InstancesByRegionWithSeedPrices) {
  const auto* g5 = cat().instance("ml.g5.xlarge");
  ASSERT_NE(g5, nullptr);
  EXPECT_EQ(g5->source.region, "us-east-1");
  EXPECT_DOUBLE_EQ(g5->usd_per_hour, 1.408);
  ASSERT_TRUE(g5->seed_usd_per_hour);
  EXPECT_DOUBLE_EQ(*g5->seed_usd_per_hour, 1.006);
  const auto* g5_tokyo = cat().instance("ml.g5.xlarge", "ap-northeast-1");
  ASSERT_NE(g5_tokyo, nullptr);
  EXPECT_DOUBLE_EQ(g5_tokyo->usd_per_hour, 1.41);
  EXPECT_DOUBLE_EQ(cat().instance("ml.g5.2xlarge", "ap-northeast-1")->usd_per_hour, 1.89);
  EXPECT_EQ(cat().instance("ml.g5.12xlarge", "ap-northeast-1"), nullptr);
  EXPECT_DOUBLE_EQ(cat().instance("ml.g7e.xlarge")->usd_per_hour, 2.50);
  EXPECT_DOUBLE_EQ(cat().instance("ml.g7e.2xlarge")->usd_per_hour, 5.00);
  EXPECT_DOUBLE_EQ(cat().instance("ml.inf2.24xlarge")->usd_per_hour, 6.50);
  EXPECT_DOUBLE_EQ(*cat().instance("ml.g6.xlarge")->seed_usd_per_hour, 0.80);
  EXPECT_EQ(cat().instance("ml.g5.xlarge "), nullptr);
  EXPECT_EQ(cat().model("claude-3-5-sonnet", "eu-west-1"), nullptr);
}

TEST(BuiltinCatalog, LambdaAndServerlessPrices) {
  const auto* x86 = cat().lambda_prices("x86_64");
  const auto* arm = cat().lambda_prices("arm64");
  ASSERT_TRUE(x86 && arm);
  EXPECT_DOUBLE_EQ(x86->request_usd, 0.20e-6);
  EXPECT_DOUBLE_EQ(x86->gb_second_usd, 0.0000166667);
  EXPECT_DOUBLE_EQ(arm->gb_second_usd, 0.0000133334);
  EXPECT_DOUBLE_EQ(x86->provisioned_gb_second_usd, 0.0000041667);
  EXPECT_DOUBLE_EQ(arm->provisioned_execution_gb_second_usd, 0.0000077778);
  EXPECT_EQ(cat().lambda_prices("sparc"), nullptr);
  EXPECT_DOUBLE_EQ(cat().serverless.gb_second_usd, 0.00002);
}

TEST(BuiltinCatalog, NearestNameSuggestions) {
  const auto models = cat().model_names();
  const auto instances = cat().instance_names();
  // Each name once, though instances appear per region.
  EXPECT_EQ(std::set<std::string_view>(instances.begin(), instances.end()).size(), instances.size());
  EXPECT_EQ(did_you_mean("claude-3.5-sonnet", models), ", did you mean 'claude-3-5-sonnet'?");
  EXPECT_EQ(did_you_mean("nova-lit", models), ", did you mean 'nova-lite'?");
  EXPECT_EQ(did_you_mean("ml.g5.xlarg", instances), ", did you mean 'ml.g5.xlarge'?");
  EXPECT_EQ(did_you_mean("ml.g7e.2xlarg", instances), ", did you mean 'ml.g7e.2xlarge'?");
  EXPECT_EQ(did_you_mean("gpt-4o", models), "");
}

TEST(BuiltinCatalog, ParsedOnceAcrossThreads) {
  std::vector<const PriceCatalog*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) threads.emplace_back([&seen, i] { seen[i] = &builtin_price_catalog(); });
  for (auto& t : threads) t.join();
  for (const auto* p : seen) EXPECT_EQ(p, seen[0]);
}

// ---- bad catalog files

constexpr std::string_view kGood =
    "bedrock_models:\n"                                         // 1
    "  - name: m1\n"                                            // 2
    "    provider: P\n"                                         // 3
    "    region: us-east-1\n"                                   // 4
    "    as_of: 2025-07\n"                                      // 5
    "    source: test\n"                                        // 6
    "    input_per_million_tokens: $1\n"                        // 7
    "    output_per_million_tokens: $2\n"                       // 8
    "sagemaker_instances:\n"                                    // 9
    "  - {name: ml.x, price_per_hour: $1, region: us-east-1, as_of: 2025-07-01, source: test}\n"  // 10
    "lambda:\n"                                                 // 11
    "  - {architecture: x86_64, price_per_request: $0, price_per_gb_second: $0, "
    "provisioned_price_per_gb_second: $0, provisioned_execution_price_per_gb_second: $0, region: r, as_of: 2025-07, "
    "source: s}\n"                                              // 12
    "sagemaker_serverless: {price_per_gb_second: $0.00002, provisioned_price_per_gb_second: $0, region: r, "
    "as_of: 2025-07, source: s}\n";                             // 13

std::string error_of(std::string_view text) {
  try {
    parse_price_catalog(text, "c.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string replaced(std::string_view from, std::string_view to) {
  std::string s(kGood);
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  return s;
}

TEST(CatalogErrors, GoodMinimalFileParses) {
  EXPECT_EQ(error_of(kGood), "(no error)");
  const PriceCatalog c = parse_price_catalog(kGood, "c.yaml");
  EXPECT_DOUBLE_EQ(c.model("m1")->output_usd_per_mtok, 2.0);
  EXPECT_EQ(c.instance("ml.x")->source.as_of, "2025-07-01");
  EXPECT_FALSE(c.model("m1")->batch_input_usd_per_mtok);
}

TEST(CatalogErrors, NegativePrice) {
  EXPECT_EQ(error_of(replaced("input_per_million_tokens: $1", "input_per_million_tokens: $-1")),
            "c.yaml:7:31: bedrock_models[0].input_per_million_tokens: must be >= 0, got '$-1'");
  EXPECT_EQ(error_of(replaced("price_per_hour: $1", "price_per_hour: $-2")),
            "c.yaml:10:34: sagemaker_instances[0].price_per_hour: must be >= 0, got '$-2'");
}

TEST(CatalogErrors, MissingSourceFields) {
  EXPECT_EQ(error_of(replaced("    region: us-east-1\n", "")),
            "c.yaml:2:5: bedrock_models[0].region: required key is missing (expected an AWS region such as us-east-1)");
  EXPECT_EQ(error_of(replaced("source: test\n", "source: \"\"\n")),
            "c.yaml:6:13: bedrock_models[0].source: must not be empty");
  EXPECT_EQ(error_of(replaced("as_of: 2025-07\n", "as_of: July 2025\n")),
            "c.yaml:5:12: bedrock_models[0].as_of: expected a date YYYY-MM or YYYY-MM-DD, got 'July 2025'");
  EXPECT_EQ(error_of(replaced("as_of: 2025-07\n", "as_of: 2025-13\n")),
            "c.yaml:5:12: bedrock_models[0].as_of: expected a date YYYY-MM or YYYY-MM-DD, got '2025-13'");
}

TEST(CatalogErrors, UnknownKeyAndDuplicates) {
  EXPECT_EQ(error_of(replaced("provider: P", "provder: P")),
            "c.yaml:3:5: bedrock_models[0].provder: unknown key 'provder', did you mean 'provider'?");
  const std::string twice = replaced("sagemaker_instances:\n",
                                     "  - {name: m1, provider: Q, region: us-east-1, as_of: 2025-07, source: s,"
                                     " input_per_million_tokens: $1, output_per_million_tokens: $1}\n"
                                     "sagemaker_instances:\n");
  EXPECT_EQ(error_of(twice), "c.yaml:9:5: bedrock_models[1]: listed twice for region us-east-1");
  EXPECT_EQ(error_of(replaced("region: us-east-1, as_of: 2025-07-01", "region: us-east-1, as_of: 2025-07-01, price: $3")),
            "c.yaml:10:76: sagemaker_instances[0].price: unknown key 'price' (allowed here: name, accelerator, "
            "price_per_hour, seed_price_per_hour, region, as_of, source, note)");
}

TEST(CatalogErrors, StructuralProblems) {
  EXPECT_EQ(error_of(""), "c.yaml:1:1: the catalog is empty");
  EXPECT_EQ(error_of(replaced("sagemaker_instances:\n  - {", "sagemaker_instances:\n  - 3\n  - {")),
            "c.yaml:10:5: sagemaker_instances[0]: expected a mapping, got '3'");
  EXPECT_EQ(error_of(replaced("architecture: x86_64", "architecture: arm64")),
            "c.yaml:12:3: lambda: needs an entry for architecture x86_64 (the Lambda default)");
  EXPECT_EQ(error_of(replaced("architecture: x86_64", "architecture: x86")),
            "c.yaml:12:20: lambda[0].architecture: expected x86_64 or arm64, got 'x86'");
  EXPECT_EQ(error_of(replaced("    input_per_million_tokens: $1\n",
                              "    input_per_million_tokens: $1\n    batch_input_per_million_tokens: $0.5\n")),
            "c.yaml:2:5: bedrock_models[0]: batch_input_per_million_tokens and batch_output_per_million_tokens go "
            "together");
  EXPECT_EQ(error_of(replaced("    output_per_million_tokens: $2\n",
                              "    output_per_million_tokens: $2\n    output_burndown: 0.5\n")),
            "c.yaml:9:22: bedrock_models[0].output_burndown: must be >= 1, got '0.5'");
}

TEST(CatalogErrors, UnreadableFile) {
  try {
    read_price_catalog("/nonexistent/catalog.yaml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/catalog.yaml: cannot read: No such file or directory");
  }
}

}  // namespace
}  // namespace fmsim::models
