// Tests of RequestMix: the class mix against its probabilities (chi-square), token and complexity
// draws against their distributions (Kolmogorov–Smirnov against the CDF after rounding), trace
// overrides, the agent billing rule on hand-worked numbers and on seed scenario R7, stream
// independence when a class is added, and the exact validation messages.
//
// Statistical checks use fixed seeds, so they are deterministic; each is at the 1 % level, so a
// correct implementation fails one for a fresh seed with probability ~1 %, while a wrong rule
// (unnormalised weights, the wrong hour, floor instead of round, a missing clamp) fails by far.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/random/uniform_01.hpp>
#include <gtest/gtest.h>

#include "models/workload/request_mix.h"
#include "sim/distribution.h"
#include "sim/random_streams.h"

namespace fmsim::models {
namespace {

using sim::Distribution;

// The asymptotic Kolmogorov critical value at 1 %: P(sqrt(n) D > 1.6276) = 0.01. For a discrete
// law the test is conservative (it rejects less often), so it stays valid after rounding.
constexpr double kKs99 = 1.62762;

RequestClassSpec make_class(std::string name, double weight) {
  RequestClassSpec c;
  c.name = std::move(name);
  c.weight = weight;
  return c;
}

const Arrival kNoTrace{};

// KS statistic of integer samples against an integer-valued law given by cdf(x) = P(X <= x).
// Both CDFs are step functions jumping only at integers, so the supremum is reached just at or
// just below a sample value: compare F_n and F there (F(v-) = cdf(v - 1)).
double ks_discrete(std::vector<std::int64_t> xs, const std::function<double(std::int64_t)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  std::size_t i = 0;
  while (i < xs.size()) {
    std::size_t j = i;
    while (j < xs.size() && xs[j] == xs[i]) ++j;
    const double below = static_cast<double>(i) / n, at = static_cast<double>(j) / n;
    d = std::max({d, std::abs(below - cdf(xs[i] - 1)), std::abs(at - cdf(xs[i]))});
    i = j;
  }
  return d;
}

double ks_continuous(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// Law of a token count drawn from a continuous Y > 0 and rounded to the nearest integer, at
// least 1: X <= x  <=>  Y < x + 0.5 for x >= 1.
template <class Dist>
std::function<double(std::int64_t)> rounded_cdf(const Dist& y) {
  return [y](std::int64_t x) { return x < 1 ? 0.0 : boost::math::cdf(y, static_cast<double>(x) + 0.5); };
}

// Chi-square of observed class counts against the probabilities, over the classes with positive
// probability; classes with probability 0 must never be drawn.
void expect_mix_matches(const std::vector<std::int64_t>& counts, const std::vector<double>& p, const char* what) {
  double n = 0;
  for (auto c : counts) n += static_cast<double>(c);
  double chi2 = 0;
  int cells = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == 0) {
      EXPECT_EQ(counts[i], 0) << what << ": class " << i << " has probability 0";
      continue;
    }
    const double e = n * p[i];
    chi2 += (static_cast<double>(counts[i]) - e) * (static_cast<double>(counts[i]) - e) / e;
    ++cells;
  }
  ASSERT_GE(cells, 2) << what;
  const double critical = boost::math::quantile(boost::math::chi_squared(cells - 1), 0.99);
  EXPECT_LT(chi2, critical) << what;
}

// ---------------------------------------------------------------------------------------------
// Class mix

TEST(RequestMix, ConstantMixMatchesWeights) {
  // Weights 5 : 3 : 2 (not normalised) and a class of weight 0 that must never appear.
  std::vector<RequestClassSpec> cs = {make_class("simple", 5), make_class("never", 0), make_class("complex", 3),
                                      make_class("agent", 2)};
  RequestMix mix(cs, sim::RandomStreams(11, 0));
  const std::vector<double> p = mix.class_probabilities(9);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_DOUBLE_EQ(p[0], 0.5);
  EXPECT_DOUBLE_EQ(p[1], 0.0);
  EXPECT_DOUBLE_EQ(p[2], 0.3);
  EXPECT_DOUBLE_EQ(p[3], 0.2);
  std::vector<std::int64_t> counts(4, 0);
  for (int k = 0; k < 100000; ++k) ++counts[static_cast<std::size_t>(mix.draw(9, kNoTrace).class_index)];
  expect_mix_matches(counts, p, "constant mix");
}

TEST(RequestMix, HourVaryingMixFollowsTheLocalHour) {
  // Interactive traffic by day, batch jobs only at night (hours 0-7 and 20-23).
  RequestClassSpec interactive = make_class("interactive", 6);
  interactive.hourly_weights.assign(24, 0.5);
  for (int h = 8; h < 20; ++h) interactive.hourly_weights[static_cast<std::size_t>(h)] = 2.0;
  RequestClassSpec complex = make_class("complex", 3);  // no hourly shape: constant weight
  RequestClassSpec batch = make_class("batch", 1);
  batch.hourly_weights.assign(24, 4.0);
  for (int h = 8; h < 20; ++h) batch.hourly_weights[static_cast<std::size_t>(h)] = 0.0;
  RequestMix mix({interactive, complex, batch}, sim::RandomStreams(12, 0));

  // Night: 3 : 3 : 4 ; day: 12 : 3 : 0.
  const std::vector<double> night = mix.class_probabilities(3);
  EXPECT_DOUBLE_EQ(night[0], 0.3);
  EXPECT_DOUBLE_EQ(night[1], 0.3);
  EXPECT_DOUBLE_EQ(night[2], 0.4);
  const std::vector<double> day = mix.class_probabilities(13);
  EXPECT_DOUBLE_EQ(day[0], 0.8);
  EXPECT_DOUBLE_EQ(day[1], 0.2);
  EXPECT_DOUBLE_EQ(day[2], 0.0);

  // Draws at different hours interleave, as they would over a simulated day.
  const std::vector<int> hours = {3, 13, 22};
  std::map<int, std::vector<std::int64_t>> counts;
  for (int h : hours) counts[h].assign(3, 0);
  for (int k = 0; k < 60000; ++k) {
    for (int h : hours) ++counts[h][static_cast<std::size_t>(mix.draw(h, kNoTrace).class_index)];
  }
  for (int h : hours) expect_mix_matches(counts[h], mix.class_probabilities(h), ("hour " + std::to_string(h)).c_str());
}

// ---------------------------------------------------------------------------------------------
// Tokens and complexity

TEST(RequestMix, TokenDistributionsMatchTheirSpecs) {
  RequestClassSpec c = make_class("chat", 1);
  c.input_tokens = Distribution::lognormal_median_sigma(1000, 0.5);
  c.output_tokens = Distribution::gamma(2, 150);
  c.complexity = Distribution::uniform(0, 1);
  RequestClassSpec small = make_class("short", 1);
  // Mean 3 tokens: rounding is a large part of the law here, so floor or ceil instead of
  // round-to-nearest would fail.
  small.output_tokens = Distribution::exponential(3);
  RequestMix mix({c, small}, sim::RandomStreams(13, 0));

  const int n = 20000;
  std::vector<std::int64_t> in, out, small_out;
  std::vector<double> cx;
  for (int k = 0; k < n; ++k) {
    const RequestDraw d = mix.draw(5, Arrival{{}, -1, -1, 0});
    in.push_back(d.input_tokens);
    out.push_back(d.output_tokens);
    cx.push_back(d.complexity);
    small_out.push_back(mix.draw(5, Arrival{{}, -1, -1, 1}).output_tokens);
  }
  const double critical = kKs99 / std::sqrt(static_cast<double>(n));
  EXPECT_LT(ks_discrete(in, rounded_cdf(boost::math::lognormal(std::log(1000.0), 0.5))), critical);
  EXPECT_LT(ks_discrete(out, rounded_cdf(boost::math::gamma_distribution<double>(2, 150))), critical);
  EXPECT_LT(ks_discrete(small_out, rounded_cdf(boost::math::exponential(1.0 / 3))), critical);
  EXPECT_LT(ks_continuous(cx, [](double x) { return std::clamp(x, 0.0, 1.0); }), critical);
  // The test has power: the same small outputs compared with a floored law are rejected.
  EXPECT_GT(ks_discrete(small_out,
                        [](std::int64_t x) {
                          return x < 1 ? 0.0 : boost::math::cdf(boost::math::exponential(1.0 / 3), static_cast<double>(x) + 1);
                        }),
            critical);
}

TEST(RequestMix, RoundingRulesAndComplexityClamp) {
  using Pair = std::pair<std::int64_t, std::int64_t>;
  auto one = [](Distribution in, Distribution out) {
    RequestClassSpec c = make_class("c", 1);
    c.input_tokens = in;
    c.output_tokens = out;
    RequestMix mix({c}, sim::RandomStreams(1, 0));
    const RequestDraw d = mix.draw(0, kNoTrace);
    return Pair{d.input_tokens, d.output_tokens};
  };
  // Input is at least 1 token; output is 0 only when the distribution gives <= 0.
  EXPECT_EQ(one(Distribution::constant(0), Distribution::constant(0)), Pair(1, 0));
  EXPECT_EQ(one(Distribution::constant(0.4), Distribution::constant(0.3)), Pair(1, 1));
  EXPECT_EQ(one(Distribution::constant(-5), Distribution::constant(-5)), Pair(1, 0));
  EXPECT_EQ(one(Distribution::constant(2.5), Distribution::constant(7.49)), Pair(3, 7));

  // Complexity uniform on [-0.5, 1.5] clamps a quarter of the draws to each end.
  RequestClassSpec c = make_class("c", 1);
  c.complexity = Distribution::uniform(-0.5, 1.5);
  RequestMix mix({c}, sim::RandomStreams(2, 0));
  int zeros = 0, ones = 0;
  const int n = 20000;
  for (int k = 0; k < n; ++k) {
    const double x = mix.draw(0, kNoTrace).complexity;
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
    zeros += x == 0.0;
    ones += x == 1.0;
  }
  // Binomial(20000, 1/4): sd ≈ 61; ±500 is > 8 sd.
  EXPECT_NEAR(zeros, n / 4, 500);
  EXPECT_NEAR(ones, n / 4, 500);
}

// ---------------------------------------------------------------------------------------------
// Traces

TEST(RequestMix, TraceTokensAndClassOverrideTheDraws) {
  RequestClassSpec a = make_class("a", 1);
  a.input_tokens = Distribution::lognormal_median_sigma(1000, 0.5);
  a.output_tokens = Distribution::gamma(2, 150);
  RequestClassSpec b = make_class("b", 0);  // weight 0: only a trace can select it
  b.max_tokens_per_turn = 100;
  RequestMix mix({a, b}, sim::RandomStreams(14, 0));

  // Class and both token counts from the trace; the cap of class b still binds the output.
  RequestDraw d = mix.draw(0, Arrival{{}, 123, 45, 1});
  EXPECT_EQ(d.class_index, 1);
  EXPECT_EQ(d.input_tokens, 123);
  EXPECT_EQ(d.output_tokens, 45);
  d = mix.draw(0, Arrival{{}, 123, 4500, 1});
  EXPECT_EQ(d.output_tokens, 100);
  // Zero tokens from a trace are taken as they are.
  d = mix.draw(0, Arrival{{}, 0, 0, 0});
  EXPECT_EQ(d.input_tokens, 0);
  EXPECT_EQ(d.output_tokens, 0);
  EXPECT_EQ(d.billed_input_tokens, 0);

  // Trace-carried tokens consume no draws, and one missing count is drawn from its own stream:
  // the drawn values match those of a fresh mix that never saw the trace.
  RequestMix fresh({a, b}, sim::RandomStreams(14, 0));
  const RequestDraw expected = fresh.draw(0, Arrival{{}, -1, -1, 0});
  const RequestDraw partial = mix.draw(0, Arrival{{}, 77, -1, 0});
  EXPECT_EQ(partial.input_tokens, 77);
  EXPECT_EQ(partial.output_tokens, expected.output_tokens);
  const RequestDraw full = mix.draw(0, Arrival{{}, -1, -1, 0});
  EXPECT_EQ(full.input_tokens, expected.input_tokens);

  try {
    mix.draw(0, Arrival{{}, -1, -1, 2});
    ADD_FAILURE() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "request mix: the arrival's class index 2 is out of range (2 classes)");
  }
  try {
    mix.draw(24, kNoTrace);
    ADD_FAILURE() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "request mix: local_hour must be in [0, 23] (got 24)");
  }
  EXPECT_THROW((void)mix.class_probabilities(-1), std::out_of_range);
}

// ---------------------------------------------------------------------------------------------
// Agent billing

RequestDraw agent_draw(std::int32_t calls, std::int64_t system, double input, double output,
                       std::optional<std::int64_t> cap = std::nullopt) {
  RequestClassSpec c = make_class("agent", 1);
  c.model_calls = calls;
  c.system_prompt_tokens = system;
  c.input_tokens = Distribution::constant(input);
  c.output_tokens = Distribution::constant(output);
  c.max_tokens_per_turn = cap;
  RequestMix mix({c}, sim::RandomStreams(3, 0));
  return mix.draw(0, kNoTrace);
}

TEST(RequestMix, AgentBillingOnHandWorkedNumbers) {
  // One call, no system prompt: the bill is what the user sends and sees.
  RequestDraw d = agent_draw(1, 0, 100, 400);
  EXPECT_EQ(d.model_calls, 1);
  EXPECT_EQ(d.billed_input_tokens, 100);
  EXPECT_EQ(d.billed_output_tokens, 400);

  // One call with a system prompt: 800 + 100 in.
  d = agent_draw(1, 800, 100, 400);
  EXPECT_EQ(d.billed_input_tokens, 900);
  EXPECT_EQ(d.billed_output_tokens, 400);

  // Two calls, S = 0, u = 7, o = 5: inputs 7, 12 -> 19; outputs 5 + 5 = 10.
  d = agent_draw(2, 0, 7, 5);
  EXPECT_EQ(d.billed_input_tokens, 19);
  EXPECT_EQ(d.billed_output_tokens, 10);

  // Four calls, S = 50, u = 10, per-call output 5000 capped at 3000:
  // inputs 60, 3060, 6060, 9060 -> 18240; outputs 4 x 3000 = 12000; the user sees 3000.
  d = agent_draw(4, 50, 10, 5000, 3000);
  EXPECT_EQ(d.input_tokens, 10);
  EXPECT_EQ(d.output_tokens, 3000);
  EXPECT_EQ(d.model_calls, 4);
  EXPECT_EQ(d.billed_input_tokens, 18240);
  EXPECT_EQ(d.billed_output_tokens, 12000);

  // Trace tokens go through the same rule: 3 calls, S = 10, u = 20, o = 30:
  // inputs 30, 60, 90 -> 180; outputs 90.
  RequestClassSpec c = make_class("agent", 1);
  c.model_calls = 3;
  c.system_prompt_tokens = 10;
  RequestMix mix({c}, sim::RandomStreams(3, 0));
  d = mix.draw(0, Arrival{{}, 20, 30, -1});
  EXPECT_EQ(d.billed_input_tokens, 180);
  EXPECT_EQ(d.billed_output_tokens, 90);
}

TEST(RequestMix, SeedScenarioR7AgentTokenBill) {
  // R7: "a 3-step agent task burned ~2,400 tokens per invocation for a ~400-token answer (5-15x);
  // an 800-token system prompt is re-sent at every step. A cap of 3,000 tokens per turn was the
  // fix." Worked under the billing rule (k = 3, S = 800, user input u = 100, answer o = 400):
  //   call 1: in 800 + 100           =   900, out 400
  //   call 2: in 800 + 100 + 400     = 1,300, out 400
  //   call 3: in 800 + 100 + 800     = 1,700, out 400
  //   billed: in 3,900 (of which the system prompt 3 x 800 = 2,400 — the article's figure),
  //           out 1,200; total 5,100 = 12.75x the 400-token answer, inside 5-15x.
  RequestDraw d = agent_draw(3, 800, 100, 400);
  EXPECT_EQ(d.output_tokens, 400);
  EXPECT_EQ(d.billed_input_tokens, 3900);
  EXPECT_EQ(d.billed_output_tokens, 1200);
  EXPECT_EQ(3 * 800, 2400);  // the system prompt's share of the bill
  const double ratio = static_cast<double>(d.billed_input_tokens + d.billed_output_tokens) / 400.0;
  EXPECT_DOUBLE_EQ(ratio, 12.75);

  // The ratio is k (S + u) / o + k (k + 1) / 2 = 3 (S + u) / o + 6 for k = 3: a whole bill of
  // ~2,400 for a 400-token answer is the 6x floor (S + u = 0: inputs 0, 400, 800 -> 1,200;
  // outputs 1,200), and the band's top, 15x, is S + u = 3 o (e.g. S = 800, u = 100, o = 300).
  d = agent_draw(3, 0, 0, 400);
  EXPECT_EQ(d.input_tokens, 1);  // a request sends at least one token ...
  d = agent_draw(3, 0, 1, 400);  // ... so the floor is 3 x 1 + 1,200 in, 1,200 out
  EXPECT_EQ(d.billed_input_tokens + d.billed_output_tokens, 2403);
  d = agent_draw(3, 800, 100, 300);
  EXPECT_EQ(d.billed_input_tokens + d.billed_output_tokens, 15 * 300);

  // The fix: a runaway step (8,000 tokens per call) is bounded by the 3,000-token cap.
  //   uncapped: in 3 x 900 + 8,000 x 3 = 26,700, out 24,000
  //   capped:   in 3 x 900 + 3,000 x 3 = 11,700, out  9,000
  d = agent_draw(3, 800, 100, 8000);
  EXPECT_EQ(d.billed_input_tokens, 26700);
  EXPECT_EQ(d.billed_output_tokens, 24000);
  d = agent_draw(3, 800, 100, 8000, 3000);
  EXPECT_EQ(d.billed_input_tokens, 11700);
  EXPECT_EQ(d.billed_output_tokens, 9000);

  // A plausible random agent class (u ~ lognormal median 100, o ~ lognormal median 400): every
  // draw obeys the rule exactly and the median bill is 5-15x the visible answer (≈ 12.75x).
  RequestClassSpec c = make_class("agent", 1);
  c.model_calls = 3;
  c.system_prompt_tokens = 800;
  c.input_tokens = Distribution::lognormal_median_sigma(100, 0.5);
  c.output_tokens = Distribution::lognormal_median_sigma(400, 0.25);
  c.max_tokens_per_turn = 3000;
  RequestMix mix({c}, sim::RandomStreams(7, 0));
  std::vector<double> ratios;
  for (int k = 0; k < 10001; ++k) {
    const RequestDraw r = mix.draw(14, kNoTrace);
    ASSERT_EQ(r.billed_input_tokens, 3 * (800 + r.input_tokens) + 3 * r.output_tokens);
    ASSERT_EQ(r.billed_output_tokens, 3 * r.output_tokens);
    ratios.push_back(static_cast<double>(r.billed_input_tokens + r.billed_output_tokens) /
                     static_cast<double>(r.output_tokens));
  }
  std::nth_element(ratios.begin(), ratios.begin() + 5000, ratios.end());
  EXPECT_GT(ratios[5000], 5.0);
  EXPECT_LT(ratios[5000], 15.0);
  EXPECT_NEAR(ratios[5000], 12.75, 0.5);
}

// ---------------------------------------------------------------------------------------------
// Streams

struct Tokens {
  std::int64_t in, out;
  double cx;
  bool operator==(const Tokens&) const = default;
};

RequestClassSpec random_class(std::string name, double weight, double median_in, double median_out) {
  RequestClassSpec c = make_class(std::move(name), weight);
  c.input_tokens = Distribution::lognormal_median_sigma(median_in, 0.6);
  c.output_tokens = Distribution::gamma(2, median_out / 2);
  return c;
}

TEST(RequestMix, AddingAClassLeavesTheOthersDrawsUnchanged) {
  const RequestClassSpec simple = random_class("simple", 3, 300, 150);
  const RequestClassSpec complex = random_class("complex", 1, 2000, 800);
  const RequestClassSpec extra = random_class("extra", 2, 50, 50);
  const sim::RandomStreams streams(21, 4);

  // Each class's k-th request gets the same tokens whatever other classes exist or where the new
  // class sits in the list: per class, one run's sequence is a prefix of the other's.
  auto per_class = [&](std::vector<RequestClassSpec> cs) {
    RequestMix mix(cs, streams);
    std::map<std::string, std::vector<Tokens>> seen;
    for (int k = 0; k < 5000; ++k) {
      const RequestDraw d = mix.draw(k % 24, kNoTrace);
      seen[cs[static_cast<std::size_t>(d.class_index)].name].push_back({d.input_tokens, d.output_tokens, d.complexity});
    }
    return seen;
  };
  auto before = per_class({simple, complex});
  auto after = per_class({simple, extra, complex});
  ASSERT_GT(after["extra"].size(), 1000u);
  for (const char* name : {"simple", "complex"}) {
    const auto& x = before[name];
    const auto& y = after[name];
    ASSERT_GT(std::min(x.size(), y.size()), 500u) << name;
    ASSERT_NE(x.size(), y.size()) << name;  // the class choice did change
    EXPECT_TRUE(std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(std::min(x.size(), y.size())), y.begin()))
        << name;
  }

  // A class of weight 0 changes nothing at all, not even the class choice.
  RequestMix plain({simple, complex}, streams);
  RequestMix with_zero({simple, make_class("dormant", 0), complex}, streams);
  for (int k = 0; k < 2000; ++k) {
    const RequestDraw a = plain.draw(k % 24, kNoTrace);
    const RequestDraw b = with_zero.draw(k % 24, kNoTrace);
    ASSERT_EQ(b.class_index, a.class_index == 0 ? 0 : 2);
    ASSERT_EQ((Tokens{a.input_tokens, a.output_tokens, a.complexity}), (Tokens{b.input_tokens, b.output_tokens, b.complexity}));
  }
}

TEST(RequestMix, DrawsComeFromTheNamedStreams) {
  RequestClassSpec c = random_class("simple", 1, 300, 150);
  c.complexity = Distribution::uniform(0, 1);
  const sim::RandomStreams streams(5, 2);
  RequestMix mix({c, random_class("other", 1, 10, 10)}, streams);

  sim::RandomEngine in = streams.stream("class.simple.input_tokens");
  sim::RandomEngine out = streams.stream("class.simple.output_tokens");
  sim::RandomEngine cx = streams.stream("class.simple.complexity");
  sim::RandomEngine choice = streams.stream("request_mix.class");
  Distribution din = c.input_tokens, dout = c.output_tokens, dcx = c.complexity;
  int simple_seen = 0;
  for (int k = 0; k < 200; ++k) {
    const RequestDraw d = mix.draw(0, kNoTrace);
    // Two classes of equal weight: u < 0.5 picks the first.
    const double u = boost::random::uniform_01<double>()(choice);
    ASSERT_EQ(d.class_index, u < 0.5 ? 0 : 1);
    if (d.class_index != 0) continue;
    ++simple_seen;
    ASSERT_EQ(d.input_tokens, std::max<std::int64_t>(1, std::llround(din.sample(in))));
    ASSERT_EQ(d.output_tokens, std::max<std::int64_t>(1, std::llround(dout.sample(out))));
    ASSERT_EQ(d.complexity, dcx.sample(cx));
  }
  EXPECT_GT(simple_seen, 50);

  // Another replication gives other draws.
  RequestMix a({c}, sim::RandomStreams(5, 2));
  RequestMix b({c}, sim::RandomStreams(5, 3));
  int same = 0;
  for (int k = 0; k < 100; ++k) same += a.draw(0, kNoTrace).input_tokens == b.draw(0, kNoTrace).input_tokens;
  EXPECT_LT(same, 20);
}

// ---------------------------------------------------------------------------------------------
// Validation

void expect_invalid(std::vector<RequestClassSpec> cs, const std::string& message) {
  try {
    RequestMix mix(std::move(cs), sim::RandomStreams(1, 0));
    ADD_FAILURE() << "expected std::invalid_argument: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(RequestMix, BadInputsThrowWithExactMessages) {
  expect_invalid({}, "request mix: at least one request class is required");
  expect_invalid({make_class("a", 1), make_class("", 1)}, "request class #2: name must not be empty");
  expect_invalid({make_class("a", 1), make_class("b", 1), make_class("a", 2)}, "request class 'a': duplicate name");
  expect_invalid({make_class("a", 1), make_class("b", -1)}, "request class 'b': weight must be a finite number >= 0 (got -1)");
  expect_invalid({make_class("a", std::numeric_limits<double>::quiet_NaN())},
                 "request class 'a': weight must be a finite number >= 0 (got nan)");
  expect_invalid({make_class("a", std::numeric_limits<double>::infinity())},
                 "request class 'a': weight must be a finite number >= 0 (got inf)");

  RequestClassSpec c = make_class("night", 1);
  c.hourly_weights.assign(23, 1.0);
  expect_invalid({c}, "request class 'night': hourly_weights must have 24 values (got 23)");
  c.hourly_weights.assign(24, 1.0);
  c.hourly_weights[5] = -2;
  expect_invalid({c}, "request class 'night': hourly_weights[5] must be a finite number >= 0 (got -2)");
  c.hourly_weights[5] = 1;
  c.hourly_weights[7] = 0;
  expect_invalid({c, make_class("off", 0)},
                 "request mix: the class weights must have a finite, positive sum at every local hour "
                 "(local hour 7 sums to 0)");
  expect_invalid({make_class("a", 0)},
                 "request mix: the class weights must have a finite, positive sum at every local hour "
                 "(local hour 0 sums to 0)");

  c = make_class("agent", 1);
  c.model_calls = 0;
  expect_invalid({c}, "request class 'agent': model_calls must be >= 1 (got 0)");
  c.model_calls = 3;
  c.system_prompt_tokens = -1;
  expect_invalid({c}, "request class 'agent': system_prompt_tokens must be >= 0 (got -1)");
  c.system_prompt_tokens = 800;
  c.max_tokens_per_turn = 0;
  expect_invalid({c}, "request class 'agent': max_tokens_per_turn must be >= 1 (got 0)");
  c.max_tokens_per_turn = 3000;
  EXPECT_NO_THROW(RequestMix({c}, sim::RandomStreams(1, 0)));
}

}  // namespace
}  // namespace fmsim::models
