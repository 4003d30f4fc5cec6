// `fmsim catalog`: tables with region/as-of/source, --json, a filter word, and its errors.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tools/catalog_command.h"

namespace fmsim::cli {
namespace {

struct Captured {
  int rc;
  std::string out, err;
};

std::string slurp(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

Captured run(const CatalogOptions& o) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  const int rc = catalog_command(o, out, err);
  return {rc, slurp(out), slurp(err)};
}

TEST(CatalogCommand, PrintsEverySection) {
  const Captured c = run({});
  EXPECT_EQ(c.rc, 0);
  EXPECT_EQ(c.err, "");
  for (const char* s : {"Bedrock models", "SageMaker instances", "Lambda", "SageMaker serverless", "claude-3-5-sonnet",
                        "ml.g7e.2xlarge", "arm64", "sources:", "us-east-1", "ap-northeast-1", "2025-07"})
    EXPECT_NE(c.out.find(s), std::string::npos) << s;
  // The seed's ml.g5.xlarge figure is shown next to the list price.
  // (Words compared after collapsing the alignment spaces.)
  const auto at = c.out.find("\nml.g5.xlarge ");
  ASSERT_NE(at, std::string::npos) << c.out;
  std::istringstream line(c.out.substr(at + 1, c.out.find('\n', at + 1) - at - 1));
  std::string words, w;
  while (line >> w) words += (words.empty() ? "" : " ") + w;
  EXPECT_EQ(words, "ml.g5.xlarge 1 x A10G 24 GB 1.408 1.006 us-east-1 2025-07");
}

TEST(CatalogCommand, ColumnsAreAligned) {
  const Captured c = run({.filter = "lambda", .json = false, .file = ""});
  ASSERT_EQ(c.rc, 0);
  EXPECT_EQ(c.out.substr(0, c.out.find("sources:")),
            "Lambda ($ per request and per GB-second)\n"
            "architecture    request  duration GB-s  provisioned GB-s  prov. execution GB-s  region     as of\n"
            "x86_64        0.0000002   0.0000166667      0.0000041667          0.0000097222  us-east-1  2025-07\n"
            "arm64         0.0000002   0.0000133334      0.0000033334          0.0000077778  us-east-1  2025-07\n");
}

TEST(CatalogCommand, FilterWord) {
  const Captured c = run({.filter = "Haiku", .json = false, .file = ""});
  ASSERT_EQ(c.rc, 0);
  EXPECT_NE(c.out.find("claude-3-haiku"), std::string::npos);
  EXPECT_NE(c.out.find("claude-3-5-haiku"), std::string::npos);
  EXPECT_EQ(c.out.find("claude-3-sonnet"), std::string::npos);
  EXPECT_EQ(c.out.find("SageMaker"), std::string::npos);
  const Captured g = run({.filter = "A10G", .json = false, .file = ""});
  EXPECT_NE(g.out.find("ml.g5.12xlarge"), std::string::npos);
  EXPECT_EQ(g.out.find("ml.p4d"), std::string::npos);
}

TEST(CatalogCommand, Json) {
  const Captured c = run({.filter = "", .json = true, .file = ""});
  ASSERT_EQ(c.rc, 0);
  const auto j = nlohmann::json::parse(c.out);
  bool found = false;
  for (const auto& m : j["bedrock_models"]) {
    EXPECT_TRUE(m.contains("region") && m.contains("as_of") && m.contains("source"));
    if (m["name"] == "nova-lite") {
      found = true;
      EXPECT_DOUBLE_EQ(m["input_usd_per_million_tokens"].get<double>(), 0.06);
      EXPECT_DOUBLE_EQ(m["batch_input_usd_per_million_tokens"].get<double>(), 0.03);
      EXPECT_TRUE(m["unit_hour_usd"]["none"].is_null());
    }
  }
  EXPECT_TRUE(found);
  EXPECT_DOUBLE_EQ(j["sagemaker_serverless"]["gb_second_usd"].get<double>(), 0.00002);
  EXPECT_EQ(j["lambda"].size(), 2u);
}

TEST(CatalogCommand, NoMatchSuggestsTheNearestName) {
  const Captured c = run({.filter = "claude-3-5-sonet", .json = false, .file = ""});
  EXPECT_EQ(c.rc, 2);
  EXPECT_EQ(c.out, "");
  EXPECT_EQ(c.err, "error: no catalog entry matches 'claude-3-5-sonet', did you mean 'claude-3-5-sonnet'?\n");
}

TEST(CatalogCommand, BadCatalogFile) {
  const std::string path = testing::TempDir() + "bad_catalog.yaml";
  std::ofstream(path) << "bedrock_models: 3\n";
  const Captured c = run({.filter = "", .json = false, .file = path});
  EXPECT_EQ(c.rc, 2);
  EXPECT_EQ(c.err, "error: " + path + ":1:17: bedrock_models: expected a list of entries, got '3'\n");
}

TEST(CatalogCommand, ChecksAnotherCatalogFile) {
  const Captured c = run({.filter = "nova", .json = false, .file = FMSIM_SOURCE_DIR "/models/pricing/catalog.yaml"});
  EXPECT_EQ(c.rc, 0);
  EXPECT_NE(c.out.find("nova-pro"), std::string::npos);
}

}  // namespace
}  // namespace fmsim::cli
