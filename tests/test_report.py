"""The rendered report: escaping, self-containment, and a real browser (headless Chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path

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
