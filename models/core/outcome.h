// How a request ends. Every arrival ends in exactly one outcome or is still in flight when the
// horizon ends: arrivals = ok + throttled + timed_out + error + rejected + in_flight.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace fmsim::models {

enum class Outcome : std::uint8_t { ok, throttled, timed_out, error, rejected };

inline constexpr std::size_t kOutcomeCount = 5;
inline constexpr std::array<Outcome, kOutcomeCount> kAllOutcomes = {
    Outcome::ok, Outcome::throttled, Outcome::timed_out, Outcome::error, Outcome::rejected};

std::string_view to_string(Outcome o);

}  // namespace fmsim::models
