"""The run record (parameters, versions, input hashes, commit, date) and the HTML rendering of the report notebook."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import nbformat

TEMPLATE_DIR = Path(__file__).parent / "templates"
PACKAGES = ("newsfigures", "pandas", "matplotlib", "nltk", "papermill", "nbconvert", "nbformat", "ipykernel",
            "pyyaml", "quantulum3")


def package_versions(names: tuple[str, ...] = PACKAGES) -> pd.DataFrame:
    """Installed version of each package the pipeline uses (plus Python)."""
    rows = [{"package": "python", "version": platform.python_version()}]
    for name in names:
        try:
            rows.append({"package": name, "version": importlib.metadata.version(name)})
        except importlib.metadata.PackageNotFoundError:
            rows.append({"package": name, "version": "not installed"})
    return pd.DataFrame(rows)


def file_hashes(files: list[Path], root: Path | None = None) -> pd.DataFrame:
    """SHA-256 of each input file, with its path relative to `root` where possible."""
    rows = []
    for file in sorted(files):
        name = file.relative_to(root).as_posix() if root and file.is_relative_to(root) else file.as_posix()
        rows.append({"file": name, "sha256": hashlib.sha256(file.read_bytes()).hexdigest()})
    return pd.DataFrame(rows)


def run_record(record_file: Path) -> dict:
    """The runner's record of this run (commit, start time, config, parameters of every step)."""
    if not record_file.is_file():
        return {"started": "unknown (the notebook was run by hand)", "commit": "unknown", "steps": {}}
    return json.loads(record_file.read_text(encoding="utf-8"))


PROJECT_GOLD = "data/annotations/figures_gold.csv"


def is_project_gold(record: dict) -> bool:
    """Whether step 03 scored the run against the project's gold (the seed articles'), not a file of the user's."""
    from newsfigures.paths import project_root, resolve

    gold_file = str(record.get("steps", {}).get("03", {}).get("parameters", {}).get("gold_file", PROJECT_GOLD))
    return resolve(gold_file) == project_root() / PROJECT_GOLD


def gold_note(record: dict) -> str:
    """Where the run's gold annotation comes from: the project's, annotated before the rules, or one the run was given.

    >>> gold_note({"steps": {"03": {"parameters": {"gold_file": "data/annotations/figures_gold.csv"}}}})[:45]
    'It was scored against a gold standard annotat'
    >>> gold_note({"steps": {"03": {"parameters": {"gold_file": "/home/me/quake/gold.csv"}}}})
    "It was scored against this run's own gold annotation, `gold.csv` (step 03's `gold_file`): how it was made, and whether the word lists were tuned on it, is for its annotators to say."
    """
    if is_project_gold(record):
        return ("It was scored against a gold standard annotated independently, before it was tuned "
                "(`data/annotations/README.md`).")
    gold_file = record["steps"]["03"]["parameters"]["gold_file"]
    name = Path(gold_file).name.replace("`", "'")  # inside a code span, where Markdown escapes show as written
    return (f"It was scored against this run's own gold annotation, `{name}` (step 03's "
            "`gold_file`): how it was made, and whether the word lists were tuned on it, is for its annotators to say.")


def parameters_table(record: dict) -> pd.DataFrame:
    """One row per configured parameter of each step."""
    rows = [
        {"step": step, "notebook": entry["notebook"], "parameter": name, "value": json.dumps(value)}
        for step, entry in sorted(record.get("steps", {}).items())
        for name, value in sorted(entry.get("parameters", {}).items())
    ]
    return pd.DataFrame(rows, columns=["step", "notebook", "parameter", "value"])


def render_html(executed_notebook: Path, html_file: Path) -> Path:
    """Render an executed notebook to one self-contained HTML file: no code, images inline, no remote scripts."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from newsfigures import io

    notebook = nbformat.read(executed_notebook, as_version=4)
    for index, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{index}"
    exporter = HTMLExporter(
        template_name="newsfigures_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    remover = TagRemovePreprocessor(remove_cell_tags={"remove-cell"}, remove_all_outputs_tags={"remove-output"})
    exporter.register_preprocessor(remover, enabled=True)
    notebook.metadata["title"] = notebook.metadata.get("title") or first_heading(notebook) or executed_notebook.stem
    body, _ = exporter.from_notebook_node(notebook)
    return io.write_text(html_file, body)


def first_heading(notebook: nbformat.NotebookNode) -> str:
    """The text of the first `# ` heading the report shows, in a Markdown cell or a Markdown output ("" if none).

    It becomes the page's <title>, so a report whose `title` parameter is changed is named by it.
    Markdown escapes and HTML entities are undone (the page template escapes the title itself).
    """
    import html

    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            texts = [cell.source]
        elif "remove-output" in tags:
            continue
        else:
            texts = [output.get("data", {}).get("text/markdown", "") for output in cell.get("outputs", [])]
        for text in texts:
            fenced = False
            for line in text.splitlines():
                if line.lstrip().startswith(("```", "~~~")):
                    fenced = not fenced  # a "# comment" in a code block is not a heading
                elif line.startswith("# ") and not fenced:
                    return re.sub(r"\\(.)", r"\1", html.unescape(line[2:].strip()))
    return ""


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|$~"})


def md_escape(text: object) -> str:
    """Text from the data, safe inside Markdown: Markdown and LaTeX specials backslashed, then HTML escaped.

    In that order, because the entities HTML escaping makes (`&#x27;` for an apostrophe) hold `#`,
    a Markdown special: backslashed, they would show as text.

    >>> md_escape("<script>x</script> *$1*")
    '&lt;script&gt;x&lt;/script&gt; \\\\*\\\\$1\\\\*'
    >>> md_escape("Azerbaijan's")
    'Azerbaijan&#x27;s'
    """
    import html

    return html.escape(str(text).translate(_MARKDOWN_SPECIALS), quote=True)


def estimate_value(value: float, mention: object, open_end: str = "") -> str:
    """An estimate's low, best or high as the report's prose writes it, with the words it came from
    when they are not the number: a vague word's conventional range, a derived figure's phrase.

    >>> estimate_value(24, "dozens"), estimate_value(400, "about twice as many"), estimate_value(800, "more than 800", "or more")
    ('24 (“dozens”, read as 24–99)', '400 (“about twice as many”)', '800 or more')
    """
    from newsfigures.numbers import VAGUE_QUANTITIES

    shown = f"{value:,.0f}" + (f" {open_end}" if open_end else "")
    words = str(mention).strip() if isinstance(mention, str) else ""
    vague = VAGUE_QUANTITIES.get(words.lower())
    if vague is not None:
        return f"{shown} (“{words}”, read as {vague.low:,}–{vague.high:,})"
    if words and not re.search(r"\d", words):
        return f"{shown} (“{words}”)"
    return shown


def table(frame: pd.DataFrame, max_rows: int | None = None):
    """A table for the report: every cell shown as text (escaped), no index."""
    from IPython.display import HTML

    shown = frame if max_rows is None else frame.head(max_rows)
    html_table = shown.to_html(index=False, escape=True, border=0, na_rep="", float_format=lambda v: f"{v:,.12g}")
    # Code-like values ("displaced_or_sheltered", "more_than") may wrap at their underscores.
    html_table = re.sub(r">([^<]+)<", lambda m: ">" + m.group(1).replace("_", "_<wbr>") + "<", html_table)
    more = f"<p><em>{len(frame) - len(shown)} more rows in the CSV.</em></p>" if len(shown) < len(frame) else ""
    return HTML(html_table + more)


def markdown(text: str):
    """Markdown for the report (build it with `md_escape` around anything taken from the data)."""
    from IPython.display import Markdown

    return Markdown(text)
