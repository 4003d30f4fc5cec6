#!/usr/bin/python3
# fmsim plot: draws the pictures of one `fmsim run` output directory with matplotlib.
#
# The fmsim binary carries this file inside it (tools/plot_command.cpp) and runs it with Debian's
# python3 and python3-matplotlib; it can also be run by hand: fmsim_plot.py OUTDIR.
# It reads summary.json, timeseries.csv, cost.csv, services.csv and targets.csv (documented in
# docs/outputs.md) and writes OUTDIR/plots/{latency,outcomes,cost,capacity,targets}.{png,svg}.
# Only the standard library, numpy and matplotlib: a fresh Debian 12 has no pandas.
#
# Exit status: 0 plots written, 1 matplotlib missing or a plot failed, 2 bad input.
import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import sys

PROG = "fmsim plot"
OUTCOMES = (  # (column, legend, colour): the order stacks success at the bottom
    ("ok", "ok", "#4c9f50"),
    ("throttled", "throttled", "#f0a030"),
    ("timed_out", "timed out", "#8e6bbf"),
    ("error", "error", "#d64541"),
    ("rejected", "rejected", "#7f7f7f"),
)
# Cost lines beyond this many are grouped as "other" (the smallest ones).
MAX_COST_LINES = 7
# More points than this along the time axis are binned (a 30-day run of 1-minute windows).
MAX_POINTS = 1500
NICE_BINS_S = (300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 7 * 86400)


class BadInput(Exception):
    """A problem with the output directory: reported as one line, exit 2."""


try:
    set_style  # embedded in the binary: plot_style.py's text comes first
except NameError:  # run by hand from tools/plot/
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from plot_style import save_figure, set_style

def fail(message, status):
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(status)


# ---------------------------------------------------------------------------------------------
# Reading the output directory


def number(text):
    # An empty cell means "no value" (docs/outputs.md): NaN, so lines break there.
    if text is None or text == "":
        return math.nan
    return float(text)


class Table:
    """One CSV file's rows of the chosen replication, as columns of floats (text kept aside)."""

    def __init__(self, path, replication):
        self.path = path
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            try:
                self.header = next(reader)
            except StopIteration:
                raise BadInput(f"{path}: empty file (no header line)")
            if "replication" not in self.header or "window_start_s" not in self.header:
                raise BadInput(f"{path}: not an fmsim table (no replication/window_start_s columns)")
            rep = self.header.index("replication")
            self.rows = []
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(self.header):
                    raise BadInput(f"{path}:{line_no}: {len(row)} cells, the header has {len(self.header)}")
                if row[rep] == str(replication):
                    self.rows.append(row)
        self._index = {name: i for i, name in enumerate(self.header)}

    def has(self, column):
        return column in self._index

    def text(self, column):
        i = self._index[column]
        return [r[i] for r in self.rows]

    def column(self, column):
        i = self._index[column]
        try:
            return [number(r[i]) for r in self.rows]
        except ValueError as e:
            raise BadInput(f"{self.path}: column {column}: {e}")

    def __len__(self):
        return len(self.rows)


def read_summary(out_dir):
    path = os.path.join(out_dir, "summary.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}")


def router_events(out_dir, replication):
    """[(time_s, words)] for the budget guard's trips and resets in events.csv: they explain a
    sudden change of target share and of cost, so those plots mark them."""
    path = os.path.join(out_dir, "events.csv")
    if not os.path.isfile(path):
        return []
    marks = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("replication") != str(replication) or row.get("component") != "router":
                continue
            event = row.get("event", "")
            if event.startswith("budget_guard_"):
                marks.append((number(row.get("time_s")), event.replace("budget_guard_", "budget guard ")))
    return marks


def mark_events(ax, clock, marks, with_text):
    for time_s, words in marks:
        x = clock.dates([time_s])[0]
        ax.axvline(x, color="#333333", linestyle="--", linewidth=1.2, zorder=5)
        if with_text:
            ax.annotate(words, xy=(x, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                        textcoords="offset points", ha="left", va="top", fontsize=11, color="#333333",
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                        zorder=6)


def replication_summary(summary, replication):
    """The one-replication summary (summary.json nests them when there are several)."""
    reps = summary.get("replications")
    if isinstance(reps, list) and reps:
        if replication >= len(reps):
            raise BadInput(f"--replication {replication}: the run has {len(reps)} replication(s) (0 … {len(reps) - 1})")
        return reps[replication], len(reps)
    if replication != 0:
        raise BadInput(f"--replication {replication}: the run has 1 replication (0)")
    return summary, 1


# ---------------------------------------------------------------------------------------------
# The scenario's clock: simulated seconds -> instants, drawn in the scenario's time zone.


def scenario_file_keys(summary):
    """time_zone, start and slo from the scenario file itself, for outputs whose summary.json
    predates those fields. Top-level keys only, read with a regular expression: no YAML library
    on a fresh Debian."""
    path = summary.get("scenario", {}).get("path")
    keys = {}
    if not path or not os.path.isfile(path):
        return keys
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(time_zone|start|slo):\s*(.*?)\s*(#.*)?$", line)
            if m:
                keys[m.group(1)] = m.group(2).strip("\"'")
    return keys


def zone_of(name):
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:
        return None


def parse_start(text, zone):
    """A scenario `start:` value (2026-03-10, 2026-03-10T08:30, …+09:00, …Z) as UTC seconds."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    t = dt.datetime.fromisoformat(text)
    if t.tzinfo is None:
        t = t.replace(tzinfo=zone or dt.timezone.utc)
    return t.timestamp()


class Clock:
    """Maps window_start_s to matplotlib date numbers; knows the zone to label the axis in."""

    def __init__(self, summary, file_keys, first_local_time, first_window_start_s):
        scenario = summary.get("scenario", {})
        name = scenario.get("time_zone") or file_keys.get("time_zone")
        self.zone = zone_of(name) if name else None
        self.zone_name = name if self.zone else None
        start_utc_s = None
        if isinstance(scenario.get("start_utc_s"), (int, float)):
            start_utc_s = float(scenario["start_utc_s"])
        elif scenario.get("start"):
            start_utc_s = parse_start(str(scenario["start"]), self.zone)
        elif first_local_time:
            t = dt.datetime.fromisoformat(first_local_time)
            start_utc_s = t.timestamp() - first_window_start_s
            if self.zone is None and t.tzinfo is not None:
                self.zone = t.tzinfo
        elif file_keys.get("start"):
            start_utc_s = parse_start(file_keys["start"], self.zone)
        elif self.zone is not None:
            start_utc_s = parse_start("1970-01-01T00:00", self.zone)  # the scenario default
        if self.zone is None:
            # Neither summary.json nor the scenario says: the scenario default, UTC.
            self.zone = dt.timezone.utc
            self.zone_name = "UTC"
        if start_utc_s is None:
            start_utc_s = 0.0
        self.start_utc_s = start_utc_s

    def label(self):
        if self.zone_name:
            return f"local time ({self.zone_name})"
        offset = self.zone.utcoffset(None)
        hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
        return f"local time (UTC{'+' if offset.total_seconds() >= 0 else '-'}{abs(hours):02d}:{rest:02d})"

    def dates(self, seconds):
        import numpy as np

        # matplotlib date numbers are days since 1970-01-01 UTC.
        return (self.start_utc_s + np.asarray(seconds, dtype=float)) / 86400.0


# ---------------------------------------------------------------------------------------------
# Drawing helpers


def time_axis(ax, clock, first_s, last_s, show_label=True):
    import matplotlib.dates as mdates
    import numpy as np

    span_s = last_s - first_s
    ax.set_xlim(*clock.dates([first_s, last_s]))
    days = span_s / 86400.0
    if days <= 1.5:
        step = max(1, int(math.ceil(span_s / 3600.0 / 12)))  # about 12 ticks
        step = next(h for h in (1, 2, 3, 4, 6, 12, 24) if h >= step)
        ax.xaxis.set_major_locator(mdates.HourLocator(byhour=range(0, 24, step), tz=clock.zone))
        if span_s > 86400:
            # Past one midnight: name the day there, so 00:00 does not appear twice.
            def hh_mm(x, _):
                t = mdates.num2date(x, tz=clock.zone)
                return t.strftime("%a %d %b") if (t.hour, t.minute) == (0, 0) else t.strftime("%H:%M")

            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_formatter(FuncFormatter(hh_mm))
        else:
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=clock.zone))
        if span_s <= 4 * 3600:
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=clock.zone, minticks=4, maxticks=10))
    elif days > 4:
        # Local midnights every n days, counted from the first: a locator that restarts at each
        # month's 1st crowds two labels together there.
        from matplotlib.ticker import FixedLocator

        every = next(n for n in (1, 2, 3, 5, 7, 14, 28, 56, 91, 182, 364) if days / n <= 8)
        first = dt.datetime.fromtimestamp(clock.start_utc_s + first_s, tz=clock.zone)
        day = first.date() if first.time() == dt.time(0) else first.date() + dt.timedelta(days=1)
        ticks, minor = [], []
        last_day = dt.datetime.fromtimestamp(clock.start_utc_s + last_s, tz=clock.zone).date()
        i = 0
        while day <= last_day:
            midnight = dt.datetime.combine(day, dt.time(0), tzinfo=clock.zone).timestamp()
            (ticks if i % every == 0 else minor).append((midnight - clock.start_utc_s) / 86400.0)
            day += dt.timedelta(days=1)
            i += 1
        ax.xaxis.set_major_locator(FixedLocator(clock.dates(86400.0 * np.asarray(ticks))))
        ax.xaxis.set_minor_locator(FixedLocator(clock.dates(86400.0 * np.asarray(minor))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b", tz=clock.zone))
    else:
        locator = mdates.AutoDateLocator(tz=clock.zone, minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator, tz=clock.zone, show_offset=False)
        formatter.formats = ["%Y", "%b", "%a %d %b", "%H:%M", "%H:%M", "%S.%f"]
        formatter.zero_formats = ["", "%Y", "%a %d %b", "%a %d %b", "%H:%M", "%H:%M"]
        ax.xaxis.set_major_formatter(formatter)
    if show_label:
        ax.set_xlabel(clock.label() + date_note(clock, first_s, last_s))


def date_note(clock, first_s, last_s):
    """For runs of a day or less the ticks show hours only: name the day in the label."""
    if last_s - first_s > 1.5 * 86400:
        return ""
    first = dt.datetime.fromtimestamp(clock.start_utc_s + first_s, tz=clock.zone)
    last = dt.datetime.fromtimestamp(clock.start_utc_s + max(first_s, last_s - 1), tz=clock.zone)
    if first.date() == last.date():
        return first.strftime(", %a %d %b %Y")
    return first.strftime(", from %a %d %b %Y")


def legend_outside(ax, handles=None, labels=None, title=None):
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
              title=title)


def titled(fig, what, ctx):
    fig.suptitle(f"{ctx.name}: {what}{ctx.replication_note}", fontsize=16, x=0.01, ha="left")


def bin_factor(n_windows, window_s):
    """How many windows to merge per point so a long run stays readable; 1 for most runs."""
    if n_windows <= MAX_POINTS or window_s <= 0:
        return 1
    for b in NICE_BINS_S:
        if b > window_s and b % window_s == 0 and n_windows * window_s / b <= MAX_POINTS:
            return int(b // window_s)
    return int(math.ceil(n_windows / MAX_POINTS))


def binned(values, k, how):
    import numpy as np

    v = np.asarray(values, dtype=float)
    if k <= 1:
        return v
    n = int(math.ceil(len(v) / k))
    pad = np.full(n * k - len(v), np.nan)
    m = np.concatenate([v, pad]).reshape(n, k)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)
            if how == "sum":
                return np.nansum(m, axis=1)
            if how == "max":
                return np.nanmax(m, axis=1)
            return np.nanmean(m, axis=1)


def duration_words(seconds):
    seconds = float(seconds)
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= (2 * size if unit == "days" else size) and seconds % size == 0:
            return f"{int(seconds // size)} {unit}"
    return f"{seconds:g} s"


def edges(starts, ends):
    """Step-plot x values: each window's start, then the last window's end."""
    return list(starts) + [ends[-1]]


def stepped(values):
    import numpy as np

    v = np.asarray(values, dtype=float)
    return np.append(v, v[-1] if len(v) else 0.0)


class Context:
    def __init__(self, plt, name, replication_note, plots_dir, clock, marks):
        self.plt = plt
        self.marks = marks  # router events to mark on the cost and targets plots
        self.name = name
        self.replication_note = replication_note
        self.plots_dir = plots_dir
        self.clock = clock


def money(v):
    if abs(v) >= 100:
        return f"${v:,.0f}"
    if abs(v) >= 0.01 or v == 0:
        return f"${v:,.2f}"
    return f"${v:.2g}"


def money_axis(ax):
    """Dollar ticks with the same number of decimals along the axis."""
    from matplotlib.ticker import FuncFormatter

    def tick(v, _):
        top = ax.get_ylim()[1]
        decimals = 0 if top >= 20 else 2 if top >= 0.1 else 3 if top >= 0.01 else 4
        return f"${v:,.{decimals}f}"

    ax.yaxis.set_major_formatter(FuncFormatter(tick))


# ---------------------------------------------------------------------------------------------
# 1. latency


SLO_KEY = re.compile(r"^p(50|90|99|999)(_s)?$")
QUANTILE_STYLE = {  # quantile -> (column, colour, line width)
    "50": ("latency_p50_s", "#1f77b4", 1.6),
    "90": ("latency_p90_s", "#ff9f1c", 1.2),
    "99": ("latency_p99_s", "#c0392b", 1.6),
    "999": ("latency_p999_s", "#6d2e46", 1.2),
}


def seconds_of(value):
    """An SLO bound: a number of seconds, or a duration text like 3s / 300ms / 2min."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = re.match(r"^\s*([0-9.]+)\s*(ms|s|min|h)?\s*$", value)
        if m:
            return float(m.group(1)) * {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, None: 1.0}[m.group(2)]
    return None


def slo_bounds(summary, file_keys):
    """{quantile: seconds} from summary.json "slo" (either {"p99_s": 3, ...} or
    {"p99": {"bound_s": 3, ...}}), else from the scenario file's `slo: {p99: 3s}` line."""
    bounds = {}
    slo = summary.get("slo")
    if isinstance(slo, dict):
        for key, value in slo.items():
            m = SLO_KEY.match(key)
            if not m:
                continue
            if isinstance(value, dict):
                for k in ("bound_s", "target_s", "limit_s", "s", "value_s", "max_s"):
                    if isinstance(value.get(k), (int, float)):
                        bounds[m.group(1)] = float(value[k])
                        break
            elif seconds_of(value) is not None:
                bounds[m.group(1)] = seconds_of(value)
    if not bounds and file_keys.get("slo"):
        for q, v in re.findall(r"p(50|90|99|999)\s*:\s*([0-9.]+\s*(?:ms|s|min|h)?)", file_keys["slo"]):
            if seconds_of(v) is not None:
                bounds[q] = seconds_of(v)
    return bounds


def latency_unit(hi_s):
    """Seconds for interactive latencies; minutes or hours for queues and batch jobs."""
    if hi_s > 5 * 3600:
        return "h", 3600.0
    if hi_s > 600:
        return "min", 60.0
    return "s", 1.0


def plot_latency(ctx, ts, bounds):
    import numpy as np

    fig, ax = ctx.plt.subplots(figsize=(13, 5.6), layout="constrained")
    starts, ends = ts.column("window_start_s"), ts.column("window_end_s")
    window_s = ends[0] - starts[0]
    k = bin_factor(len(ts), window_s)
    x = ctx.clock.dates(binned([(a + b) / 2 for a, b in zip(starts, ends)], k, "mean"))
    shown = [q for q in ("50", "90", "99") if ts.has(QUANTILE_STYLE[q][0])]
    # p99.9 only when its SLO is asked for.
    if "999" in bounds and ts.has(QUANTILE_STYLE["999"][0]):
        shown.append("999")
    series = {q: binned(ts.column(QUANTILE_STYLE[q][0]), k, "max") for q in shown}
    values = np.concatenate([y[np.isfinite(y) & (y > 0)] for y in series.values()] + [np.asarray(
        [b for q, b in bounds.items() if b > 0])])
    lo, hi = (float(values.min()), float(values.max())) if len(values) else (math.inf, 0.0)
    unit, div = latency_unit(hi)
    for q in reversed(shown):
        _, colour, width = QUANTILE_STYLE[q]
        y = series[q] / div
        # Windows with no ok request are gaps; a window alone between gaps needs a marker to show.
        sparse = int(np.isfinite(y).sum()) < 60
        ax.plot(x, y, color=colour, linewidth=width, marker="o" if sparse else None, markersize=4,
                label="p99.9" if q == "999" else f"p{q}")
    for q, bound in sorted(bounds.items(), key=lambda qb: qb[1], reverse=True):
        column, colour, _ = QUANTILE_STYLE[q]
        over = ""
        if ts.has(column):
            y = np.asarray(ts.column(column))
            n = int(np.isfinite(y).sum())
            over = f" — over in {int((y[np.isfinite(y)] > bound).sum())} of {n} windows"
        name = "p99.9" if q == "999" else f"p{q}"
        ax.axhline(bound / div, color=colour, linestyle="--", linewidth=1.8, label=f"SLO {name} ≤ {bound:g} s{over}")
    if hi > 0 and hi / lo > 1000:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_yscale("log")  # sub-second p50 and minute-long p99 do not share a linear axis
        # Plain numbers at 1-2-5 steps: "200", not 2×10².
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_ylim(bottom=0, top=hi / div * 1.08 if hi > 0 else 1)
    if hi == 0:
        ax.text(0.5, 0.5, "no request ended ok", transform=ax.transAxes, ha="center", va="center", fontsize=14)
    ax.set_ylabel(f"latency ({unit})")
    time_axis(ax, ctx.clock, starts[0], ends[-1])
    note = f"per {duration_words(window_s)} window"
    if k > 1:
        note = f"worst {duration_words(window_s)} window in each {duration_words(window_s * k)}"
    ax.set_title(f"latency of requests that ended ok, arrival to answer ({note})", fontsize=13, loc="left")
    legend_outside(ax)
    titled(fig, "latency", ctx)
    save_figure(ctx.plt, fig, ctx.plots_dir, "latency")


# ---------------------------------------------------------------------------------------------
# 2. outcomes


def plot_outcomes(ctx, ts):
    import numpy as np

    starts, ends = ts.column("window_start_s"), ts.column("window_end_s")
    window_s = ends[0] - starts[0]
    k = bin_factor(len(ts), window_s)
    lengths_min = binned([(b - a) / 60.0 for a, b in zip(starts, ends)], k, "sum")
    xs = ctx.clock.dates(edges(np.asarray(starts[::k]), [ends[-1]]))
    series = []
    for column, label, colour in OUTCOMES:
        if not ts.has(column):
            continue
        per_min = binned(ts.column(column), k, "sum") / lengths_min
        series.append((label, colour, np.nan_to_num(per_min)))
    failures = [s for s in series if s[0] != "ok" and s[2].sum() > 0]
    nrows = 2 if failures else 1
    fig, axes = ctx.plt.subplots(nrows, 1, figsize=(13, 7.2 if failures else 5.6), sharex=True, layout="constrained",
                                 squeeze=False, gridspec_kw={"height_ratios": [3, 2] if failures else [1]})
    ax = axes[0][0]
    drawn = [s for s in series if s[2].sum() > 0] or series[:1]
    ax.stackplot(xs, *[stepped(s[2]) for s in drawn], labels=[s[0] for s in drawn], colors=[s[1] for s in drawn],
                 step="post", alpha=0.9, linewidth=0)
    if ts.has("arrivals"):
        arrivals = binned(ts.column("arrivals"), k, "sum") / lengths_min
        ax.step(xs, stepped(arrivals), where="post", color="black", linewidth=1.0, linestyle=":", label="arrivals")
    ax.set_ylabel("requests per minute")
    ax.set_ylim(bottom=0)
    never = [s[0] for s in series if s[0] != "ok" and s[2].sum() == 0]
    subtitle = f"requests by outcome, counted when they end ({duration_words(window_s * k)} windows)"
    ax.set_title(subtitle, fontsize=13, loc="left")
    handles, labels = ax.get_legend_handles_labels()
    legend_outside(ax, handles[::-1], labels[::-1])
    if never:
        ax.text(1.01, 0.02, "none:\n" + "\n".join(never), transform=ax.transAxes, fontsize=11, va="bottom",
                color="#555555")
    if failures:
        bx = axes[1][0]
        bx.stackplot(xs, *[stepped(s[2]) for s in failures], labels=[s[0] for s in failures],
                     colors=[s[1] for s in failures], step="post", alpha=0.9, linewidth=0)
        bx.set_ylabel("failed per minute")
        bx.set_ylim(bottom=0)
        bx.set_title("failures only (same time axis, own scale)", fontsize=12, loc="left")
        h, l = bx.get_legend_handles_labels()
        legend_outside(bx, h[::-1], l[::-1])
    for row in range(nrows):
        time_axis(axes[row][0], ctx.clock, starts[0], ends[-1], show_label=row == nrows - 1)
    titled(fig, "requests by outcome", ctx)
    save_figure(ctx.plt, fig, ctx.plots_dir, "outcomes")


# ---------------------------------------------------------------------------------------------
# 3. cost


def cost_line_columns(table):
    return [c for c in table.header
            if c.endswith("_usd") and c != "total_usd" and not c.endswith(".total_usd")]


def plot_cost(ctx, cost):
    import numpy as np

    starts, ends = cost.column("window_start_s"), cost.column("window_end_s")
    hours = np.asarray([(b - a) / 3600.0 for a, b in zip(starts, ends)])
    lines = []
    for c in cost_line_columns(cost):
        usd = np.nan_to_num(np.asarray(cost.column(c)))
        if np.any(usd != 0):
            lines.append((c[: -len("_usd")], usd))
    lines.sort(key=lambda l: -l[1].sum())
    if len(lines) > MAX_COST_LINES + 1:
        rest = lines[MAX_COST_LINES:]
        lines = lines[:MAX_COST_LINES] + [(f"other ({len(rest)} lines)", sum(r[1] for r in rest))]
    total_per_window = sum((l[1] for l in lines), np.zeros(len(starts)))
    if cost.has("total_usd"):
        total_per_window = np.nan_to_num(np.asarray(cost.column("total_usd")))
    total = float(total_per_window.sum())
    # The legend gets a column of its own: beside the secondary axis' labels, not over them.
    fig, (ax, legend_ax) = ctx.plt.subplots(1, 2, figsize=(14, 5.6), layout="constrained",
                                            gridspec_kw={"width_ratios": [3.2, 1]})
    legend_ax.axis("off")
    xs = ctx.clock.dates(edges(starts, ends))
    palette = ctx.plt.get_cmap("tab10").colors
    if lines:
        ax.stackplot(xs, *[stepped(l[1] / hours) for l in lines],
                     labels=[f"{l[0]}  {money(l[1].sum())}" for l in lines],
                     colors=[palette[i % len(palette)] for i in range(len(lines))], step="post", alpha=0.85,
                     linewidth=0)
    else:
        ax.text(0.5, 0.5, "nothing billed", transform=ax.transAxes, ha="center", va="center", fontsize=14)
    ax.set_ylabel("cost per hour ($/h)")
    ax.set_ylim(bottom=0)
    money_axis(ax)
    cumulative = np.concatenate([[0.0], np.cumsum(total_per_window)])
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    right.grid(False)
    right.plot(xs, cumulative, color="black", linewidth=2.0, label=f"cumulative total  {money(total)}")
    right.set_ylabel("cumulative cost ($)")
    right.set_ylim(bottom=0, top=max(cumulative[-1] * 1.05, 1e-9))
    money_axis(right)
    span = ends[-1] - starts[0]
    time_axis(ax, ctx.clock, starts[0], ends[-1])
    mark_events(ax, ctx.clock, ctx.marks, with_text=True)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    # The legend sits right of the secondary axis' labels, largest line first.
    legend_ax.legend(h2 + h1[::-1], l2 + l1[::-1], loc="upper left", borderaxespad=0.0, frameon=False,
                     title="line item, run total", alignment="left")
    per_month = ""
    if span > 0 and span != 30 * 86400:
        per_month = f" ≈ {money(total / span * 30 * 86400)} per 30-day month"
    ax.set_title(f"cost per hour by line item ({duration_words(ends[0] - starts[0])} windows); "
                 f"{money(total)} over {duration_words(span)}{per_month}", fontsize=13, loc="left")
    titled(fig, "cost", ctx)
    save_figure(ctx.plt, fig, ctx.plots_dir, "cost")


# ---------------------------------------------------------------------------------------------
# 4. capacity

# services.csv gauges that describe capacity, by suffix: (panel unit, legend words). Gauges a
# component has under these names (docs/models/*.md):
#   SageMaker real-time endpoint: instances_in_service, instances_provisioning,
#     instances_draining, utilisation (busy / (serving instances × K))
#   SageMaker serverless endpoint: environments, busy (busy environments)
#   SageMaker batch transform: instances
#   Lambda function: environments, provisioned_environments, concurrency (busy environments)
#   Bedrock provisioned throughput: units (model units), utilisation (share of the token budget)
#   orchestrator: busy_slots; queue entry: busy_pollers
CAPACITY_GAUGES = (
    ("instances_in_service", "instances", "in service"),
    ("instances_provisioning", "instances", "provisioning"),
    ("instances_draining", "instances", "draining"),
    ("instances", "instances", "instances"),
    ("environments", "environments", "environments (warm + starting)"),
    ("provisioned_environments", "environments", "provisioned"),
    ("concurrency", "environments", "busy (concurrency)"),
    ("busy", "environments", "busy"),  # only beside `environments` (a serverless endpoint)
    ("units", "model units", "model units"),
    ("busy_slots", "slots", "busy slots"),
    ("busy_pollers", "pollers", "busy pollers"),
    ("in_flight", "calls in flight", "calls in flight"),  # Bedrock on-demand: no capacity of its own
)
# Panels top to bottom.
UNIT_ORDER = ("instances", "environments", "model units", "slots", "pollers", "calls in flight")
CAPACITY_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#e377c2")


def capacity_panels(services):
    """Panels of capacity gauges, one per unit, components in services.csv order:
    [(unit, [(component, column, words, primary)])], and the utilisation series
    [(component, column, is_endpoint)]. `primary` marks a component's main gauge, drawn even when
    it stays at zero (zero provisioned units is worth seeing; zero draining instances is not)."""
    gauges = {}
    order = []
    for c in services.header:
        if c.endswith("_mean") and "." in c:
            component, gauge = c[: -len("_mean")].rsplit(".", 1)
            if component not in gauges:
                gauges[component] = set()
                order.append(component)
            gauges[component].add(gauge)
    by_unit, utilisation = {}, []
    for component in order:
        have = gauges[component]
        unit = None
        for gauge, gauge_unit, words in CAPACITY_GAUGES:
            if gauge not in have:
                continue
            if gauge == "busy" and "environments" not in have:
                continue  # a real-time endpoint's busy counts requests, not capacity
            if unit not in (None, gauge_unit):
                continue  # one unit per component (a queue's in_flight is not its pollers)
            by_unit.setdefault(gauge_unit, []).append((component, f"{component}.{gauge}_mean", words, unit is None))
            unit = gauge_unit
        if "utilisation" in have:
            # The two kinds of utilisation mean different things: say which in the legend.
            utilisation.append((component, f"{component}.utilisation_mean", "instances_in_service" in have))
    panels = [(unit, by_unit[unit]) for unit in UNIT_ORDER if unit in by_unit]
    return panels, utilisation


def plot_capacity(ctx, services, ts):
    import numpy as np
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    panels, utilisation = capacity_panels(services) if len(services) else ([], [])
    source = services
    if not panels and not utilisation:
        # Station targets and on-demand APIs report no capacity level: show the load they carry.
        source = ts
        panels = [("requests", [("all targets", "in_flight_mean", "in the system (queued + in service)", True)])]
    rows = len(panels) + (1 if utilisation else 0)
    starts, ends = source.column("window_start_s"), source.column("window_end_s")
    window_s = ends[0] - starts[0]
    k = bin_factor(len(source), window_s)
    per = f"mean per {duration_words(window_s * k)}"
    xs = ctx.clock.dates(edges(np.asarray(starts[::k]), [ends[-1]]))
    fig, axes = ctx.plt.subplots(rows, 1, figsize=(13, 1.3 + 2.5 * rows), sharex=True, layout="constrained",
                                 squeeze=False)
    for i, (unit, series) in enumerate(panels):
        ax = axes[i][0]
        components = list(dict.fromkeys(s[0] for s in series))
        top = 0.0
        for j, (component, column, words, primary) in enumerate(series):
            y = np.nan_to_num(binned(source.column(column), k, "mean"))
            if not primary and not y.any():
                continue  # e.g. no provisioned environments: a flat zero line says nothing
            top = max(top, float(y.max()) if len(y) else 0.0)
            if len(components) == 1:
                label = words
            else:
                label = component if words == unit else f"{component}: {words}"
            ax.step(xs, stepped(y), where="post", color=CAPACITY_COLOURS[j % len(CAPACITY_COLOURS)],
                    linewidth=2.0 if primary else 1.5, label=label)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0, top=max(1.0, top * 1.12))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        if source is ts:
            what = "no capacity gauges in this scenario (fixed servers or on-demand only): requests in the system"
        elif len(components) == 1:
            what = f"{components[0]}: {unit}"
        else:
            what = unit
        ax.set_title(f"{what} ({per})", fontsize=12, loc="left")
        legend_outside(ax)
    if utilisation:
        ax = axes[-1][0]
        top = 0.0
        for j, (component, column, is_endpoint) in enumerate(utilisation):
            y = binned(source.column(column), k, "mean") * 100.0
            top = max(top, float(np.nanmax(y)) if np.isfinite(y).any() else 0.0)
            meaning = "busy / capacity" if is_endpoint else "tokens / budget"
            ax.step(xs, stepped(np.nan_to_num(y)), where="post", color=CAPACITY_COLOURS[j % len(CAPACITY_COLOURS)],
                    linewidth=1.8, label=f"{component} ({meaning})")
        ax.set_ylabel("utilisation")
        # Full scale when anything comes near it; else zoom in, the % ticks say how far.
        ax.set_ylim(0, 105 if top > 40 else max(5.0, top * 1.25))
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_title(f"utilisation ({per})", fontsize=12, loc="left")
        legend_outside(ax)
    for row in range(rows):
        time_axis(axes[row][0], ctx.clock, starts[0], ends[-1], show_label=row == rows - 1)
    titled(fig, "capacity", ctx)
    save_figure(ctx.plt, fig, ctx.plots_dir, "capacity")


# ---------------------------------------------------------------------------------------------
# 5. targets

FALLBACK_REASONS = (("throttle", "#f0a030"), ("capacity", "#7f7f7f"), ("error", "#d64541"), ("timeout", "#8e6bbf"))


def plot_targets(ctx, targets):
    import numpy as np

    names = []
    for t in targets.text("target"):
        if t not in names:
            names.append(t)
    if len(names) < 2:
        return "one target"
    starts_all = targets.column("window_start_s")
    ends_all = targets.column("window_end_s")
    windows = sorted(set(starts_all))
    index = {w: i for i, w in enumerate(windows)}
    end_of = {}
    for s, e in zip(starts_all, ends_all):
        end_of[s] = e
    ends = [end_of[w] for w in windows]
    served = {n: np.zeros(len(windows)) for n in names}
    fallbacks = {r: np.zeros(len(windows)) for r, _ in FALLBACK_REASONS}
    served_col = "requests_served" if targets.has("requests_served") else None
    share_col = "served_share" if targets.has("served_share") else None
    if not served_col and not share_col:
        raise BadInput(f"{targets.path}: neither requests_served nor served_share")
    values = targets.column(served_col or share_col)
    for t, s, v in zip(targets.text("target"), starts_all, values):
        served[t][index[s]] += 0.0 if math.isnan(v) else v
    for reason, _ in FALLBACK_REASONS:
        column = f"fallbacks_{reason}"
        if targets.has(column):
            for s, v in zip(starts_all, targets.column(column)):
                fallbacks[reason][index[s]] += 0.0 if math.isnan(v) else v
    window_s = ends[0] - windows[0]
    k = bin_factor(len(windows), window_s)
    minutes = binned([(b - a) / 60.0 for a, b in zip(windows, ends)], k, "sum")
    xs = ctx.clock.dates(edges(np.asarray(windows[::k]), [ends[-1]]))
    per_window = {n: binned(served[n], k, "sum") for n in names}
    all_served = sum(per_window.values())
    with np.errstate(invalid="ignore", divide="ignore"):
        share = {n: np.where(all_served > 0, per_window[n] / all_served * 100.0, 0.0) for n in names}
    totals = {n: served[n].sum() for n in names}
    grand = sum(totals.values())
    any_fallback = any(v.sum() > 0 for v in fallbacks.values())
    fig, axes = ctx.plt.subplots(2, 1, figsize=(13, 7.6), sharex=True, layout="constrained",
                                 gridspec_kw={"height_ratios": [3, 2]})
    ax = axes[0]
    palette = ctx.plt.get_cmap("tab10").colors
    labels = [f"{n}  {totals[n] / grand * 100:.1f}%" if grand > 0 and served_col else n for n in names]
    ax.stackplot(xs, *[stepped(share[n]) for n in names], labels=labels,
                 colors=[palette[i % len(palette)] for i in range(len(names))], step="post", alpha=0.9, linewidth=0)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of requests served")
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_title(f"share of requests served by each target ({duration_words(window_s * k)} windows)", fontsize=12,
                 loc="left")
    h, l = ax.get_legend_handles_labels()
    legend_outside(ax, h[::-1], l[::-1], title="target, run share")
    bx = axes[1]
    if any_fallback:
        drawn = [(r, c) for r, c in FALLBACK_REASONS if fallbacks[r].sum() > 0]
        bx.stackplot(xs, *[stepped(binned(fallbacks[r], k, "sum") / minutes) for r, _ in drawn],
                     labels=[f"{r}  {int(fallbacks[r].sum()):,}" for r, _ in drawn], colors=[c for _, c in drawn],
                     step="post", alpha=0.9, linewidth=0)
        h, l = bx.get_legend_handles_labels()
        legend_outside(bx, h[::-1], l[::-1], title="reason, run total")
    else:
        bx.text(0.5, 0.5, "no fallbacks", transform=bx.transAxes, ha="center", va="center", fontsize=14)
    bx.set_ylim(bottom=0)
    bx.set_ylabel("fallbacks per minute")
    bx.set_title("fallbacks to the next target in the chain, by reason", fontsize=12, loc="left")
    time_axis(ax, ctx.clock, windows[0], ends[-1], show_label=False)
    time_axis(bx, ctx.clock, windows[0], ends[-1])
    mark_events(ax, ctx.clock, ctx.marks, with_text=True)
    mark_events(bx, ctx.clock, ctx.marks, with_text=False)
    titled(fig, "routing across targets", ctx)
    save_figure(ctx.plt, fig, ctx.plots_dir, "targets")
    return None


# ---------------------------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(prog=PROG, description="Draw the plots of an fmsim output directory.")
    parser.add_argument("out_dir", help="a directory written by `fmsim run`")
    parser.add_argument("--replication", type=int, default=0, help="replication to draw (default 0)")
    parser.add_argument("--plots-dir", help="where to write the plots (default OUT_DIR/plots)")
    args = parser.parse_args(argv)
    out_dir = args.out_dir
    if not os.path.isdir(out_dir):
        raise BadInput(f"{out_dir}: no such directory (give the output directory of `fmsim run`)")
    if not os.path.isfile(os.path.join(out_dir, "summary.json")):
        raise BadInput(f"{out_dir}: no summary.json, so not a complete `fmsim run` output directory")
    if args.replication < 0:
        raise BadInput(f"--replication {args.replication}: must be 0 or more")
    for needed in ("timeseries.csv", "cost.csv", "services.csv"):
        if not os.path.isfile(os.path.join(out_dir, needed)):
            raise BadInput(f"{out_dir}: no {needed}, so not a complete `fmsim run` output directory")
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as plt
    except ImportError as e:
        fail(f"matplotlib is not available to {sys.executable} ({e}): install it with "
             "`sudo apt-get install python3-matplotlib` (or set FMSIM_PYTHON to a Python that has it)", 1)

    full_summary = read_summary(out_dir)
    summary, replications = replication_summary(full_summary, args.replication)
    ts = Table(os.path.join(out_dir, "timeseries.csv"), args.replication)
    if len(ts) == 0:
        raise BadInput(f"{ts.path}: no rows for replication {args.replication}")
    cost = Table(os.path.join(out_dir, "cost.csv"), args.replication)
    services = Table(os.path.join(out_dir, "services.csv"), args.replication)
    targets_path = os.path.join(out_dir, "targets.csv")
    targets = Table(targets_path, args.replication) if os.path.isfile(targets_path) else None

    file_keys = scenario_file_keys(full_summary)
    first_local = ts.text("local_time")[0] if ts.has("local_time") else None
    clock = Clock(full_summary, file_keys, first_local, ts.column("window_start_s")[0])
    name = full_summary.get("scenario", {}).get("name", os.path.basename(os.path.normpath(out_dir)))
    note = f" (replication {args.replication} of {replications})" if replications > 1 else ""
    plots_dir = args.plots_dir or os.path.join(out_dir, "plots")
    os.makedirs(plots_dir, exist_ok=True)
    set_style(plt, {"axes.xmargin": 0})  # the time axis spans the run exactly
    ctx = Context(plt, name, note, plots_dir, clock, router_events(out_dir, args.replication))

    written, skipped = [], []
    bounds = slo_bounds(full_summary, file_keys) or slo_bounds(summary, file_keys)
    plot_latency(ctx, ts, bounds)
    written.append("latency")
    plot_outcomes(ctx, ts)
    written.append("outcomes")
    if len(cost):
        plot_cost(ctx, cost)
        written.append("cost")
    else:
        skipped.append("cost (no cost windows)")
    plot_capacity(ctx, services, ts)
    written.append("capacity")
    why = plot_targets(ctx, targets) if targets is not None else "no targets.csv"
    if why:
        skipped.append(f"targets ({why})")
    else:
        written.append("targets")
    # A plot skipped now must not survive from an earlier run into the same directory.
    for s in skipped:
        for ext in ("png", "svg"):
            stale = os.path.join(plots_dir, f"{s.split(' ')[0]}.{ext}")
            if os.path.exists(stale):
                os.remove(stale)
    line = f"plots: {plots_dir}/{{{','.join(written)}}}.{{png,svg}}"
    if skipped:
        line += "; skipped: " + "; ".join(skipped)
    print(line)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BadInput as e:
        fail(str(e), 2)
    except OSError as e:
        fail(f"{e.filename or ''}: {e.strerror or e}", 1)
    except Exception as e:  # a drawing failure: one line, and the traceback on request
        if os.environ.get("FMSIM_PLOT_DEBUG"):
            raise
        fail(f"drawing failed: {type(e).__name__}: {e} (set FMSIM_PLOT_DEBUG=1 for the traceback)", 1)
