"""One chart style for the whole collection, and plot functions that each return a Figure.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies).
Every chart has a title, labelled axes and a source line; charts that compare articles
say that n = 5 (or however many articles there are).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import matplotlib.axes
import matplotlib.dates
import matplotlib.text
import matplotlib.ticker
import matplotlib.transforms
from matplotlib.figure import Figure
import pandas as pd

from newsfigures.attribution import group_order

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
WIDTH_IN = 8.0  # the report's column width at 100 dpi
SOURCE = "Source: newsfigures analysis of the corpus articles"
PEOPLE_COUNTS = {"killed", "wounded", "casualties_total", "evacuated", "displaced_or_sheltered", "armed_personnel",
                 "population"}  # categories that count people
ARTICLE_GREY = "#4d4d4d"  # article bars where colour stands for the speaker group (darker than its greys)


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


def add_notes(figure: Figure, source: str = SOURCE, n_articles: int | None = None, note: str = "") -> Figure:
    """The source line, and 'n = N articles' where a chart compares articles; `note`, a line of its own above them."""
    text = source if n_articles is None else (f"{source}. n = {n_articles} article{'' if n_articles == 1 else 's'}: "
                                              "a small sample, not the coverage as a whole.")
    if note:
        import textwrap

        text = f"{textwrap.fill(note, 125)}\n{text}"  # 125 characters of 8-point text fit the chart's width
    figure.get_layout_engine().set(h_pad=0.1)
    figure.supxlabel(text, fontsize=8, color="#444444", x=0.01, ha="left")
    return figure


def empty_chart(title: str, message: str) -> Figure:
    """A chart that says why there is nothing to plot (e.g. a corpus without quotations), instead of failing."""
    figure = new_figure(height=2.2)
    ax = figure.subplots()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#444444")
    ax.set_axis_off()
    figure.suptitle(title, fontweight="bold", x=0.01, ha="left")
    return add_notes(figure)


def colour_map(keys: list[str]) -> dict[str, str]:
    """A stable colour for each key, in the order given."""
    return {key: OKABE_ITO[i % len(OKABE_ITO)] for i, key in enumerate(keys)}


FILLS = ("full", "hollow", "left", "top")  # the looks one colour takes, in order: 4 x 8 colours tell 32 articles apart


@dataclass(frozen=True)
class MarkerLook:
    """How one article's points look: its colour, and filled, hollow (a white face in a thick ring of the colour)
    or half filled (the `left` or `top` half in the colour, the other half white)."""

    colour: str
    fill: str = "full"

    @property
    def hollow(self) -> bool:
        return self.fill == "hollow"

    @property
    def half(self) -> bool:
        """Half filled: only `Axes.plot` draws it (a scatter draws the coloured half alone, a half disc)."""
        return self.fill in ("left", "top")

    @property
    def face(self) -> str:
        return "white" if self.hollow else self.colour

    def edge(self, filled: str) -> str:
        """The marker's edge colour: the ring's colour, or `filled` around a filled or half-filled marker."""
        return self.colour if self.hollow else filled

    def edge_width(self, filled: float) -> float:
        """The marker's edge width in points: the ring's, or `filled` around a filled or half-filled marker."""
        return HOLLOW_EDGE_PT if self.hollow else filled

    def line_keywords(self, edge: str | None = None, width: float = 1.0) -> dict:
        """This look as keywords of `Axes.plot` and `Line2D`, edged in `edge` (by default its own colour; a ring
        keeps its colour) `width` points wide.

        >>> MarkerLook("#0072B2", "top").line_keywords("black", 1.0)["fillstyle"]
        'top'
        """
        keywords = {"markerfacecolor": self.face, "markeredgecolor": self.edge(edge or self.colour),
                    "markeredgewidth": self.edge_width(width)}
        if self.half:
            keywords |= {"fillstyle": self.fill, "markerfacecoloralt": "white"}
        return keywords


HOLLOW_EDGE_PT = 2.0  # the ring of a hollow marker, thick enough to show its colour


def article_markers(doc_ids: list[str]) -> dict[str, MarkerLook]:
    """Each article's marker: its colour (as `article_colours`), filled for the first eight, then hollow, then
    half filled on the left, then on the top (`FILLS`), in alphabetical order of doc_id.

    The palette has eight colours; with more articles, the fills of one colour tell them apart.
    Past 32 articles the looks repeat, and the charts that use them say so (`repeated_looks_note`).

    >>> looks = article_markers([f"a{i:02}" for i in range(20)])
    >>> looks["a00"].colour == looks["a08"].colour == looks["a16"].colour, [looks[d].fill for d in ("a00", "a08", "a16")]
    (True, ['full', 'hollow', 'left'])
    """
    colours = article_colours(doc_ids)
    order = {d: i for i, d in enumerate(sorted(doc_ids))}
    return {d: MarkerLook(colours[d], fill=FILLS[(order[d] // len(OKABE_ITO)) % len(FILLS)]) for d in doc_ids}


def repeated_looks_note(looks: dict[str, MarkerLook], shown: Sequence[str]) -> str:
    """The line a chart adds when some of the articles it shows share a marker ("" when each has its own).

    >>> looks = article_markers([f"a{i:02}" for i in range(40)])
    >>> repeated_looks_note(looks, ["a00", "a31"])
    ''
    >>> repeated_looks_note(looks, ["a00", "a31", "a32"])
    'Past 32 articles the markers repeat: 2 of the 3 articles shown have no marker of their own; the CSV beside the chart names each point.'
    """
    from collections import Counter

    articles = set(shown)
    uses = Counter(looks[d] for d in articles)
    alike = sum(count for count in uses.values() if count > 1)
    if not alike:
        return ""
    return (f"Past {len(OKABE_ITO) * len(FILLS)} articles the markers repeat: {alike} of the {len(articles)} articles "
            "shown have no marker of their own; the CSV beside the chart names each point.")


def short_names(names: list[str], width: int = 48) -> dict[str, str]:
    """Each name as a chart shows it: a name longer than `width` keeps its start and end around an ellipsis.

    Articles are named after their files, and a file name can run to 180 characters, which no
    legend, panel title or column header has room for. Names that would come out alike keep
    more characters until they differ.

    >>> list(short_names(["rtvslo-offensive", "06-national-government-sends-army-engineers-to-kessel-valley"], width=30).values())
    ['rtvslo-offensive', '06-national-governm…sel-valley']
    >>> list(short_names(["flood-live-blog-monday-morning-update-by-staff", "flood-live-blog-monday-evening-update-by-staff"], width=24).values())
    ['flood-live-blog-monday-mor…date-by-staff', 'flood-live-blog-monday-eve…date-by-staff']
    """
    def shorten(name: str, keep: int) -> str:
        if len(name) <= keep:
            return name
        head = (keep - 1) * 2 // 3
        return f"{name[:head]}…{name[len(name) - (keep - 1 - head):]}"

    keep = dict.fromkeys(names, max(width, 4))  # room for a start, the ellipsis and an end
    while True:
        shown = {name: shorten(name, keep[name]) for name in names}
        seen: dict[str, list[str]] = {}
        for name, label in shown.items():
            seen.setdefault(label, []).append(name)
        clashes = [name for group in seen.values() if len(group) > 1 for name in group if len(name) > keep[name]]
        if not clashes:
            return shown
        for name in clashes:
            keep[name] += 4


def date_ticks(ax: matplotlib.axes.Axes, dates: list, max_ticks: int = 12, years: bool | None = None,
               **label_style) -> None:
    r"""Ticks at the given dates: the day, with the month under the first and wherever it changes, thinned so
    that no two ticks are closer than 1/`max_ticks` of the span (the last date always keeps its tick).

    The year goes under the first tick and wherever it changes when `years` is true; by default,
    when the dates span two years. A chart whose panels share the years passes `years` for all of them.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> date_ticks(ax, ["2023-09-30", "2023-09-19", "2023-10-02", "2023-09-19"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['19\nSep', '30', '2\nOct']
    >>> date_ticks(ax, [f"2025-03-{day:02}" for day in range(1, 32)])  # a month of dates: every third day
    >>> [t.get_text() for t in ax.get_xticklabels()][-3:]
    ['25', '28', '31']
    >>> date_ticks(ax, ["2023-12-01", "2023-12-31", "2024-01-01"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['1\nDec\n2023', '1\nJan\n2024']
    """
    days = sorted({pd.Timestamp(d) for d in dates})
    if not days:
        return
    gap = (days[-1] - days[0]) / max_ticks
    ticks = [days[0]]
    for day in days[1:]:
        if day - ticks[-1] >= gap:
            ticks.append(day)
    if ticks[-1] != days[-1]:  # the last date, where the story stands, replaces the tick just before it
        ticks[-1] = days[-1]
    if years is None:
        years = len({d.year for d in days}) > 1
    labels = []
    for i, day in enumerate(ticks):
        new_month = i == 0 or (day.year, day.month) != (ticks[i - 1].year, ticks[i - 1].month)
        labels.append(f"{day.day}" + (f"\n{day:%b}" if new_month else "")
                      + (f"\n{day.year}" if years and (i == 0 or day.year != ticks[i - 1].year) else ""))
    ax.set_xticks(ticks, labels, **label_style)


def years_note(dates: list) -> str:
    """' (2023)' after an axis label when all `dates` fall in one year; else empty, and `date_ticks` gives the years."""
    years = {pd.Timestamp(d).year for d in dates}
    return f" ({years.pop()})" if len(years) == 1 else ""


def toll_evolution(reports: pd.DataFrame, categories: tuple[str, ...] = ("killed", "wounded"),
                   doc_ids: list[str] | None = None) -> Figure:
    """Reported deaths and wounded by report date: one point a source, bars for vague ranges.

    `doc_ids` (all articles of the corpus) keeps each article's colour the same as in the other charts.
    Without a dated report of these categories the chart says so (a corpus without a manifest has no dates).
    Each label goes where it covers no other point, bar or label if there is such a place nearby
    (`place_labels`); the legend goes in as many columns as fit under the title.
    Points that would cover each other, or another's range bar, are set side by side in order of date,
    never halfway to a date further off (`dodge`), and the chart says so; a label they share is written
    once for them.
    """
    import textwrap

    from newsfigures.io import PNG_DPI

    tolls = {"killed", "wounded", "casualties_total"}
    title = f"How the reported {'toll' if set(categories) <= tolls else 'figures'} changed as the days passed"
    dated = pd.to_datetime(reports["published"], errors="coerce")
    # A figure without a value (a derived count whose antecedent is missing) has no place on a number axis.
    reports = reports[dated.notna() & reports["category"].isin(categories) & (reports["subject_group"] == "all")
                      & pd.to_numeric(reports["value"], errors="coerce").notna()]
    if not len(reports):
        return empty_chart(title, f"No dated reports of {' or '.join(categories)}: the articles give none, or the corpus has no\n"
                                  "publication dates (the published column of its manifest.csv)")
    from matplotlib.lines import Line2D

    looks = article_markers(list(doc_ids or reports["doc_id"].unique()))
    names = list(dict.fromkeys(d for c in categories for d in reports.loc[reports["category"] == c, "doc_id"]))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, **looks[d].line_keywords()) for d in names]
    shown = short_names(names)
    # The legend goes in rows under the title, not in a column beside the panels: they keep the width their labels need.
    figure = new_figure()
    columns, order = legend_columns(figure, [shown[n] for n in names])
    rows = -(-len(names) // columns)
    legend_height = 0.3 + 0.2 * (rows - 1)  # inches: the first row with the space around it, then 8-point rows
    figure.set_size_inches(WIDTH_IN, 4.3 + legend_height)
    legend_row, panels = figure.subfigures(2, 1, height_ratios=[legend_height, 4.3])
    legend_row.legend([handles[i] for i in order], [shown[names[i]] for i in order], **LEGEND_ROW, ncols=columns)
    axes = panels.subplots(1, len(categories), sharey=False, squeeze=False)[0]
    report_dates = sorted(pd.to_datetime(reports["published"]).unique())
    # Every panel spans every report date, with room either side for labels; one date alone gets a day each
    # side (left to matplotlib, a single date spans years, and its tick labels fall on one another).
    first, last = matplotlib.dates.date2num(report_dates[0]), matplotlib.dates.date2num(report_dates[-1])
    margin = (last - first) * 0.35 or 1.0
    date_span = (first - margin, last + margin)
    drawn: dict[matplotlib.axes.Axes, list[_TollPoint]] = {}  # dodged and labelled once the figure is laid out
    for ax, category in zip(axes, categories):
        drawn[ax] = []
        for row in reports[reports["category"] == category].itertuples():
            date = pd.Timestamp(row.published)
            low = row.low if pd.notna(row.low) else row.value
            high = row.high if pd.notna(row.high) else row.value
            bar = ax.vlines(date, low, high, color=looks[row.doc_id].colour, linewidth=4, alpha=0.35) if high != low else None
            (point,) = ax.plot(date, row.value, "o", markersize=8, **looks[row.doc_id].line_keywords())
            label, heights = row.mention, (row.value,)
            if not any(c.isdigit() for c in label):  # "dozens", "about twice as many": say what they stand for
                if high != low:
                    label, heights = f"{label}\n({low:,.0f}–{high:,.0f})", (high, (low + high) / 2)
                else:
                    label = f"{label}\n(= {row.value:,.0f})"
            # A long phrase on two lines, narrow enough to fit between the dates either side of it.
            label = "\n".join(textwrap.fill(line, 22, break_long_words=False) for line in label.split("\n"))
            drawn[ax].append(_TollPoint(point, bar, row.value, low, high, label, heights))
        ax.set_title(f"Reported {category.replace('_', ' ')}")
        ax.set_xlabel(f"report date{years_note(report_dates)}")
        ax.set_ylabel("people" if category in PEOPLE_COUNTS else "reported number")
        ax.set_ylim(bottom=0)
        date_ticks(ax, report_dates)
        ax.set_xlim(*date_span)
    figure.suptitle(title, fontweight="bold", x=0.01, ha="left")
    corpus_size, plotted = len(set(doc_ids or [])) or reports["doc_id"].nunique(), reports["doc_id"].nunique()
    # n is the corpus, as on every other chart of the report; the articles with nothing to plot are counted apart
    unplotted = corpus_size - plotted
    missing = (f"{unplotted} of the {corpus_size} articles {'gives' if unplotted == 1 else 'give'} no dated "
               f"{' or '.join(categories)} figure: not plotted." if unplotted > 0 else "")
    notes = [missing, repeated_looks_note(looks, names)]
    add_notes(figure, n_articles=corpus_size, note=" ".join(filter(None, notes)))
    # Points are dodged and labels placed in the final positions of the points, measured as the PNG draws them.
    dpi = figure.dpi
    figure.set_dpi(PNG_DPI)
    try:
        figure.get_layout_engine().execute(figure)
        for ax in axes:  # shifted points must not widen the limits, which would move every other point
            ax.set_xlim(ax.get_xlim())
            ax.set_ylim(ax.get_ylim())
        dodged = {ax: _dodge_shifts(ax, drawn[ax]) for ax in axes}
        if any(shift for shifts, _ in dodged.values() for shift in shifts):
            # The line saying so takes room: the panels are laid out again, and the points dodged in their new place.
            add_notes(figure, n_articles=corpus_size, note=" ".join(filter(None, [*notes, DODGED_NOTE])))
            figure.get_layout_engine().execute(figure)
            dodged = {ax: _dodge_shifts(ax, drawn[ax]) for ax in axes}
        for ax in axes:
            shifts, row_of = dodged[ax]
            _shift_points(ax, drawn[ax], shifts)
            labels: dict[tuple[int, str], list[_TollPoint]] = {}  # one label for the points of a row that say the same
            for row, point in zip(row_of, drawn[ax]):
                labels.setdefault((row, point.label), []).append(point)
            place_labels(ax, [(text, _row_anchors(points)) for (_, text), points in labels.items()],
                         [(p.x, p.value, p.low, p.high) for p in drawn[ax]])
    finally:
        figure.set_dpi(dpi)
    return figure


DODGED_NOTE = "Points that would cover each other are set side by side in order of date, each kept near its own date."
DODGE_PITCH_PT = 10.0  # centre to centre of points set side by side: an 8-point marker, its ring and a gap


@dataclass
class _TollPoint:
    """One report on the toll chart: its point, its range bar (or None), where it is and what its label says."""

    point: "matplotlib.lines.Line2D"  # noqa: F821
    bar: "matplotlib.collections.LineCollection | None"  # noqa: F821
    value: float
    low: float
    high: float
    label: str
    heights: tuple[float, ...]  # where on its bar the label may go: the point, or the top and the middle of a range

    @property
    def x(self) -> float:
        return float(self.point.get_xdata(orig=False)[0])  # in the axes' units (days), not a date


def _dodge_shifts(ax: matplotlib.axes.Axes, points: list[_TollPoint]) -> tuple[list[float], list[int]]:
    """`dodge` for the points of a laid-out panel, range bars and all: the shift of each in pixels, and its row.

    Points of one date go in order of their labels, so that those one label names stand together."""
    pitch = DODGE_PITCH_PT * ax.figure.dpi / 72
    centres = [tuple(ax.transData.transform((p.x, p.value))) for p in points]
    extents = [(ax.transData.transform((p.x, p.low))[1], ax.transData.transform((p.x, p.high))[1]) for p in points]
    return dodge(centres, pitch, span=(ax.bbox.x0 + pitch / 2, ax.bbox.x1 - pitch / 2), extents=extents,
                 keys=[p.label for p in points])


def _shift_points(ax: matplotlib.axes.Axes, points: list[_TollPoint], shifts: list[float]) -> None:
    """Move each point, and its range bar, `shifts` pixels along x."""
    to_data = ax.transData.inverted()
    for point, shift in zip(points, shifts):
        if shift:
            cx, cy = ax.transData.transform((point.x, point.value))
            x = float(to_data.transform((cx + shift, cy))[0])
            point.point.set_xdata([x])
            if point.bar is not None:
                point.bar.set_segments([[(x, point.low), (x, point.high)]])


def _row_anchors(points: list[_TollPoint]) -> list[tuple[float, float]]:
    """Where one label of points set side by side may go: beside the last, then the first, then the others."""
    ordered = sorted(points, key=lambda p: p.x)
    ordered = ordered[-1:] + ordered[:-1]
    return [(p.x, height) for p in ordered for height in p.heights]


LEGEND_ROW = {"loc": "center", "fontsize": 8, "columnspacing": 1.2, "handletextpad": 0.3, "borderaxespad": 0}


def legend_columns(figure: Figure, names: list[str], max_columns: int = 4) -> tuple[int, list[int]]:
    """How many columns (up to `max_columns`) a legend row of `names` can have across `figure`, and its order.

    The order lists the entries' indexes so that they read across, row by row (matplotlib fills a
    legend column by column).

    >>> columns, order = legend_columns(new_figure(), ["a", "b", "c", "d", "e"], max_columns=3)
    >>> columns, order
    (3, [0, 3, 1, 4, 2])
    """
    from matplotlib.lines import Line2D

    from newsfigures.io import PNG_DPI

    handle = Line2D([], [], marker="o", linestyle="", markersize=8)
    dpi = figure.dpi
    figure.set_dpi(PNG_DPI)  # measured as the PNG draws it: text does not scale exactly with resolution
    try:
        renderer = figure._get_renderer()  # matplotlib's own way to measure before drawing
        for columns in range(min(len(names), max_columns), 0, -1):
            rows = -(-len(names) // columns)
            order = [r * columns + c for c in range(columns) for r in range(rows) if r * columns + c < len(names)]
            trial = figure.legend([handle] * len(names), [names[i] for i in order], **LEGEND_ROW, ncols=columns)
            fits = trial.get_window_extent(renderer).width <= figure.bbox.width * 0.98
            trial.remove()
            if fits or columns == 1:
                return columns, order
    finally:
        figure.set_dpi(dpi)
    return 1, []


# Where a label may go beside its anchor, in order of preference: offset in points, alignment.
# The second ring, further out, is for crowded charts; a thin line then leads to the anchor.
LABEL_PLACES = (
    ((7, 3), "left", "bottom"), ((7, -3), "left", "top"),
    ((-7, 3), "right", "bottom"), ((-7, -3), "right", "top"),
    ((0, 8), "center", "bottom"), ((0, -8), "center", "top"),
)
FAR_LABEL_PLACES = (
    ((14, 16), "left", "bottom"), ((14, -16), "left", "top"),
    ((-14, 16), "right", "bottom"), ((-14, -16), "right", "top"),
    ((0, 24), "center", "bottom"), ((0, -24), "center", "top"),
)


def place_labels(ax: "matplotlib.axes.Axes", labels: list[tuple[str, list[tuple]]], marks: list[tuple],
                 marker_pt: float = 8.0, bar_pt: float = 4.0, fontsize: float = 8.0, gap_pt: float = 6.0,
                 places: tuple = LABEL_PLACES, far_places: tuple = FAR_LABEL_PLACES, obstacles: Sequence = (),
                 keep_clear: Sequence = (), mark_weight: float = 1.0, outside_weight: float = 1.0) -> list[tuple]:
    """Annotate each (text, anchors) at the first anchor and place where it covers nothing; returns
    (annotation, box in pixels, cost) for each, a cost of 0 where it covers nothing.

    Nothing is: no mark (a point of `marker_pt` at (x, value), a bar of `bar_pt` from low to high,
    for each (x, value, low, high) of `marks`, in the axes' own units: dates, numbers; and the boxes
    of `obstacles`, in pixels), nothing within `gap_pt` of other text (a label placed before it,
    tick labels, titles, legends, the boxes of `keep_clear`), nothing more than `gap_pt` / 2 outside
    the axes. The places are `places` around each anchor, then `far_places` with a line to the anchor
    (by default `LABEL_PLACES`, `FAR_LABEL_PLACES`). A range's label has two anchors, the top
    and the middle of its bar. Where every place covers something, the label goes where it covers
    least: in a crowded chart labels can still touch. The cost of a place is its square pixels over
    marks times `mark_weight`, outside the axes times `outside_weight`, too near other text times 3 and
    off the page times 10 more.

    The figure must be laid out already: the test is made in the marks' final positions. The
    labels are left out of later layouts (saving at another resolution lays the figure out
    again), so that the marks stay where they were when the labels were placed.
    """
    from matplotlib.transforms import Bbox

    points = ax.figure.dpi / 72  # pixels a typographic point
    renderer = ax.figure._get_renderer()  # one renderer, so that each text is measured once

    def pixels(x, y) -> tuple[float, float]:
        return tuple(ax.transData.transform((ax.xaxis.convert_units(x), ax.yaxis.convert_units(y))))

    taken = []
    for x, value, low, high in marks:
        cx, cy = pixels(x, value)
        r = marker_pt / 2 * points
        taken.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
        if high != low:
            (bx, bottom), (_, top) = pixels(x, low), pixels(x, high)
            w = bar_pt / 2 * points
            taken.append(Bbox.from_extents(bx - w, bottom, bx + w, top))
    # Text already on the figure: the tick labels, axis labels and titles of every panel, and the legends.
    figure = ax.figure.figure
    texts = [t for panel in ax.figure.axes
             for t in [*panel.get_xticklabels(), *panel.get_yticklabels(), panel.xaxis.label, panel.yaxis.label, panel.title]
             if t.get_text()]
    placed = [t.get_window_extent(renderer) for t in texts]
    placed += [legend.get_window_extent(renderer) for part in [figure, *figure.subfigs] for legend in part.legends]
    placed += [panel.get_legend().get_window_extent(renderer) for panel in figure.axes if panel.get_legend()]
    placed += list(keep_clear)
    taken += list(obstacles)
    # A label may reach a little past the axes, as far as it may come to other text.
    frame, page = ax.get_window_extent(renderer).padded(gap_pt / 2 * points), figure.bbox

    def area(a: Bbox, b: Bbox) -> float:
        common = Bbox.intersection(a, b)
        return common.width * common.height if common is not None else 0.0

    def cost(box: Bbox) -> float:
        """Square pixels of `box` over marks, too near other text, or outside the axes; text over text
        counts three times, text off the page ten times: those are the ones nobody can read."""
        spaced, whole = box.padded(gap_pt / 2 * points), box.width * box.height
        return (mark_weight * sum(area(box, t) for t in taken) + 3 * sum(area(spaced, p.padded(gap_pt / 2 * points)) for p in placed)
                + outside_weight * (whole - area(box, frame)) + 10 * (whole - area(box, page)))

    leader = {"arrowstyle": "-", "color": "#777777", "linewidth": 0.6, "shrinkA": 1, "shrinkB": marker_pt / 2}
    results = []
    for text, anchors in labels:
        options = [(xy, place, far) for group, far in ((places, False), (far_places, True))
                   for xy in anchors for place in group]
        best = None
        for xy, (offset, ha, va), far in options:
            label = ax.annotate(text, xy, textcoords="offset points", xytext=offset, ha=ha, va=va, fontsize=fontsize,
                                arrowprops=leader if far else None)
            label.set_in_layout(False)
            label.update_positions(renderer)
            box = matplotlib.text.Text.get_window_extent(label, renderer)  # the text, not its leader line
            covered = cost(box)
            if best is None or covered < best[0]:
                if best is not None:
                    best[1].remove()
                best = (covered, label, box)
            else:
                label.remove()
            if covered == 0:
                break
        placed.append(best[2])
        results.append((best[1], best[2], best[0]))
    return results


DODGE_LEAST_STEP = 0.4  # of the pitch: points squeezed closer than this would hide each other again


def dodge(centres: Sequence[tuple[float, float]], pitch: float, span: tuple[float, float] = (-math.inf, math.inf),
          extents: Sequence[tuple[float, float]] | None = None, keys: Sequence | None = None) -> tuple[list[float], list[int]]:
    """Shifts along x that set points side by side where they would cover each other, and the row of each.

    x is a date: points share a column where their x are less than `pitch` apart (one date, or dates
    too near to tell apart). In a column, points whose heights, from `extents` (low, high: a range bar)
    or the point alone, come within `pitch` of each other, directly or through a chain, make a row. A
    row is laid out `pitch` apart in order of x, then of `keys` (by default, of `centres`), centred
    where its points were. It reaches neither halfway to the next column nor past `span` (left,
    right): there it is squeezed, its points overlapping evenly, though never closer than
    `DODGE_LEAST_STEP` of the pitch. So no point seems to stand on a date it is not near.

    >>> shifts, rows = dodge([(0, 0), (0, 5), (100, 0), (0, 50)], pitch=10)
    >>> shifts, rows
    ([-5.0, 5.0, 0.0, 0.0], [0, 0, 2, 3])
    >>> dodge([(0, 0), (0, 0), (0, 0), (12, 0)], pitch=10)[0]  # the next date 12 away: the row keeps under 6 from 0
    [-14.6, -4.6, 5.4, 0.0]
    >>> dodge([(-12, 0), (0, 0), (0, 0), (0, 0), (12, 0)], pitch=10)[0]  # and on both sides: squeezed
    [0.0, -5.4, 0.0, 5.4, 0.0]
    """
    count = len(centres)
    shifts, row_of = [0.0] * count, list(range(count))
    heights = list(extents) if extents is not None else [(y, y) for _, y in centres]
    order_keys = list(keys) if keys is not None else list(range(count))
    x = [float(cx) for cx, _ in centres]
    columns: list[list[int]] = []  # left to right
    for i in sorted((i for i in range(count) if not math.isnan(x[i])), key=lambda i: x[i]):
        if columns and x[i] - x[columns[-1][-1]] < pitch:
            columns[-1].append(i)
        else:
            columns.append([i])
    for c, column in enumerate(columns):
        left = x[column[0]] - (0.45 * (x[column[0]] - x[columns[c - 1][-1]]) if c else math.inf)
        right = x[column[-1]] + (0.45 * (x[columns[c + 1][0]] - x[column[-1]]) if c + 1 < len(columns) else math.inf)
        left, right = max(left, span[0]), min(right, span[1])
        rows: list[list[int]] = []
        top = -math.inf
        for i in sorted(column, key=lambda i: min(heights[i])):
            if not rows or min(heights[i]) - top >= pitch:
                rows.append([])
                top = -math.inf
            rows[-1].append(i)
            top = max(top, max(heights[i]))
        for row in (row for row in rows if len(row) > 1):
            gaps = len(row) - 1
            step = max(DODGE_LEAST_STEP * pitch, min(pitch, max(0.0, right - left) / gaps))
            middle = sum(x[i] for i in row) / len(row)
            middle = min(max(middle, left + step * gaps / 2), right - step * gaps / 2)
            if step * gaps > right - left:  # squeezed as far as it may be: centred between the columns either side
                middle = (left + right) / 2
            for k, i in enumerate(sorted(row, key=lambda i: (x[i], order_keys[i], i))):
                shifts[i] = round(middle + (k - gaps / 2) * step - x[i], 9)
                row_of[i] = min(row)
    return shifts, row_of


def estimate_ranges(estimates: pd.DataFrame, n_articles: int | None = None) -> Figure:
    """Low-best-high per category and group, on a log scale when the counts span ten times or more (1 to 10,000 here).

    Counts within one order of magnitude get a linear axis: a log axis would have no decade to label.
    """
    if estimates.empty:  # no figures found, or none of a category the reconciliation estimates
        return empty_chart("Low, best and high estimate across sources",
                           "No reported figures to estimate: the articles give none that the extractor found")
    data = estimates.sort_values(["category", "subject_group"], ascending=False).reset_index(drop=True)
    figure = new_figure(height=max(2.5, 0.45 * len(data) + 1.5))
    ax = figure.subplots()
    names = data["category"].str.replace("_", " ")  # "armed personnel", as the labels beside it read
    labels = [f"{c} ({g})" if g != "all" else c for c, g in zip(names, data["subject_group"])]
    y = range(len(data))
    ax.hlines(list(y), data["low"], data["high"], color=OKABE_ITO[0], linewidth=6, alpha=0.4, label="low–high")
    ax.plot(data["best"], list(y), "D", color=OKABE_ITO[3], label="best: the latest\nreport giving a number")
    # "more than 800" with no source saying less: the range has no upper end, so an arrow beyond it says "or more"
    for column, end, shift, marker, label in (("high_open", "high", 11, ">", "no upper bound: only\n'more than', 'at least'\nor one person named"),
                                              ("low_open", "low", -11, "<", "no lower bound:\n'up to' only")):
        is_open = data[column].astype(bool) if column in data else pd.Series(False, data.index)
        if is_open.any():
            beyond = matplotlib.transforms.offset_copy(ax.transData, figure, x=shift, units="points")
            ax.plot(data.loc[is_open, end], [y[i] for i in data.index[is_open]], marker, transform=beyond,
                    color=OKABE_ITO[0], markersize=7, linestyle="none", label=label)
    for yi, row in zip(y, data.itertuples()):
        more = " or more" if getattr(row, "high_open", False) and row.best == row.high else ""
        ax.annotate(f"{row.best:,.0f}{more}  ({row.sources} source{'s' if row.sources != 1 else ''})", (row.high, yi),
                    textcoords="offset points", xytext=(20 if getattr(row, "high_open", False) else 8, -3), fontsize=8)
    ax.set_yticks(list(y), labels)
    ax.margins(x=0.3)
    positive = bool((data["low"] > 0).all())
    if positive and data["high"].max() < 10 * data["low"].min():
        ax.set_xlabel("reported number")
        ax.set_xlim(left=max(ax.get_xlim()[0], 0))
    elif positive:
        ax.set_xscale("log")
        ax.set_xlabel("reported number (log scale)")
        ax.set_xlim(left=max(ax.get_xlim()[0], 0.5))  # counts start at 1: no decade of fractions
    else:  # a reported zero has no place on a log axis
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlabel("reported number (log scale above 1)")
        ax.set_xlim(left=max(ax.get_xlim()[0], -0.5))  # room around a zero, no negative counts
    if ax.get_xscale() != "linear":
        ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(decade_ticks(*ax.get_xlim(), zero=not positive)))
    # Readers of the report know "1,000", not "10³"
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(plain_number))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    figure.suptitle("Low, best and high estimate across sources", fontweight="bold", x=0.01, ha="left")
    figure.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=8)
    return add_notes(figure, n_articles=n_articles)


def decade_ticks(low: float, high: float, zero: bool = False, max_labels: int = 6) -> list[float]:
    """Powers of ten from `low` to `high` to label a log axis: every other one (or third...) past `max_labels`.

    "1,000,000" and "10,000,000" are as wide as a decade of the axis: labelled side by side, they
    run into each other; the decades between keep their minor ticks.

    >>> decade_ticks(0.5, 20_000)
    [1, 10, 100, 1000, 10000]
    >>> decade_ticks(0.5, 12_000_000)
    [1, 100, 10000, 1000000]
    >>> decade_ticks(-0.5, 500, zero=True)
    [0, 1, 10, 100]
    """
    top = math.floor(math.log10(high)) if high >= 1 else 0
    powers = [10 ** k for k in range(0, top + 1) if low <= 10 ** k <= high]
    stride = math.ceil(len(powers) / max_labels)
    return ([0] if zero and low <= 0 <= high else []) + powers[::stride]


def plain_number(value: float, _position: int | None = None) -> str:
    """A tick label as a newspaper prints the number (a matplotlib tick formatter).

    >>> [plain_number(v) for v in (0, 0.5, 1, 10, 1000, 100000)]
    ['0', '0.5', '1', '10', '1,000', '100,000']
    """
    return f"{value:,.0f}" if abs(value) >= 1 or value == 0 else f"{value:g}"


def show(written: dict, width: int = 760, alt: str = ""):
    """The saved PNG of a chart, for display in a notebook (what you see is the file on disk).

    `alt` describes the chart for screen readers; by default, the chart's file name.
    """
    from pathlib import Path

    from IPython.display import Image

    png = Path(written["png"])
    description = alt or f"Chart {png.stem.replace('-', ' ')}; its data is in {png.with_suffix('.csv').name}"
    return Image(filename=str(png), width=width, alt=description)


def picture(figure: Figure, width: int = 760, alt: str = ""):
    """A figure drawn as `io.save_chart` would draw its PNG, for display in a notebook; no file is written,
    and the figure is left as it was.

    A Figure made without pyplot, as every chart here is, has no picture of its own in Jupyter: it
    shows as `<Figure size 800x460 with 2 Axes>`. Notebooks that keep a chart save it and `show`
    the file; exercises, which draw charts they do not keep, show them with this.
    """
    import io as _io
    import pickle

    from IPython.display import Image

    from newsfigures.io import PNG_DPI, PNG_METADATA

    # A copy is drawn: laying a figure out moves its axes, and some layouts settle only after a
    # few passes, so drawing the figure itself would make each call, and a later save, differ.
    copy = pickle.loads(pickle.dumps(figure))
    buffer = _io.BytesIO()
    copy.savefig(buffer, format="png", metadata=PNG_METADATA, dpi=PNG_DPI)
    title = figure.get_suptitle() or "A chart"
    return Image(data=buffer.getvalue(), width=width, alt=alt or f"{title} (not saved)")


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
    lines = ["articles: seconds (per 1k articles)"] + [
        f"{row.articles:,}: {row.seconds:,.1f} s ({row.seconds_per_1k_articles:.2f} s)" for row in data.itertuples()
    ]
    time_ax.text(0.03, 0.97, "\n".join(lines), transform=time_ax.transAxes, va="top", ha="left", fontsize=8,
                 bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round,pad=0.4"})
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
    time_ax.set_ylim(0, max(data["seconds"].max(), per_article * articles.max()) * 1.45)
    spread = data["seconds_per_1k_articles"].max() / data["seconds_per_1k_articles"].min()
    time_says = "time grows linearly" if spread <= 1.25 else f"time per article varies x{spread:.2f} across sizes"
    fits = data["peak_memory_mb"].max() <= memory_limit_mb
    memory_says = f"memory stays {'under' if fits else 'over'} {memory_limit_mb:,.0f} MB"
    figure.suptitle(f"Extraction {time_says}; {memory_says}", fontweight="bold", x=0.01, ha="left")
    return add_notes(figure, source=source)


# --- Issue 5: timeline, speakers, framing -------------------------------------------------

# The project's speaker groups keep these colours in every chart and run; the last three share greys
# and are told apart by hatching. A corpus's own groups get the palette's other colours (`group_looks`).
GROUP_COLOURS = {
    "Azerbaijan": OKABE_ITO[0], "Armenia": OKABE_ITO[3], "Karabakh Armenian authorities": OKABE_ITO[1],
    "Russia": OKABE_ITO[4], "Turkey": OKABE_ITO[5], "EU": OKABE_ITO[6], "US": OKABE_ITO[2], "UN": OKABE_ITO[7],
    "media": "#999999", "residents": "#DDDDDD", "other": "#FFFFFF",
}
GROUP_HATCHES = {"residents": "///", "other": "..."}
EXTRA_HATCHES = ("xxx", "\\\\\\", "+++")  # for groups beyond the palette: its colours again, hatched


def group_looks(groups: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """Each speaker group's (colour, hatch): the project's groups as `GROUP_COLOURS`, others the colours left.

    A group the project does not know takes, in the order of `groups`, the palette colours no listed
    group holds; past them, the palette again with a hatch. "other" is always white and dotted.

    >>> looks = group_looks(["Turkey", "Syrian government", "UN", "other"])
    >>> looks["Turkey"] == (GROUP_COLOURS["Turkey"], None), looks["Syrian government"][0], looks["other"]
    (True, '#0072B2', ('#FFFFFF', '...'))
    """
    looks = {g: (GROUP_COLOURS[g], GROUP_HATCHES.get(g)) for g in groups if g in GROUP_COLOURS}
    taken = {colour for colour, _ in looks.values()}
    spare = [c for c in OKABE_ITO if c not in taken]
    new = [g for g in dict.fromkeys(groups) if g not in looks]
    palette = spare or OKABE_ITO
    for index, group in enumerate(new):
        round_, slot = divmod(index, len(palette))
        round_ += 0 if spare else 1  # every colour taken: even the first round is hatched
        looks[group] = (palette[slot], None if round_ == 0 else EXTRA_HATCHES[(round_ - 1) % len(EXTRA_HATCHES)])
    return looks


def article_colours(doc_ids: list[str]) -> dict[str, str]:
    """A stable colour per article: the Okabe-Ito palette in alphabetical order of doc_id."""
    return colour_map(sorted(doc_ids))


def _date_panels(dates: pd.Series, min_gap_days: int = 10) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """One date range, or two when the dates fall into clusters separated by more than `min_gap_days`."""
    values = sorted(pd.to_datetime(dates).unique())
    if len(values) < 2:
        return [(values[0], values[0])] if values else []
    gaps = [(values[i + 1] - values[i], i) for i in range(len(values) - 1)]
    widest, index = max(gaps)
    if widest.days <= min_gap_days:
        return [(values[0], values[-1])]
    return [(values[0], values[index]), (values[index + 1], values[-1])]


CONFLICT_RING_AREA = 240  # points²: the ring round a disagreeing point on the timeline, twice a marker across
CONFLICT_RING_LINE_PT = 1.4
ROW_IN = 0.36  # inches of a timeline row one unit high (`dates.timeline_points`): a marker is a third of it
# Where a conflict note may stand: beside its point's ring (8.4 points from its centre), else above or below it
CONFLICT_NOTE_PLACES = (
    ((12, 0), "left", "center"), ((-12, 0), "right", "center"),
    ((8, 9), "left", "bottom"), ((8, -9), "left", "top"), ((-8, 9), "right", "bottom"), ((-8, -9), "right", "top"),
)
INSIDE_LEGEND_MIDDLE = 0.45  # the height in a panel a legend among its points is centred at, or as near it as room allows
LEGEND_BESIDE_MOST = 12  # entries of a legend that may stand beside a chart's panels; a longer one goes above them


def timeline(points: pd.DataFrame, doc_ids: list[str] | None = None) -> Figure:
    """Events on a time axis, one row each, a point per article; the top row marks each article's publication.

    `points` is `dates.timeline_points(...)`: row, y, y_plot, doc_id, date, kind, conflict, note.
    `doc_ids` (all articles of the corpus) keeps each article's marker the same as in the other charts, and
    n the corpus's size; the articles without a date to plot are counted apart. The legend names every
    article plotted, with its publication date or, where the corpus gives none, "undated".
    A long gap between dates (the interview's October) splits the axis in two; ticks mark the dates plotted
    (thinned where they crowd, see `date_ticks`). Articles that give an event the same date stand one
    above the other, and their row is as high as its highest stack needs (`dates.timeline_points`). The
    legend goes inside the later panel, as near `INSIDE_LEGEND_MIDDLE` as it can stand without covering
    its points or the rule (`free_middle`), else beside the panels; with more than `LEGEND_BESIDE_MOST`
    entries, in rows between the title and the panels. Each disagreeing point's note goes beside its
    ring, or above or below it, where it covers nothing (`place_labels`, `CONFLICT_NOTE_PLACES`, clear
    of the rule and the notes of the other panel); where one finds no such place, with the legend in
    the later panel or beside the panels, each ring gets a number and the notes are listed under the chart.
    """
    from matplotlib.lines import Line2D

    data = points.assign(when=pd.to_datetime(points["date"], errors="coerce")).dropna(subset=["when"])
    if data.empty:  # a corpus without dates (no manifest, no dates in the texts)
        return empty_chart("When the articles say things happened",
                           "Nothing to place: no date in the articles comes with an event of event_cues.csv (the dates\n"
                           "found are all in dates.csv), and the corpus gives no publication dates (manifest.csv)")
    centres = data.groupby("row", sort=False)["y"].first().sort_values()  # a row is higher where a stack needs it
    labels = list(centres.index)
    panels = _date_panels(data["when"])
    published = dict(data.loc[data["kind"] == "published", ["doc_id", "date"]].itertuples(index=False))
    # In order of publication, then the articles without a publication date (their events still have dates).
    plotted = list(published) + sorted(set(data["doc_id"]) - set(published))
    names = short_names(plotted, width=36)  # the legend may sit beside the panels
    entries = [f"{names[d]} ({pd.Timestamp(published[d]):%d %b})" if d in published else f"{names[d]} (undated)" for d in plotted]
    entries += ["disagrees with the other articles"] if data["conflict"].any() else []
    rows_high = data["y_plot"].max() - data["y_plot"].min() + 1.1  # in rows: the stacks and the margins of `set_ylim`
    height = max(3.5, ROW_IN * rows_high + 2.6)
    figure = new_figure(height=height)
    chart_area = figure
    if len(entries) > LEGEND_BESIDE_MOST:  # beside the panels, a long legend would leave them too narrow for their dates
        columns, order = legend_columns(figure, entries, max_columns=3)
        legend_height = 0.2 * -(-len(entries) // columns) + 0.35  # 8-point rows, the title and the padding
        figure.set_size_inches(WIDTH_IN, height + legend_height)  # the panels keep their height
        legend_area, chart_area = figure.subfigures(2, 1, height_ratios=[legend_height, height])
    axes = chart_area.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    corpus = list(dict.fromkeys([*(doc_ids or []), *plotted]))
    looks = article_markers(corpus)
    conflict_notes, panel_points = {}, {}  # per panel: the notes of the disagreeing points, and every point
    for ax, (first, last) in zip(axes, panels):
        part = data[(data["when"] >= first) & (data["when"] <= last)]
        for doc_id, group in part.groupby("doc_id", sort=True):
            look = looks[doc_id]
            for kind, marker, size in (("published", "D", 50), ("event", "o", 55)):
                shown = group[group["kind"] == kind]
                if not len(shown):
                    continue
                if look.half:  # a scatter would draw only the coloured half; size is the marker's area in points²
                    ax.plot(shown["when"], shown["y_plot"], linestyle="", marker=marker, markersize=math.sqrt(size), zorder=3,
                            **look.line_keywords("black", 0.6))
                else:  # a filled marker edged in black shows even in the palette's yellow
                    ax.scatter(shown["when"], shown["y_plot"], marker=marker, s=size, facecolor=look.face,
                               edgecolor=look.edge("black"), linewidth=look.edge_width(0.6), zorder=3)
        for row in part[part["conflict"]].itertuples():
            ax.scatter([row.when], [row.y_plot], marker="o", s=CONFLICT_RING_AREA, facecolor="none", edgecolor="black",
                       linewidth=CONFLICT_RING_LINE_PT, zorder=4)
        conflict_notes[ax] = [(_conflict_note(row.note), [(row.when, row.y_plot)]) for row in part[part["conflict"]].itertuples()]
        panel_points[ax] = [(when, y, y, y) for when, y in zip(part["when"], part["y_plot"])]
        pad = pd.Timedelta(days=max(0.6, (last - first).days * 0.12))
        ax.set_xlim(first - pad, last + pad + (pd.Timedelta(days=3.5) if part["conflict"].any() else pd.Timedelta(0)))
        date_ticks(ax, list(part["when"]), years=data["when"].dt.year.nunique() > 1)  # every panel, if any needs it
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="y", alpha=0.15)
    axes[0].set_yticks(list(centres), labels)
    axes[0].set_ylim(data["y_plot"].max() + 0.5, data["y_plot"].min() - 0.6)
    events = data.loc[data["kind"] == "event", "y_plot"]
    for ax in axes if published and len(events) else ():  # the publication row stands apart from the events under it
        ax.axhline((data.loc[data["kind"] == "published", "y_plot"].max() + events.min()) / 2, color="#444444", linewidth=0.8)
    for ax in axes[1:]:
        ax.tick_params(axis="y", left=False)
        ax.spines["left"].set_linestyle((0, (4, 3)))
    axes[0].set_xlabel(f"date the article gives{years_note(list(data['when']))}" + ("; the axis is broken" if len(panels) > 1 else ""),
                       fontsize=9, loc="left")
    legend_marker = "o" if (data["kind"] == "event").any() else "D"  # only publication dates: the legend shows their mark
    handles = [
        Line2D([], [], marker=legend_marker, linestyle="", markersize=7, **looks[d].line_keywords("black", 1.0), label=entry)
        for d, entry in zip(plotted, entries)
    ]
    if data["conflict"].any():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor="none",
                              markeredgecolor="black", label=entries[-1]))
    figure.suptitle("When the articles say things happened", fontweight="bold", x=0.01, ha="left")
    title = "article (publication date: ◆, top row)" if published else "article"
    legend = {"handles": handles, "fontsize": 8, "title": title, "title_fontsize": 8,
              "frameon": True, "framealpha": 0.95, "edgecolor": "#CCCCCC"}
    unplotted = len(corpus) - len(plotted)
    missing = (f"{unplotted} of the {len(corpus)} articles {'gives' if unplotted == 1 else 'give'} no date of an event "
               "of event_cues.csv and no publication date: not plotted." if unplotted else "")
    # Before the legend is placed: the notes take height from the panels, and so move their points.
    chart_notes = [missing, repeated_looks_note(looks, plotted)]
    add_notes(figure, n_articles=len(corpus), note=" ".join(filter(None, chart_notes)))
    if len(entries) > LEGEND_BESIDE_MOST:  # in rows under the title, read across, spaced as `legend_columns` measured them
        legend_area.legend(**(legend | LEGEND_ROW | {"handles": [handles[i] for i in order], "frameon": False}), ncols=columns)
        places_of_legend = [None]
    else:  # the right panel (the later dates) may have room between its points; if not, beside the panels
        places_of_legend = ["inside", "beside"] if len(panels) > 1 else ["beside"]
    if not any(conflict_notes.values()):
        _put_legend(figure, axes[-1], legend, places_of_legend)
        return figure
    from newsfigures.io import PNG_DPI

    numbered, listed = {}, []  # the notes as numbers by their rings, in order of date, listed under the chart
    for ax in axes:
        for text, anchors in sorted(conflict_notes.get(ax, []), key=lambda note: note[1][0]):
            listed.append(f"({len(listed) + 1})\u00a0{_glue_dates(' '.join(text.split()))}")
            numbered.setdefault(ax, []).append((str(len(listed)), anchors))
    list_note = "Dates that disagree with the other articles: " + "; ".join(listed) + "."
    # In order, the first arrangement in which every note finds a clear place: notes by their rings, the
    # legend in the later panel, then beside the panels; then numbers by the rings, the legend in, then beside.
    arrangements = [(notes, where) for notes in (conflict_notes, numbered) for where in places_of_legend]
    dpi = figure.dpi
    figure.set_dpi(PNG_DPI)
    try:
        for attempt, (notes, where) in enumerate(arrangements):
            add_notes(figure, n_articles=len(corpus), note=" ".join(filter(None, [*chart_notes, list_note if notes is numbered else ""])))
            legend_artist, laid_out = _put_legend(figure, axes[-1], legend, [where])
            if legend_artist is None and where == "inside":
                continue  # no room in the later panel
            if not laid_out:
                figure.get_layout_engine().execute(figure)
            placed = _place_conflict_notes(axes, notes, panel_points)
            if attempt == len(arrangements) - 1 or not any(cost for _, _, cost in placed):
                break
            for note, _, _ in placed:
                note.remove()
            if legend_artist is not None:
                legend_artist.remove()
    finally:
        figure.set_dpi(dpi)
    return figure


def _put_legend(figure: Figure, ax: matplotlib.axes.Axes, legend: dict, places: list[str | None]) -> tuple:
    """The timeline's legend in the first of `places` where it fits: "inside" the later panel `ax`, as
    near `INSIDE_LEGEND_MIDDLE` as it covers nothing (`free_middle`), or "beside" the panels; None is a
    legend placed already (above the panels). Returns the legend drawn (None for None or a legend that
    fits nowhere) and whether the figure is laid out as it now is, at the PNG's resolution."""
    for where in places:
        if where == "inside":
            inside = ax.legend(loc="center", bbox_to_anchor=(0.5, INSIDE_LEGEND_MIDDLE), **legend)
            middle = free_middle(inside, ax)
            if middle is not None:
                inside.set_bbox_to_anchor((0.5, middle))
                return inside, True  # laid out by `free_middle`; a legend moved within its panel changes nothing
            inside.remove()
        elif where == "beside":
            return figure.legend(loc="outside right upper", **legend), False
    return None, False


DAY_MONTH = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2})")  # "20 Sep"


def _glue_dates(text: str) -> str:
    """`text` with a no-break space inside each "20 Sep": wrapped (textwrap breaks at spaces), a date stays whole.

    >>> _glue_dates("20 Oct here; 20 Sep in the other articles").split(" ")
    ['20\xa0Oct', 'here;', '20\xa0Sep', 'in', 'the', 'other', 'articles']
    """
    return DAY_MONTH.sub("\\1\u00a0\\2", text)


def _conflict_note(note: str, width: int = 34) -> str:
    """A conflict note in lines: its own date, then the others' dates, wrapped to `width` characters
    between dates, never inside one.

    >>> print(_conflict_note("13 Sep here; 18 Sep, 19 Sep, 20 Sep, 21 Sep, 20 Oct, 27 Oct in the other articles"))
    13 Sep here;
    18 Sep, 19 Sep, 20 Sep, 21 Sep,
    20 Oct, 27 Oct in the other
    articles
    """
    import textwrap

    lines = [line for part in _glue_dates(note).split("; ") for line in textwrap.wrap(part, width)]
    return ";\n".join([lines[0], "\n".join(lines[1:])]).replace("\u00a0", " ") if len(lines) > 1 else note


CONFLICT_RING_PT = math.sqrt(CONFLICT_RING_AREA) + CONFLICT_RING_LINE_PT  # across, line and all


def _place_conflict_notes(axes: Sequence[matplotlib.axes.Axes], notes: dict, points: dict) -> list[tuple]:
    """The timeline's conflict notes placed in every panel, each clear of the notes of the panels
    before it, of the rings and of the rule under the publication row. Text reaching out of its
    panel (into the next one, which would hide it) weighs ten times its area, and text over a point
    three times: a note goes on a point before it goes out of its panel."""
    placed: list[tuple] = []
    for ax in axes:
        if not notes.get(ax):
            continue
        figure = ax.get_figure(root=True)
        renderer = figure._get_renderer()
        reach = CONFLICT_RING_PT / 2 * figure.dpi / 72
        rings = [ax.transData.transform((matplotlib.dates.date2num(when), y)) for _, ((when, y),) in notes[ax]]
        obstacles = [matplotlib.transforms.Bbox.from_extents(x - reach, y - reach, x + reach, y + reach) for x, y in rings]
        obstacles += [line.get_window_extent(renderer).frozen().padded(reach / 4)  # a rule is a box with no height
                      for line in ax.get_lines() if line.get_linestyle() != "None"]
        placed += place_labels(ax, notes[ax], points[ax], places=CONFLICT_NOTE_PLACES, obstacles=obstacles,
                               keep_clear=[box for _, box, _ in placed], mark_weight=3.0, outside_weight=10.0)
    return placed


def covers_marks(legend: "matplotlib.legend.Legend", ax: matplotlib.axes.Axes) -> bool:  # noqa: F821
    """Whether `legend`, drawn inside `ax`, would cover one of its markers, rules or notes, or reach past the
    panel, measured as the PNG draws the figure.

    Markers are the points of scatters and of lines without a line; a marker counts by the square around
    its outline (a diamond's reaches further than a disc's of the same size).
    """
    box, panel, marks = _measure_inside(legend, ax)
    if not (panel.contains(box.x0, box.y0) and panel.contains(box.x1, box.y1)):
        return True
    return any(box.overlaps(mark) for mark in marks)


LEGEND_CLEARANCE_PT = 3.0  # room kept between a legend set among the points and the nearest of them


def free_middle(legend: "matplotlib.legend.Legend", ax: matplotlib.axes.Axes) -> float | None:  # noqa: F821
    """The height in `ax` (0 bottom, 1 top) nearest the one `legend` is centred at now, where centred it
    would cover none of the panel's markers, rules or notes and stay inside it; None if there is none.

    One measurement, as `covers_marks` makes it: the legend only moves up or down, so only the marks in
    its own column, above or below it, are in its way, each over a band of heights. It keeps
    `LEGEND_CLEARANCE_PT` from each.
    """
    from newsfigures.io import PNG_DPI

    box, panel, marks = _measure_inside(legend, ax)
    if box.x0 < panel.x0 or box.x1 > panel.x1:
        return None
    half = box.height / 2
    clearance = LEGEND_CLEARANCE_PT * PNG_DPI / 72  # `_measure_inside` measures in the PNG's pixels
    in_the_way = sorted((mark.y0 - half - clearance, mark.y1 + half + clearance) for mark in marks
                        if mark.x1 + clearance > box.x0 and mark.x0 - clearance < box.x1)
    low, high = panel.y0 + half, panel.y1 - half  # centres that keep the legend inside the panel
    free, bottom = [], low
    for start, stop in in_the_way + [(high, high)]:
        if start > bottom:
            free.append((bottom, min(start, high)))
        bottom = max(bottom, stop)
    now = (box.y0 + box.y1) / 2
    centres = [min(max(now, a), b) for a, b in free if a < b]  # the nearest height in each free band
    if not centres:
        return None
    return (min(centres, key=lambda y: abs(y - now)) - panel.y0) / panel.height


def _marker_reach(path: "matplotlib.path.Path") -> float:  # noqa: F821
    """How far a marker's outline reaches from its centre, for a marker one unit across: a disc 0.5, a diamond 0.71."""
    import numpy as np

    return float(np.abs(path.vertices).max()) if len(path.vertices) else 0.5


def _measure_inside(legend: "matplotlib.legend.Legend", ax: matplotlib.axes.Axes) -> tuple:  # noqa: F821
    """The legend's box, the panel's box, and the boxes of the panel's markers, rules and notes, in pixels of the PNG."""
    from matplotlib.markers import MarkerStyle
    from matplotlib.transforms import Bbox

    from newsfigures.io import PNG_DPI

    figure = ax.get_figure(root=True)
    dpi = figure.dpi
    figure.set_dpi(PNG_DPI)
    try:
        figure.get_layout_engine().execute(figure)
        renderer = figure._get_renderer()  # matplotlib's own way to measure before drawing
        # frozen: a panel's box is worked out anew at each use, and the resolution goes back below
        box, panel = legend.get_window_extent(renderer).frozen(), ax.get_window_extent(renderer).frozen()
        pixels_per_point = PNG_DPI / 72
        marks = []  # (x, y, reach from the centre) in pixels
        for collection in ax.collections:
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            sizes, paths = collection.get_sizes(), collection.get_paths()
            reach = _marker_reach(paths[0]) if paths else 0.5  # a scatter's marker, scaled by the root of its size
            for index, (x, y) in enumerate(offsets):
                area = sizes[index % len(sizes)] if len(sizes) else 0.0
                marks.append((x, y, reach * math.sqrt(area) * pixels_per_point))
        rules = []
        for line in ax.get_lines():
            if line.get_linestyle() == "None":  # points
                style = MarkerStyle(line.get_marker())
                reach = _marker_reach(style.get_path().transformed(style.get_transform())) * line.get_markersize()
                marks += [(x, y, reach * pixels_per_point) for x, y in ax.transData.transform(line.get_xydata())]
            else:  # a rule such as the axhline under the timeline's publication row
                rules.append(line.get_window_extent(renderer).frozen())
        boxes = [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y, r in marks]
        return box, panel, boxes + rules + [text.get_window_extent(renderer).frozen() for text in ax.texts]
    finally:
        figure.set_dpi(dpi)


def speakers(counts: pd.DataFrame, groups: Sequence[str] | None = None) -> Figure:
    """Statements per article, stacked by speaker group, with the number of distinct speakers at the bar's end.

    `counts` has doc_id, speaker_group, statements, speakers, left (where the segment starts) and
    label (the article's name on the axis), one row per plotted segment. `groups` (`Speakers.groups`)
    orders the legend and gives each group its colour, as in the tone chart given the same groups.
    """
    if counts.empty or not (counts["statements"] > 0).any():  # every article kept, nobody speaking in any
        return empty_chart("Who speaks in each article", "No quotations or reported statements with a speaker were found")
    docs = list(dict.fromkeys(counts["doc_id"]))
    names = short_names(docs, width=36)
    labels = [label.replace(doc, names[doc], 1) for doc, label in dict.fromkeys(zip(counts["doc_id"], counts["label"]))]
    figure = new_figure(height=max(3.0, 0.62 * len(docs) + 2.2))
    ax = figure.subplots()
    y = {doc: index for index, doc in enumerate(docs)}
    order = group_order(groups, list(counts.loc[counts["statements"] > 0, "speaker_group"]))
    looks = group_looks(order)
    seen = []
    for row in counts[counts["statements"] > 0].itertuples():
        colour, hatch = looks[row.speaker_group]
        ax.barh(y[row.doc_id], row.statements, left=row.left, color=colour, edgecolor="black", linewidth=0.5,
                hatch=hatch, label=row.speaker_group if row.speaker_group not in seen else None)
        seen.append(row.speaker_group)
        if row.statements >= 2:
            dark = colour in (OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[7], OKABE_ITO[4])
            hatched = hatch is not None
            # on a hatched segment the number sits in a white box wide enough to part it from the pattern
            ax.text(row.left + row.statements / 2, y[row.doc_id], str(row.statements), ha="center", va="center",
                    fontsize=9, fontweight="bold", color="white" if dark and not hatched else "black",
                    bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "black", "linewidth": 0.5}
                    if hatched else None)
    totals = counts.groupby("doc_id", sort=False).agg(
        end=("statements", "sum"), people=("speaker_ids", lambda s: len({i for ids in s for i in ids.split("; ") if i})))
    for doc, row in totals.iterrows():
        said = f"{row['people']} speaker{'s' if row['people'] != 1 else ''}" if row["end"] else "nobody quoted or cited"
        ax.text(row["end"] + 0.4 if row["end"] else 0.1, y[doc], said, va="center", fontsize=8)
    ax.set_yticks(range(len(docs)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("quotations and reported statements")
    ax.set_xlim(0, totals["end"].max() * 1.18 + 1)
    ax.grid(axis="y", visible=False)
    handles, names = ax.get_legend_handles_labels()
    ranked = sorted(zip(handles, names), key=lambda hn: order.index(hn[1]))
    figure.legend([h for h, _ in ranked], [n for _, n in ranked], loc="outside right upper", fontsize=8,
                  title="speaker group", title_fontsize=8)
    ax.set_title("Who speaks in each article")
    return add_notes(figure, n_articles=len(docs))


def naming_heatmap(cells: pd.DataFrame) -> Figure:
    """Terms (rows, grouped by what they name) by article (columns): colour = uses per 1,000 words, number = uses.

    `cells` has dimension, term, doc_id, count, per_1000_words, one row per cell, in plotting order.
    """
    if cells.empty:
        return empty_chart("Which names and words each article chose", "None of the framing terms occurs in these articles")
    import textwrap

    terms = list(dict.fromkeys(cells["term"]))
    docs = list(dict.fromkeys(cells["doc_id"]))
    matrix = cells.pivot(index="term", columns="doc_id", values="per_1000_words").loc[terms, docs]
    counts = cells.pivot(index="term", columns="doc_id", values="count").loc[terms, docs]
    figure = new_figure(height=0.27 * len(terms) + 2.6)
    ax = figure.subplots()
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    top = float(matrix.to_numpy(dtype=float).max()) or 1.0
    for i, term in enumerate(terms):
        for j, doc in enumerate(docs):
            count = int(counts.loc[term, doc])
            if count:
                value = float(matrix.loc[term, doc])
                ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                        color="white" if value > 0.55 * top else "black")
    dimensions = cells.drop_duplicates("term").set_index("term")["dimension"]
    # A long term takes two lines (a row fits two at this size) rather than being cut short
    ax.set_yticks(range(len(terms)), [textwrap.fill(t, 40, max_lines=2, placeholder=" …") for t in terms], fontsize=8,
                  linespacing=0.95)
    names = short_names(docs, width=28)
    if len(docs) <= 6 and all(len(part) <= 16 for d in docs for part in names[d].split("-", 1)):
        ax.set_xticks(range(len(docs)), [names[d].replace("-", "-\n", 1) for d in docs], fontsize=8)
    else:  # more or longer names than fit side by side: slanted, each over its column
        ax.set_xticks(range(len(docs)), [names[d] for d in docs], fontsize=8, rotation=35, ha="left",
                      rotation_mode="anchor")
    ax.xaxis.tick_top()
    ax.grid(False)
    ax.tick_params(length=0)
    previous = None
    for i, term in enumerate(terms):
        if dimensions[term] != previous:
            if previous is not None:
                ax.axhline(i - 0.5, color="black", linewidth=0.8)
            ax.text(len(docs) - 0.4, i - 0.45, dimensions[term], fontsize=7.5, fontstyle="italic", va="top",
                    ha="left", color="#444444", clip_on=False)
            previous = dimensions[term]
    colourbar = figure.colorbar(image, ax=ax, location="bottom", shrink=0.5, aspect=30, pad=0.02)
    colourbar.set_label("uses per 1,000 words (the number in each cell is the count)", fontsize=8)
    ax.set_title("Which names and words each article chose", pad=12)
    return add_notes(figure, n_articles=len(docs), note=longer_names_note(cells))


def longer_names_note(cells: pd.DataFrame, most: int = 4) -> str:
    """A line saying which longer names a place's count includes (the `within_longer_names` column), or ''.

    >>> cells = pd.DataFrame({"term": ["Artsakh", "Artsakh"], "within_longer_names": ["Artsakh Defense Army", "Artsakh defense army; Republic of Artsakh"]})
    >>> longer_names_note(cells)
    'Counts include a name inside a longer one: Artsakh Defense Army, Republic of Artsakh (see within_longer_names in the CSV).'
    """
    if "within_longer_names" not in cells:
        return ""
    names: dict[str, str] = {}
    for value in cells["within_longer_names"].fillna(""):
        for name in filter(None, (n.strip() for n in str(value).split(";"))):
            names.setdefault(name.casefold(), name)  # "Artsakh defense army" is "Artsakh Defense Army" again
    if not names:
        return ""
    shown = [names[k] for k in sorted(names)][:most]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f"Counts include a name inside a longer one: {', '.join(shown)}{more} (see within_longer_names in the CSV)."


def distinctive_words(words: pd.DataFrame) -> Figure:
    """The words that most set each article apart from the others: z-scores of the log-odds ratio, one panel each.

    `words` has doc_id, label (the word as shown), z and count_article, one row per bar, top first.
    """
    if words.empty:
        return empty_chart("Words that set each article apart", "Too few words to compare articles")
    docs = list(dict.fromkeys(words["doc_id"]))
    columns = 2
    rows = -(-(len(docs) + 1) // columns)
    per_panel = words.groupby("doc_id").size().max()
    figure = new_figure(height=rows * (0.24 * per_panel + 0.9) + 1.0)
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True).ravel()
    colours = article_colours(docs)
    titles = short_names(docs, width=32)  # half the page wide, in bold
    for ax, doc in zip(axes, docs):
        part = words[words["doc_id"] == doc]
        ax.barh(range(len(part)), part["z"], color=colours[doc], edgecolor="black", linewidth=0.4)
        ax.set_yticks(range(len(part)), [f"{w} ({c})" for w, c in zip(part["label"], part["count_article"])], fontsize=8)
        ax.invert_yaxis()
        ax.axvline(1.96, color="#444444", linewidth=0.8, linestyle=(0, (3, 2)))
        ax.set_title(titles[doc], fontsize=10, loc="left")
        ax.grid(axis="y", visible=False)
    for ax in axes[len(docs):]:
        ax.axis("off")
    caption = ("Each bar: how much more often the\narticle uses the word than the\nother articles do: "
               "the z-score of\nthe log-odds ratio with an\ninformative Dirichlet prior\n(Monroe et al. 2008).\n\n"
               "In brackets: uses in the article.\nDashed line: z = 1.96.\nNames count as one word,\nwhatever the spelling, and so\ndo fixed phrases (de facto).")
    if not (words["z"] >= 1.96).any():  # a few short articles: the ranking is mostly ties of words used once
        caption += ("\n\nNo word reaches the dashed line:\nnone sets its article apart beyond\nchance. "
                    "Equal bars are in\nalphabetical order.")
    axes[len(docs)].text(0.0, 0.95, caption, transform=axes[len(docs)].transAxes, va="top", fontsize=8)  # the first spare panel
    for ax in axes[max(0, len(docs) - columns):len(docs)]:
        ax.set_xlabel("z-score", fontsize=9)
        ax.tick_params(axis="x", labelbottom=True)
    figure.suptitle("Words that set each article apart", fontweight="bold", x=0.01, ha="left")
    return add_notes(figure, n_articles=len(docs))


def tone(scores: pd.DataFrame, groups: Sequence[str] | None = None) -> Figure:
    """Mean VADER compound score per article and per speaker group's quotations, with the sentences counted.

    `scores` has level (article or speaker_group), name, sentences and compound_mean, one row per bar.
    Article bars are grey, so that colour means one thing in the figure: the speaker group, coloured
    as in the who-speaks chart given the same `groups` (the article colours come from the same palette
    and would clash).
    """
    if scores.empty:
        return empty_chart("Tone of the articles and of the quoted speakers", "No sentences to score")
    levels = [("article", "Per article (all sentences)"), ("speaker_group", "Per speaker group (its quotations)")]
    shown = [(level, title) for level, title in levels if (scores["level"] == level).any()]
    heights = [max(1, int((scores["level"] == level).sum())) for level, _ in shown]
    figure = new_figure(height=0.32 * sum(heights) + 1.2 * len(shown) + 1.4)
    axes = figure.subplots(len(shown), 1, squeeze=False, sharex=True, height_ratios=heights)[:, 0]
    limit = max(0.25, float(scores["compound_mean"].abs().max()) * 1.7)
    looks = group_looks(group_order(groups, list(scores.loc[scores["level"] == "speaker_group", "name"])))
    for ax, (level, title) in zip(axes, shown):
        part = scores[scores["level"] == level]
        colours = [ARTICLE_GREY if level == "article" else looks[n][0] for n in part["name"]]
        hatches = [None if level == "article" else looks[n][1] for n in part["name"]]
        bars = ax.barh(range(len(part)), part["compound_mean"], color=colours, edgecolor="black", linewidth=0.5)
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        for i, row in enumerate(part.itertuples()):
            side = 1 if row.compound_mean >= 0 else -1
            ax.text(row.compound_mean + side * limit * 0.02, i, f"{row.compound_mean:+.2f} (n = {row.sentences})",
                    va="center", ha="left" if side > 0 else "right", fontsize=8)
        names = short_names(list(part["name"]), width=36) if level == "article" else {n: n for n in part["name"]}
        ax.set_yticks(range(len(part)), [names[n] for n in part["name"]], fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(title, fontsize=10, loc="left")
        ax.grid(axis="y", visible=False)
        ax.set_xlim(-limit, limit)
    axes[-1].set_xlabel("mean VADER compound score per sentence (−1 negative to +1 positive); n = sentences",
                        fontsize=9)
    title = "Tone of the articles and of the quoted speakers" if len(shown) == 2 else f"Tone of the {'articles' if shown[0][0] == 'article' else 'quoted speakers'}"
    figure.suptitle(title, fontweight="bold", x=0.01, ha="left")
    return add_notes(figure, n_articles=int((scores["level"] == "article").sum()))
