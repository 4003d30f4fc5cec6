// read_daily_schedule (models/scenario/value_readers.h): a level by local time of day written as a
// plain number or as base + windows — values into DailyScheduleSpec (minutes, wrapping windows,
// weekdays), and each class of bad input with its exact message, overlaps included.
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "models/scenario/mapping_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/source_map.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {
namespace {

// A one-key document `units: <schedule>`, read as a count of model units (whole numbers >= 0)
// unless told otherwise.
constexpr SchemaKey kDocument[] = {{"units", schema::kDailySchedule}};

DailyScheduleSpec read(std::string_view yaml, Bound bound = Bound::non_negative, bool integral = true) {
  const YAML::Node root = YAML::Load(std::string(yaml));
  const SourceMap source("s.yaml", {});
  const MappingReader doc(FieldReader(root, "", root.Mark(), source), kDocument);
  return read_daily_schedule(doc.required("units", "a schedule"), bound, integral);
}

std::string schedule_error_of(std::string_view yaml, Bound bound = Bound::non_negative, bool integral = true) {
  try {
    read(yaml, bound, integral);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DailyScheduleReader, APlainNumberIsAConstant) {
  const DailyScheduleSpec s = read("units: 3\n");
  EXPECT_TRUE(s.is_constant());
  EXPECT_EQ(s.base, 3.0);
  EXPECT_EQ(read("units: 0.25\n", Bound::non_negative, false).base, 0.25);
  EXPECT_EQ(read("units: 0\n").base, 0.0);
}

TEST(DailyScheduleReader, Windows) {
  const DailyScheduleSpec s = read(
      "units:\n"
      "  base: 1\n"
      "  windows:\n"
      "    - {from: \"09:00\", to: \"17:30\", value: 10}\n"
      "    - {from: \"18:00\", to: \"24:00\", value: 2}\n"
      "    - {from: \"00:00\", to: \"06:15\", value: 0}\n");
  EXPECT_FALSE(s.is_constant());
  EXPECT_EQ(s.base, 1.0);
  ASSERT_EQ(s.windows.size(), 3u);
  EXPECT_EQ(s.windows[0].from_minute, 540);
  EXPECT_EQ(s.windows[0].to_minute, 1050);
  EXPECT_EQ(s.windows[0].value, 10.0);
  for (bool day : s.windows[0].weekdays) EXPECT_TRUE(day);  // every day unless told
  EXPECT_EQ(s.windows[1].from_minute, 1080);
  EXPECT_EQ(s.windows[1].to_minute, 1440);
  EXPECT_EQ(s.windows[2].from_minute, 0);
  EXPECT_EQ(s.windows[2].to_minute, 375);
  EXPECT_EQ(s.windows[2].value, 0.0);
  // Without `base` the level outside the windows is 0.
  EXPECT_EQ(read("units: {windows: [{from: \"09:00\", to: \"10:00\", value: 1}]}\n").base, 0.0);
}

TEST(DailyScheduleReader, WrapPastMidnightAndWeekdays) {
  const DailyScheduleSpec s = read(
      "units:\n"
      "  windows:\n"
      "    - {from: \"22:00\", to: \"02:00\", value: 4, weekdays: [fri, sat]}\n"
      "    - {from: \"20:00\", to: \"00:00\", value: 3, weekdays: [mon]}\n");
  ASSERT_EQ(s.windows.size(), 2u);
  EXPECT_EQ(s.windows[0].from_minute, 1320);
  EXPECT_EQ(s.windows[0].to_minute, 120);  // to <= from: wraps
  EXPECT_EQ(s.windows[0].weekdays, (std::array<bool, 7>{false, false, false, false, true, true, false}));
  // "00:00" as an end means midnight at the end of the day, not an empty or wrapping window.
  EXPECT_EQ(s.windows[1].to_minute, 1440);
  EXPECT_EQ(s.windows[1].weekdays, (std::array<bool, 7>{true, false, false, false, false, false, false}));
  EXPECT_EQ(s.value_at(5, 60), 4.0);   // Saturday 01:00: Friday's window
  EXPECT_EQ(s.value_at(6, 60), 4.0);   // Sunday 01:00: Saturday's window
  EXPECT_EQ(s.value_at(0, 60), 0.0);   // Monday 01:00: no Sunday window
  EXPECT_EQ(s.value_at(0, 1439), 3.0);
}

TEST(DailyScheduleReader, WindowsOnDifferentDaysMayShareHours) {
  const DailyScheduleSpec s = read(
      "units:\n"
      "  windows:\n"
      "    - {from: \"09:00\", to: \"17:00\", value: 4, weekdays: [mon, tue, wed, thu, fri]}\n"
      "    - {from: \"09:00\", to: \"17:00\", value: 1, weekdays: [sat, sun]}\n"
      "    - {from: \"22:00\", to: \"09:00\", value: 2, weekdays: [sun]}\n");
  EXPECT_EQ(s.windows.size(), 3u);
}

TEST(DailyScheduleReaderErrors, Overlaps) {
  EXPECT_EQ(schedule_error_of("units:\n"
                     "  base: 1\n"
                     "  windows:\n"
                     "    - {from: \"09:00\", to: \"17:00\", value: 4}\n"
                     "    - {from: \"16:00\", to: \"18:00\", value: 2}\n"),
            "s.yaml:5:7: units.windows[1]: overlaps window 0 of the same schedule");
  // A wrapping window overlaps the next morning's...
  EXPECT_EQ(schedule_error_of("units:\n"
                     "  windows:\n"
                     "    - {from: \"06:00\", to: \"08:00\", value: 1, weekdays: [tue]}\n"
                     "    - {from: \"12:00\", to: \"13:00\", value: 1}\n"
                     "    - {from: \"22:00\", to: \"07:00\", value: 3, weekdays: [mon]}\n"),
            "s.yaml:5:7: units.windows[2]: overlaps window 0 of the same schedule");
  // ... across the end of the week too: Sunday night runs into Monday morning.
  EXPECT_EQ(schedule_error_of("units:\n"
                     "  windows:\n"
                     "    - {from: \"23:00\", to: \"01:00\", value: 3, weekdays: [sun]}\n"
                     "    - {from: \"00:30\", to: \"02:00\", value: 1, weekdays: [mon]}\n"),
            "s.yaml:4:7: units.windows[1]: overlaps window 0 of the same schedule");
  // Touching is not overlapping: [09:00, 12:00) then [12:00, 13:00).
  EXPECT_EQ(schedule_error_of("units:\n"
                     "  windows:\n"
                     "    - {from: \"09:00\", to: \"12:00\", value: 1}\n"
                     "    - {from: \"12:00\", to: \"13:00\", value: 2}\n"),
            "(no error)");
}

TEST(DailyScheduleReaderErrors, Levels) {
  EXPECT_EQ(schedule_error_of("units: 2.5\n"), "s.yaml:1:8: units: expected a whole number, got '2.5'");
  EXPECT_EQ(schedule_error_of("units: -1\n"), "s.yaml:1:8: units: must be >= 0, got '-1'");
  EXPECT_EQ(schedule_error_of("units: 0\n", Bound::positive), "s.yaml:1:8: units: must be > 0, got '0'");
  EXPECT_EQ(schedule_error_of("units: {base: 1.5, windows: [{from: \"09:00\", to: \"10:00\", value: 1}]}\n"),
            "s.yaml:1:15: units.base: expected a whole number, got '1.5'");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\", value: -2}]}\n"),
            "s.yaml:1:55: units.windows[0].value: must be >= 0, got '-2'");
}

TEST(DailyScheduleReaderErrors, Structure) {
  EXPECT_EQ(schedule_error_of("units: {base: 1}\n"),
            "s.yaml:1:8: units.windows: required key is missing (expected a list of {from: \"18:00\", to: \"24:00\", "
            "value: 2})");
  EXPECT_EQ(schedule_error_of("units: {windows: {from: \"09:00\"}}\n"),
            "s.yaml:1:18: units.windows: expected a list of {from, to, value} windows, got a mapping");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", value: 1}]}\n"),
            "s.yaml:1:19: units.windows[0].to: required key is missing (expected a local time such as 24:00)");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\"}]}\n"),
            "s.yaml:1:19: units.windows[0].value: required key is missing (expected the level inside the window)");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\", value: 1, day: mon}]}\n"),
            "s.yaml:1:58: units.windows[0].day: unknown key 'day' (allowed here: from, to, value, weekdays)");
}

TEST(DailyScheduleReaderErrors, Times) {
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"9am\", to: \"10:00\", value: 1}]}\n"),
            "s.yaml:1:26: units.windows[0].from: expected a local time from 00:00 to 24:00 such as 09:30, got '9am'");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"24:30\", value: 1}]}\n"),
            "s.yaml:1:39: units.windows[0].to: expected a local time from 00:00 to 24:00 such as 09:30, got "
            "'24:30'");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"24:00\", to: \"02:00\", value: 1}]}\n"),
            "s.yaml:1:26: units.windows[0].from: a window cannot start at 24:00 (use 00:00)");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"09:00\", value: 1}]}\n"),
            "s.yaml:1:39: units.windows[0].to: a window must not be empty (from equals to)");
}

TEST(DailyScheduleReaderErrors, Weekdays) {
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\", value: 1, weekdays: [mon, tues]}]}\n"),
            "s.yaml:1:74: units.windows[0].weekdays[1]: unknown weekday 'tues', did you mean 'tue'?");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\", value: 1, weekdays: [mon, mon]}]}\n"),
            "s.yaml:1:74: units.windows[0].weekdays[1]: weekday 'mon' is listed twice");
  EXPECT_EQ(schedule_error_of("units: {windows: [{from: \"09:00\", to: \"10:00\", value: 1, weekdays: mon}]}\n"),
            "s.yaml:1:68: units.windows[0].weekdays: expected a list of weekdays such as [mon, tue, wed], got 'mon'");
}

}  // namespace
}  // namespace fmsim::models
