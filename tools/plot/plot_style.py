# The look and the saving that fmsim's plotting programs share (fmsim_plot.py for `fmsim plot`,
# breakeven_plot.py for `fmsim breakeven`). The build embeds this file ahead of each program's
# text in the binary; run by hand, each program imports it from this folder.
import os


def set_style(plt, extra=None):
    style = {
        "font.size": 13,
        "axes.titlesize": 15,
        "axes.labelsize": 13,
        "legend.fontsize": 12,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.axisbelow": True,  # grid behind the lines and stacked areas
        "text.parse_math": False,  # "$" is money here, not TeX
        "svg.hashsalt": "fmsim",  # stable element ids: same outputs, same SVG
        "figure.dpi": 110,
    }
    style.update(extra or {})
    plt.rcParams.update(style)


def save_figure(plt, fig, plots_dir, name):
    """NAME.png and NAME.svg in plots_dir, each written as .partial then renamed."""
    for ext in ("png", "svg"):
        final = os.path.join(plots_dir, f"{name}.{ext}")
        partial = final + ".partial"
        # No date in the SVG, no software version in the PNG: same results, same bytes.
        metadata = {"Date": None} if ext == "svg" else {"Software": None}
        fig.savefig(partial, format=ext, metadata=metadata)
        os.replace(partial, final)
    plt.close(fig)
