"""Each issue-5 chart plots exactly the rows of the frame saved beside it as CSV, and carries its notes."""

from __future__ import annotations

import io as io_module

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

from newsfigures import attribution, charts, dates, io

matplotlib.use("Agg")

PUBLISHED = {"wire": "2023-09-20", "daily": "2023-09-21", "interview": "2023-10-28"}


def saved_csv(tmp_path, figure, frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Save through io.save_chart, as the notebooks do, and read the CSV back."""
    written = io.save_chart(figure, frame, tmp_path / name)
    assert written["png"].stat().st_size > 0 and written["svg"].stat().st_size > 0
    return pd.read_csv(written["csv"], keep_default_na=False)


def all_texts(figure) -> str:
    found = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
    return "\n".join(found)


def assert_notes(figure, n_articles: int) -> None:
    texts = all_texts(figure)
    assert "Source:" in texts
    assert f"n = {n_articles} articles" in texts


def filled(collection) -> bool:
    """A marker with a visible face (the conflict rings are hollow)."""
    face = collection.get_facecolor()
    return bool(face.size) and face[:, 3].max() > 0


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


@pytest.fixture
def timeline_points() -> pd.DataFrame:
    events = pd.DataFrame([
        {"event_id": "ceasefire", "event": "ceasefire", "doc_id": "wire", "date": "2023-09-20", "time": "13:00", "mentions": "x"},
        {"event_id": "ceasefire", "event": "ceasefire", "doc_id": "daily", "date": "2023-09-20", "time": "", "mentions": "x"},
        {"event_id": "ceasefire", "event": "ceasefire", "doc_id": "interview", "date": "2023-10-20", "time": "13:00", "mentions": "x"},
        {"event_id": "offensive_began", "event": "offensive began", "doc_id": "wire", "date": "2023-09-19", "time": "", "mentions": "x"},
    ])
    conflicts = pd.DataFrame([{"doc_id": "interview", "event": "ceasefire", "event_id": "ceasefire",
                               "date_this_article": "2023-10-20", "date_others": "2023-09-20", "other_articles": "", "note": ""}])
    return dates.timeline_points(events, PUBLISHED, conflicts)


def test_timeline_points_are_the_csv_rows(tmp_path, timeline_points) -> None:
    figure = charts.timeline(timeline_points)
    csv = saved_csv(tmp_path, figure, timeline_points, "04-timeline")
    plotted = []
    for ax in figure.axes:
        for collection in ax.collections:
            if isinstance(collection, PathCollection) and filled(collection):
                plotted += [tuple(np.round(xy, 6)) for xy in collection.get_offsets()]
    expected = [(round(matplotlib.dates.date2num(pd.Timestamp(d)), 6), round(y, 6)) for d, y in zip(csv["date"], csv["y_plot"])]
    assert sorted(plotted) == sorted(expected)
    rings = [tuple(c.get_offsets()[0]) for ax in figure.axes for c in ax.collections if not filled(c)]
    assert len(rings) == int(csv["conflict"].astype(str).eq("True").sum()) == 1
    assert "20 Oct here; 20 Sep in the other articles".replace("; ", ";\n") in all_texts(figure)
    assert len(figure.axes) == 2  # September and October, the axis broken between them
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["article published", "offensive began", "ceasefire"]
    assert_notes(figure, 3)


def test_speakers_bars_are_the_csv_rows(tmp_path) -> None:
    statements = pd.DataFrame([
        {"doc_id": "wire", "speaker_group": "Azerbaijan", "speaker_id": "hikmet_hajiyev", "speaker": "Hikmet Hajiyev", "kind": "quote"},
        {"doc_id": "wire", "speaker_group": "Azerbaijan", "speaker_id": "ilham_aliyev", "speaker": "Ilham Aliyev", "kind": "paraphrase"},
        {"doc_id": "wire", "speaker_group": "residents", "speaker_id": "resident", "speaker": "resident", "kind": "quote"},
        {"doc_id": "daily", "speaker_group": "Armenia", "speaker_id": "nikol_pashinyan", "speaker": "Nikol Pashinyan", "kind": "quote"},
        {"doc_id": "interview", "speaker_group": "Karabakh Armenian authorities", "speaker_id": "samvel_shahramanyan",
         "speaker": "Samvel Shahramanyan", "kind": "quote"},
    ])
    counts = attribution.speaker_counts(statements, PUBLISHED)
    figure = charts.speakers(counts)
    csv = saved_csv(tmp_path, figure, counts, "05-speakers")
    ax = figure.axes[0]
    drawn = sorted((round(p.get_x(), 6), round(p.get_width(), 6), round(p.get_y() + p.get_height() / 2, 6)) for p in bars(ax))
    rows = {doc: i for i, doc in enumerate(dict.fromkeys(csv["doc_id"]))}
    expected = sorted((float(r.left), float(r.statements), float(rows[r.doc_id])) for r in csv.itertuples())
    assert drawn == expected
    assert list(csv["statements"]) == [2, 1, 1, 1]  # wire: Azerbaijan 2 then residents 1 (left = 2)
    assert list(csv["left"]) == [0, 2, 0, 0]
    ends = sorted(t.get_text() for t in ax.texts if "speaker" in t.get_text())
    assert ends == ["1 speaker", "1 speaker", "3 speakers"]  # distinct speakers per article, singular for one
    assert_notes(figure, 3)


def test_speakers_keeps_an_article_where_nobody_speaks_and_a_label_without_a_date() -> None:
    statements = pd.DataFrame([{"doc_id": "day1", "speaker_group": "other", "speaker_id": "unnamed:officials",
                                "speaker": "officials", "kind": "paraphrase"}])
    counts = attribution.speaker_counts(statements, {"day1": "", "week": ""})  # no manifest: no dates
    assert list(counts["label"]) == ["day1", "week"]
    assert counts.iloc[1][["speaker_group", "statements", "speakers"]].tolist() == ["", 0, 0]
    figure = charts.speakers(counts)
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["day1", "week"]
    assert sorted(t.get_text() for t in ax.texts) == ["1 speaker", "nobody quoted or cited"]
    assert len(bars(ax)) == 1
    assert_notes(figure, 2)
    silent = charts.speakers(attribution.speaker_counts(statements.iloc[:0], {"day1": "", "week": ""}))
    assert "No quotations or reported statements with a speaker were found" in all_texts(silent)


def test_a_corpus_own_speaker_groups_get_one_colour_each_in_both_charts() -> None:
    """Groups the project does not know take the palette's free colours, the same in the speakers and the tone chart."""
    groups = ("Turkish state", "Syrian government", "UN", "rescuers", "other")
    statements = pd.DataFrame([
        {"doc_id": "wire", "speaker_group": g, "speaker_id": g, "speaker": g, "kind": "quote"} for g in groups])
    counts = attribution.speaker_counts(statements, {"wire": "2023-02-06"}, groups)
    speakers_ax = charts.speakers(counts, groups).axes[0]
    in_speakers = {group: (matplotlib.colors.to_hex(p.get_facecolor()), p.get_hatch())
                   for group, p in zip(counts["speaker_group"], bars(speakers_ax))}  # one segment per row, in order
    tone = pd.DataFrame([{"level": "article", "name": "wire", "sentences": 5, "compound_mean": -0.2}] +
                        [{"level": "speaker_group", "name": g, "sentences": 1, "compound_mean": 0.1} for g in groups])
    tone_ax = charts.tone(tone, groups).axes[1]
    in_tone = {label.get_text(): (matplotlib.colors.to_hex(p.get_facecolor()), p.get_hatch())
               for label, p in zip(tone_ax.get_yticklabels(), bars(tone_ax))}
    assert in_speakers == in_tone and list(in_speakers) == list(groups)
    assert in_speakers["UN"] == (charts.GROUP_COLOURS["UN"].lower(), None)  # a group the project knows keeps its colour
    assert in_speakers["other"][1] == "..."
    assert len({look for g, look in in_speakers.items()}) == len(groups)  # no two groups look alike
    assert [t.get_text() for t in speakers_ax.figure.legends[0].get_texts()] == list(groups)


def test_groups_beyond_the_palette_repeat_its_colours_hatched() -> None:
    groups = [f"side {i}" for i in range(20)] + ["other"]
    looks = charts.group_looks(groups)
    assert len(set(looks.values())) == len(groups)
    assert looks["side 0"] == (charts.OKABE_ITO[0], None) and looks["side 8"] == (charts.OKABE_ITO[0], charts.EXTRA_HATCHES[0])
    every_colour_taken = charts.group_looks(list(charts.GROUP_COLOURS) + ["rescuers"])
    assert every_colour_taken["rescuers"][1] is not None  # all eight colours belong to the project's groups


def test_naming_heatmap_cells_are_the_csv_rows(tmp_path) -> None:
    cells = pd.DataFrame([
        {"doc_id": d, "dimension": dim, "term": term, "count": c, "per_1000_words": r}
        for dim, term, values in [("region name", "Artsakh", [(0, 0.0), (3, 6.0), (11, 12.1)]),
                                  ("region name", "Nagorno-Karabakh", [(20, 14.7), (2, 4.0), (0, 0.0)]),
                                  ("the operation", "aggression", [(2, 1.5), (0, 0.0), (1, 1.1)])]
        for d, (c, r) in zip(PUBLISHED, values)
    ])
    figure = charts.naming_heatmap(cells)
    csv = saved_csv(tmp_path, figure, cells, "06-naming-heatmap")
    ax = figure.axes[0]
    expected = csv.pivot(index="term", columns="doc_id", values="per_1000_words").loc[
        list(dict.fromkeys(csv["term"])), list(dict.fromkeys(csv["doc_id"]))].to_numpy()
    assert np.allclose(ax.images[0].get_array(), expected)
    numbers = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
    assert numbers == sorted(c for c in csv["count"] if c)  # every non-zero count written in its cell
    assert_notes(figure, 3)


def test_naming_heatmap_wraps_a_long_term_instead_of_cutting_it() -> None:
    term = "constitutional order / sovereignty / territorial integrity"
    cells = pd.DataFrame({"dimension": ["claims", "claims"], "term": [term, "war"], "doc_id": ["wire", "wire"],
                          "count": [2, 1], "per_1000_words": [4.0, 2.0]})
    labels = [t.get_text() for t in charts.naming_heatmap(cells).axes[0].get_yticklabels()]
    assert labels[0].replace("\n", " ") == term and "\n" in labels[0] and labels[1] == "war"


def test_naming_heatmap_says_which_longer_names_a_count_includes() -> None:
    cells = pd.DataFrame({"dimension": ["region name"] * 2, "term": ["Artsakh"] * 2, "doc_id": ["wire", "daily"],
                          "count": [3, 1], "per_1000_words": [4.0, 2.0],
                          "within_longer_names": ["Artsakh Defense Army; Republic of Artsakh", "Artsakh defense army"]})
    texts = all_texts(charts.naming_heatmap(cells))
    assert "Counts include a name inside a longer one: Artsakh Defense Army, Republic of Artsakh" in texts.replace("\n", " ")
    assert "Counts include" not in all_texts(charts.naming_heatmap(cells.assign(within_longer_names="")))


def test_distinctive_words_bars_are_the_csv_rows(tmp_path) -> None:
    words = pd.DataFrame([
        {"doc_id": "wire", "rank": 1, "word": "proposal", "label": "proposal", "z": 2.1, "count_article": 5},
        {"doc_id": "wire", "rank": 2, "word": "russia", "label": "Russia", "z": 1.5, "count_article": 5},
        {"doc_id": "daily", "rank": 1, "word": "amnesty", "label": "amnesty", "z": 2.2, "count_article": 5},
        {"doc_id": "interview", "rank": 1, "word": "document", "label": "document", "z": 1.9, "count_article": 4},
    ])
    figure = charts.distinctive_words(words)
    csv = saved_csv(tmp_path, figure, words, "06-distinctive-words")
    panels = [ax for ax in figure.axes if bars(ax)]
    assert [ax.get_title(loc="left") for ax in panels] == list(dict.fromkeys(csv["doc_id"]))
    for ax, (doc, part) in zip(panels, csv.groupby("doc_id", sort=False)):
        assert [round(p.get_width(), 6) for p in bars(ax)] == list(part["z"])
        assert [t.get_text() for t in ax.get_yticklabels()] == [f"{w} ({c})" for w, c in zip(part["label"], part["count_article"])]
    assert_notes(figure, 3)


def test_distinctive_words_explains_itself_once_and_says_when_nothing_stands_out() -> None:
    def captions(figure) -> list[str]:
        return [t.get_text() for ax in figure.axes for t in ax.texts if t.get_text().startswith("Each bar")]

    words = pd.DataFrame([{"doc_id": d, "label": w, "z": 0.8, "count_article": 1}
                          for d in ("day1", "day2", "day3", "week") for w in ("afternoon", "blaze")])
    [caption] = captions(charts.distinctive_words(words))  # four panels leave two spare places: one caption
    assert "No word reaches the dashed line" in caption
    [caption] = captions(charts.distinctive_words(words.assign(z=[2.5] + [0.8] * 7)))
    assert "No word reaches" not in caption


def test_tone_bars_are_the_csv_rows(tmp_path) -> None:
    tone = pd.DataFrame([
        {"level": "article", "name": "wire", "texts": 1, "sentences": 17, "compound_mean": -0.139},
        {"level": "article", "name": "daily", "texts": 1, "sentences": 60, "compound_mean": 0.12},
        {"level": "speaker_group", "name": "Russia", "texts": 2, "sentences": 5, "compound_mean": 0.22},
        {"level": "speaker_group", "name": "residents", "texts": 3, "sentences": 5, "compound_mean": -0.33},
    ])
    figure = charts.tone(tone)
    csv = saved_csv(tmp_path, figure, tone, "06-tone")
    for ax, (level, part) in zip(figure.axes, csv.groupby("level", sort=False)):
        assert [round(p.get_width(), 6) for p in bars(ax)] == list(part["compound_mean"])
        assert [t.get_text() for t in ax.get_yticklabels()] == list(part["name"])
    assert "-0.33 (n = 5)" in all_texts(figure)
    article_colours = {matplotlib.colors.to_hex(p.get_facecolor()) for p in bars(figure.axes[0])}
    assert article_colours == {charts.ARTICLE_GREY}
    grey = np.array(matplotlib.colors.to_rgb(charts.ARTICLE_GREY))
    for group, colour in charts.GROUP_COLOURS.items():  # colour means the speaker group: no bar of an article looks like one
        assert np.linalg.norm(grey - matplotlib.colors.to_rgb(colour)) > 0.3, group
    assert_notes(figure, 2)


def test_every_chart_is_titled_and_labelled(timeline_points) -> None:
    figure = charts.timeline(timeline_points)
    assert figure.get_suptitle() and figure.axes[0].get_xlabel()
    for ax in figure.axes:
        assert ax.get_xticks().size > 0


def toll_reports(published: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"category": ["killed", "killed", "wounded"], "subject_group": "all", "doc_id": ["wire", "daily", "wire"],
                         "published": published, "mention": ["32", "dozens", "200"], "value": [32.0, 36.0, 200.0],
                         "low": [None, 24.0, None], "high": [None, 48.0, None]})


def test_toll_evolution_plots_one_point_a_report_and_names_the_year(tmp_path):
    reports = toll_reports(["2023-09-20", "2023-09-21", "2023-09-20"])
    figure = charts.toll_evolution(reports, doc_ids=list(PUBLISHED))
    killed, wounded = figure.axes[:2]
    assert sum(len(line.get_xdata()) for line in killed.get_lines()) == 2
    assert sum(len(line.get_xdata()) for line in wounded.get_lines()) == 1
    assert killed.get_xlabel() == "report date (2023)"
    assert "dozens\n(24–48)" in all_texts(figure)  # a vague word says the range it stands for
    assert_notes(figure, 3)  # the corpus, as on the other charts; the interview, with no toll, is said apart
    assert "1 of the 3 articles gives no dated killed or wounded figure: not plotted." in all_texts(figure)
    assert "not plotted" not in all_texts(charts.toll_evolution(reports, doc_ids=["wire", "daily"]))
    assert len(saved_csv(tmp_path, figure, reports, "toll")) == 3


def crowded_toll() -> pd.DataFrame:
    """The corpus's toll reports: two tall ranges either side of a point with a long label."""
    rows = [("killed", "a", "2023-09-19", "25", 25, None, None), ("killed", "b", "2023-09-20", "dozens", 24, 24, 99),
            ("killed", "c", "2023-09-21", "at least 200", 200, None, None), ("killed", "d", "2023-09-22", "200", 200, None, None),
            ("wounded", "a", "2023-09-19", "138", 138, None, None), ("wounded", "b", "2023-09-20", "hundreds", 200, 200, 999),
            ("wounded", "c", "2023-09-21", "about twice as many", 400, None, None),
            ("wounded", "d", "2023-09-22", "hundreds", 200, 200, 999)]
    frame = pd.DataFrame(rows, columns=["category", "doc_id", "published", "mention", "value", "low", "high"])
    return frame.assign(subject_group="all")


def label_and_mark_boxes(ax):
    """Pixel boxes of an axes' labels, and of its points (8 pt markers) and range bars (4 pt)."""
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

    pixels_per_point = ax.figure.dpi / 72
    labels = [matplotlib.text.Text.get_window_extent(a) for a in ax.findobj(Annotation)]  # the text, not a leader line
    r = 4 * pixels_per_point
    marks = [Bbox.from_extents(x - r, y - r, x + r, y + r)
             for line in ax.get_lines() for x, y in ax.transData.transform(line.get_xydata())]
    for collection in ax.collections:
        for segment in collection.get_segments():
            (x, y0), (_, y1) = ax.transData.transform(segment)
            marks.append(Bbox.from_extents(x - 2 * pixels_per_point, y0, x + 2 * pixels_per_point, y1))
    return labels, marks


def test_toll_evolution_labels_cover_no_point_bar_or_other_label_and_stay_in_their_panel() -> None:
    figure = charts.toll_evolution(crowded_toll())
    figure.set_dpi(io.PNG_DPI)  # as saved: saving lays the figure out again
    figure.draw_without_rendering()
    for ax in figure.axes[:2]:
        labels, marks = label_and_mark_boxes(ax)
        assert len(labels) == 4
        frame = ax.get_window_extent().padded(3 * io.PNG_DPI / 72)  # a label may reach 3 points past the axes
        for i, box in enumerate(labels):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            assert not any(box.overlaps(mark) for mark in marks), ax.get_title()
            assert not any(box.overlaps(other) for other in labels[i + 1:]), ax.get_title()


def test_toll_evolution_in_a_crowded_corpus_labels_every_report_on_the_page() -> None:
    # 12 articles on 4 days: some labels must go further out or touch, but none is lost or cut off.
    rows = [(category, f"article-{i}", f"2023-09-{19 + i % 4}", f"more than {100 + 13 * i} people", 100 + 13 * i)
            for i in range(12) for category in ("killed", "wounded")]
    reports = pd.DataFrame(rows, columns=["category", "doc_id", "published", "mention", "value"])
    reports = reports.assign(subject_group="all", low=None, high=None)
    figure = charts.toll_evolution(reports)
    figure.set_dpi(150)
    figure.draw_without_rendering()
    page = figure.bbox
    for ax in figure.axes[:2]:
        labels, _ = label_and_mark_boxes(ax)
        assert len(labels) == 12
        assert all(page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1 for box in labels)


LONG_FILE_NAME = ("09-inquiry-opened-into-hollow-creek-dam-collapse-prosecutors-say-engineers-and-officials-of-the-regional-"
                  "water-authority-will-be-questioned-over-inspection-records-from-2019-to-2024")


@pytest.mark.parametrize(("articles", "name"), [(1, "wire"), (4, "article-with-a-long-name"), (9, "article-with-a-long-name"),
                                              (8, "aljazeera-2023-09-20-nagorno-karabakh-ceasefire"), (3, LONG_FILE_NAME)])
def test_toll_evolution_legend_rows_fit_between_the_title_and_the_panels(articles, name) -> None:
    reports = pd.concat([crowded_toll()] * 3, ignore_index=True).head(max(articles, 2))
    reports["doc_id"] = [f"{name}-{i % articles}" for i in range(len(reports))]
    figure = charts.toll_evolution(reports)
    figure.draw_without_rendering()
    legend = next(legend for part in figure.subfigs for legend in part.legends)
    box = legend.get_window_extent()
    title = next(t for t in figure.findobj(matplotlib.text.Text) if t.get_text().startswith("How the reported toll")).get_window_extent()
    panel_tops = [ax.title.get_window_extent().y1 for ax in figure.axes[:2]]
    shown = [t.get_text() for t in legend.get_texts()]
    names = charts.short_names(sorted(set(reports["doc_id"])))
    assert sorted(shown) == sorted(names.values())
    assert all(len(text) <= 48 for text in shown)
    assert box.y1 <= title.y0 and box.y0 >= max(panel_tops)  # y grows upwards
    assert 0 <= box.x0 and box.x1 <= figure.bbox.x1
    # The entries read across: the first row holds the first articles to report, in that order.
    boxes = [(t.get_text(), t.get_window_extent()) for t in legend.get_texts()]
    top = max(box.y0 for _, box in boxes)
    first_row = [text for text, box in sorted(boxes, key=lambda item: item[1].x0) if abs(box.y0 - top) < 1]
    reporting = list(dict.fromkeys(reports.sort_values("category", kind="stable")["doc_id"]))
    assert first_row == [names[d] for d in reporting[:len(first_row)]]


def test_saving_the_toll_chart_does_not_move_the_panels_under_their_labels() -> None:
    # Labels that had to leave their panel must not make the saved layout shrink it.
    rows = [(category, f"article-{i}", f"2023-09-{19 + i % 4}", f"more than {100 + 13 * i} people", 100 + 13 * i)
            for i in range(12) for category in ("killed", "wounded")]
    reports = pd.DataFrame(rows, columns=["category", "doc_id", "published", "mention", "value"])
    figure = charts.toll_evolution(reports.assign(subject_group="all", low=None, high=None))
    placed = [v for ax in figure.axes for v in ax.get_position().bounds]
    figure.set_dpi(io.PNG_DPI)
    figure.draw_without_rendering()
    assert [v for ax in figure.axes for v in ax.get_position().bounds] == pytest.approx(placed, abs=1e-6)


def test_place_labels_moves_a_range_label_down_its_bar_when_its_top_is_taken() -> None:
    from matplotlib.text import Annotation

    figure = charts.new_figure(height=3.0, width=2.5)
    ax = figure.subplots()
    ax.vlines([1, 2], 0, 100, linewidth=4)
    ax.set_xlim(0.5, 2.1)  # no room right of the second bar
    ax.set_ylim(0, 110)
    figure.get_layout_engine().execute(figure)
    charts.place_labels(ax, [("hundreds\n(200–999)", [(1, 100), (1, 50)]), ("hundreds\n(200–999)", [(2, 100), (2, 50)])],
                        [(1, 100, 0, 100), (2, 100, 0, 100)])
    first, second = ax.findobj(Annotation)
    assert first.xy == (1, 100) and second.xy == (2, 50)  # beside its top, the second would touch the first


def test_place_labels_leads_a_line_to_a_label_it_had_to_put_further_out() -> None:
    from matplotlib.text import Annotation

    figure = charts.new_figure(height=3.0, width=4.0)
    ax = figure.subplots()
    points = [(1, y, y, y) for y in (10, 12, 14, 16, 18)]  # five reports of one day, close together
    ax.plot([1] * 5, [10, 12, 14, 16, 18], "o", markersize=8)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 60)
    figure.get_layout_engine().execute(figure)
    charts.place_labels(ax, [(f"report {y}", [(1, y)]) for _, y, _, _ in points], points)
    labels = ax.findobj(Annotation)
    assert len(labels) == 5 and any(label.arrow_patch is not None for label in labels)
    assert all(label.arrow_patch is None for label in labels[:2])  # the first have room beside their point


def test_dodge_sets_points_that_would_cover_each_other_side_by_side() -> None:
    shifts, rows = charts.dodge([(0, 0), (0, 0), (100, 0), (0, 50)], pitch=10)
    assert shifts == [-5.0, 5.0, 0.0, 0.0]  # the third is another date, the fourth far above: both stay
    assert rows[0] == rows[1] and len({rows[0], rows[2], rows[3]}) == 3
    # Dates too near to tell apart share a row, in order of date; dates a pitch apart keep their own place.
    assert charts.dodge([(3, 0), (0, 0)], pitch=10)[0] == [3.5, -3.5] and charts.dodge([(0, 0), (10, 0)], pitch=10)[0] == [0, 0]
    # A point on another article's range bar moves off it; the order is the keys' (labels side by side).
    assert charts.dodge([(0, 0), (0, 50)], pitch=10, extents=[(0, 100), (50, 50)])[0] == [-5.0, 5.0]
    assert charts.dodge([(0, 0)] * 3, pitch=10, keys=["b", "a", "b"])[0] == [0.0, -10.0, 10.0]
    assert charts.dodge([(float("nan"), 0), (0, 0), (0, 0)], pitch=10)[0] == [0.0, -5.0, 5.0]


def test_dodge_keeps_a_row_short_of_halfway_to_the_next_date_and_in_its_span() -> None:
    shifts, _ = charts.dodge([(0, 0), (0, 0), (0, 0), (12, 0)], pitch=10)
    assert max(shifts[:3]) == pytest.approx(12 * 0.45) and shifts[3] == 0  # a whole pitch apart, moved away from 12
    shifts, _ = charts.dodge([(-12, 0), (0, 0), (0, 0), (0, 0), (12, 0)], pitch=10)
    assert shifts == [0.0, -5.4, 0.0, 5.4, 0.0]  # dates on both sides: squeezed
    shifts, _ = charts.dodge([(-20, 0)] + [(0, 0)] * 6 + [(20, 0)], pitch=10)  # six need more room than 9 each side:
    assert shifts[1:7] == pytest.approx([(k - 2.5) * charts.DODGE_LEAST_STEP * 10 for k in range(6)])  # the least step
    shifts, _ = charts.dodge([(5, 0), (5, 0)], pitch=10, span=(0, 100))
    assert [5 + s for s in shifts] == [0.0, 10.0]


def test_toll_evolution_sets_reports_of_one_figure_side_by_side_under_one_label() -> None:
    from matplotlib.text import Annotation

    rows = [("killed", doc_id, "2023-09-20", "at least 200", 200) for doc_id in ("wire", "daily", "weekly")]
    rows += [("killed", "wire", "2023-09-25", "25", 25), ("wounded", "daily", "2023-09-20", "138", 138)]
    reports = pd.DataFrame(rows, columns=["category", "doc_id", "published", "mention", "value"])
    figure = charts.toll_evolution(reports.assign(subject_group="all", low=None, high=None))
    figure.set_dpi(io.PNG_DPI)  # as saved
    figure.draw_without_rendering()
    killed = figure.axes[0]
    centres = sorted(tuple(killed.transData.transform(line.get_xydata())[0]) for line in killed.get_lines())
    ring = (8 + charts.HOLLOW_EDGE_PT) * io.PNG_DPI / 72  # the widest marker, ring included
    for (x0, y0), (x1, y1) in zip(centres, centres[1:]):
        assert x1 - x0 >= ring - 0.01 or abs(y1 - y0) >= ring  # no point hides another
    assert [a.get_text() for a in killed.findobj(Annotation)].count("at least 200") == 1
    assert charts.DODGED_NOTE in " ".join(all_texts(figure).split())
    # Six articles of 1 September on an axis to 30 October: each point stays nearer its date than any other.
    rows = [("killed", f"a{i}", "2023-09-01", "10", 10) for i in range(6)]
    rows += [("killed", "b", "2023-09-15", "12", 12), ("killed", "c", "2023-10-30", "300", 300), ("wounded", "c", "2023-10-30", "9", 9)]
    reports = pd.DataFrame(rows, columns=["category", "doc_id", "published", "mention", "value"])
    far = charts.toll_evolution(reports.assign(subject_group="all", low=None, high=None))
    ax = far.axes[0]
    dates = matplotlib.dates.date2num(pd.to_datetime(["2023-09-01", "2023-09-15", "2023-10-30"]))
    for line in ax.get_lines():
        x = line.get_xdata(orig=False)[0]
        own = matplotlib.dates.date2num(pd.Timestamp(reports.loc[reports["value"] == line.get_ydata()[0], "published"].iloc[0]))
        assert x != own or line.get_ydata()[0] != 10  # the six were moved
        assert abs(x - own) < min(abs(x - d) for d in dates if d != own)
    # Without points in each other's way, every point stays on its date and the chart says nothing of it.
    figure = charts.toll_evolution(crowded_toll())
    assert charts.DODGED_NOTE.split()[0] not in all_texts(figure)
    for ax, category in zip(figure.axes, ("killed", "wounded")):
        dates = pd.to_datetime(crowded_toll().query("category == @category")["published"])
        assert sorted(x for line in ax.get_lines() for x in line.get_xdata(orig=False)) == list(matplotlib.dates.date2num(dates))


def test_toll_evolution_over_two_years_puts_the_year_on_the_ticks():
    figure = charts.toll_evolution(toll_reports(["2023-12-30", "2024-01-02", "2024-01-02"]))
    figure.draw_without_rendering()
    ax = figure.axes[0]
    assert ax.get_xlabel() == "report date"
    assert {t.get_text() for t in ax.get_xticklabels()} == {"30\nDec\n2023", "2\nJan\n2024"}


def test_toll_evolution_panels_span_the_report_dates_even_where_one_has_a_single_date() -> None:
    reports = toll_reports(["2023-09-20", "2023-09-25", "2023-09-20"])  # the wounded only on the 20th
    killed, wounded = charts.toll_evolution(reports).axes[:2]
    assert killed.get_xlim() == wounded.get_xlim()
    assert wounded.get_xlim()[1] - wounded.get_xlim()[0] < 10  # days: not the years matplotlib gives one date
    one_day = charts.toll_evolution(toll_reports(["2023-09-20"] * 3)).axes[0]
    assert one_day.get_xlim() == pytest.approx(tuple(matplotlib.dates.date2num(pd.Timestamp("2023-09-20")) + d for d in (-1, 1)))


def test_toll_evolution_leaves_out_a_report_without_a_value() -> None:
    # a derived count whose antecedent is missing has no value: no "(nan–nan)" label for it
    reports = toll_reports(["2023-09-20", "2023-09-21", "2023-09-20"])
    reports.loc[1, ["mention", "value", "low", "high"]] = ["about twice as many", None, None, None]
    figure = charts.toll_evolution(reports)
    assert "nan" not in all_texts(figure)
    assert "about twice as many" not in all_texts(figure)
    assert sum(len(line.get_xdata()) for line in figure.axes[0].get_lines()) == 1


def test_toll_evolution_without_dated_reports_says_why():
    figure = charts.toll_evolution(toll_reports(["", "", ""]))
    assert "No dated reports of killed or wounded" in all_texts(figure)
    assert "n = 0" not in all_texts(figure)


@pytest.mark.parametrize("low, scale", [(1.0, "log"), (0.0, "symlog")])
def test_estimate_ranges_labels_the_log_axis_in_plain_numbers(low, scale) -> None:
    estimates = pd.DataFrame({"category": ["killed", "armed_personnel"], "subject_group": ["all", "all"], "sources": [2, 1],
                              "low": [low, 300.0], "best": [200.0, 400.0], "high": [200.0, 10000.0]})
    figure = charts.estimate_ranges(estimates, n_articles=2)
    figure.draw_without_rendering()  # tick labels are made at draw time
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ax.get_xscale() == scale
    assert "1,000" in labels and "10,000" in labels
    assert [t.get_text() for t in ax.get_yticklabels()] == ["killed", "armed personnel"]
    assert not any("$" in label or "^" in label for label in labels)
    assert ax.get_xlim()[0] == pytest.approx(0.5 if scale == "log" else -0.5)
    assert figure.get_suptitle()
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # lays the figure out
    renderer = canvas.get_renderer()
    legend, axes_box = figure.legends[0].get_window_extent(renderer), ax.get_tightbbox(renderer)
    assert legend.x0 >= axes_box.x1  # beside the axes, clear of the axis label however few rows there are
    assert_notes(figure, 2)


@pytest.mark.parametrize("low", [2.0, 0.0])
def test_estimate_ranges_tick_labels_never_run_into_each_other(low) -> None:
    """Disaster tolls and displacement counts span six decades: "1,000,000" and "10,000,000" side by side ran together."""
    estimates = pd.DataFrame({"category": ["displaced_or_sheltered", "evacuated", "killed"], "subject_group": "all",
                              "sources": [1, 1, 4], "low": [380000.0, low, 2300.0], "best": [380000.0, 2.0, 47000.0],
                              "high": [380000.0, 2.0, 47000.0]})
    figure = charts.estimate_ranges(estimates, n_articles=4)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    left, right = figure.axes[0].get_xlim()
    shown = sorted((label.get_window_extent(renderer) for label in figure.axes[0].get_xticklabels()
                    if label.get_text() and left <= label.get_position()[0] <= right), key=lambda box: box.x0)
    assert len(shown) >= 4
    assert all(a.x1 + 4 <= b.x0 for a, b in zip(shown, shown[1:])), [(round(b.x0), round(b.x1)) for b in shown]


def test_estimate_ranges_without_estimates_says_why() -> None:
    from newsfigures import reconcile

    figure = charts.estimate_ranges(pd.DataFrame(columns=reconcile.ESTIMATE_COLUMNS))  # what a corpus without figures gives
    assert "No reported figures to estimate" in all_texts(figure)  # it was a blank frame


def test_estimate_ranges_within_one_order_of_magnitude_uses_a_linear_axis_with_numbers() -> None:
    estimates = pd.DataFrame({"category": ["killed", "wounded"], "subject_group": ["all", "all"], "sources": [2, 2],
                              "low": [120.0, 150.0], "best": [200.0, 180.0], "high": [200.0, 180.0]})
    figure = charts.estimate_ranges(estimates, n_articles=2)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    left, right = ax.get_xlim()
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text() and left <= t.get_position()[0] <= right]
    assert ax.get_xscale() == "linear" and left >= 0 and len(shown) >= 3, shown
    assert ax.get_xlabel() == "reported number"


def test_estimate_ranges_marks_an_open_end_beyond_the_number() -> None:
    estimates = pd.DataFrame({"category": ["weapons_surrendered", "wounded"], "subject_group": ["all", "all"], "sources": [1, 2],
                              "low": [800.0, 50.0], "best": [800.0, 180.0], "high": [800.0, 180.0],
                              "low_open": [False, True], "high_open": [True, False]})
    figure = charts.estimate_ranges(estimates, n_articles=2)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    texts = all_texts(figure)
    assert "800 or more  (1 source)" in texts and "180  (2 sources)" in texts  # "or more" only where the high is open
    arrows = {line.get_marker(): line for line in ax.get_lines() if line.get_marker() in (">", "<")}
    assert sorted(arrows) == ["<", ">"]
    (x_high, _), = arrows[">"].get_xydata()
    beyond = arrows[">"].get_transform().transform([[800.0, 0]])[0][0]
    assert x_high == 800.0 and beyond > ax.transData.transform([[800.0, 0]])[0][0]  # drawn past the number, not on it
    assert "no upper bound" in texts and "no lower bound" in texts  # the legend says what the arrows mean


def titled_heatmap():
    """A chart with what costs layout and drawing: a long title, text, an image and a colorbar."""
    figure = charts.new_figure(height=3.0)
    ax = figure.subplots()
    image = ax.imshow(np.arange(12).reshape(3, 4), aspect="auto")
    ax.set_title("A title long enough that the layout has to make room for it")
    ax.set_yticks(range(3), ["Nagorno-Karabakh", "Stepanakert", "peacekeepers"])
    figure.colorbar(image, label="uses per 1,000 words")
    charts.add_notes(figure, n_articles=4)
    return figure


def test_save_chart_writes_what_plain_savefig_calls_write(tmp_path) -> None:
    # What save_chart did before it reused the layout's renderer: savefig lays the PNG out
    # itself, then the SVG is drawn with that layout. The files must not change.
    expected = titled_heatmap()
    png, svg = io_module.BytesIO(), io_module.BytesIO()
    expected.savefig(png, format="png", metadata=io.PNG_METADATA, dpi=io.PNG_DPI)
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        expected.set_layout_engine(None)
    expected.savefig(svg, format="svg", metadata=io.SVG_METADATA)

    written = io.save_chart(titled_heatmap(), pd.DataFrame({"x": [1]}), tmp_path / "chart")

    assert written["png"].read_bytes() == png.getvalue()
    assert written["svg"].read_bytes() == svg.getvalue()


def test_save_chart_lays_out_once_and_draws_the_png_with_the_layout_renderer(tmp_path, monkeypatch) -> None:
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    figure = titled_heatmap()
    ax = figure.axes[0]
    layouts, draws = [], []
    original_execute, original_draw = ConstrainedLayoutEngine.execute, Figure.draw
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute",
                        lambda self, fig: layouts.append(fig._get_renderer()) or original_execute(self, fig))
    monkeypatch.setattr(Figure, "draw",
                        lambda self, renderer: draws.append((renderer, ax.get_position().bounds)) or original_draw(self, renderer))

    with matplotlib.rc_context({"figure.constrained_layout.use": True}):  # a user's matplotlibrc may turn it on
        io.save_chart(figure, pd.DataFrame({"x": [1, 2, 3]}), tmp_path / "chart")

    assert len(layouts) == 1
    # One draw per file: savefig's own layout would add a draw that paints nothing before the PNG's,
    # and a layout engine, even the placeholder "none", one before the SVG's.
    assert [type(renderer).__name__ for renderer, _ in draws] == ["RendererAgg", "MixedModeRenderer"]
    assert draws[0][0] is layouts[0]  # the PNG reuses the text sizes the layout measured
    assert draws[0][1] == draws[1][1]  # the SVG was drawn where the PNG was


def test_save_chart_gives_the_figure_back_as_it_was(tmp_path) -> None:
    figure = titled_heatmap()
    engine, canvas, dpi = figure.get_layout_engine(), figure.canvas, figure.dpi
    with matplotlib.rc_context({"figure.constrained_layout.use": True}):  # a user's matplotlibrc may turn it on
        io.save_chart(figure, pd.DataFrame({"x": [1]}), tmp_path / "chart")
    assert figure.get_layout_engine() is engine and figure.canvas is canvas and figure.dpi == dpi


def test_save_chart_saves_a_figure_without_axes_quietly(tmp_path) -> None:
    import warnings

    figure = charts.new_figure(height=1.0)
    figure.suptitle("Only a title")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = io.save_chart(figure, pd.DataFrame({"x": [1]}), tmp_path / "title")
    assert written["png"].read_bytes().startswith(b"\x89PNG")


def test_save_chart_saves_a_figure_whose_layout_fails_as_matplotlib_would(tmp_path, monkeypatch) -> None:
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    def fails(self, figure):
        raise ValueError("no room")  # what constrained layout raises for a figure too small for its margins

    figure = titled_heatmap()
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", fails)
    written = io.save_chart(figure, pd.DataFrame({"x": [1]}), tmp_path / "chart")
    assert written["png"].read_bytes().startswith(b"\x89PNG") and written["svg"].stat().st_size > 0


def test_save_chart_keeps_a_figure_without_a_layout_engine_without_one(tmp_path) -> None:
    from matplotlib.figure import Figure

    figure = Figure()
    figure.subplots().plot([1, 2], [2, 1])
    io.save_chart(figure, pd.DataFrame({"x": [1, 2]}), tmp_path / "plain")
    assert figure.get_layout_engine() is None


def test_save_chart_gives_the_layout_engine_back_when_saving_fails(tmp_path, monkeypatch) -> None:
    figure = charts.new_figure()
    image = figure.subplots().imshow(np.arange(6).reshape(2, 3))
    figure.colorbar(image)  # a colorbar ties the figure to layout engines that can place one
    engine = figure.get_layout_engine()

    def full_disk(path, data):
        raise OSError("No space left on device")

    monkeypatch.setattr(io, "write_bytes", full_disk)
    canvas, dpi = figure.canvas, figure.dpi
    with pytest.raises(OSError):
        io.save_chart(figure, pd.DataFrame({"x": [1]}), tmp_path / "chart")
    assert figure.get_layout_engine() is engine and figure.canvas is canvas and figure.dpi == dpi


def test_picture_shows_a_chart_as_save_chart_draws_it_and_leaves_the_figure_alone(tmp_path, monkeypatch) -> None:
    def chart():
        estimates = pd.DataFrame({"category": ["killed", "armed_personnel"], "subject_group": ["all", "all"],
                                  "sources": [2, 1], "low": [24.0, 300.0], "best": [200.0, 400.0], "high": [200.0, 10000.0]})
        return charts.estimate_ranges(estimates, n_articles=2)  # a layout that settles only after a few passes

    monkeypatch.chdir(tmp_path)
    figure = chart()
    shown = [charts.picture(figure, width=500) for _ in range(3)]
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert shown[0].width == 500 and "Low, best and high estimate" in shown[0].alt
    assert shown[0].data == shown[1].data == shown[2].data
    saved = io.save_chart(chart(), pd.DataFrame({"x": [1]}), tmp_path / "chart")
    assert saved["png"].read_bytes() == shown[0].data
    assert io.save_chart(figure, pd.DataFrame({"x": [1]}), tmp_path / "again")["png"].read_bytes() == shown[0].data


# --- a corpus of one's own: many articles, long file names, other years --------------------


def many_articles_timeline(count: int, year: int = 2025) -> pd.DataFrame:
    """`count` articles published on consecutive days, all giving one event the same date."""
    first = pd.Timestamp(f"{year}-03-03")
    published = {f"{i:02}-{LONG_FILE_NAME if i == 3 else 'article'}": f"{first + pd.Timedelta(days=i):%Y-%m-%d}" for i in range(count)}
    events = pd.DataFrame([{"event_id": "breach", "event": "dam breached", "doc_id": d, "date": f"{year}-03-02", "time": "",
                            "mentions": "x"} for d in published])
    return dates.timeline_points(events, published, pd.DataFrame())


def test_past_eight_articles_the_same_colour_comes_back_hollow() -> None:
    points = many_articles_timeline(11)
    figure = charts.timeline(points)
    looks = set()
    for collection in figure.axes[0].collections:
        face = matplotlib.colors.to_hex(collection.get_facecolor()[0])
        edge = matplotlib.colors.to_hex(collection.get_edgecolor()[0])
        looks.add((face, edge) if face == "#ffffff" else (face, "filled"))
    assert len(looks) == 11  # every article its own look: 8 filled colours, then 3 of them hollow
    legend = figure.legends[0]
    assert len(legend.get_texts()) == 11  # nothing disagrees, so no entry for it

    reports = pd.DataFrame([("killed", doc, date, str(10 + i), 10 + i) for i, (doc, date) in
                            enumerate(points.loc[points["kind"] == "published", ["doc_id", "date"]].itertuples(index=False))],
                           columns=["category", "doc_id", "published", "mention", "value"]).assign(subject_group="all", low=None, high=None)
    toll = charts.toll_evolution(reports, categories=("killed",))
    marks = {(matplotlib.colors.to_hex(line.get_markerfacecolor()), matplotlib.colors.to_hex(line.get_markeredgecolor()))
             for line in toll.axes[0].get_lines()}
    assert len(marks) == 11


def article_looks(figure) -> list[tuple]:
    """(face, edge, fill) of every article's points in the first panel: scatters, and lines of points without a line."""
    ax, looks = figure.axes[0], []
    for collection in ax.collections:
        looks.append((matplotlib.colors.to_hex(collection.get_facecolor()[0]),
                      matplotlib.colors.to_hex(collection.get_edgecolor()[0]), "scatter"))
    for line in ax.get_lines():
        if line.get_linestyle() == "None":
            looks.append((matplotlib.colors.to_hex(line.get_markerfacecolor()), matplotlib.colors.to_hex(line.get_markeredgecolor()),
                          line.get_fillstyle()))
    return looks


def many_articles_toll(points: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([("killed", doc, date, str(10 + i), 10 + i) for i, (doc, date) in
                         enumerate(points.loc[points["kind"] == "published", ["doc_id", "date"]].itertuples(index=False))],
                        columns=["category", "doc_id", "published", "mention", "value"]).assign(subject_group="all", low=None, high=None)


def test_up_to_32_articles_each_has_its_own_marker_past_that_the_chart_says_some_look_alike() -> None:
    looks = charts.article_markers([f"a{i:02}" for i in range(40)])
    assert len({looks[f"a{i:02}"] for i in range(32)}) == 32
    assert looks["a32"] == looks["a00"] and looks["a16"].half and looks["a24"].fill == "top"
    points = many_articles_timeline(28)
    timeline = charts.timeline(points)
    drawn = article_looks(timeline)
    assert len(drawn) == 2 * 28 and len(set(drawn)) == 28  # a publication and an event each, in the look of its article
    assert {fill for *_, fill in drawn} == {"scatter", "left", "top"}  # a scatter cannot draw a half-filled marker
    toll = charts.toll_evolution(many_articles_toll(points), categories=("killed",))
    assert len(set(article_looks(toll))) == 28
    assert "markers repeat" not in all_texts(timeline) + all_texts(toll)

    crowded = many_articles_timeline(36)
    for figure in (charts.timeline(crowded), charts.toll_evolution(many_articles_toll(crowded), categories=("killed",))):
        assert len(set(article_looks(figure))) == 32
        assert "Past 32 articles the markers repeat: 8 of the 36 articles shown have no marker of their own" in all_texts(figure)


def test_a_long_timeline_legend_goes_in_rows_above_the_panels_and_keeps_them_their_width() -> None:
    few, many = charts.timeline(many_articles_timeline(12)), charts.timeline(many_articles_timeline(13))
    assert len(few.legends) == 1 and not few.subfigs  # beside the panel
    assert not many.legends and len(many.subfigs[0].legends) == 1
    legend = many.subfigs[0].legends[0]
    assert len(legend.get_texts()) == 13
    for figure in (few, many):
        figure.set_dpi(io.PNG_DPI)
        figure.draw_without_rendering()
    assert many.axes[0].get_window_extent().width > 1.25 * few.axes[0].get_window_extent().width
    title = next(t for t in many.findobj(matplotlib.text.Text) if t.get_text() == "When the articles say things happened")
    box = legend.get_window_extent()
    assert box.y1 < title.get_window_extent().y0 and box.y0 > many.axes[0].get_window_extent().y1  # under the title, over the panels
    # Long names and many rows: the legend stays inside the page, under the title.
    for points in (many_articles_timeline(33), many_articles_timeline(13).replace({"doc_id": {"00-article": "00-" + "x" * 30}})):
        figure = charts.timeline(points)
        figure.set_dpi(io.PNG_DPI)
        figure.draw_without_rendering()
        box, title = figure.subfigs[0].legends[0].get_window_extent(), figure.texts[0].get_window_extent()
        assert figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1 and box.y1 < title.y0, (len(points), box, title)


def test_the_timeline_legend_stays_in_the_right_panel_only_where_it_covers_no_point(timeline_points) -> None:
    # The legend stands in the later panel, covering no point, note or rule (the note, placed last, makes way).
    figure = charts.timeline(timeline_points)
    assert len(figure.axes[1].get_legend().get_texts()) == 4 and not figure.legends  # three articles and the ring
    figure.set_dpi(io.PNG_DPI)
    figure.draw_without_rendering()
    assert not charts.covers_marks(figure.axes[1].get_legend(), figure.axes[1])  # also as finally laid out, notes and all
    assert [t.get_text() for t in figure.axes[1].texts] == ["20 Oct here;\n20 Sep in the other articles"]  # by its ring
    assert "Dates that disagree" not in figure.get_supxlabel()
    rule = next(line for line in figure.axes[1].get_lines() if line.get_linestyle() != "None")
    assert figure.axes[1].get_legend().get_window_extent().y1 < rule.get_window_extent().y0
    # Points down the later panel leave the legend room beside them: it moves up or down to a free height.
    diagonal = pd.DataFrame([{"event_id": f"e{i}", "event": f"event {i}", "doc_id": "interview", "date": f"2023-10-{10 + i}",
                              "time": "", "mentions": "x"} for i in range(12)])
    moved = charts.timeline(dates.timeline_points(diagonal, PUBLISHED, pd.DataFrame()))
    legend = moved.axes[1].get_legend()
    assert legend is not None and not moved.legends and not charts.covers_marks(legend, moved.axes[1])
    # A later panel full of points from top to bottom and side to side: the legend would hide some, so it goes beside.
    events = pd.DataFrame([{"event_id": f"e{i}", "event": f"event {i}", "doc_id": doc_id, "date": f"2023-10-{day}",
                            "time": "", "mentions": "x"} for i in range(12) for doc_id, day in (("wire", 10), ("daily", 15), ("interview", 21))])
    crowded = charts.timeline(dates.timeline_points(events, PUBLISHED, pd.DataFrame()))
    assert len(crowded.axes) == 2 and crowded.axes[1].get_legend() is None and len(crowded.legends) == 1
    beside = crowded.legends[0]
    for middle in (0.2, 0.45, 0.8):
        inside = crowded.axes[1].legend(beside.legend_handles, [t.get_text() for t in beside.get_texts()], loc="center",
                                        bbox_to_anchor=(0.5, middle), fontsize=8)
        assert charts.covers_marks(inside, crowded.axes[1])


def test_the_timeline_notes_of_disagreeing_dates_cover_nothing_or_become_numbers_listed_under_the_chart() -> None:
    """Two disagreeing articles a week apart in one row, and one late date at the end of the later panel.

    The chart is too cramped for the three notes beside their rings: each ring gets a number, clear of
    every point, ring, other number and the page's edge, and the notes are listed under the chart.
    Where a note has room, it stands by its ring (the `timeline_points` fixture, in the legend's test)."""
    rows = [("pullout", "wire", "2023-09-15"), ("pullout", "daily", "2023-09-22"), ("ceasefire", "wire", "2023-09-20"),
            ("ceasefire", "daily", "2023-09-20"), ("ceasefire", "interview", "2023-10-24"), ("talks", "interview", "2023-10-20")]
    events = pd.DataFrame([{"event_id": e, "event": e, "doc_id": d, "date": when, "time": "", "mentions": "x"} for e, d, when in rows])
    conflicts = pd.DataFrame([
        {"doc_id": "wire", "event_id": "pullout", "date_this_article": "2023-09-15", "date_others": "2023-09-22"},
        {"doc_id": "daily", "event_id": "pullout", "date_this_article": "2023-09-22", "date_others": "2023-09-15"},
        {"doc_id": "interview", "event_id": "ceasefire", "date_this_article": "2023-10-24", "date_others": "2023-09-20"},
    ])
    points = dates.timeline_points(events, PUBLISHED, conflicts)
    figure = charts.timeline(points)
    figure.set_dpi(io.PNG_DPI)
    FigureCanvasAgg(figure).draw()
    renderer = figure._get_renderer()
    notes = [(ax, text) for ax in figure.axes for text in ax.texts]
    boxes = [matplotlib.text.Text.get_window_extent(text, renderer) for _, text in notes]
    assert len(notes) == 3
    for box in boxes:
        assert figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1 and figure.bbox.y0 <= box.y0 and box.y1 <= figure.bbox.y1
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    for (ax, _), box in zip(notes, boxes):
        centres = [tuple(c) for collection in ax.collections for c in collection.get_offset_transform().transform(collection.get_offsets())]
        assert not any(box.overlaps(matplotlib.transforms.Bbox.from_extents(x - 3, y - 3, x + 3, y + 3)) for x, y in centres)
    assert [text.get_text() for _, text in notes] == ["1", "2", "3"]
    listed = " ".join(figure.get_supxlabel().split())
    assert ("Dates that disagree with the other articles: (1) 15 Sep here; 22 Sep in the other articles; "
            "(2) 22 Sep here; 15 Sep in the other articles; (3) 24 Oct here; 20 Sep in the other articles.") in listed


def test_the_timeline_names_every_article_it_plots_and_counts_the_corpus() -> None:
    # Two articles without a publication date still date the ceasefire; a fourth dates nothing.
    events = pd.DataFrame([{"event_id": "ceasefire", "event": "ceasefire", "doc_id": d, "date": "2023-09-20", "time": ""}
                           for d in ("wire", "daily", "weekly")])
    points = dates.timeline_points(events, {"wire": "", "daily": "", "weekly": "2023-09-21"}, pd.DataFrame())
    corpus = ["daily", "monthly", "weekly", "wire"]
    figure = charts.timeline(points, doc_ids=corpus)
    legend = figure.legends[0] if figure.legends else figure.axes[-1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["weekly (21 Sep)", "daily (undated)", "wire (undated)"]
    assert legend.get_title().get_text().startswith("article (publication date")
    undated = charts.timeline(dates.timeline_points(events, {"wire": "", "daily": "", "weekly": ""}, pd.DataFrame()))
    legend = undated.legends[0] if undated.legends else undated.axes[-1].get_legend()
    assert legend.get_title().get_text() == "article"  # no publication row, no ◆ to explain
    assert not [line for line in undated.axes[0].get_lines() if list(line.get_ydata()) == [0.5, 0.5]]  # nor its rule
    assert_notes(figure, 4)
    assert "1 of the 4 articles gives no date of an event of event_cues.csv and no publication date: not plotted." in all_texts(figure)
    # Each article looks as on the toll chart, which knows the whole corpus too.
    looks = charts.article_markers(corpus)
    faces = {matplotlib.colors.to_hex(c.get_facecolor()[0]) for ax in figure.axes for c in ax.collections}
    assert faces == {looks[d].colour.lower() for d in ("daily", "weekly", "wire")}
    assert "not plotted" not in all_texts(charts.timeline(points, doc_ids=["daily", "weekly", "wire"]))


def test_the_timeline_stacks_the_articles_of_one_date_so_that_none_covers_another() -> None:
    points = many_articles_timeline(11)
    published = points[points["kind"] == "published"]
    assert published["y_plot"].eq(0).all()  # each on its own date: nothing to stack
    event = points[points["kind"] == "event"]
    assert event["y_plot"].nunique() == 11 and event["y"].nunique() == 1
    figure = charts.timeline(points)
    FigureCanvasAgg(figure).draw()
    ax = figure.axes[0]
    assert ax.get_xlabel() == "date the article gives (2025)"
    low, high = sorted(ax.get_ylim())
    assert low <= points["y_plot"].min() - 0.1 and points["y_plot"].max() + 0.1 <= high
    # in pixels, each marker of the stack is at least nine tenths of its height from the next, and the
    # stack keeps a gap to the publication row above it
    diameter = np.sqrt(55) * figure.dpi / 72
    stack = sorted(ax.transData.transform([(0, y) for y in event["y_plot"]])[:, 1])
    assert np.diff(stack).min() >= 0.9 * diameter
    publication_row = ax.transData.transform([(0, 0)])[0, 1]
    assert publication_row - stack[-1] >= 1.2 * diameter
    assert [t.get_text() for t in ax.get_yticklabels()] == [dates.PUBLISHED_ROW, "dam breached"]
    # diamonds published the same day stand a diamond's height apart (a diamond reaches 0.71 of its size
    # from its centre, a disc 0.5), also where ten rows of eight make the rows as short as they get
    doc_ids = [f"{i:02}-article" for i in range(8)]
    events = pd.DataFrame([{"event_id": f"e{k}", "event": f"event {k}", "doc_id": d, "date": f"2025-03-{k + 1:02}", "time": "",
                            "mentions": "x"} for d in doc_ids for k in range(10)])
    stacked = dates.timeline_points(events, dict.fromkeys(doc_ids, "2025-03-03"), pd.DataFrame())
    figure = charts.timeline(stacked)
    FigureCanvasAgg(figure).draw()
    ax, points_to_pixels = figure.axes[0], figure.dpi / 72
    for kind, height in (("published", np.sqrt(50) * np.sqrt(2)), ("event", np.sqrt(55))):
        stack = stacked[(stacked["kind"] == kind) & stacked["event_id"].isin(["", "e0"])]
        pixels = np.sort(ax.transData.transform([(0, y) for y in stack["y_plot"]])[:, 1])
        assert len(pixels) == 8 and np.diff(pixels).min() >= height * points_to_pixels, kind
    # past eight markers a row stops growing, and its stack is squeezed into it
    doc_ids = [f"{i:02}-article" for i in range(30)]
    events = pd.DataFrame([{"event_id": "e", "event": "event", "doc_id": d, "date": "2025-03-02", "time": "", "mentions": "x"}
                           for d in doc_ids])
    stacked = dates.timeline_points(events, dict.fromkeys(doc_ids, "2025-03-03"), pd.DataFrame())
    for kind, step in (("published", dates.PUBLISHED_STACK_STEP), ("event", dates.STACK_STEP)):
        heights = stacked.loc[stacked["kind"] == kind, "y_plot"]
        assert heights.nunique() == 30 and heights.max() - heights.min() == pytest.approx(7 * step)


def test_long_file_names_are_shortened_alike_in_every_chart() -> None:
    points = many_articles_timeline(4)
    long_id = next(d for d in points["doc_id"] if LONG_FILE_NAME in d)
    figure = charts.timeline(points)
    figure.set_dpi(io.PNG_DPI)
    figure.draw_without_rendering()
    assert all(figure.bbox.contains(*box.p0) and figure.bbox.contains(*box.p1)
               for box in [figure.legends[0].get_window_extent()])
    docs = list(points.loc[points["kind"] == "published", "doc_id"])
    cells = pd.DataFrame([{"doc_id": d, "dimension": "region", "term": "dam", "count": 1, "per_1000_words": 1.0} for d in docs])
    heatmap = charts.naming_heatmap(cells)
    headers = [t.get_text() for t in heatmap.axes[0].get_xticklabels()]
    assert all(len(h) <= 28 for h in headers) and headers[0].startswith("00-article")
    assert heatmap.axes[0].get_xticklabels()[0].get_rotation() > 0  # slanted: these do not fit side by side
    tone = charts.tone(pd.DataFrame([{"level": "article", "name": d, "texts": 1, "sentences": 3, "compound_mean": 0.1}
                                     for d in docs]))
    assert all(len(t.get_text()) <= 36 for t in tone.axes[0].get_yticklabels())
    assert "Tone of the articles" in all_texts(tone) and "quoted speakers" not in all_texts(tone)  # it has no such panel
    for chart in (figure, heatmap, tone):
        assert long_id not in all_texts(chart)


def test_dates_over_two_years_show_the_year_even_where_ticks_are_thinned_or_the_axis_is_broken() -> None:
    reports = toll_reports(["2023-12-01", "2023-12-31", "2024-01-01"])
    toll = charts.toll_evolution(reports)
    assert toll.axes[0].get_xlabel() == "report date"
    assert "2024" in "".join(t.get_text() for t in toll.axes[0].get_xticklabels())  # the last date keeps its tick
    published = {"a": "2023-12-20", "b": "2023-12-22", "c": "2024-02-10"}
    timeline = charts.timeline(dates.timeline_points(pd.DataFrame(columns=["event_id", "event", "doc_id", "date", "time"]),
                                                     published, pd.DataFrame()))
    assert len(timeline.axes) == 2  # December and February, the axis broken between them
    ticks = ["".join(t.get_text() for t in ax.get_xticklabels()) for ax in timeline.axes]
    assert "2023" in ticks[0] and "2024" in ticks[1]
