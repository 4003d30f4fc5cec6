// MMPP spec checks and stationary figures. The stationary distribution is solved with Eigen:
// the system Qᵀπ = 0 has rank n − 1 for an irreducible generator (its null space is spanned by
// π), so one of its equations is replaced by the normalisation Σπ = 1 and the resulting
// nonsingular n × n system is solved by full-pivot LU (rank-revealing and the most stable of
// Eigen's dense LUs; n is a handful of states, so its O(n³) cost is nothing).
#include "models/workload/mmpp.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>
#include <fmt/format.h>

namespace fmsim::models {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("mmpp: " + what); }

// Marks every state reachable from `from` following positive rates, forwards (i → j when
// Q_ij > 0) or backwards (j → i). Returns the first state not reached, or n if all were.
std::size_t first_unreached(const std::vector<std::vector<double>>& q, std::size_t from,
                            bool forwards) {
  const std::size_t n = q.size();
  std::vector<char> seen(n, 0);
  std::vector<std::size_t> stack{from};
  seen[from] = 1;
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    for (std::size_t j = 0; j < n; ++j) {
      const double rate = forwards ? q[i][j] : q[j][i];
      if (j != i && rate > 0 && !seen[j]) {
        seen[j] = 1;
        stack.push_back(j);
      }
    }
  }
  return static_cast<std::size_t>(std::find(seen.begin(), seen.end(), 0) - seen.begin());
}

}  // namespace

void validate_mmpp(const MmppSpec& spec) {
  const auto& rates = spec.rates_per_s;
  const auto& q = spec.generator;
  const std::size_t n = rates.size();
  if (n == 0) fail("no states (rates_per_s is empty)");
  if (q.size() != n)
    fail(fmt::format("rates_per_s has {} states but the generator has {} rows", n, q.size()));
  for (std::size_t i = 0; i < n; ++i)
    if (q[i].size() != n)
      fail(fmt::format("generator row {} has {} entries, expected {} (the generator must be square)",
                       i, q[i].size(), n));

  bool any_arrivals = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(rates[i])) fail(fmt::format("rates_per_s[{}] is not finite ({})", i, rates[i]));
    if (rates[i] < 0) fail(fmt::format("rates_per_s[{}] = {} is negative", i, rates[i]));
    any_arrivals = any_arrivals || rates[i] > 0;
  }
  // All-zero rates would make the arrival stream spin through state changes forever without
  // producing anything; that is a configuration mistake, not a workload.
  if (!any_arrivals) fail("every rate in rates_per_s is 0, so nothing would ever arrive");

  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    double magnitude = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double x = q[i][j];
      if (!std::isfinite(x)) fail(fmt::format("generator[{}][{}] is not finite ({})", i, j, x));
      if (j != i && x < 0)
        fail(fmt::format("generator[{}][{}] = {} is negative (off-diagonal rates must be >= 0)", i,
                         j, x));
      sum += x;
      magnitude += std::abs(x);
    }
    // Relative to the row's own magnitude, so generators in per-second and per-hour scales are
    // held to the same standard; hand-written decimals (0.1 + 0.2 ...) pass.
    if (std::abs(sum) > 1e-9 * magnitude)
      fail(fmt::format("generator row {} sums to {}, not 0 (the diagonal must be minus the sum of "
                       "the off-diagonal rates)",
                       i, sum));
  }

  if (n > 1) {
    // A state with no way out would absorb the chain; report it as such (clearer than
    // "cannot reach"). Then strong connectivity: everything reachable from state 0 and state 0
    // reachable from everything.
    for (std::size_t i = 0; i < n; ++i) {
      bool leaves = false;
      for (std::size_t j = 0; j < n; ++j) leaves = leaves || (j != i && q[i][j] > 0);
      if (!leaves)
        fail(fmt::format("generator is not irreducible: state {} has no positive rate out of it, "
                         "so it can never be left",
                         i));
    }
    if (const std::size_t j = first_unreached(q, 0, true); j < n)
      fail(fmt::format("generator is not irreducible: state {} cannot be reached from state 0", j));
    if (const std::size_t j = first_unreached(q, 0, false); j < n)
      fail(fmt::format("generator is not irreducible: state 0 cannot be reached from state {}", j));
  }

  if (spec.initial_state && *spec.initial_state >= n)
    fail(fmt::format("initial_state {} is out of range ({} states)", *spec.initial_state, n));
}

std::vector<double> mmpp_stationary(const MmppSpec& spec) {
  validate_mmpp(spec);
  const auto& q = spec.generator;
  const auto n = static_cast<Eigen::Index>(q.size());
  if (n == 1) return {1.0};

  // Rows of A are the balance equations Σ_i π_i Q_ij = 0 (A = Qᵀ); the last is replaced by the
  // normalisation. Scaling that row to the generator's magnitude keeps A's rows comparable, so
  // the LU's pivoting is not skewed by units (rates per hour vs per millisecond).
  double scale = 0;
  for (const auto& row : q)
    for (double x : row) scale = std::max(scale, std::abs(x));
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      a(j, i) = q[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  a.row(n - 1).setConstant(scale);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b(n - 1) = scale;

  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  // Cannot happen for a validated (irreducible) generator; kept so a numerical surprise is loud.
  if (!lu.isInvertible()) throw std::logic_error("mmpp_stationary: singular balance equations");
  const Eigen::VectorXd x = lu.solve(b);

  // Every π_i is positive in exact arithmetic; round-off can leave a tiny negative for a state
  // that is visited extremely rarely. Clamp and renormalise so callers can sample from π.
  std::vector<double> pi(static_cast<std::size_t>(n));
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    pi[static_cast<std::size_t>(i)] = std::max(0.0, x(i));
    total += pi[static_cast<std::size_t>(i)];
  }
  for (double& p : pi) p /= total;
  return pi;
}

double mmpp_mean_rate(const MmppSpec& spec) {
  const std::vector<double> pi = mmpp_stationary(spec);
  double rate = 0;
  for (std::size_t i = 0; i < pi.size(); ++i) rate += pi[i] * spec.rates_per_s[i];
  return rate;
}

}  // namespace fmsim::models
