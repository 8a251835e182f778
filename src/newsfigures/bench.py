"""Benchmarks of the pipeline and the extractor: `python -m newsfigures.bench [--quick]` (what `make bench` runs).

Writes `reports/benchmarks.csv` (benchmark, value, unit, notes) and the chart
`reports/figures/bench-scaling.{png,svg,csv}`. Four groups, each can run alone with `--only`:

- pipeline: the notebooks of `make report` end to end (`pipeline.run` into a temporary
  folder) against a floor: as many papermill runs, made the same way, of notebooks that
  only hold each real notebook's parameters and imports. The imports are the notebook's
  own import lines and every module it had imported by its end (found by one untimed run),
  because libraries defer imports to first use: quantulum3 imports `inflect`, about 1.5 s
  of typeguard instrumentation, at its first parse. The ratio is the cost of the work
  itself on top of starting kernels and importing libraries: the median of each wall run
  over the floor run beside it. The floor with the import lines alone is reported too
  (`pipeline_floor_own_imports_s`).
- speed: the project's extractor (cleaning + `extract.find_figures`) and quantulum3 on the
  same raw seed texts, in MB of UTF-8 text per second.
- accuracy: F1 of both against the gold annotation.
- scaling: extraction time and peak memory on synthetic corpora (`newsfigures.synthetic`),
  each size measured in its own process, streaming one article at a time; and the time of one
  ever longer sentence made of the seed sentences that hold numbers (as a table pasted as one
  line comes), which must grow linearly with its length too.

Timings depend on the machine and its load; they are recorded, never asserted by tests.
docs/scaling.md explains the numbers and how to run on a Dask cluster.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import hashlib
import itertools
import io as _stringio
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:  # pandas and the extractor are imported where used, so `--help` is instant
    import pandas as pd

    from newsfigures.clean import Rule
    from newsfigures.extract import CategoryCue, Figure
    from newsfigures.gazetteer import Gazetteer

COLUMNS = ["benchmark", "value", "unit", "notes"]
GROUPS = ("pipeline", "speed", "accuracy", "scaling")
FULL_SIZES = (1_000, 10_000, 50_000)
QUICK_SIZES = (50, 100, 200)
LONG_SENTENCE_SIZES = (20_000, 40_000, 80_000, 160_000)  # characters in one sentence
QUICK_LONG_SENTENCE_SIZES = (2_000, 4_000)
PIPELINE_RATIO_TARGET = 1.5  # at most
SPEED_RATIO_TARGET = 20.0  # at least
MEMORY_LIMIT_MB = 2048.0  # at most, for the largest corpus
LINEARITY_TOLERANCE = 1.25  # time per 1k articles may vary this much between sizes and still count as linear
MB = 1_000_000  # MB/s are decimal megabytes of UTF-8 text


@dataclass(frozen=True)
class Measurement:
    """One row of benchmarks.csv."""

    benchmark: str
    value: float
    unit: str
    notes: str = ""


def target_note(value: float, target: float, at_most: bool) -> str:
    """'target <= 1.5: met' and the like, for the notes column.

    >>> target_note(1.7, 1.5, at_most=True)
    'target <= 1.5: not met'
    >>> target_note(25.0, 20, at_most=False)
    'target >= 20: met'
    """
    met = value <= target if at_most else value >= target
    return f"target {'<=' if at_most else '>='} {target:g}: {'met' if met else 'not met'}"


# --- the extractor, one document at a time -------------------------------------------------


@dataclass(frozen=True)
class Extractor:
    """What cleaning and extraction need besides the text: the furniture rules, cues and gazetteer."""

    rules: tuple["Rule", ...]
    cues: tuple["CategoryCue", ...]
    gazetteer: "Gazetteer"


def load_extractor(lexicon_dir: Path | None = None) -> Extractor:
    """The extractor configured from a lexicon folder (default: the project's `data/lexicons`)."""
    from newsfigures import clean, extract
    from newsfigures.gazetteer import Gazetteer
    from newsfigures.paths import project_root

    folder = Path(lexicon_dir) if lexicon_dir is not None else project_root() / "data" / "lexicons"
    return Extractor(
        tuple(clean.load_rules(folder / "furniture.yml")),
        tuple(extract.load_cues(folder / "figure_cues.csv")),
        Gazetteer.from_csv(folder / "gazetteer.csv"),
    )


def extract_document(raw: str, doc_id: str, published: str, extractor: Extractor) -> list["Figure"]:
    """The figures of one raw article: clean it, then find its figures (what steps 02 and 03 do to it)."""
    from newsfigures.clean import clean_article
    from newsfigures.extract import find_figures

    text = clean_article(raw, list(extractor.rules)).text
    return find_figures(text, doc_id, published, cues=extractor.cues, gazetteer=extractor.gazetteer)


def seed_texts(corpus_dir: Path) -> list[tuple[str, str, str]]:
    """(doc_id, published, raw text) of every article of a corpus folder."""
    from newsfigures.corpus import load_corpus

    return [(a.doc_id, a.metadata.get("published", ""), a.text) for a in load_corpus(corpus_dir).articles]


def text_bytes(texts: Iterable[str]) -> int:
    """Size of the texts in UTF-8 bytes.

    >>> text_bytes(["Paši", "n"])
    6
    """
    return sum(len(text.encode("utf-8")) for text in texts)


# --- pipeline: make report against its floor ----------------------------------------------


def _imports_in(tree: ast.AST) -> Iterable[ast.stmt]:
    """Import statements that run when the code runs: not those inside function or class bodies."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            yield from _imports_in(node)


def import_lines(sources: Iterable[str]) -> list[str]:
    """The import statements of some code cells, once each, in order (IPython magics are skipped).

    >>> import_lines(["import pandas as pd\\nx = 1", "%matplotlib inline\\nfrom a import b\\ndef f():\\n    import os", "import pandas as pd"])
    ['import pandas as pd', 'from a import b']
    """
    found: dict[str, None] = {}
    for source in sources:
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
        for node in _imports_in(ast.parse(code)):
            found[ast.unparse(node)] = None
    return list(found)


MODULES_MARKER = "newsfigures-bench-modules:"
# Run at the end of a discovery run: prints every module the kernel has imported by then.
LIST_MODULES_CELL = f"import sys as _sys\nprint({MODULES_MARKER!r}, ' '.join(sorted(_sys.modules)))"


def floor_notebook(notebook: Path, modules: Sequence[str] = ()) -> "Any":
    """A notebook with the real one's parameters cell and one cell of imports, and nothing else.

    The imports are the real notebook's own import statements, then `modules`: every module the
    real notebook had imported by its end (see `imported_modules`), so that what a library
    imports only on first use (quantulum3 imports `inflect` at its first parse) counts as
    importing, not as work.
    """
    import nbformat

    real = nbformat.read(str(notebook), as_version=4)
    code = [cell for cell in real.cells if cell.cell_type == "code"]
    parameters = [cell for cell in code if "parameters" in cell.get("metadata", {}).get("tags", [])]
    cells = [nbformat.v4.new_code_cell(parameters[0].source, metadata={"tags": ["parameters"]})] if parameters else []
    lines = import_lines(cell.source for cell in code)
    if modules:
        lines += [
            "import importlib as _importlib",
            f"for _name in {sorted(modules)!r}:",
            "    try:",
            "        _importlib.import_module(_name)",
            "    except Exception:  # a module some package only registers, never imports by this name",
            "        pass",
        ]
    cells.append(nbformat.v4.new_code_cell("\n".join(lines)))
    floor = nbformat.v4.new_notebook(cells=cells, metadata=dict(real.metadata))
    return floor


def modules_listed(notebook: "Any") -> list[str]:
    """The module names a discovery run's last cell printed (empty if it printed none).

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("stream", name="stdout", text="x\\n" + MODULES_MARKER + " os pandas\\n")])
    >>> modules_listed(nbformat.v4.new_notebook(cells=[cell]))
    ['os', 'pandas']
    """
    for cell in reversed(notebook.cells):
        for output in cell.get("outputs", []):
            for line in str(output.get("text", "")).splitlines():
                if line.startswith(MODULES_MARKER):
                    return [name for name in line[len(MODULES_MARKER):].split() if not name.startswith("__")]
    return []


def imported_modules(config: Path, corpus: Path, engine: str | None = None) -> dict[str, list[str]]:
    """Every module each step's notebook has imported by its end, from one untimed run of the pipeline.

    The run uses copies of the notebooks with one more cell that lists `sys.modules`.
    """
    import nbformat
    import yaml

    from newsfigures import io, pipeline

    steps, settings = pipeline.load_config(config)
    with tempfile.TemporaryDirectory(prefix="newsfigures-modules-") as folder:
        out = Path(folder)
        entries = []
        for step in steps:
            copy = nbformat.read(str(step.notebook), as_version=4)
            copy.cells.append(nbformat.v4.new_code_cell(LIST_MODULES_CELL))
            path = io.write_text(out / "notebooks" / step.notebook.name, nbformat.writes(copy))
            entries.append({"step": step.step, "notebook": str(path), "parameters": step.parameters,
                            **({"render": step.render} if step.render else {})})
        copy_config = io.write_text(out / "pipeline.yml", yaml.safe_dump({**settings, "steps": entries}))
        with contextlib.redirect_stdout(_stringio.StringIO()):
            pipeline.run(copy_config, corpus, out / "run", engine=engine, quiet=True)
        executed = out / "run" / "reports" / "executed"
        return {step.name: modules_listed(nbformat.read(str(executed / step.notebook.name), as_version=4))
                for step in steps}


def _step_times(log: str) -> dict[str, float]:
    """Per-step seconds from the runner's progress lines.

    >>> _step_times("[1/2] 01 01-ingest ...\\n      done in 1.0 s\\n[2/2] 03 03-extract ...\\n      done in 6.3 s\\n")
    {'01-ingest': 1.0, '03-extract': 6.3}
    """
    times, current = {}, None
    for line in log.splitlines():
        started = re.match(r"\[\d+/\d+\] \S+ (\S+) \.\.\.", line)
        done = re.match(r"\s+done in ([\d.]+) s", line)
        if started:
            current = started.group(1)
        elif done and current:
            times[current] = float(done.group(1))
    return times


def time_pipeline(config: Path, corpus: Path, engine: str | None = None) -> tuple[float, dict[str, float]]:
    """Seconds of one whole `pipeline.run` into a fresh temporary folder, and each step's seconds."""
    from newsfigures import pipeline

    with tempfile.TemporaryDirectory(prefix="newsfigures-bench-") as folder:
        log = _stringio.StringIO()
        began = time.perf_counter()
        with contextlib.redirect_stdout(log):
            pipeline.run(config, corpus, Path(folder), engine=engine)
        seconds = time.perf_counter() - began
    return seconds, _step_times(log.getvalue())


def time_floor(config: Path, corpus: Path, engine: str | None = None,
               modules: dict[str, list[str]] | None = None) -> tuple[float, dict[str, float]]:
    """Seconds of the papermill runs of the floor notebooks, made as `pipeline.run` makes its runs."""
    import nbformat

    from newsfigures import io, paths
    from newsfigures.pipeline import load_config, run_notebook, run_parameters

    steps, settings = load_config(config)
    if engine is not None:
        settings["engine"] = engine
    root = paths.project_root()
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="newsfigures-floor-") as folder:
        out = Path(folder)
        for step in steps:
            floor = floor_notebook(step.notebook, (modules or {}).get(step.name, ()))
            notebook = io.write_text(out / "in" / step.notebook.name, nbformat.writes(floor))
            executed = out / "executed" / step.notebook.name
            began = time.perf_counter()
            run_notebook(notebook, executed, run_parameters(step, out / "staging", corpus, settings), root)
            times[step.name] = time.perf_counter() - began
    return sum(times.values()), times


def pipeline_benchmarks(config: Path, corpus: Path, repeats: int = 1, engine: str | None = None) -> list[Measurement]:
    """pipeline_wall_s and pipeline_floor_s (best of `repeats`), pipeline_ratio, and each step's wall and floor.

    The ratio is the median, over the repeats, of each wall run divided by the floor run just
    before it: a machine's speed can drift within minutes (docs/scaling.md has examples), so
    the best wall and the best floor may come from moments of different speed, while a wall
    run and the floor run beside it share one. `pipeline_ratio_best_of` (best wall / best
    floor) is reported beside it. For the same reason, each step's floor is taken from the
    floor run beside the best wall run.
    """
    import statistics

    walls, floors, own_floors = [], [], []
    modules = imported_modules(config, corpus, engine)
    for _ in range(max(1, repeats)):  # alternate, so a change in the machine's load hits all alike
        own_floors.append(time_floor(config, corpus, engine))
        floors.append(time_floor(config, corpus, engine, modules))
        walls.append(time_pipeline(config, corpus, engine))
    best = min(range(len(walls)), key=lambda i: walls[i][0])
    wall, wall_steps = walls[best]
    floor_steps = floors[best][1]  # the floor run beside the best wall run
    floor = min(f for f, _ in floors)
    own_floor = min(f for f, _ in own_floors)
    paired = [w / f for (w, _), (f, _) in zip(walls, floors)]
    ratio = statistics.median(paired)
    runs = f"best of {len(walls)}: " if len(walls) > 1 else ""
    rows = [
        Measurement("pipeline_wall_s", round(wall, 2), "s",
                    f"{runs}pipeline.run of {config.name} ({len(floor_steps)} notebooks, engine "
                    f"{engine or 'from config'}) into a temporary folder; includes the runner's checks, "
                    f"rendering and publishing; all runs: {', '.join(f'{w:.1f}' for w, _ in walls)} s"),
        Measurement("pipeline_floor_s", round(floor, 2), "s",
                    f"{runs}{len(floor_steps)} papermill runs of notebooks holding only each notebook's parameters, "
                    f"its imports and every module it had imported by its end; all runs: {', '.join(f'{f:.1f}' for f, _ in floors)} s"),
        Measurement("pipeline_ratio", round(ratio, 2), "ratio",
                    f"median of {len(paired)} {'ratio' if len(paired) == 1 else 'ratios'} of a wall run to the floor run just before it "
                    f"({', '.join(f'{r:.2f}' for r in paired)}); {target_note(ratio, PIPELINE_RATIO_TARGET, at_most=True)}"),
        Measurement("pipeline_ratio_best_of", round(wall / floor, 2), "ratio",
                    "best wall / best floor, which may come from moments when the machine ran at different speeds"),
        Measurement("pipeline_floor_own_imports_s", round(own_floor, 2), "s",
                    f"{runs}the floor with only the notebooks' own import lines, without the modules the "
                    f"libraries import on first use; wall / this = {wall / own_floor:.2f}"),
    ]
    for name, seconds in floor_steps.items():
        if name in wall_steps:
            rows.append(Measurement(f"pipeline_step_s:{name}", round(wall_steps[name], 2), "s",
                                    f"floor {seconds:.2f} s in the floor run beside the best wall run; "
                                    f"ratio {wall_steps[name] / seconds:.2f} (runner's rounding to 0.1 s)"))
    return rows


# --- speed and accuracy on the seed texts --------------------------------------------------


def speed_benchmarks(
    seeds: Sequence[tuple[str, str, str]], extractor: Extractor, min_seconds: float = 5.0, quantulum_passes: int = 3
) -> list[Measurement]:
    """MB/s of the extractor and of quantulum3 on the same raw texts, after one untimed pass of each."""
    from newsfigures import evaluate
    from newsfigures.clean import clean_article
    from newsfigures.extract import find_figures

    size = text_bytes(raw for _, _, raw in seeds)
    doc_id, published, raw = seeds[0]
    extract_document(raw, doc_id, published, extractor)  # warm-up: punkt model, compiled patterns
    passes, cleaning, extracting = 0, 0.0, 0.0
    while passes == 0 or cleaning + extracting < min_seconds:
        for doc_id, published, raw in seeds:
            began = time.perf_counter()
            text = clean_article(raw, list(extractor.rules)).text
            middle = time.perf_counter()
            find_figures(text, doc_id, published, cues=extractor.cues, gazetteer=extractor.gazetteer)
            cleaning += middle - began
            extracting += time.perf_counter() - middle
        passes += 1
    ours = size * passes / (cleaning + extracting) / MB
    raw_texts = {doc_id: raw for doc_id, _, raw in seeds}
    evaluate.quantulum_figures({"warm-up": "About 25 people were killed 100 km away."})  # loads its models
    baseline_seconds = sum(evaluate.quantulum_figures(raw_texts)[1] for _ in range(max(1, quantulum_passes)))
    theirs = size * max(1, quantulum_passes) / baseline_seconds / MB
    ratio = ours / theirs
    texts = f"{len(seeds)} raw seed articles, {size / 1000:.1f} kB"
    return [
        Measurement("extract_mb_per_s", round(ours, 4), "MB/s",
                    f"cleaning + extract.find_figures, one process; {texts} x {passes} passes; "
                    f"cleaning took {cleaning / (cleaning + extracting):.0%} of the time"),
        Measurement("find_figures_mb_per_s", round(size * passes / extracting / MB, 4), "MB/s",
                    "extract.find_figures alone on the cleaned texts (sentence splitting included), for diagnosis"),
        Measurement("quantulum3_mb_per_s", round(theirs, 4), "MB/s",
                    f"quantulum3 parser.parse on the same {texts} x {max(1, quantulum_passes)} passes, models loaded"),
        Measurement("extract_speed_ratio", round(ratio, 2), "ratio",
                    f"extract_mb_per_s / quantulum3_mb_per_s; {target_note(ratio, SPEED_RATIO_TARGET, at_most=False)}"),
    ]


def accuracy_benchmarks(seeds: Sequence[tuple[str, str, str]], extractor: Extractor, gold_file: Path) -> list[Measurement]:
    """F1 of the extractor (value and category, and value only) and of quantulum3 (value only) on the gold annotation."""
    import pandas as pd

    from newsfigures import evaluate
    from newsfigures.clean import clean_article
    from newsfigures.extract import figures_table

    doc_ids = [doc_id for doc_id, _, _ in seeds]
    gold = evaluate.gold_for(pd.read_csv(gold_file), doc_ids)
    if not len(gold):
        return [Measurement("extract_f1", float("nan"), "F1", f"no gold rows in {gold_file.name} for these articles")]
    found = [f for doc_id, published, raw in seeds for f in extract_document(raw, doc_id, published, extractor)]
    ours = figures_table(found)
    ours = ours[ours["doc_id"].isin(gold["doc_id"])]
    clean_texts = {doc_id: clean_article(raw, list(extractor.rules)).text for doc_id, _, raw in seeds if doc_id in set(gold["doc_id"])}
    baseline, _ = evaluate.quantulum_figures(clean_texts)
    rows = []
    for name, predicted, by_category, note in (
        ("extract_f1", ours, True, "the project's extractor; a hit needs the same article, value and category"),
        ("extract_f1_value", ours, False, "the project's extractor scored on value only, comparable with quantulum3"),
        ("quantulum3_f1", baseline, False, "quantulum3 on the cleaned texts (as in notebook 03), value only: it has no categories"),
    ):
        s = evaluate.scores(evaluate.match(predicted, gold, match_category=by_category))
        rows.append(Measurement(name, round(s.f1, 3), "F1",
                                f"{note}; precision {s.precision:.3f}, recall {s.recall:.3f}, "
                                f"{s.true_positives} of {len(gold)} gold figures in {gold_file.name}"))
    return rows


# --- scaling on synthetic corpora ----------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    On Linux this is VmHWM from /proc/self/status: `ru_maxrss` would carry over the
    parent's peak through fork and exec, so a child started by a big process would report
    the parent's memory. Elsewhere it is `ru_maxrss` (kB on Linux, bytes on macOS).
    """
    with contextlib.suppress(OSError, AttributeError):
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M).group(1)) * 1024 / MB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (MB if sys.platform == "darwin" else 1000 / 1.024)


def measure_extraction(count: int, seed: int = 0, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Extract the figures of `count` synthetic articles, streamed one at a time; time, size and peak memory.

    Meant to run in a process of its own (`run_extraction_child`) so the peak memory is the
    extraction's. Figures are counted and hashed, not kept: the point is the extractor's cost.
    """
    from newsfigures import synthetic

    seeds = synthetic.load_seeds(corpus_dir)
    extractor = load_extractor()
    warm = synthetic.make_article(count, seed + 1, seeds)  # outside the measured corpus
    extract_document(warm.text, warm.doc_id, warm.published, extractor)
    baseline_mb = peak_rss_mb()
    digest = hashlib.sha256()
    seconds, size, figures = 0.0, 0, 0
    began_all = time.perf_counter()
    for article in synthetic.iter_articles(count, seed, seeds):
        began = time.perf_counter()
        found = extract_document(article.text, article.doc_id, article.published, extractor)
        seconds += time.perf_counter() - began
        size += text_bytes([article.text])
        figures += len(found)
        for f in found:
            digest.update(f"{f.doc_id}\t{f.char_start}\t{f.char_end}\t{f.value!r}\t{f.category}\n".encode())
    return {
        "articles": count,
        "seed": seed,
        "seconds": seconds,
        "wall_seconds": time.perf_counter() - began_all,
        "text_bytes": size,
        "figures": figures,
        "digest": digest.hexdigest(),
        "baseline_mb": baseline_mb,
        "peak_mb": peak_rss_mb(),
    }


def run_extraction_child(count: int, seed: int = 0) -> dict[str, Any]:
    """`measure_extraction` in a fresh Python process, so its peak memory is not this process's."""
    command = [sys.executable, "-m", "newsfigures.bench", "--measure-extraction", str(count), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"extraction of {count} synthetic articles failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scaling_table(results: Sequence[dict[str, Any]]) -> "pd.DataFrame":
    """One row per corpus size: articles, MB of text, seconds, seconds per 1k articles, MB/s, peak memory.

    >>> scaling_table([{"articles": 1000, "text_bytes": 6_000_000, "seconds": 20.0, "peak_mb": 90.0,
    ...                 "baseline_mb": 80.0, "figures": 9000}]).to_dict("records")
    [{'articles': 1000, 'text_mb': 6.0, 'seconds': 20.0, 'seconds_per_1k_articles': 20.0, 'mb_per_s': 0.3, 'peak_memory_mb': 90.0, 'baseline_memory_mb': 80.0, 'figures': 9000}]
    """
    import pandas as pd

    rows = [
        {
            "articles": r["articles"],
            "text_mb": round(r["text_bytes"] / MB, 2),
            "seconds": round(r["seconds"], 2),
            "seconds_per_1k_articles": round(r["seconds"] / r["articles"] * 1000, 3),
            "mb_per_s": round(r["text_bytes"] / MB / r["seconds"], 4),
            "peak_memory_mb": round(r["peak_mb"], 1),
            "baseline_memory_mb": round(r["baseline_mb"], 1),
            "figures": r["figures"],
        }
        for r in sorted(results, key=lambda r: r["articles"])
    ]
    return pd.DataFrame(rows)


def long_sentence(seeds: Sequence[tuple[str, str, str]], extractor: Extractor, length: int) -> str:
    """One sentence of at least `length` characters: the seed articles' sentences that hold a digit, without
    their full stops, joined by commas (repeated as often as needed), and one full stop at the end.

    A table pasted as one line, or a list without full stops, gives the extractor such a sentence.
    """
    from newsfigures.clean import clean_article
    from newsfigures.sentences import split_sentences

    clauses = [
        sentence.text.rstrip(".!?\"”’ ")
        for _, _, raw in seeds
        for sentence in split_sentences(clean_article(raw, list(extractor.rules)).text)
        if any(character.isdigit() for character in sentence.text)
    ]
    if not clauses:
        raise RuntimeError("no sentence of the seed corpus holds a number, so there is no long sentence to time; "
                           "use --corpus with articles that report figures")
    parts, size = [], 0
    for clause in itertools.cycle(clauses):
        parts.append(clause)
        size += len(clause) + 2
        if size >= length:
            return ", ".join(parts) + "."
    raise AssertionError("unreachable: the cycle is endless")


def long_sentence_benchmarks(seeds: Sequence[tuple[str, str, str]], extractor: Extractor, sizes: Sequence[int],
                             repeats: int = 7) -> list[Measurement]:
    """Seconds of `extract.figures_in_sentence` on one sentence of each length (best of `repeats`), and whether
    the time per character stays the same as the sentence grows.

    The lengths take turns within each repeat, so that a change in the machine's speed hits all alike.
    """
    from newsfigures.extract import figures_in_sentence
    from newsfigures.sentences import Sentence

    published = next((p for _, p, _ in seeds if p[:4].isdigit()), "")
    year = int(published[:4]) if published else None
    warm = long_sentence(seeds, extractor, 1)
    figures_in_sentence(Sentence(1, 0, len(warm), warm), "warm-up", year, extractor.cues, extractor.gazetteer)
    sentences = [Sentence(1, 0, len(text), text) for text in (long_sentence(seeds, extractor, n) for n in sizes)]
    best, found = [float("inf")] * len(sizes), [0] * len(sizes)
    for _ in range(max(1, repeats)):
        for index, sentence in enumerate(sentences):
            began = time.perf_counter()
            found[index] = len(figures_in_sentence(sentence, "long", year, extractor.cues, extractor.gazetteer))
            best[index] = min(best[index], time.perf_counter() - began)
    rows = [
        Measurement(f"long_sentence_s:{length}_chars", round(seconds, 4), "s",
                    f"{figures:,} figures in one sentence of {len(sentence.text):,} characters (the seed articles' "
                    f"sentences with numbers, joined by commas); best of {max(1, repeats)}")
        for length, sentence, seconds, figures in zip(sizes, sentences, best, found)
    ]
    per_1k_chars = [seconds / len(sentence.text) * 1000 for sentence, seconds in zip(sentences, best)]
    spread = max(per_1k_chars) / min(per_1k_chars)
    lengths = ", ".join(f"{n:,}" for n in sizes)
    rows.append(Measurement("long_sentence_linearity", round(spread, 3), "ratio",
                            f"largest / smallest time per 1k characters over sentences of {lengths} characters; "
                            f"linear if <= {LINEARITY_TOLERANCE:g}: {'yes' if spread <= LINEARITY_TOLERANCE else 'no'}"))
    return rows


def scaling_benchmarks(table: "pd.DataFrame") -> list[Measurement]:
    """The rows of benchmarks.csv for a scaling table: per size, and the linearity and memory verdicts."""
    rows = []
    for r in table.itertuples():
        n = f"{r.articles}_articles"
        rows += [
            Measurement(f"scaling_s:{n}", r.seconds, "s",
                        f"cleaning + extraction of {r.articles:,} synthetic articles ({r.text_mb:.1f} MB), one process, "
                        f"streamed one article at a time; {r.figures:,} figures"),
            Measurement(f"scaling_s_per_1k:{n}", r.seconds_per_1k_articles, "s per 1k articles", f"{r.mb_per_s:.3f} MB/s"),
            Measurement(f"scaling_peak_mb:{n}", r.peak_memory_mb, "MB",
                        f"peak resident memory (VmHWM) of the extraction's own process; {r.baseline_memory_mb:.0f} MB of it "
                        "before the first article (interpreter, imports, lexicons)"),
        ]
    per_1k = table["seconds_per_1k_articles"]
    spread = float(per_1k.max() / per_1k.min())
    per_mb = table["seconds"] / table["text_mb"]
    sizes = ", ".join(f"{a:,}" for a in table["articles"])
    rows.append(Measurement("scaling_linearity", round(spread, 3), "ratio",
                            f"largest / smallest time per 1k articles over {sizes} articles (per MB of text: "
                            f"{float(per_mb.max() / per_mb.min()):.3f}); linear if <= "
                            f"{LINEARITY_TOLERANCE:g}: {'yes' if spread <= LINEARITY_TOLERANCE else 'no'}"))
    largest = table.iloc[-1]
    rows.append(Measurement("scaling_peak_mb_largest", float(largest["peak_memory_mb"]), "MB",
                            f"{int(largest['articles']):,} articles; "
                            f"{target_note(float(largest['peak_memory_mb']), MEMORY_LIMIT_MB, at_most=True)}"))
    return rows


# --- the machine and the report ----------------------------------------------------------


def machine_info() -> dict[str, str]:
    """What the numbers were measured on: CPUs, CPU model, memory, Python, system, date, load."""
    model, memory_kb = platform.processor() or "unknown", 0
    with contextlib.suppress(OSError):
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        model = found.group(1).strip() if found else model
    with contextlib.suppress(OSError, AttributeError):
        memory_kb = int(re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0
    return {
        "cpus": str(cpus),
        "cpu_model": model,
        "memory_gb": f"{memory_kb / 1024 / 1024:.1f}" if memory_kb else "unknown",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    }


def machine_rows(info: dict[str, str], mode: str) -> list[Measurement]:
    return [
        Measurement("machine_cpus", float(info["cpus"]), "CPUs",
                    f"{info['cpu_model']}; {info['memory_gb']} GB memory; Python {info['python']}; {info['system']}; "
                    f"measured {info['date']}; load average at start {info['load_average']}; {mode} run"),
    ]


def benchmarks_table(measurements: Sequence[Measurement]) -> "pd.DataFrame":
    """The rows as the benchmarks.csv table."""
    import pandas as pd

    return pd.DataFrame([m.__dict__ for m in measurements], columns=COLUMNS)


def write_results(output: Path, measurements: Sequence[Measurement], scaling: "pd.DataFrame | None",
                  machine: dict[str, str]) -> dict[str, Path]:
    """Write benchmarks.csv and, when there is a scaling table, the scaling chart; returns what was written."""
    from newsfigures import charts, io
    from newsfigures.paths import Paths

    paths = Paths(root=output, corpus=output)
    written = {"benchmarks": io.write_csv(benchmarks_table(measurements), paths.reports / "benchmarks.csv")}
    if scaling is not None and len(scaling):
        source = (f"Source: python -m newsfigures.bench, synthetic corpora from the seed articles; "
                  f"{machine['cpus']} CPUs ({machine['cpu_model']}), Python {machine['python']}, {machine['date'][:10]}")
        figure = charts.bench_scaling(scaling, memory_limit_mb=MEMORY_LIMIT_MB, source=source)
        written |= {f"chart_{k}": v for k, v in io.save_chart(figure, scaling, paths.chart("bench", "scaling")).items()}
    return written


def parse_sizes(text: str) -> tuple[int, ...]:
    """Corpus sizes from '1000,10k,50k'.

    >>> parse_sizes("200, 1k,2000")
    (200, 1000, 2000)
    """
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        if not re.fullmatch(r"\d+k?", part) or part in ("0", "0k"):
            raise argparse.ArgumentTypeError(f"'{part}' is not a number of articles (e.g. 1000 or 10k)")
        sizes.append(int(part[:-1]) * 1000 if part.endswith("k") else int(part))
    return tuple(sorted(set(sizes)))


def parse_groups(text: str) -> tuple[str, ...]:
    groups = tuple(g.strip() for g in text.split(",") if g.strip())
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        raise argparse.ArgumentTypeError(f"unknown group(s) {', '.join(unknown) or '(none)'}; valid: {', '.join(GROUPS)}")
    return groups


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsfigures.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"a small version for tests and CI: corpora of {', '.join(map(str, QUICK_SIZES))} "
                             "articles, one run of each timing")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help=f"synthetic corpus sizes (default {','.join(map(str, FULL_SIZES))}, quick "
                             f"{','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--only", type=parse_groups, default=GROUPS, help=f"comma-separated groups: {','.join(GROUPS)}")
    parser.add_argument("--repeats", type=int, default=None, help="pipeline runs, each with its floor runs (default 5, quick 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora (default 0)")
    parser.add_argument("--output", default=".", help="root under which reports/benchmarks.csv and the chart are written")
    parser.add_argument("--config", default="config/pipeline.yml", help="pipeline config whose notebooks are timed")
    parser.add_argument("--corpus", default="data/raw", help="seed corpus: timed pipeline input and synthetic material")
    parser.add_argument("--gold", default="data/annotations/figures_gold.csv", help="gold annotation for the F1 scores")
    parser.add_argument("--engine", choices=["local", "dask"], default=None, help="pipeline engine (default: the config's)")
    parser.add_argument("--measure-extraction", type=int, metavar="N", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.measure_extraction is not None:  # the child process of run_extraction_child
        print(json.dumps(measure_extraction(args.measure_extraction, args.seed)), flush=True)
        return 0
    from newsfigures import paths
    from newsfigures.pipeline import RunError
    from newsfigures.corpus import CorpusError
    from newsfigures.params import ParameterError

    mode = "quick" if args.quick else "full"
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    repeats = args.repeats or (1 if args.quick else 5)
    root = paths.project_root()
    output = paths.resolve(args.output, Path.cwd())
    config, corpus, gold = (paths.resolve(p, root) for p in (args.config, args.corpus, args.gold))
    machine = machine_info()
    measurements = machine_rows(machine, mode)
    scaling = None

    def say(message: str) -> None:
        print(message, flush=True)

    try:
        if "pipeline" in args.only:
            say(f"pipeline: {repeats} run(s) of the notebooks and of their import-only floor ...")
            measurements += pipeline_benchmarks(config, corpus, repeats, args.engine)
        if "speed" in args.only or "accuracy" in args.only:
            seeds, extractor = seed_texts(corpus), load_extractor()
            if "speed" in args.only:
                say("speed: the extractor and quantulum3 on the seed texts ...")
                measurements += speed_benchmarks(seeds, extractor, 0.5 if args.quick else 5.0, 1 if args.quick else 3)
            if "accuracy" in args.only:
                say("accuracy: F1 on the gold annotation ...")
                measurements += accuracy_benchmarks(seeds, extractor, gold)
        if "scaling" in args.only:
            results = []
            for size in sizes:
                say(f"scaling: {size:,} synthetic articles in a separate process ...")
                results.append(run_extraction_child(size, args.seed))
                say(f"      {results[-1]['seconds']:.1f} s, peak {results[-1]['peak_mb']:.0f} MB")
            scaling = scaling_table(results)
            measurements += scaling_benchmarks(scaling)
            long_sizes = QUICK_LONG_SENTENCE_SIZES if args.quick else LONG_SENTENCE_SIZES
            say(f"scaling: one sentence of the seed sentences with numbers, {long_sizes[0]:,} to {long_sizes[-1]:,} characters ...")
            measurements += long_sentence_benchmarks(seed_texts(corpus), load_extractor(), long_sizes)
    except (RunError, CorpusError, ParameterError, RuntimeError, FileNotFoundError) as error:
        message = str(error)
        print(message if message.startswith("error:") else f"error: {message}", file=sys.stderr)
        return 1
    if hasattr(os, "getloadavg"):
        load = os.getloadavg()
        measurements.append(Measurement("machine_load_at_end", round(load[0], 2), "load average",
                                        f"1, 5 and 15 minute load averages when the benchmarks finished: "
                                        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {machine['cpus']} CPUs; "
                                        "a load above the CPU count means other processes competed for them"))
    written = write_results(output, measurements, scaling, machine)
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_colwidth", 70):
        say(benchmarks_table(measurements).to_string(index=False))
    for path in written.values():
        say(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
