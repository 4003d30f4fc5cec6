#!/usr/bin/python3
# fmsim breakeven: draws monthly cost vs traffic volume, one line per deployment pattern with its
# 95 % confidence band, and the crossovers between patterns marked (with their CIs shaded).
#
# The fmsim binary carries this file inside it (tools/sweep/breakeven_command.cpp) and runs it
# with Debian's python3 and python3-matplotlib; it can also be run by hand:
#   breakeven_plot.py OUT/breakeven.json [--plots-dir DIR]
# It reads breakeven.json (written by `fmsim breakeven`, described in docs/sweeps.md) and writes
# DIR/breakeven.png and DIR/breakeven.svg (DIR defaults to plots/ next to the JSON file).
# Only the standard library and matplotlib.
#
# Exit status: 0 plot written, 1 matplotlib missing or drawing failed, 2 bad input.
import argparse
import json
import math
import os
import sys

PROG = "fmsim breakeven"
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f")


class BadInput(Exception):
    """A problem with the input file: reported as one line, exit 2."""


try:
    set_style  # embedded in the binary: plot_style.py's text comes first
except NameError:  # run by hand from tools/plot/
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from plot_style import save_figure, set_style

def fail(message, status):
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(status)


def num(x):
    return math.nan if x is None else float(x)


def readable(v):
    if not math.isfinite(v):
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}: not JSON ({e})")
    for key in ("name", "volume", "patterns", "costs", "pairs", "cost_metric"):
        if key not in doc:
            raise BadInput(f"{path}: no '{key}', so not a breakeven.json written by `fmsim breakeven`")
    return doc


def short(v):
    """3,600,000 -> 3.6M: tick labels of the tokens axis."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= scale:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.3g}"


def tokens_axis(ax, doc, xs):
    """With a tokens metric, a second volume scale on top in tokens per hour. Tokens per hour are
    proportional to the volume (the same messages, more of them), so the scale is the median
    ratio of the measured means, and it reads exactly where the sweep measured."""
    from matplotlib.ticker import FuncFormatter

    if not doc.get("tokens_metric"):
        return
    ratios = []
    for c in doc["costs"]:
        for x, r in zip(xs, c["by_volume"]):
            t = num(r.get("tokens_per_hour"))
            if math.isfinite(t) and x > 0:
                ratios.append(t / x)
    if not ratios:
        return
    ratios.sort()
    k = ratios[len(ratios) // 2] if len(ratios) % 2 else (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
    top = ax.secondary_xaxis("top", functions=(lambda x: x * k, lambda t: t / k))
    top.set_xlabel("tokens per hour (measured)")
    top.xaxis.set_major_formatter(FuncFormatter(lambda v, _: short(v)))


def draw(doc, plots_dir, plt):
    from matplotlib.ticker import FuncFormatter

    volume = doc["volume"]
    unit = volume.get("unit") or ""
    xs = [num(v["value"]) for v in volume["values"]]
    # A log range is drawn on a log axis; a list of volumes too when it spans two decades or more.
    positive = [x for x in xs if x > 0]
    log_x = volume.get("scale") == "log" or (
        volume.get("scale") == "list" and len(positive) == len(xs) and max(xs) / min(xs) >= 100)
    money = doc["cost_metric"].startswith("cost_usd")

    fig, ax = plt.subplots(figsize=(12, 6.8))
    lowest, highest = math.inf, -math.inf
    colour_of = {}
    for i, c in enumerate(doc["costs"]):
        colour = COLOURS[i % len(COLOURS)]
        colour_of[c["pattern"]] = colour
        rows = c["by_volume"]
        mean = [num(r["mean"]) for r in rows]
        low = [num(r["ci95_low"]) if r["ci95_low"] is not None else num(r["mean"]) for r in rows]
        high = [num(r["ci95_high"]) if r["ci95_high"] is not None else num(r["mean"]) for r in rows]
        ax.plot(xs, mean, marker="o", markersize=4, linewidth=2, color=colour, label=c["pattern"])
        ax.fill_between(xs, low, high, color=colour, alpha=0.18, linewidth=0)
        for v in mean + low + high:
            if math.isfinite(v) and v > 0:
                lowest, highest = min(lowest, v), max(highest, v)
    if log_x:
        ax.set_xscale("log")
    # Costs over several orders of magnitude (a fixed reservation against a bill that grows with
    # the traffic from nearly nothing) on a log volume axis: a log cost axis keeps both readable,
    # and a bill proportional to the volume stays a straight line. On a linear volume axis it
    # would bend those lines, so only a far wider spread takes it there.
    if math.isfinite(lowest) and highest / lowest > (50 if log_x else 1000):
        ax.set_yscale("log")
    ax.set_xlim(min(xs), max(xs))

    # Crossovers: a dashed line at each, its CI shaded, labelled with the pair and the volume.
    marks = []
    for p in doc["pairs"]:
        for x in p["crossovers"]:
            marks.append((num(x["value"]), p, x))
    marks.sort(key=lambda m: m[0])
    top = ax.get_ylim()[1]
    for k, (at, p, x) in enumerate(marks):
        lo, hi = x["ci95_low"], x["ci95_high"]
        span_lo = num(lo["value"]) if lo["kind"] in ("inside", "beyond_range") else at
        span_hi = num(hi["value"]) if hi["kind"] in ("inside", "beyond_range") else at
        if span_hi > span_lo:
            ax.axvspan(span_lo, span_hi, color="#888888", alpha=0.12, linewidth=0)
        ax.axvline(at, color="#444444", linestyle="--", linewidth=1.2)
        ci = ""
        if lo["kind"] != "unknown" and hi["kind"] != "unknown":
            left = ("<" if lo["kind"] == "beyond_range" else "") + readable(num(lo["value"]))
            right = (">" if hi["kind"] == "beyond_range" else "") + readable(num(hi["value"]))
            ci = f"\n[{left}, {right}]" if (left, right) != (readable(at), readable(at)) else ""
        label = f"{p['first']} = {p['second']}\n{readable(at)}{unit}{ci}"
        ax.annotate(label, xy=(at, top), xycoords="data", xytext=(4, -6 - 64 * (k % 3)), textcoords="offset points",
                    ha="left", va="top", fontsize=10, color="#222222",
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#bbbbbb", "alpha": 0.9})

    tokens_axis(ax, doc, xs)
    if money:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:,.0f}" if v >= 1 else f"${v:.2g}"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: readable(v)))
    what = "cost per 30-day month" if doc["cost_metric"] == "cost_usd.per_month_30d" else doc["cost_metric"]
    ax.set_ylabel(what + (" (USD)" if money else ""))
    period = unit[1:] if unit.startswith("/") else ""
    per = f" (per {period})" if period and period not in volume["name"] else ""
    ax.set_xlabel(f"{volume['name']}{per}{', log scale' if log_x else ''}")
    n = doc.get("replications", 0)
    ax.set_title(f"{doc['name']}: {what} vs {volume['name']}", loc="left", fontsize=15)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
              title=f"pattern (mean,\n95% CI band, {n} runs)")
    fig.tight_layout()
    save_figure(plt, fig, plots_dir, "breakeven")


def main(argv):
    parser = argparse.ArgumentParser(prog=PROG, description="Draw cost vs volume from breakeven.json.")
    parser.add_argument("json_file", help="breakeven.json written by `fmsim breakeven`")
    parser.add_argument("--plots-dir", help="where to write the plot (default: plots/ next to the JSON file)")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.json_file):
        raise BadInput(f"{args.json_file}: no such file (give the breakeven.json of `fmsim breakeven`)")
    doc = read(args.json_file)
    if not doc["volume"].get("values"):
        raise BadInput(f"{args.json_file}: no volumes")
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as plt
    except ImportError as e:
        fail(f"matplotlib is not available to {sys.executable} ({e}): install it with "
             "`sudo apt-get install python3-matplotlib` (or set FMSIM_PYTHON to a Python that has it)", 1)
    plots_dir = args.plots_dir or os.path.join(os.path.dirname(os.path.abspath(args.json_file)), "plots")
    os.makedirs(plots_dir, exist_ok=True)
    set_style(plt)
    draw(doc, plots_dir, plt)
    print(f"plot: {plots_dir}/breakeven.{{png,svg}}")
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
