// Edit distance and the "did you mean" threshold.
#include "models/scenario/did_you_mean.h"

#include <array>
#include <string_view>

#include <gtest/gtest.h>

namespace fmsim::models {
namespace {

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("rtae", "rate"), 1u);  // a transposition is one edit
  EXPECT_EQ(edit_distance("sever", "servers"), 2u);
  EXPECT_EQ(edit_distance("servers", "servers"), 0u);
}

TEST(ClosestMatch, SuggestsOnlyPlausibleTypos) {
  constexpr std::array<std::string_view, 4> keys{"servers", "queue_capacity", "max_wait", "service_time"};
  EXPECT_EQ(closest_match("sever", keys), "servers");
  EXPECT_EQ(closest_match("Servers", keys), "servers");
  EXPECT_EQ(closest_match("queue_capcity", keys), "queue_capacity");
  EXPECT_EQ(closest_match("servcie_time", keys), "service_time");
  EXPECT_EQ(closest_match("colour", keys), std::nullopt);
  EXPECT_EQ(closest_match("x", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("maxwait", keys), ", did you mean 'max_wait'?");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
  EXPECT_EQ(join_words(keys), "servers, queue_capacity, max_wait, service_time");
}

}  // namespace
}  // namespace fmsim::models
