// "Did you mean 'servers'?": the closest allowed word to a misspelt one, so that a typo in a
// key or a distribution name is answered with the fix rather than a list to read.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fmsim::models {

// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
// of adjacent characters each cost 1 ("sever" -> "servers" is 2, "rtae" -> "rate" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, only if it is close enough to be a plausible typo: at most
// 1 edit for words of up to 3 characters, 2 up to 6, 3 beyond. Case is ignored when measuring.
// Ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// ", did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// "a, b, c" — the allowed words, for messages when no suggestion is close.
std::string join_words(std::span<const std::string_view> words);

}  // namespace fmsim::models
