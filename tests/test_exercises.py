"""Tests of the exercise notebooks: the Otter markup, the student and grader builds, solutions, blanks, variants and grading.

Most tests run the notebooks' code in this process (fast); `test_grading_*` start real kernels the
way `make grade` does. Grading every solution and blank student version through kernels is marked
`pipeline` (about a minute).

A student copy of the project has no `notebooks/exercises/` (it holds the solutions): the tests
that need it are marked `needs_sources` and skip there with the reason; the tests of the functions
a student notebook calls (`check`, `variant`, the markup rules) still run.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfigures import exercises as ex
from newsfigures.hygiene import dirty_cells

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "notebooks" / "exercises"
SOURCES = sorted(SOURCE_DIR.glob("*.ipynb"))
DATA = Path(__file__).parent / "fixtures" / "exercises" / "output"
SEED = 2023
SLOW = {"05-rerun-with-parameter"}  # re-runs a pipeline step (a kernel of its own, ~5 s)

os.environ.setdefault("MPLBACKEND", "Agg")

NO_SOURCES = ("notebooks/exercises/ is absent: a student copy leaves out the exercise sources (they hold the "
              "solutions and hidden tests); these tests run in the instructor's repository")
needs_sources = pytest.mark.skipif(not SOURCE_DIR.is_dir(), reason=NO_SOURCES)


def ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.fixture(scope="module")
def parsed() -> dict[str, ex.Exercise]:
    if not SOURCE_DIR.is_dir():  # a test that needs the sources but forgot its mark skips, never fails
        pytest.skip(NO_SOURCES)
    return {p.stem: ex.parse_exercise(p) for p in SOURCES}


def run_cells(notebook, student_id: str, extra: list[str] = ()) -> dict:
    """Execute a notebook's code cells in this process, as a kernel would with injected parameters; errors are skipped."""
    namespace: dict = {"__name__": "__main__"}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            exec(compile(cell.source, "<cell>", "exec"), namespace)  # noqa: S102
        except Exception:  # noqa: BLE001 - a blank notebook raises; tests then fail, as they should
            pass
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(output_dir=str(DATA), student_id=student_id, seed=SEED)
            for source in extra:
                exec(source, namespace)  # noqa: S102
    return namespace


def grade_in_process(exercise: ex.Exercise, namespace: dict, student_id: str) -> list[ex.Outcome]:
    """What the grader does after the student's cells: reset the id, re-run the variant cells, run every test."""
    namespace.update(student_id=student_id, seed=SEED, output_dir=str(DATA))
    for cell in exercise.notebook.cells:
        if cell.cell_type == "code" and set(cell.metadata.get("tags", [])) & set(ex.RERUN_TAGS):
            exec(cell.source, namespace)  # noqa: S102
    return [ex.run_test(q.name, i, source, namespace, hidden)
            for q in exercise.questions for i, (source, hidden) in enumerate(q.tests, start=1)]


def variant_of(exercise: ex.Exercise, student_id: str) -> dict:
    namespace = {"student_id": student_id, "seed": SEED}
    cell = next(c for c in exercise.notebook.cells if "variant" in c.metadata.get("tags", []))
    exec(cell.source, namespace)  # noqa: S102
    return namespace["variant"]


def ids_by_variant(exercise: ex.Exercise, limit: int = 200) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for n in range(limit):
        found.setdefault(json.dumps(variant_of(exercise, f"s{n}"), sort_keys=True), []).append(f"s{n}")
    return found


def one_id_per_variant(exercise: ex.Exercise) -> list[str]:
    return [group[0] for group in ids_by_variant(exercise).values()]


# --- The markup --------------------------------------------------------------------------------


@needs_sources
def test_there_are_at_least_six_exercises_from_easy_to_hard(parsed):
    assert len(parsed) >= 6
    levels = [re.search(r"\*\*Level:\*\* (★+)", c.source).group(1).count("★")
              for e in parsed.values() for c in e.notebook.cells[1:2]]
    assert levels == sorted(levels), "exercises are numbered from easy to hard"


@needs_sources
@pytest.mark.parametrize("path", SOURCES, ids=ids(SOURCES))
def test_source_notebook_is_otter_v1_and_committed_clean(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert not dirty_cells(notebook), "commit exercise notebooks without outputs or execution counts"
    exercise = ex.parse_exercise(path)
    assert notebook.cells[0].cell_type == "raw" and notebook.cells[0].source.startswith("# ASSIGNMENT CONFIG")
    tags = [t for c in notebook.cells for t in c.metadata.get("tags", [])]
    assert "parameters" in tags and "variant" in tags
    for question in exercise.questions:
        if not question.manual:
            assert any(not hidden for _, hidden in question.tests), f"{question.name}: students need a visible check"
            assert any(hidden for _, hidden in question.tests), f"{question.name}: the grader needs a hidden check"


def test_parse_rejects_broken_markup(tmp_path):
    def notebook(*cells):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_raw_cell("# ASSIGNMENT CONFIG\nname: bad"),
            nbformat.v4.new_code_cell("output_dir: str = '.'", metadata={"tags": ["parameters"]}),
            *cells,
        ])
        path = tmp_path / "bad.ipynb"
        nbformat.write(nb, path)
        return path

    raw, code = nbformat.v4.new_raw_cell, nbformat.v4.new_code_cell
    question = raw("# BEGIN QUESTION\nname: q1\npoints: 1")
    cases = {
        "without '# SOLUTION'": [question, raw("# BEGIN SOLUTION"), code("x = 1"), raw("# END SOLUTION")],
        "ends in an expression": [question, raw("# BEGIN TESTS"), code("x == 1"), raw("# END TESTS"), raw("# END QUESTION")],
        "is not closed": [question, raw("# BEGIN TESTS"), code("assert x")],
        "blank line inside an indented block": [question, raw("# BEGIN TESTS"), code("for i in []:\n\n    assert i")],
        "has no tests": [question, raw("# END QUESTION")],
        "outside a solution block": [code("x = 1  # SOLUTION")],
    }
    for expected, cells in cases.items():
        with pytest.raises(ex.ExerciseError, match=re.escape(expected)):
            ex.parse_exercise(notebook(*cells))


def test_strip_solution_follows_otter_markers():
    source = "\n".join([
        "import math",
        "# BEGIN SOLUTION NO PROMPT",
        "helper = 2",
        "# END SOLUTION",
        '""" # BEGIN PROMPT',
        "answer = ...",
        '""" # END PROMPT',
        "def f(x):",
        "    # BEGIN SOLUTION",
        "    return math.sqrt(x)",
        "    # END SOLUTION",
        "total = f(4) + helper  # SOLUTION",
        "print('secret')  # SOLUTION NO PROMPT",
    ])
    assert ex.strip_solution(source) == "\n".join([
        "import math", "answer = ...", "def f(x):", "    # YOUR CODE HERE", "    ...", "total = ...",
    ])


# --- Building ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, parsed) -> Path:
    out = tmp_path_factory.mktemp("build")
    roster = out / "roster.txt"
    roster.write_text("# class list\ns1042\ns2077\n", encoding="utf-8")
    assert ex.main(["build", "--source", str(SOURCE_DIR), "--out", str(out), "--roster", str(roster)]) == 0
    return out


def secret_lines(exercise: ex.Exercise) -> set[str]:
    """Lines only solutions and hidden tests have (not also in a cell students see)."""
    public, secret = set(), set()
    for cell, (role, _) in zip(exercise.notebook.cells, exercise.roles):
        lines = {line.strip() for line in cell.source.splitlines()}
        if role == "solution" or (role == "test" and cell.source.startswith("# HIDDEN")):
            secret |= lines
        elif role in ("plain", "prompt") or role == "test":
            public |= lines
        if role == "solution" and cell.cell_type == "code":
            public |= {line.strip() for line in ex.strip_solution(cell.source).splitlines()}
    return {line for line in secret - public if len(line) > 3 and line not in ('"""', "'''")}


@needs_sources
@pytest.mark.parametrize("path", SOURCES, ids=ids(SOURCES))
def test_student_version_has_no_solution_and_no_hidden_test(built, parsed, path):
    exercise = parsed[path.stem]
    files = [built / "student" / path.name] + sorted((built / "students").glob(f"*/{path.name}"))
    assert len(files) == 3
    secrets = secret_lines(exercise)
    assert secrets
    for file in files:
        text = file.read_text(encoding="utf-8")
        notebook = nbformat.reads(text, as_version=4)
        sources = "\n".join(c.source for c in notebook.cells)
        leaked = secrets & {line.strip() for line in sources.splitlines()}
        assert not leaked, f"{file.name} shows solution or hidden-test lines: {sorted(leaked)[:3]}"
        assert not re.search(r"# (BEGIN|END) (SOLUTION|QUESTION|TESTS|PROMPT)|# HIDDEN|# SOLUTION|ASSIGNMENT CONFIG", sources)
        assert all(c.cell_type != "raw" for c in notebook.cells)
        assert not dirty_cells(notebook)
        checks = [c for c in notebook.cells if c.source.startswith("# Check q")]
        assert len(checks) == sum(not q.manual for q in exercise.questions)


@needs_sources
def test_personalised_copies_carry_the_student_id_and_seed(built):
    notebook = nbformat.read(built / "students" / "s2077" / "03-toll-change.ipynb", as_version=4)
    assert ex.parameter_value(notebook, "student_id") == "s2077"
    assert ex.parameter_value(notebook, "seed") == SEED
    generic = nbformat.read(built / "student" / "03-toll-change.ipynb", as_version=4)
    assert ex.parameter_value(generic, "student_id") == ""


@needs_sources
def test_a_rebuild_never_replaces_a_notebook_a_student_worked_in(tmp_path, capsys):
    build = ["build", "--source", str(SOURCE_DIR), "--out", str(tmp_path)]
    assert ex.main(build) == 0
    assert ex.main(build) == 0  # untouched copies are rebuilt
    worked = tmp_path / "student" / "03-toll-change.ipynb"
    notebook = nbformat.read(worked, as_version=4)
    notebook.cells[1].source = 'student_id: str = "s42"  # my answers follow'
    nbformat.write(notebook, worked)
    before = worked.read_bytes()
    mine = tmp_path / "student" / "03-toll-change-mine.ipynb"  # a copy beside it is no stale build
    mine.write_bytes(before)
    capsys.readouterr()
    assert ex.main(build) != 0
    assert capsys.readouterr().err.strip().startswith(f"error: {worked}: changed since it was built")
    assert worked.read_bytes() == before and mine.read_bytes() == before


@needs_sources
@pytest.mark.parametrize("path", SOURCES, ids=ids(SOURCES))
def test_grader_version_keeps_every_test_and_no_solution(built, parsed, path):
    exercise = parsed[path.stem]
    grader = ex.load_grader(built / "grader" / path.name)
    assert [(q.name, q.points, q.manual, q.tests) for q in grader.questions] == \
        [(q.name, q.points, q.manual, q.tests) for q in exercise.questions]
    assert grader.rerun, "the variant cell is run again before the tests"
    sources = "\n".join(c.source for c in nbformat.read(built / "grader" / path.name, as_version=4).cells)
    solution_only = {line for line in secret_lines(exercise) if not line.startswith("_") and "assert" not in line}
    hidden_lines = {line.strip() for q in exercise.questions for s, h in q.tests if h for line in s.splitlines()}
    assert not (solution_only - hidden_lines) & {line.strip() for line in sources.splitlines()}


# --- Variants and checks -----------------------------------------------------------------------


@needs_sources
def test_variants_are_deterministic_and_cover_every_option(parsed):
    for exercise in parsed.values():
        assert variant_of(exercise, "s7") == variant_of(exercise, " S7 ")
        assert len(one_id_per_variant(exercise)) >= 3, f"{exercise.name}: too few variants"
    with pytest.raises(ex.ExerciseError, match="student_id is empty"):
        ex.variant("x", "  ", SEED, {"k": [1, 2]})
    counts = Counter(ex.variant("x", f"s{n}", SEED, {"k": [1, 2, 3]})["k"] for n in range(600))
    assert min(counts.values()) > 150, "each option goes to about a third of the students"
    assert ex.variant("x", "s1", SEED, {"k": list(range(50))}) != ex.variant("x", "s1", SEED + 1, {"k": list(range(50))})


def test_check_summarises_visible_tests():
    result = ex.check("q1", {"x": 2}, "assert x > 0", "assert x == 3, 'x should be 3'", "assert y")
    assert not result.passed
    assert repr(result).splitlines() == [
        "q1: 1 of 3 visible checks passed", "  ✗ check 2: x should be 3", "  ✗ check 3: NameError: name 'y' is not defined (in `assert y`)",
    ]
    assert "hidden checks run when your work is graded" in repr(ex.check("q2", {"x": 1}, "assert x"))


# --- Solutions, blanks and wrong variants, run in this process ---------------------------------


def solution_cases(slow: bool) -> list:
    cases = []
    for path in SOURCES:
        exercise = ex.parse_exercise(path)
        students = one_id_per_variant(exercise)
        if path.stem in SLOW and not slow:
            students = students[:1]
        cases += [pytest.param(path.stem, s, id=f"{path.stem}-{s}") for s in students]
    return cases


@needs_sources
@pytest.mark.parametrize(("name", "student"), solution_cases(slow=False))
def test_solution_passes_every_test(parsed, name, student):
    exercise = parsed[name]
    namespace = run_cells(ex.solution_version(exercise), student)
    failed = [r for r in grade_in_process(exercise, namespace, student) if not r.passed]
    assert not failed, [(r.question, r.index, r.message) for r in failed]


@needs_sources
@pytest.mark.parametrize("name", ids(SOURCES))
def test_blank_student_version_fails_every_test(parsed, name):
    exercise = parsed[name]
    namespace = run_cells(ex.student_version(exercise, SEED, "s1"), "s1")
    passed = [(r.question, r.index) for r in grade_in_process(exercise, namespace, "s1") if r.passed]
    assert not passed, f"a blank notebook passes {passed}"


@needs_sources
@pytest.mark.parametrize("name", [n for n in ids(SOURCES) if n not in SLOW])
def test_answers_of_another_variant_fail(parsed, name):
    """A student who works another student's variant (here: resets student_id after the parameters cell) fails."""
    exercise = parsed[name]
    mine, other = one_id_per_variant(exercise)[:2]
    namespace = run_cells(ex.solution_version(exercise), mine, extra=[f"student_id = {other!r}"])
    results = grade_in_process(exercise, namespace, mine)
    assert any(not r.passed for r in results), "answers computed for another variant must not pass"
    namespace = run_cells(ex.solution_version(exercise), other)
    assert all(r.passed for r in grade_in_process(exercise, namespace, other))


@needs_sources
@pytest.mark.parametrize(("name", "as_numpy"), [
    ("02-web-furniture", "q3_chars = {rule: np.int64(chars) for rule, chars in q3_chars.items()}"),
    ("03-toll-change", "q3_days = np.int64(q3_days)"),
])
def test_numpy_integers_are_integers(parsed, name, as_numpy):
    """`dict(frame.groupby(...).sum())` gives numpy integers: a right answer, whatever its integer type."""
    exercise = parsed[name]
    namespace = run_cells(ex.solution_version(exercise), "s1")
    exec("import numpy as np\n" + as_numpy, namespace)  # noqa: S102
    failed = [(r.question, r.index, r.message) for r in grade_in_process(exercise, namespace, "s1") if not r.passed]
    assert not failed


@needs_sources
def test_annotators_see_their_partners_labels_only_after_annotating(parsed):
    """Exercise 6: no cell before q1's end shows a partner's labels, and q1's points follow how many clear items are right."""
    exercise = parsed["06-annotator-agreement"]
    student = ex.student_version(exercise, SEED, "s1")
    q1_checked = max(i for i, c in enumerate(student.cells) if "q1" in c.source and "check" in c.source)
    partners_shown = min(i for i, c in enumerate(student.cells) if "PARTNERS" in c.source)
    assert partners_shown > q1_checked
    clear_answer = run_cells(ex.solution_version(exercise), "s1")["q1_labels"]

    def q1_passed(wrong: dict) -> list[bool]:
        namespace = run_cells(ex.solution_version(exercise), "s1", extra=[])
        namespace["q1_labels"] = {**clear_answer, **wrong}
        return [r.passed for r in grade_in_process(exercise, namespace, "s1") if r.question == "q1"]

    assert q1_passed({}) == [True, True, True]
    assert q1_passed({11: "other"}) == [True, True, False]  # a date labelled as a figure: part of the points
    assert q1_passed({11: "other", 2: "other", 12: "other"}) == [True, False, False]


@functools.lru_cache(maxsize=1)
def kappa_of_the_solution():
    """The `cohen_kappa` function the solution of exercise 6 writes by hand."""
    exercise = ex.parse_exercise(SOURCE_DIR / "06-annotator-agreement.ipynb")
    return run_cells(ex.solution_version(exercise), "s1")["cohen_kappa"]


@needs_sources
@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=2, max_size=30))
def test_hand_kappa_of_the_solution_matches_a_reference(pairs):
    from nltk.metrics.agreement import AnnotationTask

    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    if len(set(a)) == 1 and set(a) == set(b):
        return  # both annotators use one and the same label: chance agreement is 1 and kappa undefined
    reference = AnnotationTask(data=[("A", i, x) for i, x in enumerate(a)] + [("B", i, y) for i, y in enumerate(b)]).kappa()
    assert abs(kappa_of_the_solution()(a, b) - reference) < 1e-9


# --- Grading through kernels -------------------------------------------------------------------


def submission(exercise: ex.Exercise, student_id: str, solved: bool, extra_cell: str = "", at: int = 3):
    notebook = ex.solution_version(exercise) if solved else ex.student_version(exercise, SEED)
    notebook.metadata = ex.student_version(exercise, SEED).metadata
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = ex.set_parameter(cell.source, "student_id", student_id)
    if extra_cell:
        notebook.cells.insert(at, nbformat.v4.new_code_cell(extra_cell))
    return notebook


def grades_of(table: pd.DataFrame, student: str) -> pd.DataFrame:
    return table[(table["student"] == student) & (table["points"] != "")]


@needs_sources
def test_grading_runs_each_submission_in_its_own_kernel_with_limits(tmp_path, parsed, built):
    exercise = parsed["03-toll-change"]
    (mine, copier, *_), (other, *_) = list(ids_by_variant(exercise).values())[:2]
    subs = tmp_path / "submissions"
    (subs / "s-blank").mkdir(parents=True)
    nbformat.write(submission(exercise, mine, solved=True), subs / "anything.ipynb")  # id from the parameters cell
    nbformat.write(submission(exercise, "", solved=False), subs / "s-blank" / "03-toll-change.ipynb")  # id from the folder
    # answers worked on another student's variant, submitted under this student's name
    copied = submission(exercise, copier, solved=True, extra_cell=f"student_id = {other!r}", at=2)
    nbformat.write(copied, subs / f"{copier}__03-toll-change.ipynb")
    nbformat.write(submission(exercise, "s-syntax", solved=True, extra_cell="def broken(:\n    pass"), subs / "s-syntax__x.ipynb")
    nbformat.write(submission(exercise, "s-loop", solved=True, extra_cell="while True:\n    pass"), subs / "s-loop__x.ipynb")
    (subs / "s-junk__03-toll-change.ipynb").write_text("{ not json", encoding="utf-8")
    table = ex.grade(subs, built / "grader", tmp_path / "grades.csv", DATA, SEED, cell_timeout=4,
                     notebook_timeout=60, say=lambda _: None)
    written = pd.read_csv(tmp_path / "grades.csv", dtype={"student": str}, keep_default_na=False)
    assert list(written.columns) == ex.GRADE_COLUMNS
    total = {s: grades_of(table, s)["points"].astype(float).sum() for s in table["student"].unique()}
    maximum = grades_of(table, mine)["max"].astype(float).sum()
    assert total[mine] == maximum == 8
    assert total["s-blank"] == 0
    assert total[copier] < maximum, "answers worked on another student's variant must not pass"
    assert total["s-syntax"] == maximum, "a cell with a syntax error does not stop the others"
    assert total["s-loop"] == maximum, "a looping cell is interrupted and the rest still runs"
    assert "cell limit" in " ".join(table[table["student"] == "s-loop"]["error"])
    junk = table[table["student"] == "s-junk"]
    assert len(junk) == 1 and "not a readable notebook" in junk["error"].iloc[0]
    manual = table[(table["student"] == mine) & (table["points"] == "")]
    assert list(manual["question"]) == ["q5"] and "manual" in manual["error"].iloc[0]
    assert (tmp_path / "graded" / mine / "03-toll-change.ipynb").is_file()


@needs_sources
def test_grading_stops_a_notebook_over_its_time_limit(tmp_path, parsed, built):
    exercise = parsed["01-naming-choices"]
    stubborn = "import time\nwhile True:\n    try:\n        time.sleep(5)\n    except KeyboardInterrupt:\n        pass"
    subs = tmp_path / "submissions"
    subs.mkdir()
    nbformat.write(submission(exercise, "s-stuck", solved=True, extra_cell=stubborn), subs / "s-stuck.ipynb")
    nbformat.write(submission(exercise, "s-ok", solved=True), subs / "s-ok.ipynb")
    table = ex.grade(subs, built / "grader", tmp_path / "grades.csv", DATA, SEED, cell_timeout=2,
                     notebook_timeout=8, say=lambda _: None)
    stuck = grades_of(table, "s-stuck")
    assert stuck["points"].astype(float).sum() == 0
    assert all("timeout" in e for e in stuck["error"])
    assert grades_of(table, "s-ok")["points"].astype(float).sum() == 6


@needs_sources
def test_grading_resubmissions_and_a_file_named_for_another_student(tmp_path, parsed, built):
    """Each progress line shows its own file's points; of a student's files of one exercise the latest
    modified counts and the others are 'superseded'; a file named for Erin holding Alice's id is
    'check', counts for nobody and has its own line in the summary."""
    exercise = parsed["01-naming-choices"]
    subs = tmp_path / "submissions"
    (subs / "alice").mkdir(parents=True)
    files = {  # in order of modification; graded in order of path
        "alice__01-naming-choices.ipynb": submission(exercise, "alice", solved=True),
        "alice/01-naming-choices.ipynb": submission(exercise, "alice", solved=False),  # resubmitted: it counts
        "erin__01-naming-choices.ipynb": submission(exercise, "alice", solved=True),
        "bob__01-naming-choices.ipynb": submission(exercise, "bob", solved=True),
    }
    for minute, (name, notebook) in enumerate(files.items()):
        nbformat.write(notebook, subs / name)
        os.utime(subs / name, (1_700_000_000 + 60 * minute,) * 2)
    said: list[str] = []
    table = ex.grade(subs, built / "grader", tmp_path / "grades.csv", DATA, SEED, say=said.append)
    written = pd.read_csv(tmp_path / "grades.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == ex.GRADE_COLUMNS
    assert written.groupby("file")["status"].agg(lambda s: "/".join(sorted(set(s)))).to_dict() == {
        "alice/01-naming-choices.ipynb": "counts", "alice__01-naming-choices.ipynb": "superseded",
        "erin__01-naming-choices.ipynb": "check", "bob__01-naming-choices.ipynb": "counts"}
    earlier = written[written["file"] == "alice__01-naming-choices.ipynb"]
    assert all(e.startswith("superseded by alice/01-naming-choices.ipynb") for e in earlier["error"])
    erin = written[written["file"] == "erin__01-naming-choices.ipynb"]
    assert set(erin["student"]) == {"alice"} and all("file name says 'erin'" in e for e in erin["error"])
    counted = written[(written["status"] == "counts") & (written["points"] != "")]
    assert counted.groupby("student")["points"].agg(lambda p: p.astype(float).sum()).to_dict() == {"alice": 0, "bob": 6}
    progress = {line.split("] ", 1)[1].split(": ", 1)[0]: line for line in said}
    assert "alice 01-naming-choices 0/6 auto points" in progress["alice/01-naming-choices.ipynb"]
    assert "alice 01-naming-choices 6/6 auto points" in progress["alice__01-naming-choices.ipynb"]
    assert "6/6 auto points" in progress["erin__01-naming-choices.ipynb"]
    assert "CHECK: " in progress["erin__01-naming-choices.ipynb"]
    assert ex.grade_summary(table).splitlines() == [
        "graded 4 files of 2 students; 1 superseded by a later file of the same student and exercise; 1 to check",
        "check erin__01-naming-choices.ipynb: graded as 'alice' (its parameters cell) but its file name says 'erin'; "
        "it counts for nobody until you settle whose it is",
    ]


@needs_sources
def test_grading_names_the_students_cell_that_raised(tmp_path, parsed, built):
    """A test failing on a name the student's raising cell should have set says which cell raised, and with what."""
    exercise = parsed["03-toll-change"]
    notebook = submission(exercise, "carol", solved=True)
    cell = next(c for c in notebook.cells if c.source.startswith("q2_first = "))
    cell.source = cell.source.replace('q1_reports["value"]', 'q1_reports["values"]', 1)  # KeyError: 'values'
    subs = tmp_path / "submissions"
    subs.mkdir()
    nbformat.write(notebook, subs / "carol__03-toll-change.ipynb")
    table = ex.grade(subs, built / "grader", tmp_path / "grades.csv", DATA, SEED, say=lambda _: None)
    errors = dict(zip(table["question"], table["error"]))
    cause = re.search(r"NameError: name 'q2_first' is not defined[^;]*: your cell In \[(\d+)\], which sets "
                      r"q2_first, raised KeyError: 'values'", errors["q2"])
    assert cause, errors["q2"]
    assert "which sets q3_change, raised NameError: name 'q2_last' is not defined" in errors["q3"], errors["q3"]
    assert errors["q1"] == errors["q4"] == ""
    graded = nbformat.read(tmp_path / "graded" / "carol" / "03-toll-change.ipynb", as_version=4)
    raising = [c for c in graded.cells if c.get("execution_count") == int(cause.group(1))]
    assert len(raising) == 1 and 'q1_reports["values"]' in raising[0].source


@needs_sources
def test_a_student_copy_without_the_exercise_sources_passes(tmp_path):
    """INSTRUCTORS.md's student archive leaves out notebooks/exercises/: there this file's tests pass or skip, saying why."""
    copy = tmp_path / "student-copy"
    shutil.copytree(DATA.parent, copy / "tests" / "fixtures" / "exercises")
    for name in ("tests/test_exercises.py", "tests/conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, copy / name)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/test_exercises.py"],
                         cwd=copy, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")), capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "notebooks/exercises/ is absent" in run.stdout
    assert re.search(r"\b[1-9]\d* passed", run.stdout), run.stdout[-1000:]


@needs_sources
def test_identify_reads_the_parameters_cell_then_the_file_name(tmp_path, parsed):
    exercise = parsed["03-toll-change"]
    known = list(parsed)
    with_id = submission(exercise, "s1", solved=False)
    without = submission(exercise, "", solved=False)
    without.metadata = {}
    assert ex.identify(tmp_path / "whatever.ipynb", tmp_path, with_id, known) == ("03-toll-change", "s1", "")
    assert ex.identify(tmp_path / "s9__03-toll-change.ipynb", tmp_path, without, known)[:2] == ("03-toll-change", "s9")
    assert ex.identify(tmp_path / "s8" / "03-toll-change.ipynb", tmp_path, without, known)[:2] == ("03-toll-change", "s8")
    exercise_name, student, note = ex.identify(tmp_path / "s9__03-toll-change.ipynb", tmp_path, with_id, known)
    assert student == "s1" and "file name says 's9'" in note


@needs_sources
def test_grade_needs_the_pipeline_tables(tmp_path, built):
    (tmp_path / "subs").mkdir()
    with pytest.raises(ex.ExerciseError, match="make report"):
        ex.grade(tmp_path / "subs", built / "grader", tmp_path / "g.csv", tmp_path, SEED)


@needs_sources
@pytest.mark.pipeline
def test_grading_every_solution_and_blank_through_kernels(tmp_path, parsed, built):
    subs = tmp_path / "submissions"
    subs.mkdir()
    for name, exercise in parsed.items():
        nbformat.write(submission(exercise, "solver", solved=True), subs / f"solver__{name}.ipynb")
        nbformat.write(submission(exercise, "blank", solved=False), subs / f"blank__{name}.ipynb")
    table = ex.grade(subs, built / "grader", tmp_path / "grades.csv", DATA, SEED, say=lambda _: None)
    solver, blank = grades_of(table, "solver"), grades_of(table, "blank")
    assert (solver["points"].astype(float) == solver["max"].astype(float)).all(), solver[solver["error"] != ""].to_dict("records")
    assert (blank["points"].astype(float) == 0).all()
    assert set(solver["exercise"]) == set(parsed)
    # Every chart an exercise draws is a picture: a Figure made without pyplot shows as "<Figure size ...>".
    pictures = {}
    for name in parsed:
        executed = nbformat.read(tmp_path / "graded" / "solver" / f"{name}.ipynb", as_version=4)
        outputs = [o.get("data", {}) for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
        assert not [d for d in outputs if str(d.get("text/plain", "")).startswith("<Figure size") and "image/png" not in d], name
        pictures[name] = sum("image/png" in d for d in outputs)
    assert pictures["03-toll-change"] >= 1 and pictures["05-rerun-with-parameter"] >= 2, pictures


@needs_sources
@pytest.mark.pipeline
@pytest.mark.parametrize(("name", "student"), [c for c in solution_cases(slow=True)
                                               if c.values[0] in SLOW][1:])
def test_slow_solution_passes_every_variant(parsed, name, student):
    test_solution_passes_every_test(parsed, name, student)
