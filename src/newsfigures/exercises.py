"""Exercise notebooks in Otter Assign's v1 format: build student and grader versions, check answers, grade submissions.

An exercise is a notebook under `notebooks/exercises/` marked up as Otter Assign (v1) expects:
a raw `# ASSIGNMENT CONFIG` cell first, then per question raw cells `# BEGIN QUESTION`
(with `name:` and `points:`), `# BEGIN SOLUTION` / `# END SOLUTION` around the solution cells,
`# BEGIN TESTS` / `# END TESTS` around the test cells (`# HIDDEN` as a test's first line hides
it) and `# END QUESTION`. Inside solution code, a line ending in `# SOLUTION` becomes `...`
(an assignment keeps its left side) and a `# BEGIN SOLUTION` ... `# END SOLUTION` block
becomes `# YOUR CODE HERE` and `...` (`# BEGIN SOLUTION NO PROMPT` and lines ending in
`# SOLUTION NO PROMPT` leave nothing; a triple-quoted string opened by `# BEGIN PROMPT` and
closed by `# END PROMPT` shows its contents to students instead).

Commands (`python -m newsfigures.exercises ...`):

- `build`: student versions (no solutions, no hidden tests; one `check(...)` cell per question
  runs the visible tests) into `build/exercises/student/`, grader versions (solutions removed,
  every test kept) into `build/exercises/grader/`, and with a roster one personalised copy per
  student into `build/exercises/students/ID/`.
- `grade DIR`: runs every submitted notebook in its own kernel, with a time limit per cell and
  per notebook, the grader's tests (hidden ones included) appended, and writes
  `build/exercises/grades.csv` (student, exercise, question, points, max, status, error, file).

Course-wide settings (seed, roster, time limits, data folder) are in `notebooks/exercises/course.yml`.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import re
import sys
import tempfile
import textwrap
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # nbformat and pandas cost import time; `check` in a student notebook needs neither
    import pandas as pd
    from nbformat import NotebookNode

SOURCE_DIR = Path("notebooks") / "exercises"
BUILD_DIR = Path("build") / "exercises"
COURSE_FILE = "course.yml"
DEFAULT_COURSE = {"seed": 2023, "roster": "", "data_dir": ".", "cell_timeout": 60, "notebook_timeout": 300}
PLACEHOLDER_CODE = "# YOUR CODE HERE"
PLACEHOLDER_MARKDOWN = "_Type your answer here, replacing this text._"
RESULT_MARK = "NEWSFIGURES-TEST-RESULT "
RERUN_TAGS = ("variant", "given")  # cells the grader runs again, with the graded student's id, before the tests
# status: 'counts', 'superseded' (a later file of the same student and exercise counts), 'check' (the file
# name names another student than the parameters cell: counts for nobody) or 'skipped' (not graded)
GRADE_COLUMNS = ["student", "exercise", "question", "points", "max", "status", "error", "file"]
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")

_MARKER = re.compile(r"^#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS)\b")
_LINE_SOLUTION = re.compile(r"\s*#\s*(?:SOLUTION(\s+NO\s+PROMPT)?|(SEED))\s*$")
_BLOCK_BEGIN = re.compile(r"^(\s*)#\s*BEGIN\s+SOLUTION(\s+NO\s+PROMPT)?\s*$")
_BLOCK_END = re.compile(r"^\s*#\s*END\s+SOLUTION\s*$")
_PROMPT_BEGIN = re.compile(r"^\s*(\"\"\"|''')\s*#\s*BEGIN\s+PROMPT\s*$")
_PROMPT_END = re.compile(r"^\s*(\"\"\"|''');?\s*#\s*END\s+PROMPT\s*$")


class ExerciseError(ValueError):
    """A problem with an exercise notebook, a roster or a grading run; the message is one line naming the file."""


# --- Variants and checks: what a student notebook calls ------------------------------------------


def variant(exercise: str, student_id: str, seed: int, options: dict[str, list[Any]]) -> dict[str, Any]:
    """The values of one student's variant: for each key, one of its options, picked by a hash of
    exercise, seed, student id and key (so the same student always gets the same values).

    >>> variant("03-toll-change", "s1042", 2023, {"category": ["killed", "wounded"]})
    {'category': 'killed'}
    >>> variant("03-toll-change", " S1042 ", 2023, {"category": ["killed", "wounded"]})  # case and spaces do not matter
    {'category': 'killed'}
    >>> variant("03-toll-change", 7, 2023, {"category": ["killed", "wounded"]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsfigures.exercises.ExerciseError: student_id must be text, got the number 7: ...
    """
    if not isinstance(student_id, str):  # papermill's `-p student_id 007` passes the number 7: another variant
        raise ExerciseError(f"student_id must be text, got the number {student_id!r}: write it in quotes in the parameters "
                            "cell, or pass it to papermill with -r student_id ID, which keeps it text")
    student = student_id.strip().casefold()
    if not student:
        raise ExerciseError(
            "student_id is empty: write your student id in the parameters cell (the first code cell), then run all cells again"
        )
    chosen = {}
    for key, values in options.items():
        if not values:
            raise ExerciseError(f"variant option '{key}' of {exercise} has no values; give it at least one")
        digest = hashlib.sha256(f"{exercise}|{seed}|{student}|{key}".encode()).digest()
        chosen[key] = values[int.from_bytes(digest[:8], "big") % len(values)]
    return chosen


@dataclass(frozen=True)
class Outcome:
    """The outcome of one test of one question."""

    question: str
    index: int
    hidden: bool
    passed: bool
    message: str = ""


def _describe(error: BaseException, source: str, filename: str) -> str:
    """One line for a failed test: the assertion's message, else the failing line."""
    line = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == filename and frame.lineno:
            lines = source.splitlines()
            line = lines[frame.lineno - 1].strip() if frame.lineno <= len(lines) else ""
            break
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if isinstance(error, AssertionError):
        message = text or f"failed: {line}"
    else:
        shown = line if len(line) <= 80 else line[:77] + "..."
        message = f"{type(error).__name__}: {text}" + (f" (in `{shown}`)" if shown else "")
    return message[:300]


def run_test(question: str, index: int, source: str, namespace: dict[str, Any], hidden: bool = False) -> Outcome:
    """Run one test's code against a notebook's variables; it passes when it raises nothing.

    The test runs in a copy of the namespace, so its own names do not leak into the notebook.

    >>> run_test("q1", 1, "assert answer == 42", {"answer": 42}).passed
    True
    >>> run_test("q1", 2, "assert answer == 42, 'answer should be 42'", {"answer": ...}).message
    'answer should be 42'
    """
    filename = f"<{question} test {index}>"
    try:
        exec(compile(source, filename, "exec"), dict(namespace))  # noqa: S102 - running tests is the point
    except KeyboardInterrupt:
        return Outcome(question, index, hidden, False, "interrupted: the test ran over the time limit")
    except BaseException as error:  # noqa: BLE001 - any failure of student code is a failed test
        return Outcome(question, index, hidden, False, _describe(error, source, filename))
    return Outcome(question, index, hidden, True)


@dataclass(frozen=True)
class CheckResult:
    """What `check` found; shown in the notebook as a short summary."""

    question: str
    results: tuple[Outcome, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def __repr__(self) -> str:
        good = sum(r.passed for r in self.results)
        lines = [f"{self.question}: {good} of {len(self.results)} visible checks passed"
                 + (" (hidden checks run when your work is graded)" if self.passed else "")]
        lines += [f"  ✗ check {r.index}: {r.message}" for r in self.results if not r.passed]
        return "\n".join(lines)


def check(question: str, namespace: dict[str, Any], *tests: str) -> CheckResult:
    """Run a question's visible tests against the notebook's variables (pass `globals()`).

    >>> check("q1", {"x": 3}, "assert x > 0", "assert x == 4, 'x should be 4'")
    q1: 1 of 2 visible checks passed
      ✗ check 2: x should be 4
    """
    return CheckResult(question, tuple(run_test(question, i, textwrap.dedent(t).strip("\n"), namespace)
                                       for i, t in enumerate(tests, start=1)))


def copy_outputs(source_root: Path, target_root: Path) -> Path:
    """Copy a run's `data/interim` and `data/processed` into another output root, so that one step can be re-run there."""
    from newsfigures import io

    source_root, target_root = Path(source_root), Path(target_root)
    if not (source_root / "data" / "processed").is_dir():
        raise ExerciseError(f"{source_root / 'data' / 'processed'}: not found; run `make report` first (or set output_dir)")
    for part in (Path("data") / "interim", Path("data") / "processed"):
        for file in sorted((source_root / part).rglob("*")):
            if file.is_file():
                io.write_bytes(target_root / file.relative_to(source_root), file.read_bytes())
    return target_root


def _grade_test(question: str, index: int, hidden: bool, source: str, namespace: dict[str, Any]) -> None:
    """Run one test inside a graded kernel and print its result on a marked line for the grader to collect."""
    result = run_test(question, index, source, namespace, hidden)
    print(RESULT_MARK + json.dumps(result.__dict__), flush=True)


# --- Reading an exercise notebook ----------------------------------------------------------------


@dataclass
class Question:
    """One question: name, points, whether it is graded by hand, and its tests."""

    name: str
    points: float
    manual: bool = False
    tests: list[tuple[str, bool]] = field(default_factory=list)  # (source, hidden)


@dataclass
class Exercise:
    """A parsed source notebook: each cell with its role and question, plus the questions."""

    name: str
    path: Path
    config: dict[str, Any]
    notebook: "NotebookNode"
    roles: list[tuple[str, str]]  # (role, question) per cell: config, marker, prompt, solution, test, plain
    questions: list[Question]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _yaml_body(text: str, where: str) -> dict[str, Any]:
    import yaml

    body = "\n".join(text.splitlines()[1:])
    try:
        loaded = yaml.safe_load(body) or {}
    except yaml.YAMLError as error:
        raise ExerciseError(f"{where}: the YAML under the marker is not valid ({str(error).splitlines()[0]})") from None
    if not isinstance(loaded, dict):
        raise ExerciseError(f"{where}: the lines under the marker must be 'key: value' YAML")
    return loaded


def _check_test_cell(source: str, where: str) -> None:
    code = source.split("\n", 1)[1] if source.startswith("# HIDDEN") else source
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise ExerciseError(f"{where}: test is not valid Python ({error.msg}, line {error.lineno})") from None
    if not tree.body:
        raise ExerciseError(f"{where}: empty test cell; write at least one assert")
    if isinstance(tree.body[-1], ast.Expr):
        raise ExerciseError(
            f"{where}: test ends in an expression; Otter compares printed output, so write tests as asserts"
        )
    if re.search(r"\n[ \t]*\n[ \t]+\S", code):
        raise ExerciseError(f"{where}: blank line inside an indented block; Otter turns tests into doctests, remove it")


def read_notebook(path: Path) -> "NotebookNode":
    """A notebook file as nbformat v4, or an `ExerciseError` naming the file."""
    import nbformat

    try:
        return nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExerciseError(f"{path}: not a readable notebook ({str(error).splitlines()[0][:120]})") from None


def parse_exercise(path: Path) -> Exercise:
    """Read and check a source exercise notebook; any problem raises one line naming file and cell."""
    path = Path(path)
    notebook = read_notebook(path)
    cells = notebook.cells
    if not cells or cells[0].cell_type != "raw" or not _source(cells[0]).startswith("# ASSIGNMENT CONFIG"):
        raise ExerciseError(f"{path}: the first cell must be a raw cell starting '# ASSIGNMENT CONFIG' (Otter Assign v1)")
    config = _yaml_body(_source(cells[0]), f"{path} cell 1")
    name = str(config.get("name", ""))
    if name != path.stem:
        raise ExerciseError(f"{path}: ASSIGNMENT CONFIG name is '{name}'; set 'name: {path.stem}' (the file name)")
    roles: list[tuple[str, str]] = [("config", "")]
    questions: list[Question] = []
    question: Question | None = None
    block = ""  # "", "solution" or "tests"
    has_parameters = False
    for number, cell in enumerate(cells[1:], start=2):
        where = f"{path} cell {number}"
        text = _source(cell)
        marker = _MARKER.match(text) if cell.cell_type == "raw" else None
        if marker:
            edge, kind = marker.groups()
            if kind == "QUESTION" and edge == "BEGIN":
                if question is not None:
                    raise ExerciseError(f"{where}: BEGIN QUESTION inside question {question.name}; end it first with # END QUESTION")
                meta = _yaml_body(text, where)
                q_name = str(meta.get("name", ""))
                if not re.fullmatch(r"[A-Za-z_][\w-]*", q_name):
                    raise ExerciseError(f"{where}: question needs 'name:' (letters, digits, _ or -), e.g. name: q1")
                if any(q.name == q_name for q in questions):
                    raise ExerciseError(f"{where}: question name '{q_name}' is used twice; give each question its own name")
                try:
                    points = float(meta.get("points", 1))
                except (TypeError, ValueError):
                    raise ExerciseError(f"{where}: points must be a number, got {meta.get('points')!r}") from None
                question = Question(q_name, points, bool(meta.get("manual", False)))
                questions.append(question)
            elif kind == "QUESTION":
                if question is None or block:
                    raise ExerciseError(f"{where}: END QUESTION without an open question (or inside a solution/tests block)")
                if not question.manual and not question.tests:
                    raise ExerciseError(f"{where}: question {question.name} has no tests; add a # BEGIN TESTS block or set manual: true")
                question = None
            else:
                wanted = kind.lower()
                if question is None:
                    raise ExerciseError(f"{where}: {edge} {kind} outside a question; put it between BEGIN and END QUESTION")
                if edge == "BEGIN" and block:
                    raise ExerciseError(f"{where}: BEGIN {kind} inside an open {block} block; close that first")
                if edge == "END" and block != wanted:
                    raise ExerciseError(f"{where}: END {kind} without a matching BEGIN {kind}")
                block = wanted if edge == "BEGIN" else ""
            roles.append(("marker", question.name if question else ""))
            continue
        if cell.cell_type == "raw" and re.match(r"#\s*(BEGIN|END)\b", text):
            raise ExerciseError(f"{where}: unknown marker '{text.splitlines()[0]}'; Otter v1 knows QUESTION, SOLUTION and TESTS")
        if block == "solution":
            if cell.cell_type == "code" and not any(
                _LINE_SOLUTION.search(line) or _BLOCK_BEGIN.match(line) for line in text.splitlines()
            ):
                raise ExerciseError(
                    f"{where}: solution cell without '# SOLUTION' or '# BEGIN SOLUTION' markers; "
                    "Otter would show it to students as it is"
                )
            roles.append(("solution", question.name))
        elif block == "tests":
            if cell.cell_type != "code":
                raise ExerciseError(f"{where}: only code cells may stand between BEGIN TESTS and END TESTS")
            _check_test_cell(text, where)
            question.tests.append((text, text.startswith("# HIDDEN")))
            roles.append(("test", question.name))
        else:
            if cell.cell_type == "code" and any(_LINE_SOLUTION.search(l) or _BLOCK_BEGIN.match(l) for l in text.splitlines()):
                raise ExerciseError(f"{where}: '# SOLUTION' marker outside a solution block; wrap the cell in BEGIN/END SOLUTION raw cells")
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                has_parameters = True
            roles.append(("prompt" if question else "plain", question.name if question else ""))
    if question is not None or block:
        raise ExerciseError(f"{path}: question {question.name if question else ''} is not closed; add # END QUESTION")
    if not questions:
        raise ExerciseError(f"{path}: no questions; mark at least one with a raw '# BEGIN QUESTION' cell")
    if not has_parameters:
        raise ExerciseError(f"{path}: no cell tagged 'parameters'; tag the cell that sets output_dir, student_id and seed")
    return Exercise(name, path, config, notebook, roles, questions)


def find_exercises(source_dir: Path) -> list[Path]:
    """The exercise notebooks of a folder, by name."""
    folder = Path(source_dir)
    if not folder.is_dir():
        raise ExerciseError(f"{folder}: exercise folder does not exist; pass --source DIR")
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise ExerciseError(f"{folder}: no exercise notebooks (*.ipynb) in it")
    return found


# --- Building student and grader versions --------------------------------------------------------


def _placeholder_line(line: str) -> str:
    """A `# SOLUTION` line as the student sees it: an assignment keeps its left side, anything else is `...`.

    >>> _placeholder_line("    total = sum(values)  # SOLUTION")
    '    total = ...'
    >>> _placeholder_line("return x + 1  # SOLUTION")
    'return ...'
    >>> _placeholder_line("answer: int = 42  # SOLUTION")
    'answer: int = ...'
    >>> _placeholder_line("labels = {  # SOLUTION")
    'labels = ...'
    """
    code = _LINE_SOLUTION.sub("", line).rstrip()
    indent = code[: len(code) - len(code.lstrip())]
    stripped = code.strip()
    try:
        node = ast.parse(stripped).body[0]
    except (SyntaxError, IndexError):  # the first line of a longer statement: `x = {  # SOLUTION`
        opening = re.match(r"([A-Za-z_][\w.]*\s*(?::[^=]+)?=)(?!=)", stripped)
        return f"{indent}{opening.group(1)} ..." if opening else f"{indent}..."
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
        return f"{indent}{stripped[: node.value.col_offset].rstrip()} ..."
    if isinstance(node, ast.Return):
        return f"{indent}return ..."
    return f"{indent}..."


def strip_solution(source: str) -> str:
    """Solution code as the student sees it, following Otter's markers.

    >>> print(strip_solution('''def f(x):
    ...     # BEGIN SOLUTION
    ...     y = x * 2
    ...     return y
    ...     # END SOLUTION
    ... answer = f(2)  # SOLUTION'''))
    def f(x):
        # YOUR CODE HERE
        ...
    answer = ...
    """
    out: list[str] = []
    skipping = False
    first_mark: int | None = None  # where the student's code goes: the first line a marker touched
    for line in source.splitlines():
        begin = _BLOCK_BEGIN.match(line)
        if begin:
            skipping = True
            first_mark = len(out) if first_mark is None else first_mark
            if not begin.group(2):  # NO PROMPT leaves nothing
                out += [f"{begin.group(1)}{PLACEHOLDER_CODE}", f"{begin.group(1)}..."]
            continue
        if _BLOCK_END.match(line):
            skipping = False
            continue
        if skipping or _PROMPT_BEGIN.match(line) or _PROMPT_END.match(line):
            if _PROMPT_BEGIN.match(line):
                first_mark = len(out) if first_mark is None else first_mark
            continue
        marked = _LINE_SOLUTION.search(line)
        if marked:
            first_mark = len(out) if first_mark is None else first_mark
            if not (marked.group(1) or marked.group(2)):  # NO PROMPT and SEED lines go entirely
                out.append(_placeholder_line(line))
            continue
        out.append(line)
    if not any(PLACEHOLDER_CODE in line for line in out):
        at = first_mark or 0
        following = out[at] if at < len(out) else ""
        out.insert(at, following[: len(following) - len(following.lstrip())] + PLACEHOLDER_CODE)
    return "\n".join(out)


def set_parameter(source: str, name: str, value: Any) -> str:
    """A parameters cell with one default changed (`name: type = value  # help` keeps its help).

    >>> set_parameter('student_id: str = "demo"  # your id', "student_id", "s1")
    'student_id: str = "s1"  # your id'
    """
    pattern = re.compile(rf"^(\s*{re.escape(name)}\s*(?::\s*[\w\[\], ]+)?=\s*)(\"[^\"]*\"|'[^']*'|[-\w.]+)", re.M)
    return pattern.sub(lambda m: m.group(1) + json.dumps(value), source, count=1)


def _check_cell(question: Question) -> str:
    visible = [source for source, hidden in question.tests if not hidden]
    quoted = []
    for source in visible:
        if "'''" in source or source.endswith("\\"):
            quoted.append(repr(source))
        else:
            quoted.append("r'''\n" + source + "\n'''")
    return (
        f"# Check {question.name}: runs the visible tests (the grader also runs hidden ones).\n"
        "from newsfigures.exercises import check\n\n"
        f"check({question.name!r}, globals(),\n" + ",\n".join(quoted) + ")"
    )


def _new_notebook(exercise: Exercise, cells: list, kind: str, seed: int) -> "NotebookNode":
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "newsfigures": {
            "exercise": exercise.name,
            "version": kind,
            "seed": seed,
            "questions": [{"name": q.name, "points": q.points, "manual": q.manual} for q in exercise.questions],
        },
    }
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{kind[0]}{index:03d}"
    return notebook


def _plain_copy(cell: dict) -> "NotebookNode":
    """A cell without outputs, execution count or per-run metadata (tags kept)."""
    import nbformat

    tags = list(cell.get("metadata", {}).get("tags", []))
    metadata = {"tags": tags} if tags else {}
    if cell.cell_type == "code":
        return nbformat.v4.new_code_cell(_source(cell), metadata=metadata)
    if cell.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(_source(cell), metadata=metadata)
    return nbformat.v4.new_raw_cell(_source(cell), metadata=metadata)


def _versions(exercise: Exercise, kind: str, seed: int, student_id: str = "") -> "NotebookNode":
    """The student ('student') or grader ('grader') version of an exercise, or its solution ('solution')."""
    import nbformat

    cells = []
    by_name = {q.name: q for q in exercise.questions}
    cells_and_roles = list(zip(exercise.notebook.cells, exercise.roles))
    test_numbers: dict[str, int] = {}
    for index, (cell, (role, question)) in enumerate(cells_and_roles):
        if role == "config":
            continue
        if role == "marker":
            text = _source(cell)
            if kind == "student" and text.startswith("# END TESTS") and any(not h for _, h in by_name[question].tests):
                cells.append(nbformat.v4.new_code_cell(_check_cell(by_name[question])))
            continue
        if role == "solution":
            if kind == "solution":
                cells.append(_plain_copy(cell))
            elif cell.cell_type == "code":
                cells.append(nbformat.v4.new_code_cell(strip_solution(_source(cell))))
            else:
                cells.append(nbformat.v4.new_markdown_cell(PLACEHOLDER_MARKDOWN))
            continue
        if role == "test":
            if kind == "grader":
                number = test_numbers[question] = test_numbers.get(question, 0) + 1
                text = _source(cell)
                cells.append(nbformat.v4.new_code_cell(text, metadata={"newsfigures": {
                    "question": question, "test": number, "hidden": text.startswith("# HIDDEN")}}))
            continue
        copied = _plain_copy(cell)
        if "parameters" in copied.metadata.get("tags", []) and kind != "solution":
            copied.source = set_parameter(set_parameter(copied.source, "student_id", student_id), "seed", seed)
        cells.append(copied)
    return _new_notebook(exercise, cells, kind, seed)


def student_version(exercise: Exercise, seed: int, student_id: str = "") -> "NotebookNode":
    """The notebook a student gets: no solution code, no hidden test, a check cell per question."""
    return _versions(exercise, "student", seed, student_id)


def grader_version(exercise: Exercise, seed: int) -> "NotebookNode":
    """The notebook the grader uses: solutions removed, every test kept as a tagged cell."""
    return _versions(exercise, "grader", seed)


def solution_version(exercise: Exercise) -> "NotebookNode":
    """The exercise as a runnable notebook with its solutions and without markers or tests (for instructors)."""
    return _versions(exercise, "solution", 0)


def _write_notebook(notebook: "NotebookNode", path: Path) -> Path:
    import nbformat

    from newsfigures import io

    return io.write_text(path, nbformat.writes(notebook) + "\n")


def read_roster(path: Path) -> list[str]:
    """Student ids of a roster: one a line ('#' starts a comment), or a CSV with a `student_id` column."""
    import csv

    path = Path(path)
    if not path.is_file():
        raise ExerciseError(f"{path}: roster file does not exist; write one student id a line")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if lines and "student_id" in [c.strip() for c in lines[0].split(",")]:
        ids = [(row.get("student_id") or "").strip() for row in csv.DictReader(lines)]
        first = 2
    else:
        ids = [line.split("#", 1)[0].strip() for line in lines]
        first = 1
    students = []
    for number, student in enumerate(ids, start=first):
        if not student:
            continue
        if not STUDENT_ID.match(student):
            raise ExerciseError(f"{path} line {number}: student id '{student}' may use only letters, digits, '.', '_', '@' and '-'")
        if student in students:
            raise ExerciseError(f"{path} line {number}: student id '{student}' is listed twice")
        students.append(student)
    return students


def load_course(source_dir: Path) -> dict[str, Any]:
    """The course settings of `course.yml` beside the exercises, over the defaults."""
    import yaml

    path = Path(source_dir) / COURSE_FILE
    settings = dict(DEFAULT_COURSE)
    if path.is_file():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise ExerciseError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
        unknown = sorted(set(loaded) - set(DEFAULT_COURSE))
        if unknown:
            raise ExerciseError(f"{path}: unknown setting(s) {', '.join(unknown)}; valid: {', '.join(DEFAULT_COURSE)}")
        settings.update(loaded)
    if not isinstance(settings["seed"], int):
        raise ExerciseError(f"{path}: seed must be a whole number, got {settings['seed']!r}")
    return settings


def _cells_digest(notebook: "NotebookNode") -> str:
    """A fingerprint of a notebook's cells (types and sources), outputs and metadata aside."""
    import hashlib
    import json

    cells = [[cell.cell_type, cell.source] for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _untouched_build(path: Path) -> bool:
    """Whether a notebook is as `build` wrote it: its cells still match the fingerprint written into it."""
    try:
        notebook = read_notebook(path)
    except ExerciseError:
        return False
    return notebook.metadata.get("newsfigures", {}).get("built") == _cells_digest(notebook)


def _write_student_copy(notebook: "NotebookNode", path: Path) -> Path:
    """Write a notebook students work in, but never over one somebody has worked in since it was built."""
    if path.is_file():
        existing = read_notebook(path)
        worked_in = existing.metadata.get("newsfigures", {}).get("built") != _cells_digest(existing)
        if worked_in and _cells_digest(existing) != _cells_digest(notebook):
            raise ExerciseError(f"{path}: changed since it was built (a student's answers?); move it out of {path.parent} "
                                "to keep it (work in a copy elsewhere), then build again")
    notebook.metadata["newsfigures"]["built"] = _cells_digest(notebook)
    return _write_notebook(notebook, path)


def build(source_dir: Path, out_dir: Path, seed: int, roster: list[str] | None = None) -> dict[str, list[Path]]:
    """Write student, grader and (with a roster) personalised notebooks; stale notebooks there are removed.

    A student notebook somebody has edited since it was built is never replaced or removed: the
    build stops with an `ExerciseError` naming it (a stale one is left where it is).
    """
    exercises = [parse_exercise(p) for p in find_exercises(source_dir)]
    written: dict[str, list[Path]] = {"student": [], "grader": [], "students": []}
    for exercise in exercises:
        written["student"].append(_write_student_copy(student_version(exercise, seed), out_dir / "student" / f"{exercise.name}.ipynb"))
        written["grader"].append(_write_notebook(grader_version(exercise, seed), out_dir / "grader" / f"{exercise.name}.ipynb"))
        for student in roster or []:
            path = out_dir / "students" / student / f"{exercise.name}.ipynb"
            written["students"].append(_write_student_copy(student_version(exercise, seed, student), path))
    for kind in ("student", "grader"):
        for stale in set((out_dir / kind).glob("*.ipynb")) - set(written[kind]):
            if kind == "grader" or _untouched_build(stale):
                stale.unlink()
    return written


# --- Grading -------------------------------------------------------------------------------------


@dataclass
class GraderExercise:
    """What grading needs from a grader version: questions, tests and the cells to run again."""

    name: str
    questions: list[Question]
    rerun: list[str]


def load_grader(path: Path) -> GraderExercise:
    """Questions, tests and rerun cells of a grader-version notebook."""
    notebook = read_notebook(path)
    meta = notebook.metadata.get("newsfigures", {})
    if meta.get("version") != "grader":
        raise ExerciseError(f"{path}: not a grader version; build it with `make exercises`")
    questions = {q["name"]: Question(q["name"], float(q["points"]), bool(q.get("manual"))) for q in meta["questions"]}
    rerun = []
    for cell in notebook.cells:
        info = cell.get("metadata", {}).get("newsfigures")
        if info:
            questions[info["question"]].tests.append((_source(cell), bool(info["hidden"])))
        elif cell.cell_type == "code" and set(cell.get("metadata", {}).get("tags", [])) & set(RERUN_TAGS):
            rerun.append(_source(cell))
    return GraderExercise(meta["exercise"], list(questions.values()), rerun)


def parameter_value(notebook: "NotebookNode", name: str) -> Any:
    """The value a notebook's parameters (or papermill's injected-parameters) cell gives a name, else None."""
    value = None
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code" or not {"parameters", "injected-parameters"} & set(tags):
            continue
        try:
            tree = ast.parse(_source(cell))
        except SyntaxError:
            continue
        for node in tree.body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else getattr(node, "target", None)
            if isinstance(target, ast.Name) and target.id == name and isinstance(getattr(node, "value", None), ast.Constant):
                value = node.value.value
    return value


def file_student(path: Path, root: Path) -> str:
    """The student id a submission's location gives: `ID__anything.ipynb`, else the folder `ROOT/ID/...`, else ''.

    >>> file_student(Path("/s/s1042__03-toll-change.ipynb"), Path("/s")), file_student(Path("/s/s7/ex.ipynb"), Path("/s"))
    ('s1042', 's7')
    """
    if "__" in path.stem:
        return path.stem.split("__", 1)[0].strip()
    relative = path.relative_to(root)
    return relative.parts[0] if len(relative.parts) > 1 else ""


def identify(path: Path, root: Path, notebook: "NotebookNode", known: list[str]) -> tuple[str, str, str]:
    """(exercise, student, note) of a submission.

    The exercise is the notebook's `newsfigures.exercise` metadata, else the exercise name in the
    file name. The student is the `student_id` of its parameters cell, else the file name's
    (`ID__...`) or folder's. A note says where they disagree (a copied notebook, or a wrong id):
    `grade` then marks the file 'check' and counts it for nobody, so it cannot go unnoticed.
    """
    exercise = notebook.metadata.get("newsfigures", {}).get("exercise", "")
    if exercise not in known:
        exercise = next((name for name in sorted(known, key=len, reverse=True) if name in path.stem), "")
    from_cell = parameter_value(notebook, "student_id")
    from_cell = str(from_cell).strip() if from_cell is not None else ""
    from_file = file_student(path, root)
    student = from_cell or from_file
    note = ""
    if from_cell and from_file and from_cell.casefold() != from_file.casefold():
        note = (f"check: parameters cell says student_id '{from_cell}' but the file name says '{from_file}'; "
                f"graded as '{from_cell}' and counted for nobody until you settle whose it is")
    return exercise, student, note


def grading_notebook(submission: "NotebookNode", grader: GraderExercise, student: str, seed: int,
                     data_dir: Path) -> tuple["NotebookNode", int]:
    """The submission with the run's parameters injected and the grader's tests appended; also the first test cell's index.

    `output_dir` and `seed` are injected after the parameters cell (as papermill does), and
    `student_id` too when the submission's own is empty (the id came from its file name). Before
    the tests, the student, seed and data are set again and the variant cells re-run, so answers
    worked for another student's variant fail.
    """
    import nbformat

    cells = [_plain_copy(c) for c in submission.cells if c.cell_type in ("code", "markdown")]
    injected = nbformat.v4.new_code_cell(
        f"# Parameters injected by the grader\noutput_dir = {str(data_dir)!r}\nseed = {seed!r}",
        metadata={"tags": ["injected-parameters"]},
    )
    if not str(parameter_value(submission, "student_id") or "").strip():  # the id came from the file name
        injected.source += f"\nstudent_id = {student!r}"
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 0)
    cells.insert(at, injected)
    reset = (f"# Grader: the student, seed and data being graded\nstudent_id = {student!r}\nseed = {seed!r}\n"
             f"output_dir = {str(data_dir)!r}")
    cells.append(nbformat.v4.new_code_cell(reset, metadata={"tags": ["grader"]}))
    cells += [nbformat.v4.new_code_cell(source, metadata={"tags": ["grader"]}) for source in grader.rerun]
    first_test = len(cells)
    for question in grader.questions:
        for number, (source, hidden) in enumerate(question.tests, start=1):
            cells.append(nbformat.v4.new_code_cell(
                "__import__('newsfigures.exercises').exercises._grade_test("
                f"{question.name!r}, {number}, {hidden!r}, {source!r}, globals())"
            ))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(dict(submission.metadata)))
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"g{index:03d}"
    return notebook, first_test


def execute(notebook: "NotebookNode", cwd: Path, cell_timeout: float, notebook_timeout: float) -> str:
    """Run a notebook in a new kernel, in place, going on past errors; '' when it ran to the end, else why not.

    A cell over `cell_timeout` seconds is interrupted; a notebook over `notebook_timeout` seconds
    has its kernel killed.
    """
    import logging
    import signal
    import subprocess

    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    quiet = logging.getLogger("newsfigures.exercises.nbclient")
    quiet.setLevel(logging.CRITICAL)
    client = NotebookClient(
        notebook, timeout=max(1, round(cell_timeout)), allow_errors=True, interrupt_on_timeout=True,
        kernel_name="python3", resources={"metadata": {"path": str(cwd)}}, log=quiet,
    )
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        km = client.km
        provisioner = getattr(km, "provisioner", None) if km is not None else None
        pid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass

    timer = threading.Timer(notebook_timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        client.execute(stderr=subprocess.DEVNULL)
    except DeadKernelError:
        if expired.is_set():
            return f"timeout: the notebook ran over {notebook_timeout:g} s and was stopped"
        return "the kernel died: out of memory, or the notebook ended its own process"
    except Exception as error:  # noqa: BLE001 - one broken submission must not stop the others
        if expired.is_set():
            return f"timeout: the notebook ran over {notebook_timeout:g} s and was stopped"
        first = (str(error).strip().splitlines() or [""])[0][:200]
        return f"could not run the notebook: {type(error).__name__}: {first}"
    finally:
        timer.cancel()
    return ""


def collect_results(notebook: "NotebookNode", first_test: int) -> dict[tuple[str, int], Outcome]:
    """The test results the grader's cells printed."""
    results = {}
    for cell in notebook.cells[first_test:]:
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            for line in _source({"source": output.get("text", "")}).splitlines():
                if line.startswith(RESULT_MARK):
                    try:
                        data = json.loads(line[len(RESULT_MARK):])
                        result = Outcome(**data)
                    except (ValueError, TypeError):
                        continue
                    results[(result.question, result.index)] = result
    return results


@dataclass(frozen=True)
class RaisedCell:
    """A cell of the student's own that raised while the notebook ran for grading."""

    label: str  # 'In [7]', as the graded notebook shows it ('number 7', its position, if it has no count)
    error: str  # 'KeyError: 'values''
    names: frozenset[str] = frozenset()  # the names the cell assigns (empty when it does not parse)

    def __str__(self) -> str:
        return f"{self.label} raised {self.error}"


def _assigned_names(source: str) -> frozenset[str]:
    """The names a cell's code binds anywhere (assignments, loops, defs, imports); empty if it does not parse.

    >>> sorted(_assigned_names("import pandas as pd\\nrow = data['values']\\nq2_first, q2_last = row"))
    ['pd', 'q2_first', 'q2_last', 'row']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return frozenset(names)


def raised_cells(notebook: "NotebookNode", first_test: int) -> list[RaisedCell]:
    """The student's own cells that raised in an executed grading notebook (not the grader's cells, not time-outs).

    A failed test usually shows only the knock-on (`NameError: name 'q2_first' is not defined`);
    the cell that raised is the cause the student and the instructor need to see.
    """
    found = []
    for index, cell in enumerate(notebook.cells[:first_test]):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code" or tags & {"grader", "injected-parameters"}:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error" or output.get("ename") == "KeyboardInterrupt":
                continue  # interrupted cells have their own note (notebook_notes)
            value = (str(output.get("evalue", "")).strip().splitlines() or [""])[0][:120]
            count = cell.get("execution_count")
            label = f"In [{count}]" if count else f"number {index + 1}"
            found.append(RaisedCell(label, f"{output.get('ename', 'Error')}: {value}".rstrip(": "),
                                    _assigned_names(_source(cell))))
            break
    return found


def explain_failure(message: str, raised: list[RaisedCell]) -> tuple[str, bool]:
    """A failed test's message with its cause, when a raised cell of the student's should have set the missing name.

    Returns the message and whether a cause was found.

    >>> cell = RaisedCell("In [7]", "KeyError: 'values'", frozenset({"q2_first", "q2_last"}))
    >>> explain_failure("NameError: name 'q2_first' is not defined (in `assert q2_first`)", [cell])
    ("NameError: name 'q2_first' is not defined (in `assert q2_first`): your cell In [7], which sets q2_first, raised KeyError: 'values'", True)
    >>> explain_failure("q2_first should be a tuple", [cell])
    ('q2_first should be a tuple', False)
    """
    missing = re.match(r"NameError: name '([^']+)' is not defined", message)
    cause = next((c for c in reversed(raised) if missing and missing.group(1) in c.names), None)
    if cause is None:
        return message, False
    return f"{message}: your cell {cause.label}, which sets {missing.group(1)}, raised {cause.error}", True


def score(grader: GraderExercise, results: dict[tuple[str, int], Outcome], failure: str,
          graded_file: str, raised: list[RaisedCell] | None = None) -> list[dict[str, Any]]:
    """One row per question: points earned (each test worth an equal share, as in Otter), max, errors.

    A failed test whose missing name a raised cell of the student's should have set says so; other
    failures get a note listing the student's cells that raised (`raised_cells`), so the cause is
    in grades.csv and not only in the graded notebook.
    """
    raised = raised or []
    rows = []
    for question in grader.questions:
        if question.manual:
            rows.append({"question": question.name, "points": "", "max": question.points,
                         "error": f"manual: read the answer in {graded_file}"})
            continue
        share = question.points / len(question.tests) if question.tests else 0.0
        earned, errors, not_run, unexplained = 0.0, [], [], False
        for number, (_, hidden) in enumerate(question.tests, start=1):
            result = results.get((question.name, number))
            label = f"{'hidden ' if hidden else ''}test {number}"
            if result is None:
                not_run.append(label)
            elif result.passed:
                earned += share
            else:
                message, explained = explain_failure(result.message, raised)
                unexplained = unexplained or not explained
                errors.append(f"{label}: {message}")
        if not_run:
            errors.append(f"not run: {', '.join(not_run)} ({failure or 'the test cell did not finish'})")
        text = "; ".join(errors)[:600]
        if raised and (unexplained or not_run):
            shown = ", ".join(str(c) for c in raised[:3]) + (f" and {len(raised) - 3} more" if len(raised) > 3 else "")
            text += f"; note: your cell{'s' if len(raised) > 1 else ''} {shown}"
        rows.append({"question": question.name, "points": round(earned, 2), "max": question.points, "error": text})
    return rows


def notebook_notes(notebook: "NotebookNode", last_cell: int, cell_timeout: float) -> str:
    """A note on the submission's own cells that the time limit interrupted (they stop everything after them)."""
    stopped = [str(index + 1) for index, cell in enumerate(notebook.cells[:last_cell])
               if any(o.get("output_type") == "error" and o.get("ename") == "KeyboardInterrupt" for o in cell.get("outputs", []))]
    if not stopped:
        return ""
    return (f"note: cell {', '.join(stopped)} of the graded notebook ran over the {cell_timeout:g} s cell limit "
            "and was interrupted")


def _course_data(data_dir: Path) -> Path:
    from newsfigures.paths import Paths, resolve

    root = resolve(data_dir)
    figures = Paths(root=root, corpus=root).figures_csv
    if not figures.is_file():
        raise ExerciseError(
            f"{figures}: not found; the exercises read the pipeline's tables: run `make report` first, "
            "or set data_dir in notebooks/exercises/course.yml (or --data DIR) to a run's --output folder"
        )
    return root


def grade(submissions: Path, grader_dir: Path, out_csv: Path, data_dir: Path, seed: int,
          cell_timeout: float = 60, notebook_timeout: float = 300, graded_dir: Path | None = None,
          say: Any = print) -> "pd.DataFrame":
    """Grade every notebook under `submissions`, one kernel each, and write the grades table."""
    import pandas as pd

    from newsfigures import io

    submissions = Path(submissions).resolve()
    if not submissions.is_dir():
        raise ExerciseError(f"{submissions}: submissions folder does not exist; pass the folder holding the .ipynb files")
    graders = {}
    for path in sorted(Path(grader_dir).glob("*.ipynb")):
        loaded = load_grader(path)
        graders[loaded.name] = loaded
    if not graders:
        raise ExerciseError(f"{grader_dir}: no grader versions; run `make exercises` first")
    data_dir = _course_data(data_dir)
    graded_dir = Path(graded_dir) if graded_dir else Path(out_csv).parent / "graded"
    files = sorted(p for p in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not files:
        raise ExerciseError(f"{submissions}: no submitted notebooks (*.ipynb) in it")
    rows: list[dict[str, Any]] = []
    modified: dict[str, float] = {}  # file -> modification time: the latest of a student's files counts (settle)
    written: set[str] = set()

    def write() -> "pd.DataFrame":
        table = pd.DataFrame(settle(rows, modified), columns=GRADE_COLUMNS)
        io.write_csv(table, Path(out_csv))
        return table

    for number, path in enumerate(files, start=1):
        relative = path.relative_to(submissions).as_posix()
        modified[relative] = path.stat().st_mtime
        began = time.perf_counter()
        try:
            notebook = read_notebook(path)
        except ExerciseError:
            rows.append({"student": file_student(path, submissions), "exercise": "", "question": "", "points": 0,
                         "max": 0, "status": "skipped", "error": f"{relative}: not a readable notebook (invalid JSON?)",
                         "file": relative})
            say(f"[{number}/{len(files)}] {relative}: unreadable")
            continue
        exercise, student, note = identify(path, submissions, notebook, list(graders))
        if not exercise or not student:
            missing = "which exercise it is" if not exercise else "whose it is (no student_id, no ID__ in the file name)"
            rows.append({"student": student, "exercise": exercise, "question": "", "points": 0, "max": 0,
                         "status": "skipped", "error": f"{relative}: cannot tell {missing}", "file": relative})
            say(f"[{number}/{len(files)}] {relative}: skipped, cannot tell {missing}")
            continue
        status = "check" if note else ""  # identify notes only a file name naming another student; settle fills in the rest
        grader = graders[exercise]
        run, first_test = grading_notebook(notebook, grader, student, seed, data_dir)
        with tempfile.TemporaryDirectory(prefix="newsfigures-grade-") as cwd:
            failure = execute(run, Path(cwd), cell_timeout, notebook_timeout)
        folder = graded_dir / (re.sub(r"[^A-Za-z0-9._@-]+", "-", student).strip(".-") or "unnamed")  # ids are free text
        target = folder / f"{exercise}.ipynb"
        copies = 1
        while target.as_posix() in written:
            copies += 1
            target = folder / f"{exercise}-{copies}.ipynb"
        written.add(target.as_posix())
        _write_notebook(run, target)
        note = "; ".join(n for n in (note, notebook_notes(run, first_test, cell_timeout)) if n)
        shown = os.path.relpath(target) if target.resolve().is_relative_to(Path.cwd()) else str(target)
        own = score(grader, collect_results(run, first_test), failure, shown, raised_cells(run, first_test))
        for row in own:
            if note:
                row["error"] = f"{row['error']}; {note}" if row["error"] else note
            rows.append({"student": student, "exercise": exercise} | row | {"status": status, "file": relative})
        auto = [r for r in own if r["points"] != ""]  # this file's questions only, not the student's earlier files
        say(f"[{number}/{len(files)}] {relative}: {student} {exercise} "
            f"{sum(float(r['points']) for r in auto):g}/{sum(float(r['max']) for r in auto):g} auto points"
            f" in {time.perf_counter() - began:.1f} s" + (f" ({failure})" if failure else "")
            + (f"; CHECK: {note.split('; ')[0].removeprefix('check: ')}" if status == "check" else ""))
        write()  # kept current if a later one hangs
    return write()


def settle(rows: list[dict[str, Any]], modified: dict[str, float]) -> list[dict[str, Any]]:
    """The grade rows with their status: which file counts when a student submitted one exercise more than once.

    Of one student's files of one exercise (ids compared ignoring case, as variants do), the one
    modified last counts, equal times broken by the path (the last counts): a resubmission replaces
    the earlier one, and grading the same folder twice gives the same table. The others are
    'superseded', and their rows name the file that counts. Rows already marked 'check' (the file
    name names another student than the parameters cell) or 'skipped' keep their status and take
    no part, so a doubtful file never replaces a student's own. The rows given are not changed.

    >>> rows = [{"student": s, "exercise": "01", "file": f, "status": "", "error": ""}
    ...         for s, f in (("ana", "a/1.ipynb"), ("Ana", "a/2.ipynb"), ("ben", "b.ipynb"))]
    >>> [(r["file"], r["status"]) for r in settle(rows, {"a/1.ipynb": 20.0, "a/2.ipynb": 10.0})]
    [('a/1.ipynb', 'counts'), ('a/2.ipynb', 'superseded'), ('b.ipynb', 'counts')]
    >>> [r["status"] for r in settle(rows, {})]  # the same times: the last path counts
    ['superseded', 'counts', 'counts']
    >>> settle(rows, {})[0]["error"]
    'superseded by a/2.ipynb, the latest of 2 files of 01 by ana (the one that counts)'
    """
    def key(row: dict[str, Any]) -> tuple[str, str]:
        return str(row["student"]).strip().casefold(), str(row["exercise"])

    groups: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if not row.get("status"):
            groups.setdefault(key(row), set()).add(row["file"])
    latest = {k: max(files, key=lambda f: (modified.get(f, 0.0), f)) for k, files in groups.items()}
    settled = []
    for row in rows:
        row = dict(row)
        if not row.get("status"):
            files, counted = groups[key(row)], latest[key(row)]
            row["status"] = "counts" if row["file"] == counted else "superseded"
            if row["status"] == "superseded":
                note = (f"superseded by {counted}, the latest of {len(files)} files of {row['exercise']} "
                        f"by {row['student']} (the one that counts)")
            elif len(files) > 1:
                note = f"note: the latest of {len(files)} files; superseded: {', '.join(sorted(files - {counted}))}"
            else:
                note = ""
            if note:
                row["error"] = f"{note}; {row['error']}" if row["error"] else note
        settled.append(row)
    return settled


def grade_summary(table: "pd.DataFrame") -> str:
    """What `grade` did: files graded and of how many students, files superseded, to check and skipped;
    then one line per file to check, since its points count for nobody until the instructor settles it.

    Files are counted, not (student, exercise) pairs, so a second submission of one exercise is not
    lost from the count. Skipped files (unreadable, or not known as whose or which exercise) are
    rows without a question.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"student": ["ana", "ana", "ana", "ben", "ana", ""],
    ...                      "exercise": ["01", "01", "02", "01", "01", ""], "question": ["q1", "q2", "q1", "q1", "q1", ""],
    ...                      "status": ["counts", "counts", "counts", "superseded", "check", "skipped"],
    ...                      "file": ["ana__01.ipynb", "ana__01.ipynb", "ana__02.ipynb", "ben/01.ipynb", "eve__01.ipynb", "x.ipynb"]})
    >>> print(grade_summary(rows))
    graded 4 files of 2 students; 1 superseded by a later file of the same student and exercise; 1 to check; skipped 1 file (grades.csv says why)
    check eve__01.ipynb: graded as 'ana' (its parameters cell) but its file name says 'eve'; it counts for nobody until you settle whose it is
    >>> grade_summary(rows.iloc[[0]])
    'graded 1 file of 1 student'
    """
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    graded = table[table["question"] != ""]
    skipped = len(table) - len(graded)
    superseded = graded.loc[graded["status"] == "superseded", "file"].nunique()
    doubtful = graded[graded["status"] == "check"].drop_duplicates("file")
    first = (f"graded {count(graded['file'].nunique(), 'file')} of "
             f"{count(graded['student'].astype(str).str.strip().str.casefold().nunique(), 'student')}"
             + (f"; {superseded} superseded by a later file of the same student and exercise" if superseded else "")
             + (f"; {len(doubtful)} to check" if len(doubtful) else "")
             + (f"; skipped {count(skipped, 'file')} (grades.csv says why)" if skipped else ""))
    lines = [first] + [
        f"check {row.file}: graded as '{row.student}' (its parameters cell) but its file name says "
        f"'{file_student(Path(row.file), Path())}'; it counts for nobody until you settle whose it is"
        for row in doubtful.itertuples()
    ]
    return "\n".join(lines)


# --- Command line --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsfigures.exercises", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="write student and grader versions into build/exercises/")
    build_cmd.add_argument("--source", default=str(SOURCE_DIR), help="folder of exercise notebooks (with course.yml)")
    build_cmd.add_argument("--out", default=str(BUILD_DIR), help="output folder")
    build_cmd.add_argument("--seed", type=int, help="course seed (default: course.yml)")
    build_cmd.add_argument("--roster", help="file of student ids: also write a personalised copy per student")
    grade_cmd = commands.add_parser("grade", help="grade a folder of submitted notebooks")
    grade_cmd.add_argument("submissions", help="folder of .ipynb submissions (searched recursively)")
    grade_cmd.add_argument("--source", default=str(SOURCE_DIR), help="exercise sources; the grader versions are rebuilt from them")
    grade_cmd.add_argument("--out", default=str(BUILD_DIR), help="where grader/ is and grades.csv and graded/ are written")
    grade_cmd.add_argument("--data", help="output root holding data/processed (default: course.yml data_dir)")
    grade_cmd.add_argument("--seed", type=int, help="course seed (default: course.yml)")
    grade_cmd.add_argument("--cell-timeout", type=float, help="seconds a cell may run before it is interrupted")
    grade_cmd.add_argument("--timeout", type=float, help="seconds a whole notebook may run before its kernel is killed")
    commands.add_parser("list", help="print each exercise's questions and points").add_argument(
        "--source", default=str(SOURCE_DIR))
    return parser


def main(argv: list[str] | None = None) -> int:
    from newsfigures.paths import project_root, resolve

    args = build_parser().parse_args(argv)
    try:
        root = project_root()
        source = resolve(args.source, Path.cwd())
        course = load_course(source) if source.is_dir() else dict(DEFAULT_COURSE)
        seed = args.seed if getattr(args, "seed", None) is not None else course["seed"]
        if args.command == "list":
            for path in find_exercises(source):
                exercise = parse_exercise(path)
                total = sum(q.points for q in exercise.questions)
                print(f"{exercise.name}  ({total:g} points)")
                for q in exercise.questions:
                    visible = sum(not h for _, h in q.tests)
                    kind = "manual" if q.manual else f"{visible} visible + {len(q.tests) - visible} hidden tests"
                    print(f"    {q.name}: {q.points:g} points, {kind}")
            return 0
        out = resolve(args.out, Path.cwd())
        if args.command == "build":
            roster_file = args.roster or course["roster"]
            roster = read_roster(resolve(roster_file, root)) if roster_file else None
            written = build(source, out, seed, roster)
            print(f"built {len(written['student'])} exercises (seed {seed}): {out / 'student'}, {out / 'grader'}"
                  + (f", {out / 'students'} ({len(roster or [])} students)" if roster else ""))
        elif args.command == "grade":
            if source.is_dir():
                build(source, out, seed)
            table = grade(
                resolve(args.submissions, Path.cwd()), out / "grader", out / "grades.csv",
                resolve(args.data or course["data_dir"], Path.cwd() if args.data else root), seed,
                args.cell_timeout or course["cell_timeout"], args.timeout or course["notebook_timeout"],
            )
            print(f"wrote {out / 'grades.csv'}: {grade_summary(table)}")
    except ExerciseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
