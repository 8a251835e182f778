"""The rendered report: its summary prose, escaping, self-containment, and a real browser (headless Chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsfigures import browser, report
from newsfigures.pipeline import main

from conftest import ROOT

CHROMIUM = browser.chromium_path()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install chromium)")


def test_markdown_escape_neutralises_markup():
    escaped = report.md_escape("<script>alert(1)</script> **bold** $x$ [a](b) # h")
    assert "<" not in escaped and "**" not in escaped and "$x$" not in escaped
    assert "\\*\\*bold\\*\\*" in escaped and "\\$x\\$" in escaped


def test_escaped_quotes_render_as_quotes():
    from nbconvert import HTMLExporter

    title = "Azerbaijan's \"anti-terrorist\" #1 & more"
    rendered = HTMLExporter().markdown2html({}, f"# {report.md_escape(title)}\n\n{report.md_escape(title)}")
    assert "&amp;#" not in rendered and "\\" not in rendered
    assert rendered.count("Azerbaijan's") + rendered.count("Azerbaijan&#x27;s") >= 2
    assert "&amp; more" in rendered


def test_first_heading_is_the_title_the_report_shows():
    import nbformat

    title = 'Tolls & talks: Azerbaijan\'s "war" in Nagorno-Karabakh [draft]'
    hidden = nbformat.v4.new_markdown_cell("# 07 · The report")
    hidden.metadata["tags"] = ["remove-cell"]
    shown = nbformat.v4.new_code_cell("report.markdown(...)")
    shown.outputs = [nbformat.v4.new_output("display_data", {"text/markdown": f"# {report.md_escape(title)}\n\nIntro."})]
    dropped = nbformat.v4.new_code_cell("print")
    dropped.metadata["tags"] = ["remove-output"]
    dropped.outputs = [nbformat.v4.new_output("display_data", {"text/markdown": "# Not shown"})]
    code_block = nbformat.v4.new_markdown_cell("How to run it:\n\n```bash\n# a shell comment\nmake report\n```")
    notebook = nbformat.v4.new_notebook(cells=[hidden, dropped, code_block, shown, nbformat.v4.new_markdown_cell("# Later")])
    assert report.first_heading(notebook) == title
    assert report.first_heading(nbformat.v4.new_notebook(cells=[hidden])) == ""


def test_tables_escape_cell_text():
    import pandas as pd

    html = report.table(pd.DataFrame({"sentence": ["<img src=x onerror=alert(1)>"]})).data
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("report")
    assert main(["run", "--quiet", "--output", str(output)]) == 0
    return output / "reports" / "report.html"


@pytest.mark.pipeline
@pytest.mark.browser
@needs_chromium
def test_report_loads_cleanly_in_chromium(rendered):
    screenshot = ROOT / "reports" / "report-screenshot.png"
    result = browser.check_page(rendered, screenshot=screenshot)
    assert result.images >= 2 and result.ok, result
    assert screenshot.stat().st_size > 50_000


@pytest.mark.pipeline
@pytest.mark.browser
@needs_chromium
def test_report_prints_to_pdf(rendered, tmp_path):
    pdf = browser.print_pdf(rendered, tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000


@pytest.mark.browser
@needs_chromium
def test_browser_check_sees_broken_images_and_console_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="missing.png" alt="gone"><script>console.error("boom")</script></body></html>')
    result = browser.check_page(page)
    assert result.broken_images == ["gone"] and any("boom" in e for e in result.console_errors)
    assert not result.ok


def test_the_report_tells_the_project_gold_from_a_users_own():
    from newsfigures.paths import project_root

    def record(gold_file: str) -> dict:
        return {"steps": {"03": {"parameters": {"gold_file": gold_file}}}}

    assert report.is_project_gold(record("data/annotations/figures_gold.csv"))
    assert report.is_project_gold(record(str(project_root() / "data" / "annotations" / "figures_gold.csv")))
    assert report.is_project_gold({"steps": {}})  # a notebook run by hand reads the project's defaults
    assert not report.is_project_gold(record("/home/me/quake/figures_gold.csv"))
    assert "`figures_gold.csv` (step 03's `gold_file`)" in report.gold_note(record("/home/me/quake/figures_gold.csv"))


def _killed_reports(sources: list[str], values: list[float], qualifiers: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "category": "killed", "subject_group": "all", "row_type": "report",
        "published": [f"2025-03-{9 + i:02d}" for i in range(len(values))], "doc_id": [f"doc{i}" for i in range(len(values))],
        "mention": [f"{v:g}" for v in values], "value": values, "qualifier": qualifiers or ["exact"] * len(values),
        "attributed_to": sources})


def test_the_toll_line_says_whose_count_each_end_is_and_warns_when_they_differ():
    mixed = report.toll_line(_killed_reports(["Health Ministry", "", "Rights Watch"], [3, 8, 27]))
    assert "grew" in mixed and "(doc0, per Health Ministry)" in mixed and "(doc2, per Rights Watch)" in mixed
    assert "different sources" in mixed and "3 of 3 sources gave a number" in mixed
    one_source = report.toll_line(_killed_reports(["Rights Watch", "Health Ministry", "Rights Watch"], [19, 8, 27]))
    assert "per Rights Watch" in one_source and "different sources" not in one_source
    unnamed = report.toll_line(_killed_reports(["", ""], [30, 25]))
    assert "fell" in unnamed and unnamed.count("no source named") == 2
    assert "different sources" not in unnamed and "Only one end" not in unnamed
    one_named = report.toll_line(_killed_reports(["", "Rights Watch"], [3, 27]))
    assert "different sources" not in one_named and "Only one end names its source" in one_named
    # an undated report is no end of the trend, and does not hide the dated ones
    undated = _killed_reports(["", "", ""], [3, 8, 27]).assign(published=["2025-03-09", None, "2025-03-13"])
    assert "2 of 3 sources gave a number" in report.toll_line(undated)
    # a vague word is no end of the trend, and one number is no trend
    assert report.toll_line(_killed_reports(["", "Reuters"], [25, 24], ["exact", "vague"])) == ""
    assert report.toll_line(pd.DataFrame()) == ""


def test_the_summary_leaves_out_the_lines_of_steps_that_did_not_run():
    articles = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2025-03-09", "2025-03-13"]})
    empty = pd.DataFrame()
    summary = report.summary_markdown(articles, pd.DataFrame({"value": [1.0]}), empty, empty, empty, empty, empty, {})
    assert summary.splitlines() == [
        "## Summary of findings", "",
        "- **2 articles** from 2025\\-03\\-09 to 2025\\-03\\-13; 1 reported figures were extracted.",
        "- n = 2 articles: these are readings of a small sample, not of the coverage as a whole."]
    with_toll = report.summary_markdown(articles, empty, _killed_reports(["", ""], [3, 27]), empty, empty, empty, empty, {})
    assert "- **The reported death toll grew" in with_toll


def test_the_limitations_count_translations_and_unscored_articles():
    articles = pd.DataFrame({"doc_id": ["a", "b", "c"], "translated": ["True", "false", "TRUE"],
                             "notes": ["machine translation (DeepL)", "", "translated by the outlet"]})
    scores = pd.DataFrame({"category": ["all"], "f1": [0.9], "gold": [40]})
    text = report.limitations_markdown(articles, scores, pd.DataFrame({"doc_id": ["a", "b"]}), {})
    assert "n = 3 articles" in text and "2 of them are translations (1 by machine" in text
    assert "2 of the 3 articles; 1 without gold annotation is not scored" in text and "an F1 of 0.90 on 40" in text
    untranslated = report.limitations_markdown(articles.drop(columns=["translated", "notes"]), pd.DataFrame(), pd.DataFrame(), {})
    assert "translations" not in untranslated and "no gold annotation covers these articles" in untranslated
    # gold rows of articles the corpus does not have are not counted as scored articles
    elsewhere = report.limitations_markdown(articles.head(1), scores, pd.DataFrame({"doc_id": ["a", "x", "y"]}), {})
    assert "n = 1 article," in elsewhere and "(all 1 article)" in elsewhere
    # a scores table without its "all" row is no score
    assert "no gold annotation covers" in report.limitations_markdown(articles, scores.assign(category="killed"), pd.DataFrame(), {})
