"""The command line: `python -m newsfigures run | params | extract`, and the papermill runner behind `run`.

A run writes into a staging folder beside the outputs and moves its outputs into place
only when every step succeeded, so a failed or interrupted run leaves the last good
tables and report untouched.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from newsfigures import paths as project_paths
from newsfigures.corpus import DEFAULT_MAX_FILE_MB, Corpus, CorpusError, load_corpus
from newsfigures.params import ParameterError, check_parameters, read_parameters

OUTPUT_PARTS = (Path("data") / "interim", Path("data") / "processed", Path("reports"))
STAGING_PREFIX = ".newsfigures-staging"
RUN_LOCK = ".newsfigures-run.lock"  # in an output folder: held by the run writing into it
PUBLISHING_MARK = ".publishing"  # in a staging folder: every step succeeded and its outputs are being moved into place
FAILED_DIR = Path("reports") / "failed"
CONFIG_KEYS = ("engine", "dask_scheduler", "steps")  # what a pipeline config may set
STEP_KEYS = ("step", "notebook", "parameters", "render")  # what each of its steps may set


class RunError(RuntimeError):
    """A run that stopped; the message is the one line the user sees."""


@dataclass
class Step:
    """One notebook of the pipeline and the parameters the config gives it."""

    step: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    render: str | None = None

    @property
    def name(self) -> str:
        return self.notebook.stem


def load_config(config_file: Path) -> tuple[list[Step], dict[str, Any]]:
    """The steps in order and the run-wide settings of a pipeline config file."""
    import yaml

    if not config_file.is_file():
        raise ParameterError(f"--config {config_file}: file does not exist; the default is config/pipeline.yml")
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError as error:
        raise ParameterError(f"{config_file}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ParameterError(f"{config_file}{line}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(config, dict) or not isinstance(config.get("steps", []), list):
        raise ParameterError(f"{config_file}: expected 'steps:' followed by a list of steps, as in config/pipeline.yml")
    _check_keys(config, CONFIG_KEYS, f"{config_file}")
    root = project_paths.project_root()
    steps = []
    for index, entry in enumerate(config.get("steps") or [], start=1):
        if not isinstance(entry, dict) or "notebook" not in entry or "step" not in entry:
            raise ParameterError(f"{config_file}: step {index} needs 'step' and 'notebook' keys")
        _check_keys(entry, STEP_KEYS, f"{config_file}: step {entry['step']}")
        if not isinstance(entry["notebook"], str) or not isinstance(entry.get("parameters") or {}, dict):
            raise ParameterError(f"{config_file}: step {entry['step']}: 'notebook' must be a path and 'parameters' a "
                                 "mapping of name: value lines, as in config/pipeline.yml")
        if str(entry["step"]) in {s.step for s in steps}:
            raise ParameterError(f"{config_file}: step {entry['step']} is listed twice; give each step its own number")
        notebook = project_paths.resolve(entry["notebook"], root)
        if not notebook.is_file():
            raise ParameterError(f"{config_file}: step {entry['step']} names {entry['notebook']}, which does not exist")
        steps.append(
            Step(str(entry["step"]), notebook, dict(entry.get("parameters") or {}), entry.get("render"))
        )
    if not steps:
        raise ParameterError(f"{config_file}: no steps; list the notebooks under 'steps:'")
    settings = {k: v for k, v in config.items() if k != "steps"}
    return steps, settings


def _check_keys(mapping: dict[str, Any], valid: tuple[str, ...], where: str) -> None:
    """A misspelt key (`engnie: dask`) would be ignored and the run would do something else: stop instead.

    >>> _check_keys({"engnie": "dask"}, CONFIG_KEYS, "pipeline.yml")
    Traceback (most recent call last):
    ...
    newsfigures.params.ParameterError: pipeline.yml: unknown key 'engnie' (did you mean 'engine'?); valid: engine, dask_scheduler, steps
    """
    import difflib

    for key in mapping:
        if key not in valid:
            close = difflib.get_close_matches(str(key), valid, n=1)
            guess = f" (did you mean '{close[0]}'?)" if close else ""
            raise ParameterError(f"{where}: unknown key '{key}'{guess}; valid: {', '.join(valid)}")


def select_steps(steps: list[Step], only: str | None, start: str | None) -> list[Step]:
    """The steps to run for `--only STEP` or `--from STEP` (a number such as 03 or a notebook name)."""
    wanted = only if only is not None else start
    if wanted is None:
        return steps
    for index, step in enumerate(steps):
        if wanted in (step.step, step.step.lstrip("0"), step.name, step.name.split("-", 1)[-1]):
            return [step] if only is not None else steps[index:]
    valid = ", ".join(f"{s.step} ({s.name})" for s in steps)
    flag = "--only" if only is not None else "--from"
    raise ParameterError(f"{flag} {wanted or repr(wanted)}: no such step; valid: {valid}")


def effective_parameters(step: Step, output: Path, corpus: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """Every parameter a step runs with: the notebook's defaults, overridden by the config and the run's folders."""
    values = {name: p.default for name, p in read_parameters(step.notebook).items()}
    return values | run_parameters(step, output, corpus, settings)


def run_parameters(step: Step, output_root: Path, corpus: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """What papermill injects: the config's parameters plus the run's folders where the notebook takes them."""
    declared = read_parameters(step.notebook)
    given = dict(step.parameters)
    run_wide = (("output_dir", str(output_root)), ("corpus_dir", str(corpus)), ("engine", settings.get("engine")),
                ("dask_scheduler", settings.get("dask_scheduler")))
    for name, value in run_wide:
        if name in declared and value is not None:
            given[name] = value
    return given


def git_commit(root: Path) -> str:
    """The checked-out commit (with `+dirty` for local changes), or 'unknown' outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@contextlib.contextmanager
def _stderr_to(log_file: Path):
    """Send this process's standard error, which the kernel inherits, to a log file for the duration.

    The kernel writes start-up notices there; a run's own messages go to standard output.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log_file, "wb") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _interrupt(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


PIPELINE_REPORTS = {"executed", "figures", "failed", "report.html", "run_record.json"}


def _keep_others(source: Path, staging: Path) -> None:
    """Carry into staging what other tools keep in `reports/` (benchmarks, screenshots, PDFs, their charts).

    A full run replaces the pipeline's own outputs only: charts of numbered steps (`03-...`) and
    the entries in `PIPELINE_REPORTS`.
    """
    reports = source / "reports"
    if not reports.is_dir():
        return
    for entry in reports.iterdir():
        if entry.name not in PIPELINE_REPORTS and entry.name != ".gitkeep":
            copy = shutil.copytree if entry.is_dir() else shutil.copy2
            copy(entry, staging / "reports" / entry.name)
    for chart in (reports / "figures").glob("*") if (reports / "figures").is_dir() else []:
        if chart.is_file() and not chart.name[:1].isdigit():
            (staging / "reports" / "figures").mkdir(parents=True, exist_ok=True)
            shutil.copy2(chart, staging / "reports" / "figures" / chart.name)


@contextlib.contextmanager
def _hold_output(output: Path) -> Iterator[None]:
    """Hold an output folder for one run: a second run into it stops at once instead of racing this one.

    The lock (`flock` on `.newsfigures-run.lock` in the folder) is the kernel's: it goes with the
    process however that ends, SIGKILL included, and holds across containers that share the folder.
    """
    try:
        import fcntl
    except ModuleNotFoundError:  # Windows: no POSIX locks (nor the signal masks of publishing)
        raise RunError("error: the runner needs Linux or macOS; on Windows, run it inside WSL (README: Two commands)") from None

    with open(output / RUN_LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunError(f"error: another run is writing into {output} ({holder}); "
                           f"wait for it to end, or pass another --output") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"run of process {os.getpid()} on {socket.gethostname()}, "
                     f"started {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}\n")
        handle.flush()
        yield  # the lock goes when the file closes


_LEFT_BEHIND = re.compile(rf"^{re.escape(STAGING_PREFIX)}-(?:old-(?:{'|'.join(p.name for p in OUTPUT_PARTS)})-)?(?P<run>.+)$")


def _sweep_abandoned(output: Path) -> list[str]:
    """Finish or clear what a killed run (SIGKILL, a power cut) left beside the outputs; one line per repair.

    Called with the output folder held (`_hold_output`), so whatever staging folders are there
    belong to runs that have ended. Publishing starts only after every step succeeded, and writes
    `.publishing` into the staging folder before its first move; a run that ended while publishing
    (with a part perhaps moved aside as `.newsfigures-staging-old-<part>-<run>`) is finished: its
    remaining parts are moved into place, so the outputs are all of that run, never a mix of two.
    Any other staging folder is an unfinished run and is removed.
    """
    runs = sorted({match["run"] for entry in output.iterdir()
                   if entry.is_dir() and (match := _LEFT_BEHIND.match(entry.name))})
    repairs = []
    for run_id in runs:
        staging = output / f"{STAGING_PREFIX}-{run_id}"
        publishing = (staging / PUBLISHING_MARK).is_file()
        for part in OUTPUT_PARTS:
            aside = output / f"{STAGING_PREFIX}-old-{part.name}-{run_id}"
            if publishing and (staging / part).is_dir():
                if (output / part).exists() and not aside.exists():
                    os.replace(output / part, aside)
                os.replace(staging / part, output / part)
            elif not (output / part).exists() and aside.exists():  # moved aside, and nothing newer came
                os.replace(aside, output / part)
        if publishing:
            repairs.append(f"finished moving the outputs of run {run_id} into place; it had ended while moving them")
        elif any((output / part).exists() for part in OUTPUT_PARTS):
            repairs.append(f"cleared run {run_id}, which ended before it finished; the outputs are those of the run before it")
        else:
            repairs.append(f"cleared run {run_id}, which ended before it finished; there were no outputs before it")
        for entry in [staging] + [output / f"{STAGING_PREFIX}-old-{part.name}-{run_id}" for part in OUTPUT_PARTS]:
            shutil.rmtree(entry, ignore_errors=True)
    return repairs


def _data_files(root: Path) -> set[str]:
    """The files under a folder's data/interim and data/processed, as paths relative to it."""
    return {path.relative_to(root).as_posix() for part in OUTPUT_PARTS[:2] if (root / part).is_dir()
            for path in (root / part).rglob("*") if path.is_file() and path.name != ".gitkeep"}


def _recorded_outputs(output: Path) -> set[str] | None:
    """The data files the last run wrote (its run record's `data_outputs`), or None when no record lists them."""
    try:
        listed = json.loads((output / "reports" / "run_record.json").read_text(encoding="utf-8")).get("data_outputs")
    except (OSError, ValueError, AttributeError):
        return None
    return set(listed) if isinstance(listed, list) else None


def _keep_user_files(output: Path, staging: Path, full: bool) -> tuple[list[str] | None, list[str]]:
    """What the run's data outputs are, and the files of somebody else's it carried into staging.

    A full run replaces data/interim and data/processed whole, so a file there that no run wrote
    (a student's own table) would be lost: it is carried over, and so is any file when no record says
    what the last run wrote. A file the last run wrote and this one did not is stale, and goes.
    """
    before, previous = _data_files(output), _recorded_outputs(output)
    if not full:  # the staging folder started as a copy of the outputs: everything is kept
        return (sorted(previous | (_data_files(staging) - before)) if previous is not None else None), []
    produced = _data_files(staging)
    kept = sorted(f for f in before - produced if previous is None or f not in previous)
    for name in kept:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(output / name, staging / name)
    return sorted(produced), kept


def _prepare_staging(output: Path, keep_existing: bool) -> Path:
    staging = output / f"{STAGING_PREFIX}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    for part in OUTPUT_PARTS:
        target = staging / part
        if keep_existing and (output / part).is_dir():
            shutil.copytree(output / part, target, ignore=shutil.ignore_patterns("failed"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            if (output / part / ".gitkeep").exists():
                (target / ".gitkeep").touch()
    if not keep_existing:
        _keep_others(output, staging)
    return staging


def _publish(staging: Path, output: Path) -> None:
    """Move each staged output folder into place, one rename each."""
    (staging / PUBLISHING_MARK).touch()  # from here on the run is done: if it is killed, the next run finishes this
    for part in OUTPUT_PARTS:
        new, current = staging / part, output / part
        current.parent.mkdir(parents=True, exist_ok=True)
        old = output / f"{STAGING_PREFIX}-old-{part.name}-{os.getpid()}"
        if current.exists():
            os.replace(current, old)
        os.replace(new, current)
        if old.exists():
            shutil.rmtree(old)
    shutil.rmtree(staging, ignore_errors=True)


def _failing_line(error: Any) -> str:
    """The line of the cell that raised, from IPython's traceback, else the cell's first line.

    IPython marks it "----> 3 rules = ...", with one dash fewer for each digit more ("---> 10 rules = ...").
    """
    for frame in error.traceback or []:
        for text in re.sub(r"\x1b\[[0-9;]*m", "", frame).splitlines():
            marked = re.match(r"\s*-+>\s*\d+ ?(.*)", text)
            if marked:
                return marked.group(1).strip()
    if len(error.traceback or []) == 1 and error.traceback[0].startswith(f"{error.ename}: "):
        return ""  # an error that renders itself in one line (ParameterError) shows no line to point at
    return next((l.strip() for l in str(error.source or "").splitlines() if l.strip() and not l.startswith("#")), "")


ENGINE_NAME = "newsfigures"


@functools.cache
def _engine() -> str:
    """papermill's nbclient engine, writing the executed notebook when a run starts and when it ends.

    papermill's own engine writes the whole executed notebook before and after every cell, so
    that someone can watch a long notebook fill in. Ours run for seconds, into a staging folder
    nobody watches, and each write costs more as the notebook fills with tables and charts: 257
    writes and about 0.8 s a run, most of it for step 07 (38 cells, 1.3 MB). The notebook is
    still written when the run ends, also when a cell fails, the kernel dies or the run is
    interrupted (the `finally` of `execute_notebook` below), so a failed step keeps the cells it
    ran; and papermill's autosave still writes it every 30 s of a long run (a big corpus).
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class SavingAtEnds(NotebookExecutionManager):
        _saving = True

        def save(self, **kwargs: Any) -> None:
            if self._saving:
                super().save(**kwargs)

        @contextlib.contextmanager
        def _not_saving(self):
            self._saving = False
            try:
                yield
            finally:
                self._saving = True

        def cell_start(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
            with self._not_saving():
                super().cell_start(cell, cell_index, **kwargs)

        def cell_complete(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
            with self._not_saving():
                super().cell_complete(cell, cell_index, **kwargs)

        def notebook_complete(self, **kwargs: Any) -> None:
            self._saving = True  # even if a signal landed inside `_not_saving` before its `try`
            super().notebook_complete(**kwargs)

    class NewsfiguresEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None,
                             progress_bar: bool | dict = True, log_output: bool = False, autosave_cell_every: int = 30,
                             **kwargs: Any) -> Any:
            # papermill 2.7.0's Engine.execute_notebook (engines.py), with the manager above;
            # pyproject.toml keeps papermill below 3 so that this copy stays true
            manager = SavingAtEnds(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                   autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager.notebook_complete()
            return manager.nb

    papermill_engines.register(ENGINE_NAME, NewsfiguresEngine)
    return ENGINE_NAME


def run_notebook(notebook: Path, executed: Path, parameters: dict[str, Any], cwd: Path) -> None:
    """One papermill run of `notebook` into `executed`, its kernel's standard error into a log beside it.

    The runner and the benchmark's floor both run notebooks through here, so they run the same way.
    """
    import papermill as pm

    executed.parent.mkdir(parents=True, exist_ok=True)
    with _stderr_to(executed.with_suffix(".stderr.log")):
        pm.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            cwd=str(cwd),
            engine_name=_engine(),
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
        )


def _failure_line(step: Step, error: BaseException, kept: Path, output: Path) -> str:
    from papermill.exceptions import PapermillExecutionError

    where = os.path.relpath(kept, output) if kept.is_relative_to(output) else str(kept)
    notebook = f"notebooks/{step.notebook.name}"
    if isinstance(error, PapermillExecutionError):
        message = (str(error.evalue).strip().splitlines() or [""])[0]
        line = _failing_line(error)
        cell = f"cell In [{error.exec_count}]" if error.exec_count else f"cell {error.cell_index}"
        return (
            f"error: step {step.step} {notebook} failed in {cell}{f' ({line[:60]})' if line else ''}: "
            f"{error.ename}: {message} (executed notebook kept at {where})"
        )
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"error: step {step.step} {notebook} failed: {type(error).__name__}: {first} (see {where})"


DEFAULT_CORPUS = "data/raw"


def run(
    config_file: Path,
    corpus: Path | None,
    output: Path,
    only: str | None = None,
    start: str | None = None,
    engine: str | None = None,
    quiet: bool = False,
) -> Path:
    """Check everything, run the selected notebooks into staging, then publish; returns the output root.

    `corpus` None is `data/raw` for a whole run; for `only` or `start`, the corpus the output
    folder's last run read (its run_record.json), since the later steps must read the articles
    the earlier ones tabulated. A partial run given another corpus than that one stops.
    """
    from newsfigures import nltk_resources

    def say(message: str) -> None:
        if not quiet:
            print(message, flush=True)

    steps, settings = load_config(config_file)
    if engine is not None:
        settings["engine"] = engine
    selected = select_steps(steps, only, start)
    corpus = corpus_of_run(corpus, output, partial=len(selected) < len(steps))
    if not corpus.is_dir():
        raise ParameterError(f"--corpus {corpus}: {'a file, not a folder' if corpus.is_file() else 'folder does not exist'}; "
                             "pass a folder of .txt articles")
    for step in steps:
        check_parameters(step.notebook, run_parameters(step, output, corpus, settings), f"{config_file.name} step {step.step}")
    check_word_lists(steps, {s.step: effective_parameters(s, output, corpus, settings) for s in steps})
    max_mb = next((s.parameters["max_file_mb"] for s in steps if "max_file_mb" in s.parameters), DEFAULT_MAX_FILE_MB)
    loaded = load_corpus(corpus, max_mb)  # stops here, before any notebook, on a bad corpus
    for file, warning in loaded.warnings:
        say(f"warning: {file}: {warning}")
    parameters = {s.step: effective_parameters(s, output, corpus, settings) for s in steps}
    for warning in check_gold_file(selected, parameters, {a.doc_id for a in loaded.articles}):
        say(f"warning: {warning}")
    for step in selected:  # a kwic_terms that names no framing term shows an empty table, so say it now
        if "kwic_terms" in parameters[step.step] and parameters[step.step].get("lexicon_dir"):
            from newsfigures import framing

            terms = framing.load_terms(project_paths.resolve(parameters[step.step]["lexicon_dir"]) / "framing_terms.csv")
            note = framing.kwic_selection(parameters[step.step]["kwic_terms"], terms)[1]
            if note:
                say(f"note: step {step.step}: {note}")
    nltk_resources.ensure()

    check_output(output)
    if selected[0] is not steps[0] and not output.is_dir():
        raise _needs_earlier_steps(selected[0], output)
    output.mkdir(parents=True, exist_ok=True)
    with _hold_output(output):
        return _run_held(steps, selected, settings, config_file, corpus, output, loaded, say)


def word_lists_read(notebook: Path) -> list[str]:
    """The word lists a notebook reads: the names in its `paths.lexicon("...")` calls, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    return list(dict.fromkeys(re.findall(r"""\.lexicon\(["']([^"']+)["']\)""", source)))


def _word_list_loaders() -> dict[str, Callable[[Path, Any], Any]]:
    """How each word list is read (and so checked): the loader its notebook calls."""
    from newsfigures import attribution, clean, dates, extract, framing
    from newsfigures.gazetteer import Gazetteer

    return {
        "furniture.yml": lambda path, names: clean.load_rules(path),
        "gazetteer.csv": lambda path, names: Gazetteer.from_csv(path),
        "figure_cues.csv": lambda path, names: extract.load_cues(path),
        "event_cues.csv": lambda path, names: dates.load_event_cues(path, names),
        "attribution_cues.csv": lambda path, names: attribution.load_cues(path),
        "speaker_groups.csv": lambda path, names: attribution.Speakers.from_csv(path, names),
        "framing_terms.csv": lambda path, names: framing.load_terms(path, names),
        "multiword_expressions.csv": lambda path, names: framing.load_expressions(path),
    }


def check_word_lists(steps: list[Step], parameters: dict[str, dict[str, Any]]) -> None:
    """Read every word list each step will read, so that a broken row stops the run before step 01, not at step 06.

    Each list is read by the loader its notebook calls (about 0.05 s for all of them), from the
    step's `lexicon_dir`; the loaders' errors already name the file and the row.
    """
    loaders = _word_list_loaders()
    loaded: dict[Path, Any] = {}
    for step in steps:
        folder = parameters[step.step].get("lexicon_dir")
        if folder is None:
            continue
        folder = project_paths.resolve(folder)
        for name in sorted(word_lists_read(step.notebook), key=lambda n: n != "gazetteer.csv"):  # speakers need names
            path = folder / name
            if not path.is_file():
                raise ParameterError(f"step {step.step}: lexicon_dir {folder} has no {name}, which "
                                     f"{step.notebook.name} reads; copy it from data/lexicons")
            if path in loaded or name not in loaders:
                continue
            loaded[path] = _load_word_list(path, loaders[name], loaded.get(folder / "gazetteer.csv"))


def _load_word_list(path: Path, loader: Callable[[Path, Any], Any], names: Any) -> Any:
    """A word list read by its loader; a broken one raises ParameterError with the loader's first line, naming the file."""
    try:
        return loader(path, names)
    except (ValueError, KeyError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ParameterError(message if path.name in message else f"{path}: {message}") from None


def check_gold_file(selected: list[Step], parameters: dict[str, dict[str, Any]], doc_ids: set[str]) -> list[str]:
    """Check the gold file a step that scores will read (step 03's `gold_file`): errors stop, the rest are warnings."""
    from newsfigures.evaluate import check_gold

    warnings = []
    for step in selected:
        gold_file = parameters[step.step].get("gold_file")
        if gold_file and project_paths.resolve(gold_file).is_file():
            try:
                warnings += check_gold(project_paths.resolve(gold_file), doc_ids)
            except (ValueError, KeyError) as error:
                raise ParameterError(f"step {step.step} gold_file: {str(error).splitlines()[0]}") from None
    return warnings


def check_output(output: Path) -> None:
    """Stop, in one line, where the run could not write its outputs: a file in the way, or a folder it may not write.

    Checked before any notebook runs, so that six steps' work is not lost to it at the end.
    """
    for folder in (output, *(output / part for part in OUTPUT_PARTS)):
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise ParameterError(f"--output {output}: {blocking} is a file, and the run needs a folder there; "
                                 "move the file or pass another --output")
    existing = next(p for p in (output, *output.parents) if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError(f"--output {output}: {existing} is not writable for you; pass a folder you can write to")


def previous_record(output: Path) -> dict[str, Any]:
    """The run record of the output folder's last run, or {} where there is none (or none this runner wrote)."""
    try:
        record = json.loads((output / "reports" / "run_record.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no earlier run, or a record that is not JSON: nothing to follow
        return {}
    return record if isinstance(record, dict) else {}


def corpus_of_run(corpus: Path | None, output: Path, partial: bool) -> Path:
    """The corpus a run reads: `corpus`, else the one the output's earlier steps read (partial runs), else data/raw."""
    record_file = output / "reports" / "run_record.json"
    recorded = previous_record(output).get("corpus") if partial else None
    if recorded is None:
        return corpus or project_paths.resolve(DEFAULT_CORPUS, Path.cwd())
    recorded_path = Path(recorded)
    if corpus is None:
        if not recorded_path.is_dir():
            raise ParameterError(f"the earlier steps in {output} read the corpus {recorded_path}, which is gone; "
                                 f"pass --corpus with the folder it moved to, or run every step")
        return recorded_path
    if corpus.resolve() != recorded_path.resolve():
        raise ParameterError(f"--corpus {corpus}: the earlier steps in {output} read {recorded_path} ({record_file.name}); "
                             f"pass --corpus {recorded_path}, or run every step to use {corpus}")
    return corpus


def _needs_earlier_steps(step: Step, output: Path) -> RunError:
    return RunError(
        f"error: step {step.step} needs the outputs of the steps before it, and {output} has none; "
        f"run them first: python -m newsfigures run --output {output}"
    )


def _run_held(steps: list[Step], selected: list[Step], settings: dict[str, Any], config_file: Path, corpus: Path,
              output: Path, loaded: Corpus, say: Callable[[str], None]) -> Path:
    """The part of `run` that writes: with the output folder held, so no other run writes into it meanwhile."""
    for repair in _sweep_abandoned(output):
        print(f"note: {repair}", flush=True)  # even with --quiet: outputs were changed before this run began
    if selected[0] is not steps[0] and not (output / "data" / "processed" / "articles.csv").is_file():
        raise _needs_earlier_steps(selected[0], output)
    staging = _prepare_staging(output, keep_existing=len(selected) < len(steps))
    root = project_paths.project_root()
    record = {
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(root),
        "config": str(config_file),
        "corpus": str(corpus),
        "engine": settings.get("engine", "local"),
        "ran": [s.step for s in selected],
        "steps": {s.step: {"notebook": f"notebooks/{s.notebook.name}", "parameters": effective_parameters(s, output, corpus, settings)}
                  for s in steps},
    }
    if len(selected) < len(steps):
        # The steps that do not run keep the parameters they ran with: a report rebuilt with --only 07
        # and the default config still says which gold file step 03 scored against.
        earlier = previous_record(output).get("steps", {})
        ran = {s.step for s in selected}
        record["steps"] |= {step: entry for step, entry in earlier.items() if step not in ran and step in record["steps"]}
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    current: Step | None = None
    try:
        from newsfigures import io

        io.write_text(staging / "reports" / "run_record.json", json.dumps(record, indent=2, sort_keys=True) + "\n")
        for number, step in enumerate(selected, start=1):
            current = step
            say(f"[{number}/{len(selected)}] {step.step} {step.name} ...")
            began = time.perf_counter()
            executed = staging / "reports" / "executed" / step.notebook.name
            run_notebook(step.notebook, executed, run_parameters(step, staging, corpus, settings), root)
            if step.render:
                from newsfigures.report import render_html

                render_html(executed, staging / step.render)
            say(f"      done in {time.perf_counter() - began:.1f} s")
        current = None
        record["data_outputs"], kept = _keep_user_files(output, staging, full=len(selected) == len(steps))
        io.write_text(staging / "reports" / "run_record.json", json.dumps(record, indent=2, sort_keys=True) + "\n")
        if kept:
            print(f"note: kept {len(kept)} file{'s' if len(kept) > 1 else ''} in {output} that no run of the pipeline "
                  f"wrote: {', '.join(kept[:5])}{' ...' if len(kept) > 5 else ''}", flush=True)
        changed = [a.file for a in loaded.articles
                   if hashlib.sha256((corpus / a.file).read_bytes()).hexdigest() != a.sha256]
        if changed:
            raise RunError(f"error: the run changed raw files {', '.join(changed)}; nothing was published, restore them from git")
        blocked = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)  # the renames of publishing are not interrupted
        try:
            _publish(staging, output)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    except BaseException as error:
        if (staging / PUBLISHING_MARK).exists():  # every step succeeded; the staging folder now holds part of the outputs
            raise RunError(
                f"error: moving the finished outputs into place failed partway ({type(error).__name__}: {error}); "
                f"run again: the next run into {output} finishes the move first"
            ) from None
        kept = output / FAILED_DIR / (current.notebook.name if current else "run.log")
        if current is not None:
            from newsfigures import io

            executed = staging / "reports" / "executed" / current.notebook.name
            for source, target in ((executed, kept), (executed.with_suffix(".stderr.log"), kept.with_suffix(".stderr.log"))):
                if source.exists():
                    io.write_bytes(target, source.read_bytes())
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, KeyboardInterrupt):
            raise RunError("interrupted: nothing was published; the previous outputs are unchanged") from None
        if current is None:
            raise
        raise RunError(_failure_line(current, error, kept, output)) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    renderers = [step for step in steps if step.render]
    if any(step.render for step in selected):
        say(f"report: {output / next(step.render for step in reversed(selected) if step.render)}")
    elif renderers:
        say(f"report: not rebuilt, because step {renderers[-1].step} makes it and did not run; "
            f"--only {renderers[-1].step} rebuilds it from these outputs")
    return output


def print_parameters(config_file: Path) -> None:
    """Every notebook's parameters with type, default and help, and what the config sets."""
    steps, _ = load_config(config_file)
    for step in steps:
        print(f"{step.step}  notebooks/{step.notebook.name}")
        for parameter in read_parameters(step.notebook).values():
            configured = f"  [config: {step.parameters[parameter.name]!r}]" if parameter.name in step.parameters else ""
            print(f"    {parameter.name}: {parameter.type_name} = {parameter.default!r}  # {parameter.help}{configured}")
        print()


def extract_files(files: list[Path], lexicon_dir: Path | None = None) -> str:
    """Clean the given raw text files and return the figures table as CSV text (doc_id = file stem, made unique).

    A file named `-` is standard input, with doc_id `stdin`: `pbpaste | python -m newsfigures extract -`.
    `lexicon_dir` is a word list folder of one's own (its furniture.yml, figure_cues.csv and
    gazetteer.csv, checked first as a run checks them); by default the project's.
    """
    from newsfigures import nltk_resources
    from newsfigures.corpus import article_text, unique_doc_id
    from newsfigures.extract import figures_table_for_texts

    if lexicon_dir is not None:
        _check_extract_word_lists(lexicon_dir)
    nltk_resources.ensure(["punkt_tab"])
    texts: dict[str, str] = {}
    for file in files:
        if str(file) == "-":
            data, file = sys.stdin.buffer.read(), Path("stdin")
        elif not file.is_file():
            raise CorpusError(f"{file}: no such file")
        else:
            data = file.read_bytes()
        text, notes = article_text(data, str(file))
        for note in notes:
            print(f"warning: {file}: {note}", file=sys.stderr)
        texts[unique_doc_id(file.stem, set(texts))] = text
    return figures_table_for_texts(texts, lexicon_dir).to_csv(index=False, lineterminator="\n")


def _check_extract_word_lists(folder: Path) -> None:
    """The word lists `extract` reads from a folder of one's own: there, and readable, or one line that says which row."""
    if not folder.is_dir():
        raise ParameterError(f"--lexicon-dir {folder}: no such folder; give a folder of word lists like data/lexicons")
    loaders = _word_list_loaders()
    for name in ("gazetteer.csv", "furniture.yml", "figure_cues.csv"):
        path = folder / name
        if not path.is_file():
            raise ParameterError(f"--lexicon-dir {folder} has no {name}, which extract reads; copy it from data/lexicons")
        _load_word_list(path, loaders[name], None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsfigures", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="execute the numbered notebooks in order with papermill")
    run_cmd.add_argument("--corpus", help=f"folder of UTF-8 .txt articles (manifest.csv optional); default {DEFAULT_CORPUS}, "
                         "or with --only/--from the corpus the output's earlier steps read")
    run_cmd.add_argument("--output", default=".", help="where data/interim, data/processed and reports are written")
    run_cmd.add_argument("--config", default="config/pipeline.yml", help="pipeline config file")
    which = run_cmd.add_mutually_exclusive_group()
    which.add_argument("--only", metavar="STEP", help="run one step (e.g. 03), reusing earlier outputs")
    which.add_argument("--from", dest="start", metavar="STEP", help="run from this step on")
    run_cmd.add_argument("--engine", choices=["local", "dask"], help="override the config's engine")
    run_cmd.add_argument("--quiet", action="store_true", help="print only errors")
    params_cmd = commands.add_parser("params", help="print every notebook's parameters")
    params_cmd.add_argument("--config", default="config/pipeline.yml")
    extract_cmd = commands.add_parser("extract", help="print the figures of raw text files as CSV")
    extract_cmd.add_argument("files", nargs="+", type=Path, help="raw .txt articles; - reads one from standard input")
    extract_cmd.add_argument("--lexicon-dir", type=Path, help="folder with furniture.yml, figure_cues.csv and gazetteer.csv "
                             "(default: the project's data/lexicons)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        root = project_paths.project_root()
        if args.command == "run":
            run(
                project_paths.resolve(args.config, Path.cwd()),
                project_paths.resolve(args.corpus, Path.cwd()) if args.corpus else None,
                project_paths.resolve(args.output, Path.cwd()),
                only=args.only,
                start=args.start,
                engine=args.engine,
                quiet=args.quiet,
            )
        elif args.command == "params":
            print_parameters(project_paths.resolve(args.config, root))
        elif args.command == "extract":
            lexicon_dir = project_paths.resolve(args.lexicon_dir, Path.cwd()) if args.lexicon_dir else None
            sys.stdout.write(extract_files(args.files, lexicon_dir))
    except (RunError, CorpusError, ParameterError, OSError) as error:
        message = str(error)
        print(message if message.startswith("error:") else f"error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C before a run holds its outputs: nothing was written yet
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the CLI's promise is one line, not a traceback
        from newsfigures.nltk_resources import MissingResourceError

        if isinstance(error, MissingResourceError):
            print(f"error: {error}", file=sys.stderr)
            return 1
        raise
    return 0
