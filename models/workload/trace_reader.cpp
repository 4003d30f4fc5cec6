// Streaming CSV trace reader: buffer refill, in-place row split, hand-written number and civil
// date-time parsing, and the zone lookup (date/tz) cached per DST period.
#include "models/workload/trace_reader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <system_error>

#include <date/tz.h>
#include <fmt/format.h>

namespace fmsim::models {
namespace {

constexpr std::int64_t kNsPerS = 1'000'000'000;
// Beyond this many seconds from the epoch, nanoseconds no longer fit in int64 (years 1678-2262).
constexpr std::int64_t kMaxAbsSeconds = 9'000'000'000;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): years are
// counted from March so the leap day ends a year, and 400-year eras repeat exactly.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                      // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;      // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                 // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// `n` decimal digits at s[i...]; false if any is not a digit.
bool digits(std::string_view s, std::size_t i, std::size_t n, unsigned& v) {
  if (i + n > s.size()) return false;
  v = 0;
  for (std::size_t k = i; k < i + n; ++k) {
    const auto d = static_cast<unsigned>(static_cast<unsigned char>(s[k]) - '0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  return true;
}

// A whole, non-negative count; "446.0" is accepted because spreadsheet exports write counts so.
bool parse_count(std::string_view f, std::int64_t& v) {
  const char* b = f.data();
  const char* e = b + f.size();
  if (b == e) return false;
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec == std::errc() && p == e) return v >= 0;
  double d = 0;
  auto [q, ec2] = std::from_chars(b, e, d);
  if (ec2 != std::errc() || q != e || !std::isfinite(d) || d < 0 || d > 9e18 || d != std::floor(d)) return false;
  v = static_cast<std::int64_t>(d);
  return true;
}

// Seconds written as a decimal number -> exact nanoseconds (digits past the ninth decimal are
// dropped); exponent forms go through double.
bool parse_seconds(std::string_view f, std::int64_t& ns) {
  const char* p = f.data();
  const char* e = p + f.size();
  if (p == e) return false;
  if (std::find_if(p, e, [](char c) { return c == 'e' || c == 'E'; }) != e) {
    double d = 0;
    auto [q, ec] = std::from_chars(p, e, d);
    if (ec != std::errc() || q != e || !std::isfinite(d) || std::abs(d) >= static_cast<double>(kMaxAbsSeconds)) return false;
    ns = static_cast<std::int64_t>(std::llround(d * 1e9));
    return true;
  }
  bool neg = false;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  std::int64_t whole = 0;
  int nd = 0;
  for (; p < e && *p >= '0' && *p <= '9'; ++p, ++nd) {
    whole = whole * 10 + (*p - '0');
    if (whole >= kMaxAbsSeconds) return false;
  }
  std::int64_t frac = 0;
  int nf = 0;
  if (p < e && *p == '.') {
    for (++p; p < e && *p >= '0' && *p <= '9'; ++p, ++nf)
      if (nf < 9) frac = frac * 10 + (*p - '0');
  }
  if (p != e || nd + nf == 0) return false;
  for (int k = std::min(nf, 9); k < 9; ++k) frac *= 10;
  ns = whole * kNsPerS + frac;
  if (neg) ns = -ns;
  return true;
}

}  // namespace

TraceReader::TraceReader(const TraceSpec& spec, std::size_t buffer_bytes)
    : spec_(spec), path_(spec.path), cap_(std::max<std::size_t>(buffer_bytes, 256)) {
  const std::string& z = spec_.timestamp_zone;
  utc_ = z.empty() || z == "UTC" || z == "Etc/UTC" || z == "Z";
  if (!utc_) {
    try {
      zone_ = date::locate_zone(z);
    } catch (const std::exception&) {
      throw TraceError(fmt::format("{}: unknown time zone \"{}\"", path_, z));
    }
  }
  switch (spec_.format) {
    case TraceFormat::azure:
      ts_name_ = "TIMESTAMP", in_name_ = "ContextTokens", out_name_ = "GeneratedTokens";
      stamp_ = Stamp::civil;
      break;
    case TraceFormat::burstgpt:
      ts_name_ = "Timestamp", in_name_ = "Request tokens", out_name_ = "Response tokens";
      stamp_ = Stamp::seconds;
      break;
    case TraceFormat::generic:
      if (spec_.timestamp_column.empty())
        throw TraceError(fmt::format("{}: the generic trace format needs a timestamp column name", path_));
      ts_name_ = spec_.timestamp_column;
      in_name_ = spec_.input_tokens_column;
      out_name_ = spec_.output_tokens_column;
      break;
  }
  class_name_col_ = spec_.class_column;

  file_ = std::fopen(path_.c_str(), "rb");
  if (file_ == nullptr) throw TraceError(fmt::format("{}: cannot open: {}", path_, std::strerror(errno)));
  buf_ = std::make_unique<char[]>(cap_);
  try {
    read_header();
  } catch (...) {
    std::fclose(file_);
    throw;
  }
}

TraceReader::~TraceReader() {
  if (file_ != nullptr) std::fclose(file_);
}

void TraceReader::fail(std::uint64_t line, std::string_view what) const {
  throw TraceError(fmt::format("{}:{}: {}", path_, line, what));
}

std::optional<std::int64_t> TraceReader::first_row_unix_ns() const {
  if (stamp_ == Stamp::civil && have_first_) return first_ns_;
  return std::nullopt;
}

// The next line without its line end; false at the end of the file. The buffer holds whole lines
// only while they are parsed: an incomplete tail is moved to the front before each refill.
bool TraceReader::read_line(std::string_view& line) {
  for (;;) {
    char* base = buf_.get();
    if (pos_ < end_) {
      if (auto* nl = static_cast<char*>(std::memchr(base + pos_, '\n', end_ - pos_))) {
        std::size_t len = static_cast<std::size_t>(nl - (base + pos_));
        if (len > 0 && base[pos_ + len - 1] == '\r') --len;
        line = std::string_view(base + pos_, len);
        pos_ = static_cast<std::size_t>(nl - base) + 1;
        ++line_;
        return true;
      }
    }
    if (eof_) {
      if (pos_ >= end_) return false;
      std::size_t len = end_ - pos_;
      if (base[pos_ + len - 1] == '\r') --len;
      line = std::string_view(base + pos_, len);
      pos_ = end_;
      ++line_;
      return true;
    }
    const std::size_t rest = end_ - pos_;
    if (rest == cap_) fail(line_ + 1, fmt::format("line longer than {} bytes", cap_));
    if (rest > 0 && pos_ > 0) std::memmove(base, base + pos_, rest);
    pos_ = 0;
    end_ = rest;
    const std::size_t n = std::fread(base + end_, 1, cap_ - end_, file_);
    if (n == 0) {
      if (std::ferror(file_)) throw TraceError(fmt::format("{}: read error: {}", path_, std::strerror(errno)));
      eof_ = true;
    }
    end_ += n;
  }
}

void TraceReader::read_header() {
  std::string_view line;
  if (!read_line(line)) fail(1, "no header row (empty file)");
  if (line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  const std::string header(line);
  // Split on commas; names may be quoted (no commas inside quoted names are expected in headers).
  std::vector<std::string_view> names;
  std::size_t b = 0;
  for (;;) {
    const std::size_t c = header.find(',', b);
    std::string_view f = trim(std::string_view(header).substr(b, c == std::string::npos ? std::string::npos : c - b));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    names.push_back(f);
    if (c == std::string::npos) break;
    b = c + 1;
  }
  auto find = [&](const std::string& want, bool required) -> int {
    if (want.empty()) return -1;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (iequals(names[i], want)) return static_cast<int>(i);
    if (!required) return -1;
    fail(line_, fmt::format("missing column \"{}\" (the header is: {})", want,
                            header.size() > 200 ? header.substr(0, 200) + "..." : header));
  };
  ts_col_ = find(ts_name_, true);
  in_col_ = find(in_name_, true);
  out_col_ = find(out_name_, true);
  class_col_ = find(class_name_col_, true);
  max_col_ = std::max({ts_col_, in_col_, out_col_, class_col_});
}

void TraceReader::rewind() {
  if (std::fseek(file_, 0, SEEK_SET) != 0)
    throw TraceError(fmt::format("{}: cannot rewind: {}", path_, std::strerror(errno)));
  std::clearerr(file_);
  pos_ = end_ = 0;
  eof_ = false;
  line_ = 0;
  std::string_view header;
  read_line(header);  // the header was checked on the first pass
  have_prev_ = false;
  pass_rows_ = 0;
  pass_skipped_ = 0;
}

bool TraceReader::next(TraceRow& row) {
  std::string_view line;
  while (read_line(line)) {
    if (trim(line).empty()) continue;
    if (parse_row(line, row)) {
      ++rows_read_;
      ++pass_rows_;
      return true;
    }
    if (spec_.bad_rows == BadRowPolicy::stop) fail(line_, why_);
    ++skipped_rows_;
    ++pass_skipped_;
  }
  if (pass_rows_ == 0)
    fail(line_ + 1, pass_skipped_ == 0 ? std::string("no data rows")
                                       : fmt::format("no data rows ({} bad rows skipped)", pass_skipped_));
  return false;
}

std::int32_t TraceReader::class_index_of(std::string_view name) {
  if (auto it = class_index_.find(name); it != class_index_.end()) return it->second;
  const auto idx = static_cast<std::int32_t>(class_names_.size());
  class_names_.emplace_back(name);
  class_index_.emplace(class_names_.back(), idx);
  return idx;
}

bool TraceReader::parse_row(std::string_view line, TraceRow& row) {
  std::string_view f_ts, f_in, f_out, f_cls;
  bool cls_escaped = false;
  const char* p = line.data();
  const char* const e = p + line.size();
  int col = 0;
  for (;;) {
    while (p < e && is_space(*p)) ++p;
    const char* fb;
    const char* fe;
    bool escaped = false;
    if (p < e && *p == '"') {
      fb = ++p;
      for (;;) {
        const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(e - p)));
        if (q == nullptr) {
          why_ = fmt::format("field {}: unterminated quote", col + 1);
          return false;
        }
        if (q + 1 < e && q[1] == '"') {
          escaped = true;
          p = q + 2;
          continue;
        }
        fe = q;
        p = q + 1;
        break;
      }
      while (p < e && is_space(*p)) ++p;
      if (p < e && *p != ',') {
        why_ = fmt::format("field {}: text after the closing quote", col + 1);
        return false;
      }
    } else {
      fb = p;
      // std::find rather than memchr: as fast here, and GCC 12 reports a false
      // -Wstringop-overread on memchr under the sanitizer build.
      fe = std::find(p, e, ',');
      p = fe;
      while (fe > fb && is_space(fe[-1])) --fe;
    }
    const std::string_view f(fb, static_cast<std::size_t>(fe - fb));
    if (col == ts_col_) f_ts = f;
    if (col == in_col_) f_in = f;
    if (col == out_col_) f_out = f;
    if (col == class_col_) f_cls = f, cls_escaped = escaped;
    if (col == max_col_ || p >= e) break;
    ++p;  // the comma
    ++col;
  }
  if (col < max_col_) {
    // Name the first needed column the row does not reach.
    int missing = max_col_;
    const std::string* name = &ts_name_;
    for (auto [c, n] : {std::pair{ts_col_, &ts_name_}, std::pair{in_col_, &in_name_},
                        std::pair{out_col_, &out_name_}, std::pair{class_col_, &class_name_col_}})
      if (c > col && c <= missing) missing = c, name = n;
    why_ = fmt::format("only {} fields, but column \"{}\" is field {}", col + 1, *name, missing + 1);
    return false;
  }

  std::int64_t ns = 0;
  if (!parse_timestamp(f_ts, ns)) return false;
  if (have_prev_ && ns < prev_ns_) {
    why_ = fmt::format("timestamp goes back from {} to {}", std::string_view(prev_text_, prev_len_), f_ts);
    return false;
  }
  row.input_tokens = row.output_tokens = -1;
  if (in_col_ >= 0 && !parse_count(f_in, row.input_tokens)) {
    why_ = fmt::format("{}: \"{}\" is not a whole number >= 0", in_name_, f_in);
    return false;
  }
  if (out_col_ >= 0 && !parse_count(f_out, row.output_tokens)) {
    why_ = fmt::format("{}: \"{}\" is not a whole number >= 0", out_name_, f_out);
    return false;
  }
  // Only a row known to be good registers its class, so skipped rows do not shift the indices.
  row.class_index = -1;
  if (class_col_ >= 0 && !f_cls.empty()) {
    if (cls_escaped) {
      scratch_.clear();
      for (std::size_t i = 0; i < f_cls.size(); ++i) {
        scratch_.push_back(f_cls[i]);
        if (f_cls[i] == '"') ++i;  // "" -> "
      }
      row.class_index = class_index_of(scratch_);
    } else {
      row.class_index = class_index_of(f_cls);
    }
  }

  if (!have_first_) {
    have_first_ = true;
    first_ns_ = ns;
  }
  have_prev_ = true;
  prev_ns_ = ns;
  prev_len_ = std::min(f_ts.size(), sizeof prev_text_);
  std::memcpy(prev_text_, f_ts.data(), prev_len_);
  row.t_ns = ns - first_ns_;
  row.t_seconds = static_cast<double>(row.t_ns) / 1e9;
  return true;
}

bool TraceReader::parse_timestamp(std::string_view f, std::int64_t& ns) {
  if (stamp_ == Stamp::unknown)  // generic: the first row decides, every later row must agree
    stamp_ = f.size() >= 10 && f[4] == '-' && f[7] == '-' ? Stamp::civil : Stamp::seconds;
  if (stamp_ == Stamp::civil) {
    if (civil_to_ns(f, ns)) return true;
    why_ = fmt::format("{}: \"{}\" is not a date-time like 2023-11-16 18:15:46.68 or 2026-03-08T09:00:00-05:00",
                       ts_name_, f);
    return false;
  }
  if (parse_seconds(f, ns)) return true;
  why_ = fmt::format("{}: \"{}\" is not a number of seconds", ts_name_, f);
  return false;
}

// YYYY-MM-DD(T| )HH:MM[:SS[.fraction]][Z|±HH[:MM]|±HHMM]. Without an offset the time is local to
// the trace's zone.
bool TraceReader::civil_to_ns(std::string_view s, std::int64_t& ns) {
  unsigned y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
    return false;
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ' && s[10] != 't')) return false;
  if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mi)) return false;
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, ss)) return false;
    i += 3;
  }
  std::int64_t frac = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    int nf = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++nf)
      if (nf < 9) frac = frac * 10 + (s[i] - '0');
    if (nf == 0) return false;
    for (int k = std::min(nf, 9); k < 9; ++k) frac *= 10;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || hh > 23 || mi > 59 || ss > 59) return false;

  const std::int64_t ymd = y * 10000 + mo * 100 + d;
  if (ymd != last_ymd_) {
    last_ymd_ = ymd;
    last_days_ = days_from_civil(y, mo, d);
  }
  const std::int64_t local_s = last_days_ * 86400 + hh * 3600 + mi * 60 + ss;
  std::int64_t utc_s = 0;
  if (i == s.size()) {
    utc_s = utc_ ? local_s : local_s - zone_offset_s(local_s);
  } else if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
    utc_s = local_s;
  } else if (s[i] == '+' || s[i] == '-') {
    const bool neg = s[i] == '-';
    unsigned oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh)) return false;
    i += 3;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size()) {
      if (!digits(s, i, 2, om)) return false;
      i += 2;
    }
    if (i != s.size() || oh > 23 || om > 59) return false;
    const auto off_abs = static_cast<std::int64_t>(oh * 3600 + om * 60);
    const std::int64_t off = neg ? -off_abs : off_abs;
    utc_s = local_s - off;
  } else {
    return false;
  }
  if (utc_s >= kMaxAbsSeconds || utc_s <= -kMaxAbsSeconds) return false;
  ns = utc_s * kNsPerS + frac;
  return true;
}

// UTC offset (seconds) of a local time in the trace's zone. A local time that a DST change skips
// or repeats takes the offset in force before the change (so 02:30 on a spring-forward night is
// 03:30 summer time, and a repeated 01:30 is its first occurrence).
std::int64_t TraceReader::zone_offset_s(std::int64_t local_s) {
  if (local_s >= cache_lo_ && local_s < cache_hi_) return cache_off_;
  const date::local_seconds ls{std::chrono::seconds{local_s}};
  const date::local_info info = zone_->get_info(ls);
  const std::int64_t off = info.first.offset.count();
  if (info.result == date::local_info::unique) {
    // Offsets differ by less than a day, so local times a day inside the period map uniquely.
    cache_lo_ = info.first.begin.time_since_epoch().count() + off + 86400;
    cache_hi_ = info.first.end.time_since_epoch().count() + off - 86400;
    cache_off_ = off;
  }
  return off;
}

}  // namespace fmsim::models
