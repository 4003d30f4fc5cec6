// Streaming reader of request traces in CSV: Azure LLM inference 2023, BurstGPT, or a generic
// file whose columns are chosen by name. The file is never loaded whole: one fixed-size buffer
// (1 MiB by default) is refilled as rows are consumed, and each row is parsed in place
// (std::from_chars, hand-written date arithmetic) with no allocation per row, so a trace of any
// length costs O(buffer) memory and a replay can run for a month of simulated time.
//
// Timestamps are kept as exact int64 nanoseconds: civil date-times (Azure's
// `2023-11-16 18:15:46.6805900`, ISO 8601 `2026-03-08T09:00:00-05:00` / `...Z`) become Unix-epoch
// nanoseconds; plain numbers (BurstGPT, generic relative seconds) become nanoseconds as written.
// A civil stamp without an offset is read in TraceSpec::timestamp_zone (UTC by default; other IANA
// names through date/tz; a local time skipped or repeated by a DST change takes the offset in force
// before the change). Rows report their time relative to the first data row of the file, exactly.
//
// CSV accepted: a header row (a UTF-8 BOM is ignored), ',' separators, LF or CRLF line ends, blank
// lines ignored, spaces around fields trimmed, double-quoted fields with "" escapes (no line breaks
// inside quotes). Timestamps must not decrease from row to row; equal ones are fine.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/workload/workload_spec.h"

namespace date { class time_zone; }

namespace fmsim::models {

// Every problem with a trace: "FILE:LINE: what is wrong" (or "FILE: what is wrong" when the file
// cannot be opened or read at all).
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TraceRow {
  double t_seconds = 0;            // since the first data row of the file (= t_ns / 1e9)
  std::int64_t t_ns = 0;           // the same, exact
  std::int64_t input_tokens = -1;  // -1: no such column
  std::int64_t output_tokens = -1;
  std::int32_t class_index = -1;   // -1: no class column, or an empty class field
};

class TraceReader {
 public:
  static constexpr std::size_t default_buffer_bytes = std::size_t{1} << 20;

  // Opens the file and reads its header; throws TraceError if the file cannot be read, has no
  // header, or lacks a column the format needs, or if timestamp_zone is not a known zone.
  // Columns: azure TIMESTAMP, ContextTokens, GeneratedTokens; burstgpt Timestamp, Request tokens,
  // Response tokens; generic the TraceSpec *_column names (timestamp required, the others optional).
  // Names match ASCII case-insensitively, so column order and extra columns do not matter.
  // A non-empty class_column is honoured in every format (e.g. "Model" for BurstGPT).
  // `buffer_bytes` is also the longest line accepted.
  explicit TraceReader(const TraceSpec& spec, std::size_t buffer_bytes = default_buffer_bytes);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  // The next valid data row, or false at the end of the file. A bad row (a field that does not
  // parse, too few fields, a timestamp before the previous kept row's) throws TraceError under
  // BadRowPolicy::stop and is skipped and counted under BadRowPolicy::skip. Reaching the end of a
  // pass without one valid row throws "no data rows" under either policy.
  bool next(TraceRow& row);

  // Back to the first data row (for looping). Class indices and the time origin are kept, so a
  // second pass yields exactly the rows of the first.
  void rewind();

  std::uint64_t rows_read() const { return rows_read_; }        // valid rows, all passes
  std::uint64_t skipped_rows() const { return skipped_rows_; }  // bad rows skipped, all passes
  std::uint64_t line() const { return line_; }                  // line of the last row read
  // Names of the class column's values, indexed by class_index, in order of first appearance.
  const std::vector<std::string>& class_names() const { return class_names_; }
  // The first data row's instant in Unix-epoch nanoseconds when timestamps are civil date-times;
  // empty for relative-seconds timestamps or before the first row is read.
  std::optional<std::int64_t> first_row_unix_ns() const;
  const std::string& path() const { return path_; }

 private:
  enum class Stamp { unknown, civil, seconds };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  bool read_line(std::string_view& line);
  void read_header();
  [[noreturn]] void fail(std::uint64_t line, std::string_view what) const;
  // Parses one data line; false (with why_ filled) for a bad row.
  bool parse_row(std::string_view line, TraceRow& row);
  bool parse_timestamp(std::string_view field, std::int64_t& ns);
  bool civil_to_ns(std::string_view field, std::int64_t& ns);
  std::int64_t zone_offset_s(std::int64_t local_s);
  std::int32_t class_index_of(std::string_view name);

  TraceSpec spec_;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0, pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::uint64_t line_ = 0;

  // Column positions (-1 = absent) and the highest one needed, so a row's split stops early.
  int ts_col_ = -1, in_col_ = -1, out_col_ = -1, class_col_ = -1, max_col_ = -1;
  std::string ts_name_, in_name_, out_name_, class_name_col_;

  Stamp stamp_ = Stamp::unknown;
  bool utc_ = true;
  const date::time_zone* zone_ = nullptr;
  // Cached UTC offset valid for local seconds in [cache_lo_, cache_hi_): far (a day) from any
  // transition, so the slow zone lookup runs about once per DST period.
  std::int64_t cache_lo_ = 1, cache_hi_ = 0, cache_off_ = 0;
  // The last civil date seen and its day number: traces repeat the same date for many rows.
  std::int64_t last_ymd_ = -1, last_days_ = 0;

  bool have_first_ = false;
  std::int64_t first_ns_ = 0;
  std::int64_t prev_ns_ = 0;
  bool have_prev_ = false;
  // The previous kept row's timestamp as written, for the "goes back" message (copied into a
  // fixed array: no allocation per row).
  char prev_text_[48] = {};
  std::size_t prev_len_ = 0;

  std::uint64_t rows_read_ = 0, skipped_rows_ = 0, pass_rows_ = 0, pass_skipped_ = 0;
  std::vector<std::string> class_names_;
  std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> class_index_;
  std::string scratch_;  // unescaped quoted class names; reused
  std::string why_;      // what is wrong with the last bad row
};

}  // namespace fmsim::models
