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


# The event categories the summary gives a low / best / high for, when the whole toll (not a subset) is estimated
SUMMARY_CATEGORIES = ("killed", "wounded", "evacuated", "displaced_or_sheltered", "weapons_surrendered")


def _source(row: pd.Series) -> str:
    """Who a report's figure is attributed to, or "" when its sentence names no one (a NaN from an empty CSV cell too)."""
    name = row.get("attributed_to", "")
    return str(name).strip() if isinstance(name, str) else ""


def _overall(scores: pd.DataFrame) -> pd.Series | None:
    """The scores table's row for all categories together, or None when there is none (no gold covered the run)."""
    overall = scores[scores["category"] == "all"] if len(scores) and "category" in scores else scores.iloc[0:0]
    return overall.iloc[0] if len(overall) else None


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"


def toll_line(by_category: pd.DataFrame) -> str:
    """The summary's line on how the reported death toll changed, from the first dated numeric report to the last.

    Each end says whose count it is (the figure's `attributed_to`). Reconciliation takes one figure per
    article, so the two ends may be two sources' counts, a government's and a monitor's: when they name
    different sources the line says that the change may not be a revision, and when only one names its
    source, that the sentences say whether it is. "" when fewer than two dated reports give a number.

    >>> rows = pd.DataFrame({"category": "killed", "subject_group": "all", "row_type": "report",
    ...     "published": ["2025-03-09", "2025-03-13"], "doc_id": ["blog", "tv"], "mention": ["3", "27"],
    ...     "value": [3.0, 27.0], "qualifier": "exact", "attributed_to": ["Health Ministry", "Rights Watch"]})
    >>> print(toll_line(rows))
    - **The reported death toll grew as reports came in**: 3 killed in the report of 2025\\-03\\-09 (blog, per Health Ministry), 27 in that of 2025\\-03\\-13 (tv, per Rights Watch); 2 of 2 sources gave a number rather than a vague word. The two ends name different sources: the change may be one source's count against another's, not a revision.
    """
    if not len(by_category):
        return ""
    killed = by_category[(by_category["category"] == "killed") & (by_category["subject_group"] == "all")
                         & (by_category["row_type"] == "report")]
    numeric = killed[(killed["qualifier"] != "vague") & killed["published"].notna() & (killed["published"] != "")]
    if len(numeric) < 2:
        return ""
    first, last = numeric.iloc[0], numeric.iloc[-1]
    trend = "grew" if last["value"] > first["value"] else ("fell" if last["value"] < first["value"] else "held")

    def source(row: pd.Series) -> str:
        return f"per {md_escape(_source(row))}" if _source(row) else "no source named"

    line = (f"- **The reported death toll {trend} as reports came in**: {md_escape(first['mention'])} killed in the report "
            f"of {md_escape(first['published'])} ({md_escape(first['doc_id'])}, {source(first)}), "
            f"{md_escape(last['mention'])} in that of {md_escape(last['published'])} ({md_escape(last['doc_id'])}, "
            f"{source(last)}); {len(numeric)} of {len(killed)} sources gave a number rather than a vague word.")
    named = [name for name in (_source(first), _source(last)) if name]
    if len(named) == 2 and named[0] != named[1]:
        line += (" The two ends name different sources: the change may be one source's count against another's, "
                 "not a revision.")
    elif len(named) == 1:
        line += " Only one end names its source: read both sentences before taking the change for a revision."
    return line


def estimate_lines(by_category: pd.DataFrame) -> list[str]:
    """One summary line per estimated category of `SUMMARY_CATEGORIES`: low, best and high, and a caution on a fallen best."""
    if not len(by_category):
        return []
    lines = []
    estimates = by_category[by_category["row_type"] == "estimate"]
    for row in estimates.itertuples():
        if row.category not in SUMMARY_CATEGORIES or row.subject_group != "all":
            continue
        low, best, high = (estimate_value(row.low, row.low_mention, "or fewer" if row.low_open else ""),
                           estimate_value(row.value, row.best_mention),
                           estimate_value(row.high, row.high_mention, "or more" if row.high_open else ""))
        fell = getattr(row, "fell_from", float("nan"))
        caution = (f" The best is under half of an earlier report ({fell:,.0f}): read its sentence before believing it; "
                   "it may count another incident." if pd.notna(fell) else "")
        lines.append(f"- {md_escape(row.category.replace('_', ' '))}: low {md_escape(low)}, best {md_escape(best)}, "
                     f"high {md_escape(high)} across the sources that report it.{caution}")
    return lines


def speakers_line(attributions: pd.DataFrame) -> str:
    """The summary's line on who speaks: the group cited most, overall and in direct quotations alone."""
    if not len(attributions):
        return ""
    top = attributions["speaker_group"].value_counts()
    quoted = attributions.loc[attributions["kind"] == "quote", "speaker_group"].value_counts()
    in_quotes = f"; in direct quotations alone, {md_escape(quoted.index[0])} ({quoted.iloc[0]} of {quoted.sum()})" if len(quoted) else ""
    return (f"- **Who speaks**: {len(attributions)} quotations or reported statements; the group cited most is "
            f"{md_escape(top.index[0])} ({top.iloc[0]}){in_quotes}.")


def naming_line(naming: pd.DataFrame) -> str:
    """The summary's line on naming: the term of the first dimension each article uses most, in order of publication."""
    if not len(naming):
        return ""
    region = naming[(naming["dimension"] == naming["dimension"].iloc[0]) & (naming["count"] > 0)]
    preferred = region.sort_values(["count", "term"], ascending=[False, True]).groupby("doc_id").head(1)
    preferred = preferred.set_index("doc_id").loc[list(dict.fromkeys(region["doc_id"]))].reset_index()
    choices = "; ".join(f"{md_escape(r.doc_id)}: {md_escape(r.term)}" for r in preferred.itertuples())
    return f"- **Naming** ({md_escape(region['dimension'].iloc[0])}), the name each article uses most: {choices}." if choices else ""


def accuracy_line(scores: pd.DataFrame, record: dict) -> str:
    """The summary's line on the extractor's F1, and whose gold annotation it was measured on."""
    overall = _overall(scores)
    if overall is None:
        return ""
    texts = "in texts its rules were written from" if is_project_gold(record) else "of this run's own gold annotation"
    return (f"- The extractor scores **F1 = {overall['f1']:.2f}** (precision {overall['precision']:.2f}, recall "
            f"{overall['recall']:.2f}) against {int(overall['gold'])} hand-annotated figures, on value and category only, "
            f"{texts}: see *Method and limitations*.")


def summary_markdown(articles: pd.DataFrame, figures: pd.DataFrame, by_category: pd.DataFrame,
                     conflicts: pd.DataFrame, attributions: pd.DataFrame, naming: pd.DataFrame,
                     scores: pd.DataFrame, record: dict) -> str:
    """The report's "Summary of findings": a bullet a finding, every number taken from the step's tables.

    Tables of steps that did not run are empty, and their lines are left out.
    """
    dated = articles["published"].replace("", pd.NA).dropna() if "published" in articles else pd.Series(dtype=str)
    span = f" from {md_escape(dated.min())} to {md_escape(dated.max())}" if len(dated) else " (no publication dates given)"
    disagreements = (f"- **{len(conflicts)} date disagreements** between articles were found (see the timeline)."
                     if len(conflicts) else "")
    findings = [f"- **{_articles(len(articles))}**{span}; {len(figures)} reported figures were extracted.",
                toll_line(by_category), *estimate_lines(by_category), disagreements, speakers_line(attributions),
                naming_line(naming), accuracy_line(scores, record),
                f"- n = {_articles(len(articles))}: these are readings of a small sample, not of the coverage as a whole."]
    return "\n".join(["## Summary of findings", "", *(line for line in findings if line)])


def limitations_markdown(articles: pd.DataFrame, scores: pd.DataFrame, evaluation: pd.DataFrame, record: dict) -> str:
    """The report's paragraph of limitations: sample size, translations, and how far the extractor's accuracy is known."""
    translated_column = articles["translated"] if "translated" in articles else pd.Series(False, articles.index)
    is_translated = translated_column.astype(str).str.lower().eq("true")
    translated = int(is_translated.sum())
    machine = (int(articles.loc[is_translated, "notes"].astype(str).str.contains("machine", case=False).sum())
               if "notes" in articles else 0)
    overall = _overall(scores)
    if overall is not None:
        in_corpus = set(articles["doc_id"]) if "doc_id" in articles else set()
        scored = len(in_corpus & set(evaluation["doc_id"])) if "doc_id" in evaluation else 0
        unscored = len(articles) - scored
        coverage = (f"all {_articles(scored)}" if scored == len(articles)
                    else f"{scored} of the {_articles(len(articles))}; {unscored} without gold annotation "
                         f"{'is' if unscored == 1 else 'are'} not scored")
        carry = ("says how well the rules fit these texts, and a held-out test (see the README) says how far they carry"
                 if is_project_gold(record) else "measures the rules on this run's own annotation")
        accuracy = f"an F1 of {overall['f1']:.2f} on {int(overall['gold'])} hand-annotated figures ({coverage}) {carry}"
    else:
        accuracy = ("no gold annotation covers these articles, so the extractor's accuracy on them is not measured; the "
                    "held-out test in the README says how far its rules carry beyond the texts they were written for")
    translations = ""
    if translated:
        by_machine = f" ({machine} by machine, say the manifest's notes)" if machine else ""
        translations = f"{translated} of them are translations{by_machine}, so word choices may be the translator's. "
    return (f"**Limitations.** n = {_articles(len(articles))}, chosen, not sampled: nothing here generalises to the "
            f"coverage as a whole. {translations}Names are matched through a hand-made gazetteer; vague quantities "
            f"become ranges by a stated convention; {accuracy}.")
