// The workload and calendar keys. Each arrival process lists the parameters it takes; any other
// parameter present is an error naming the process, so a key meant for another process is never
// silently ignored.
#include "models/scenario/workload_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "models/scenario/did_you_mean.h"
#include "models/scenario/distribution_reader.h"
#include "models/scenario/value_readers.h"
#include "models/workload/local_calendar.h"
#include "models/workload/mmpp.h"
#include "models/workload/request_mix.h"

namespace fmsim::models {

namespace {

struct ProcessInfo {
  std::string_view name;
  ArrivalKind kind;
  std::vector<std::string_view> params;
};

const std::vector<ProcessInfo>& processes() {
  static const std::vector<ProcessInfo> kProcesses{
      {"poisson", ArrivalKind::poisson, {"rate", "spikes"}},
      {"deterministic", ArrivalKind::deterministic, {"rate"}},
      {"diurnal", ArrivalKind::diurnal, {"hourly_weights", "points", "daily_total", "weekdays", "spikes"}},
      {"mmpp", ArrivalKind::mmpp, {"rates", "generator", "initial_state"}},
      {"trace",
       ArrivalKind::trace,
       {"path", "format", "columns", "timestamp_zone", "offset", "time_scale", "volume", "loop", "bad_rows"}},
  };
  return kProcesses;
}

std::string read_zone(const FieldReader& f) {
  const std::string& name = f.scalar("an IANA time zone such as Asia/Tokyo");
  if (is_time_zone(name)) return name;
  const std::string near = nearest_time_zone(name);
  f.fail(near.empty() ? fmt::format("unknown time zone '{}' (IANA names such as Asia/Tokyo, America/New_York, UTC)",
                                    name)
                      : fmt::format("unknown time zone '{}', did you mean '{}'?", name, near));
}

std::vector<double> read_weights(const FieldReader& f, std::size_t expected, std::string_view what) {
  std::vector<double> w;
  for (const FieldReader& e : f.elements(what)) w.push_back(e.number(Bound::non_negative));
  if (w.size() != expected) f.fail(fmt::format("expected {} values ({}), got {}", expected, what, w.size()));
  return w;
}

std::vector<SpikeSpec> read_spikes(const FieldReader& f) {
  std::vector<SpikeSpec> spikes;
  for (const FieldReader& e : f.elements("a list of spikes such as [{start: 2h, duration: 10min, multiplier: 5}]")) {
    const MappingReader m(e, schema::kSpike);
    SpikeSpec s;
    s.start = m.required("start", "a duration from the start such as 2h").duration(Bound::non_negative);
    s.duration = m.required("duration", "a duration such as 10min").duration(Bound::positive);
    s.multiplier = m.required("multiplier", "a number >= 0 such as 5").number(Bound::non_negative);
    spikes.push_back(s);
  }
  return spikes;
}

DiurnalSpec read_diurnal(const MappingReader& block) {
  DiurnalSpec d;
  if (auto f = block.optional("daily_total")) d.daily_total = f->rate_per_second(Bound::positive) * 86400.0;
  const auto hourly = block.optional("hourly_weights");
  const auto points = block.optional("points");
  if (hourly && points) points->fail("cannot be combined with 'hourly_weights': give one daily shape");
  if (!hourly && !points)
    block.field().fail("a diurnal process needs hourly_weights (24 values) or points ({\"HH:MM\": value, ...})");
  if (hourly) {
    if (!d.daily_total) hourly->fail("hourly_weights are relative: give daily_total too (e.g. daily_total: 50000/day)");
    d.hourly_weights = read_weights(*hourly, 24, "local hours 00-01 to 23-24");
    if (std::all_of(d.hourly_weights.begin(), d.hourly_weights.end(), [](double w) { return w == 0; }))
      hourly->fail("at least one hourly weight must be > 0");
  } else {
    double last = -1;
    for (const auto& [key, value] : points->entries("a mapping of local times to values")) {
      const double hour = read_clock_hour(key);
      if (hour <= last) key.fail("local times must increase");
      last = hour;
      // With a daily total the values are weights; without, they are the rates themselves.
      d.points.emplace_back(hour, d.daily_total ? value.number(Bound::non_negative)
                                                : value.rate_per_second(Bound::non_negative));
    }
    if (d.points.size() < 2) points->fail("needs at least two points");
  }
  if (auto w = block.optional("weekdays")) {
    const MappingReader days(*w, schema::kWeekdays);
    const std::array<std::string_view, 7> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::size_t i = 0; i < names.size(); ++i)
      if (auto f = days.optional(names[i])) d.weekday_multipliers[i] = f->number(Bound::non_negative);
  }
  return d;
}

MmppSpec read_mmpp(const MappingReader& block) {
  MmppSpec m;
  const FieldReader rates = block.required("rates", "a list of per-state rates such as [2/s, 20/s]");
  for (const FieldReader& e : rates.elements("a list of rates")) m.rates_per_s.push_back(e.rate_per_second(Bound::non_negative));
  if (m.rates_per_s.empty()) rates.fail("needs at least one state");
  const FieldReader gen = block.required("generator", "a square matrix of transition rates per second");
  const auto rows = gen.elements("a list of rows");
  if (rows.size() != m.rates_per_s.size())
    gen.fail(fmt::format("expected {} rows (one per state), got {}", m.rates_per_s.size(), rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<double> row;
    const auto cells = rows[i].elements("a row of numbers");
    if (cells.size() != rows.size())
      rows[i].fail(fmt::format("expected {} values, got {}", rows.size(), cells.size()));
    double sum = 0, scale = 0;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      const double q = cells[j].number(Bound::any);
      if (i != j && q < 0) cells[j].fail("off-diagonal transition rates must be >= 0");
      sum += q;
      scale = std::max(scale, std::abs(q));
      row.push_back(q);
    }
    if (std::abs(sum) > 1e-9 * std::max(scale, 1.0))
      rows[i].fail(fmt::format("a generator row must sum to 0 (the diagonal is minus the rest), sums to {}", sum));
    m.generator.push_back(std::move(row));
  }
  if (auto f = block.optional("initial_state"))
    m.initial_state = static_cast<std::size_t>(
        f->count(CountSuffix::forbidden, 0, static_cast<std::int64_t>(m.rates_per_s.size()) - 1));
  // What needs the whole chain (irreducibility, not every rate zero) the model checks itself.
  try {
    validate_mmpp(m);
  } catch (const std::invalid_argument& e) {
    gen.fail(e.what());
  }
  return m;
}

TraceSpec read_trace(const MappingReader& block, const std::string& scenario_dir) {
  TraceSpec t;
  const FieldReader path = block.required("path", "a CSV file, relative to the scenario file");
  std::filesystem::path p(path.string());
  if (p.is_relative() && !scenario_dir.empty()) p = std::filesystem::path(scenario_dir) / p;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) path.fail(fmt::format("no such trace file: {}", p.string()));
  t.path = p.string();
  if (auto f = block.optional("format"))
    t.format = choose_word<TraceFormat>(
        *f, "trace format",
        {{"azure", TraceFormat::azure}, {"burstgpt", TraceFormat::burstgpt}, {"generic", TraceFormat::generic}});
  if (auto f = block.optional("columns")) {
    if (t.format != TraceFormat::generic) f->fail("columns are for the generic format only");
    const MappingReader c(*f, schema::kTraceColumns);
    t.timestamp_column = c.required("timestamp", "the name of the timestamp column").string();
    if (auto g = c.optional("input_tokens")) t.input_tokens_column = g->string();
    if (auto g = c.optional("output_tokens")) t.output_tokens_column = g->string();
    if (auto g = c.optional("class")) t.class_column = g->string();
  } else if (t.format == TraceFormat::generic) {
    block.field().fail("the generic format needs columns: {timestamp: ..., input_tokens: ..., output_tokens: ...}");
  }
  if (auto f = block.optional("timestamp_zone")) t.timestamp_zone = read_zone(*f);
  if (auto f = block.optional("offset")) t.offset = f->duration(Bound::non_negative);
  if (auto f = block.optional("time_scale")) t.time_scale = f->number(Bound::positive);
  if (auto f = block.optional("volume")) t.volume = f->number(Bound::positive);
  if (auto f = block.optional("loop")) t.loop = read_bool(*f);
  if (auto f = block.optional("bad_rows"))
    t.bad_rows = choose_word<BadRowPolicy>(*f, "bad-row policy", {{"stop", BadRowPolicy::stop}, {"skip", BadRowPolicy::skip}});
  return t;
}

ArrivalProcessSpec read_arrivals(const MappingReader& block, const std::string& scenario_dir) {
  std::vector<std::pair<std::string_view, const ProcessInfo*>> words;
  for (const ProcessInfo& p : processes()) words.emplace_back(p.name, &p);
  const FieldReader process_field = block.required("process", "one of poisson, deterministic, diurnal, mmpp, trace");
  const ProcessInfo* info = choose_word<const ProcessInfo*>(process_field, "arrival process", words);
  for (std::string_view key : block.present()) {
    if (key == "process" || std::find(info->params.begin(), info->params.end(), key) != info->params.end()) continue;
    block.optional(key)->fail(fmt::format("'{}' is not a parameter of the {} process, which takes {}", key, info->name,
                                          join_words(info->params)));
  }
  ArrivalProcessSpec a;
  a.kind = info->kind;
  switch (info->kind) {
    case ArrivalKind::poisson:
    case ArrivalKind::deterministic:
      a.rate_per_s = block.required("rate", "a rate such as 0.8/s").rate_per_second(Bound::positive);
      break;
    case ArrivalKind::diurnal:
      a.diurnal = read_diurnal(block);
      break;
    case ArrivalKind::mmpp:
      a.mmpp = read_mmpp(block);
      break;
    case ArrivalKind::trace:
      a.trace = read_trace(block, scenario_dir);
      break;
  }
  if (auto f = block.optional("spikes")) a.spikes = read_spikes(*f);
  return a;
}

RequestClassSpec read_class(const FieldReader& element) {
  const MappingReader m(element, schema::kRequestClass);
  RequestClassSpec c;
  c.name = m.required("name", "a class name such as simple").string();
  if (c.name.empty()) m.required("name", "").fail("must not be empty");
  if (auto f = m.optional("weight")) c.weight = f->number(Bound::non_negative);
  if (auto f = m.optional("hourly_weights")) c.hourly_weights = read_weights(*f, 24, "local hours 00-01 to 23-24");
  if (auto f = m.optional("input_tokens")) c.input_tokens = parse_distribution(*f, ValueUnit::number);
  if (auto f = m.optional("output_tokens")) c.output_tokens = parse_distribution(*f, ValueUnit::number);
  if (auto f = m.optional("complexity")) c.complexity = parse_distribution(*f, ValueUnit::number);
  if (auto f = m.optional("tags"))
    for (const FieldReader& t : f->elements("a list of tags")) c.tags.push_back(t.string());
  if (auto f = m.optional("model_calls"))
    c.model_calls = static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, 1000));
  if (auto f = m.optional("system_prompt_tokens")) c.system_prompt_tokens = f->count(CountSuffix::allowed, 0);
  if (auto f = m.optional("max_tokens_per_turn")) c.max_tokens_per_turn = f->count(CountSuffix::allowed, 1);
  return c;
}

// A fixed-width field of digits at text[pos, pos+n), or -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]", optionally followed by Z or ±HH:MM; without an offset
// the time is local to `zone` (on a DST gap or overlap, the earlier instant).
std::chrono::sys_seconds read_start(const FieldReader& f, const std::string& zone) {
  const std::string& text = f.scalar("a date or date-time such as 2026-03-09T00:00");
  const auto fail = [&] {
    f.fail(fmt::format("expected a date or date-time such as 2026-03-09, 2026-03-09T08:30 or 2026-03-09T08:30:00+09:00, "
                       "got '{}'",
                       text));
  };
  const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-') fail();
  int hh = 0, mm = 0, ss = 0;
  std::size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    hh = digits(text, pos + 1, 2);
    mm = digits(text, pos + 4, 2);
    if (hh < 0 || mm < 0 || text.size() < pos + 6 || text[pos + 3] != ':') fail();
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      ss = digits(text, pos + 1, 2);
      if (ss < 0) fail();
      pos += 3;
    }
  }
  std::optional<int> offset_min;
  if (pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      offset_min = 0;
    } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
      const int oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
      if (oh < 0 || om < 0) fail();
      offset_min = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      fail();
    }
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 59) f.fail(fmt::format("'{}' is not a valid date and time", text));
  const auto local = date::local_days{ymd} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                     std::chrono::seconds{ss};
  if (offset_min) {
    return std::chrono::sys_seconds{local.time_since_epoch()} - std::chrono::minutes{*offset_min};
  }
  return date::locate_zone(zone)->to_sys(local, date::choose::earliest);
}

}  // namespace

CalendarSpec read_calendar(const MappingReader& top) {
  CalendarSpec c;
  if (auto f = top.optional("time_zone")) c.time_zone = read_zone(*f);
  if (auto f = top.optional("start")) c.start_utc = read_start(*f, c.time_zone);
  return c;
}

WorkloadSpec read_workload(const MappingReader& block, const std::string& scenario_dir) {
  WorkloadSpec w;
  w.arrivals = read_arrivals(block.required_mapping("arrivals"), scenario_dir);
  if (auto f = block.optional("classes")) {
    std::set<std::string> names;
    for (const FieldReader& e : f->elements("a list of request classes")) {
      RequestClassSpec c = read_class(e);
      if (!names.insert(c.name).second) e.fail(fmt::format("duplicate class name '{}'", c.name));
      w.classes.push_back(std::move(c));
    }
    if (w.classes.empty()) f->fail("needs at least one class (or leave classes out)");
    // Checks across classes (a positive total weight at every local hour) are the mix's own.
    try {
      RequestMix(w.classes, sim::RandomStreams(0, 0));
    } catch (const std::invalid_argument& e) {
      f->fail(e.what());
    }
  }
  return w;
}

}  // namespace fmsim::models
