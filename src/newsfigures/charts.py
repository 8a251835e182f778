"""One chart style for the whole collection, and plot functions that each return a Figure.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies).
Every chart has a title, labelled axes and a source line; charts that compare articles
say that n = 5 (or however many articles there are).
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates
from matplotlib.figure import Figure
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
WIDTH_IN = 8.0  # the report's column width at 100 dpi
SOURCE = "Source: newsfigures analysis of the corpus articles"


def apply_style() -> None:
    """Set the collection's matplotlib style (fonts, colours, fixed SVG ids for identical reruns)."""
    matplotlib.rcParams.update({
        "figure.figsize": (WIDTH_IN, 4.5),
        "figure.dpi": 100,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
        "svg.hashsalt": "newsfigures",
        "svg.fonttype": "path",
        "path.simplify": True,
    })


def new_figure(height: float = 4.5, width: float = WIDTH_IN) -> Figure:
    """A Figure in the collection's style, not attached to pyplot (so nothing leaks between charts)."""
    apply_style()
    return Figure(figsize=(width, height), layout="constrained")


def add_notes(figure: Figure, source: str = SOURCE, n_articles: int | None = None) -> Figure:
    """The source line, and 'n = N articles' where a chart compares articles."""
    text = source if n_articles is None else f"{source}. n = {n_articles} articles: a small sample, not the coverage as a whole."
    figure.get_layout_engine().set(h_pad=0.1)
    figure.supxlabel(text, fontsize=8, color="#444444", x=0.01, ha="left")
    return figure


def colour_map(keys: list[str]) -> dict[str, str]:
    """A stable colour for each key, in the order given."""
    return {key: OKABE_ITO[i % len(OKABE_ITO)] for i, key in enumerate(keys)}


def toll_evolution(reports: pd.DataFrame, categories: tuple[str, ...] = ("killed", "wounded")) -> Figure:
    """Reported deaths and wounded by report date: one point a source, bars for vague ranges."""
    figure = new_figure(height=4.2)
    axes = figure.subplots(1, len(categories), sharey=False, squeeze=False)[0]
    sources = sorted(reports["doc_id"].unique())
    colours = colour_map(sources)
    dated = pd.to_datetime(reports["published"], errors="coerce")
    reports = reports[dated.notna()]
    report_dates = sorted(dated.dropna().unique())
    for ax, category in zip(axes, categories):
        if not len(reports):
            ax.text(0.5, 0.5, "No dated reports:\nthe corpus gives no publication dates", ha="center", va="center",
                    transform=ax.transAxes)
        part = reports[(reports["category"] == category) & (reports["subject_group"] == "all")]
        for index, row in enumerate(part.itertuples()):
            date = pd.Timestamp(row.published)
            low = row.low if pd.notna(row.low) else row.value
            high = row.high if pd.notna(row.high) else row.value
            if high != low:
                ax.vlines(date, low, high, color=colours[row.doc_id], linewidth=4, alpha=0.35)
            ax.plot(date, row.value, "o", color=colours[row.doc_id], markersize=8, label=row.doc_id)
            label, anchor, offset = row.mention, row.value, (7, 6 if index % 2 == 0 else -12)
            if not any(c.isdigit() for c in label):  # "dozens", "about twice as many": say what they stand for
                if high != low:
                    label, anchor, offset = f"{label}\n({low:,.0f}–{high:,.0f})", high, (7, -20)
                else:
                    label += f" (= {row.value:,.0f})"
            ax.annotate(label, (date, anchor), textcoords="offset points", xytext=offset, fontsize=8)
        ax.set_title(f"Reported {category}")
        ax.set_xlabel("report date (2023)")
        ax.set_ylabel("people")
        ax.set_ylim(bottom=0)
        ax.set_xticks(report_dates)
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d\n%b"))
        ax.margins(x=0.3)
    handles, labels = [], []
    for ax in axes:
        for h, l in zip(*ax.get_legend_handles_labels()):
            if l not in labels:
                handles.append(h)
                labels.append(l)
    figure.legend(handles, labels, loc="outside right upper", fontsize=8, title="article")
    figure.suptitle("How the reported toll changed as the days passed", fontweight="bold", x=0.01, ha="left")
    return add_notes(figure, n_articles=reports["doc_id"].nunique())


def estimate_ranges(estimates: pd.DataFrame, n_articles: int | None = None) -> Figure:
    """Low-best-high per category and group, on a log scale (the counts span 1 to 10,000)."""
    data = estimates.sort_values(["category", "subject_group"], ascending=False).reset_index(drop=True)
    figure = new_figure(height=max(2.5, 0.45 * len(data) + 1.5))
    ax = figure.subplots()
    labels = [f"{c} ({g})" if g != "all" else c for c, g in zip(data["category"], data["subject_group"])]
    y = range(len(data))
    ax.hlines(list(y), data["low"], data["high"], color=OKABE_ITO[0], linewidth=6, alpha=0.4, label="low–high")
    ax.plot(data["best"], list(y), "D", color=OKABE_ITO[3], label="best (latest report giving a number)")
    for yi, row in zip(y, data.itertuples()):
        ax.annotate(f"{row.best:,.0f}  ({row.sources} source{'s' if row.sources != 1 else ''})", (row.high, yi),
                    textcoords="offset points", xytext=(8, -3), fontsize=8)
    ax.set_yticks(list(y), labels)
    ax.set_xscale("log")
    ax.set_xlabel("reported number (log scale)")
    ax.set_title("Low, best and high estimate across sources")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2, fontsize=8)
    ax.margins(x=0.3)
    return add_notes(figure, n_articles=n_articles)


def show(written: dict, width: int = 760, alt: str = ""):
    """The saved PNG of a chart, for display in a notebook (what you see is the file on disk).

    `alt` describes the chart for screen readers; by default, the chart's file name.
    """
    from pathlib import Path

    from IPython.display import Image

    png = Path(written["png"])
    description = alt or f"Chart {png.stem.replace('-', ' ')}; its data is in {png.with_suffix('.csv').name}"
    return Image(filename=str(png), width=width, alt=description)


def bench_scaling(scaling: pd.DataFrame, memory_limit_mb: float = 2048.0, source: str = SOURCE) -> Figure:
    """Extraction time and peak memory against corpus size (a `bench.scaling_table`): is it linear, does it fit?

    The dashed line extends the smallest corpus's time per article: points on it mean linear time.
    """
    import matplotlib.ticker

    data = scaling.sort_values("articles").reset_index(drop=True)
    figure = new_figure(height=4.0)
    time_ax, memory_ax = figure.subplots(1, 2)
    articles = data["articles"].to_numpy()
    per_article = data["seconds"].iloc[0] / articles[0]
    time_ax.plot([0, articles.max()], [0, per_article * articles.max()], "--", color=OKABE_ITO[7], linewidth=1,
                 alpha=0.6, label="linear from the smallest corpus")
    time_ax.plot(articles, data["seconds"], "o-", color=OKABE_ITO[0], markersize=7, label="measured")
    for row in data.itertuples():
        time_ax.annotate(f"{row.seconds:,.0f} s\n{row.seconds_per_1k_articles:.1f} s per 1k", (row.articles, row.seconds),
                         textcoords="offset points", xytext=(-8, 8), ha="right", fontsize=8)
    time_ax.set_title("Extraction time")
    time_ax.set_ylabel("seconds (one process)")
    time_ax.legend(loc="lower right", fontsize=8)
    memory_ax.plot(articles, data["peak_memory_mb"], "o-", color=OKABE_ITO[2], markersize=7, label="peak memory")
    memory_ax.axhline(memory_limit_mb, color=OKABE_ITO[3], linewidth=1.5, linestyle=":", label=f"limit {memory_limit_mb:,.0f} MB")
    for row in data.itertuples():
        memory_ax.annotate(f"{row.peak_memory_mb:,.0f} MB", (row.articles, row.peak_memory_mb),
                           textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8)
    memory_ax.set_title("Peak memory of the extraction")
    memory_ax.set_ylabel("MB (peak resident set)")
    memory_ax.set_ylim(0, memory_limit_mb * 1.12)
    memory_ax.legend(loc="center right", fontsize=8)
    for ax in (time_ax, memory_ax):
        ax.set_xlabel("synthetic articles")
        ax.set_xlim(0, articles.max() * 1.08)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    time_ax.set_ylim(0, max(data["seconds"].max(), per_article * articles.max()) * 1.25)
    spread = data["seconds_per_1k_articles"].max() / data["seconds_per_1k_articles"].min()
    time_says = "time grows linearly" if spread <= 1.25 else f"time per article varies x{spread:.2f} across sizes"
    fits = data["peak_memory_mb"].max() <= memory_limit_mb
    memory_says = f"memory stays {'under' if fits else 'over'} {memory_limit_mb:,.0f} MB"
    figure.suptitle(f"Extraction {time_says}; {memory_says}", fontweight="bold", x=0.01, ha="left")
    return add_notes(figure, source=source)
