"""The whole pipeline on the seed corpus, into temporary folders: outputs, raw data untouched, identical reruns,
failed and interrupted runs that leave the last good outputs in place, and hostile text."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from newsfigures import pipeline
from newsfigures.pipeline import main

from conftest import FIXTURES, RAW, ROOT

pytestmark = pytest.mark.pipeline
TABLES = ["articles", "sentences", "mentions", "cleaning_log", "figures", "figures_by_category", "figures_evaluation"]


def tree_hashes(folder: Path, patterns=("*.csv", "*.png", "*.svg", "*.txt")) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for pattern in patterns for p in folder.rglob(pattern)
        if "executed" not in p.parts and not any(part.startswith(".newsfigures-staging") for part in p.parts)
    }


def run(*args: str) -> int:
    return main(["run", "--quiet", *args])


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    raw_before = tree_hashes(RAW, ("*",))
    output = tmp_path_factory.mktemp("run1")
    assert run("--output", str(output)) == 0
    assert tree_hashes(RAW, ("*",)) == raw_before, "the pipeline wrote under data/raw"
    return output


def test_every_step_writes_its_outputs(first_run):
    processed = first_run / "data" / "processed"
    for name in TABLES:
        assert len(pd.read_csv(processed / f"{name}.csv")) > 0, name
    assert sorted(p.name for p in (first_run / "data" / "interim" / "clean").glob("*.txt")) == [
        "archynewsy-ceasefire.txt", "asbarez-withdrawal.txt", "rtvslo-offensive.txt", "shahramanyan-interview.txt",
        "yevlakh-talks.txt"]
    executed = sorted(p.name for p in (first_run / "reports" / "executed").glob("*.ipynb"))
    assert executed == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert not list(first_run.glob(".newsfigures-staging*"))


def test_figures_table_has_the_promised_columns_and_spans(first_run):
    figures = pd.read_csv(first_run / "data" / "processed" / "figures.csv", keep_default_na=False)
    for column in ["doc_id", "outlet", "published", "sentence_id", "char_start", "char_end", "mention", "value", "low",
                   "high", "qualifier", "category", "subject", "attributed_to", "historical", "sentence"]:
        assert column in figures.columns
    for row in figures.itertuples():
        text = (first_run / "data" / "interim" / "clean" / f"{row.doc_id}.txt").read_text(encoding="utf-8")
        assert text[row.char_start : row.char_end] == row.mention


def test_death_toll_reconciliation(first_run):
    table = pd.read_csv(first_run / "data" / "processed" / "figures_by_category.csv")
    killed = table[(table["category"] == "killed") & (table["subject_group"] == "all")]
    reports = killed[killed["row_type"] == "report"]
    assert list(reports["published"]) == sorted(reports["published"])
    assert list(reports["value"]) == [25, 24, 200, 200]  # 25 on the first day, "dozens", then 200
    estimate = killed[killed["row_type"] == "estimate"].iloc[0]
    assert (estimate["low"], estimate["value"], estimate["high"]) == (24, 200, 200)


def test_articles_are_in_order_of_publication_wherever_they_are_compared(first_run):
    processed = first_run / "data" / "processed"
    articles = pd.read_csv(processed / "articles.csv", dtype=str, keep_default_na=False)
    in_order = list(articles.sort_values(["published", "doc_id"])["doc_id"])
    assert list(articles["doc_id"]) != in_order  # the corpus files are not in that order, so this can fail
    tone = pd.read_csv(processed / "framing_tone.csv", keep_default_na=False)
    assert list(tone[tone["level"] == "article"]["name"]) == in_order
    naming = pd.read_csv(processed / "framing_naming.csv", keep_default_na=False)
    assert list(dict.fromkeys(naming["doc_id"])) == in_order
    html = (first_run / "reports" / "report.html").read_text(encoding="utf-8")

    def header(first: str) -> list[str]:
        start = html.index(f"<th>{first}</th>")
        return re.findall(r"<th>(.*?)</th>", html[start:html.index("</tr>", start)])

    assert header("dimension")[2:] == in_order  # the naming table, below the heatmap
    assert header("characters")[1:] == in_order  # what cleaning removed
    corpus_table = html[html.index("<th>outlet</th>"):]
    assert re.findall(r"<tr>\s*<td>([^<]+)</td>", corpus_table)[:len(in_order)] == in_order
    naming_line = re.search(r"the name each article uses most: (.*?)\.</li>", html).group(1)
    assert [part.split(":")[0] for part in naming_line.split("; ")] == in_order


def test_report_is_one_self_contained_file(first_run):
    html = (first_run / "reports" / "report.html").read_text(encoding="utf-8")
    assert "How the news reported" in html and "Run record" in html
    assert re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html) == []
    assert "<script src" not in html
    assert html.count("data:image/png;base64") >= 2
    assert "import pandas" not in html and "def load(" not in html


def test_rerun_is_identical_and_keeps_other_tools_outputs(first_run, tmp_path):
    others = {"reports/benchmarks.csv": b"benchmark,value\n", "reports/figures/bench-scaling.png": b"png",
              "reports/report-screenshot.png": b"png"}
    for name, data in others.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert run("--output", str(tmp_path)) == 0
    assert all((tmp_path / name).read_bytes() == data for name, data in others.items())
    rerun = {k: v for k, v in tree_hashes(tmp_path).items() if f"reports/{k}" not in others and k not in others}
    assert rerun == tree_hashes(first_run)
    report_a = (first_run / "reports" / "report.html").read_text(encoding="utf-8")
    report_b = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    started = re.compile(r"Run started <strong>[^<]*</strong>")
    # The run record names the output folder, which differs here by construction.
    report_a = report_a.replace("<wbr/>", "").replace(str(first_run), "OUT")
    report_b = report_b.replace("<wbr/>", "").replace(str(tmp_path), "OUT")
    assert started.sub("", report_a) == started.sub("", report_b)


def copy_outputs(source: Path, target: Path) -> None:
    for part in ("data", "reports"):
        shutil.copytree(source / part, target / part)


def test_failed_step_leaves_the_last_good_outputs(first_run, tmp_path, capsys):
    copy_outputs(first_run, tmp_path)
    before = tree_hashes(tmp_path)
    # A step that fails after it has written its tables (what the checks before a run cannot foresee):
    # step 02's notebook with one more cell, which raises
    notebook = json.loads((ROOT / "notebooks" / "02-clean-texts.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "fails", "metadata": {}, "outputs": [],
                              "source": "raise ValueError('a step that fails after writing its tables')"})
    failing = tmp_path / "notebooks" / "02-clean-texts.ipynb"
    failing.parent.mkdir()
    failing.write_text(json.dumps(notebook), encoding="utf-8")
    config = tmp_path / "pipeline.yml"
    config.write_text((ROOT / "config" / "pipeline.yml").read_text().replace("notebooks/02-clean-texts.ipynb", str(failing)))
    assert run("--config", str(config), "--output", str(tmp_path)) == 1
    error = capsys.readouterr().err.strip()
    assert re.fullmatch(
        r"error: step 02 \S*02-clean-texts\.ipynb failed in cell In \[\d+\] \(raise ValueError\(.*\): "
        r"ValueError: a step that fails after writing its tables \(executed notebook kept at reports/failed/02-clean-texts\.ipynb\)",
        error,
    ), error
    assert (tmp_path / "reports" / "failed" / "02-clean-texts.ipynb").is_file()
    assert (tmp_path / "reports" / "failed" / "02-clean-texts.stderr.log").is_file()
    after = {k: v for k, v in tree_hashes(tmp_path).items() if not k.startswith(("notebooks/", "pipeline.yml"))}
    assert after == before
    assert not list(tmp_path.glob(".newsfigures-staging*"))


def run_into_step_01(output: Path, **popen) -> subprocess.Popen:
    """A run in a process of its own, returned once its first notebook has begun to execute."""
    process = subprocess.Popen([sys.executable, "-m", "newsfigures", "run", "--output", str(output)], cwd=ROOT, **popen)
    deadline = time.monotonic() + 120
    while not list(output.glob(".newsfigures-staging*/reports/executed/01-*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.2)
    return process


def test_interrupted_run_leaves_the_last_good_outputs(first_run, tmp_path):
    copy_outputs(first_run, tmp_path)
    before = tree_hashes(tmp_path)
    process = run_into_step_01(tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "interrupted: nothing was published" in err
    assert tree_hashes(tmp_path) == before
    kept = list((tmp_path / "reports" / "failed").glob("*.ipynb"))
    assert len(kept) == 1, kept
    assert nbformat.read(kept[0], as_version=4).metadata.papermill.end_time, "the interrupted notebook was not finished"
    assert not list(tmp_path.glob(".newsfigures-staging*"))


def test_a_killed_run_is_cleared_by_the_next(first_run, tmp_path, capsys):
    """SIGKILL (a power cut, the OOM killer) gives no chance to clean up; the next run does it."""
    copy_outputs(first_run, tmp_path)
    before = tree_hashes(tmp_path)
    process = run_into_step_01(tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    os.killpg(process.pid, signal.SIGKILL)  # the runner and its kernel, as a power cut would
    process.wait(timeout=60)
    assert [p.name for p in tmp_path.glob(".newsfigures-staging*")] == [f".newsfigures-staging-{process.pid}"]
    assert tree_hashes(tmp_path) == before
    assert run("--output", str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert out == f"note: cleared run {process.pid}, which ended before it finished; the outputs are those of the run before it\n"
    assert not list(tmp_path.glob(".newsfigures-staging*"))
    assert tree_hashes(tmp_path) == before


def test_a_second_run_into_the_same_folder_stops_at_once(tmp_path, capsys):
    with pipeline._hold_output(tmp_path):
        assert run("--output", str(tmp_path)) == 1
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(rf"error: another run is writing into {re.escape(str(tmp_path))} \(run of process {os.getpid()} on .+, "
                        r"started .+\); wait for it to end, or pass another --output", err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".newsfigures-run.lock"]


def test_without_posix_locks_the_runner_says_to_use_wsl(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: `import fcntl` fails
    assert run("--output", str(tmp_path)) == 1
    assert capsys.readouterr().err.strip() == (
        "error: the runner needs Linux or macOS; on Windows, run it inside WSL (README: Two commands)")


def test_a_full_run_keeps_files_no_run_wrote_and_drops_its_own_stale_ones(tmp_path):
    output, staging = tmp_path / "out", tmp_path / "out" / ".newsfigures-staging-1"
    for name, text in {"data/processed/figures.csv": "old", "data/processed/mine.csv": "a student's table",
                       "data/interim/clean/removed-article.txt": "stale", "reports/run_record.json": json.dumps(
                           {"data_outputs": ["data/processed/figures.csv", "data/interim/clean/removed-article.txt"]})}.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text)
    (staging / "data" / "processed").mkdir(parents=True)
    (staging / "data" / "processed" / "figures.csv").write_text("new")
    outputs, kept = pipeline._keep_user_files(output, staging, full=True)
    assert (outputs, kept) == (["data/processed/figures.csv"], ["data/processed/mine.csv"])
    assert (staging / "data" / "processed" / "mine.csv").read_text() == "a student's table"
    assert not (staging / "data" / "interim" / "clean" / "removed-article.txt").exists()
    # with no record of what the last run wrote, nothing of the folder's is taken for stale
    (output / "reports" / "run_record.json").unlink()
    (staging / "data" / "processed" / "mine.csv").unlink()
    assert pipeline._keep_user_files(output, staging, full=True)[1] == [
        "data/interim/clean/removed-article.txt", "data/processed/mine.csv"]
    # a run of one step keeps everything, and records only the outputs of runs as outputs
    (output / "reports" / "run_record.json").write_text(json.dumps({"data_outputs": ["data/processed/figures.csv"]}))
    (staging / "data" / "processed" / "scores.csv").write_text("new")
    assert pipeline._keep_user_files(output, staging, full=False) == (
        ["data/processed/figures.csv", "data/processed/scores.csv"], [])


def fake_outputs(root: Path, label: str) -> None:
    for part in pipeline.OUTPUT_PARTS:
        (root / part).mkdir(parents=True)
        (root / part / "made-by.txt").write_text(label)


def made_by(output: Path) -> list[str]:
    return [(output / part / "made-by.txt").read_text() for part in pipeline.OUTPUT_PARTS]


def test_a_run_killed_while_publishing_is_finished_by_the_next(tmp_path):
    staging = tmp_path / ".newsfigures-staging-4242"
    fake_outputs(tmp_path, "last run")
    fake_outputs(staging, "killed run")
    (staging / pipeline.PUBLISHING_MARK).touch()
    interim, processed, reports = pipeline.OUTPUT_PARTS
    shutil.rmtree(tmp_path / interim)
    os.replace(staging / interim, tmp_path / interim)  # the first part was published,
    os.replace(tmp_path / processed, tmp_path / ".newsfigures-staging-old-processed-4242")  # the kill came here
    assert pipeline._sweep_abandoned(tmp_path) == ["finished moving the outputs of run 4242 into place; it had ended while moving them"]
    assert made_by(tmp_path) == ["killed run"] * 3
    assert not list(tmp_path.glob(".newsfigures-staging*"))


def test_a_part_moved_aside_without_a_successor_goes_back(tmp_path):
    fake_outputs(tmp_path, "last run")
    (tmp_path / ".newsfigures-staging-4242").mkdir()  # no .publishing: the steps had not all succeeded
    os.replace(tmp_path / "reports", tmp_path / ".newsfigures-staging-old-reports-4242")
    assert pipeline._sweep_abandoned(tmp_path) == [
        "cleared run 4242, which ended before it finished; the outputs are those of the run before it"
    ]
    assert made_by(tmp_path) == ["last run"] * 3
    assert not list(tmp_path.glob(".newsfigures-staging*"))


def test_a_killed_first_run_says_there_was_nothing_before_it(tmp_path):
    (tmp_path / ".newsfigures-staging-4242" / "data" / "interim").mkdir(parents=True)
    assert pipeline._sweep_abandoned(tmp_path) == ["cleared run 4242, which ended before it finished; there were no outputs before it"]
    assert list(tmp_path.iterdir()) == []


def test_one_step_after_a_run_killed_while_publishing(first_run, tmp_path, capsys):
    """`--only 07` must not stop at 'no outputs' when the outputs are only waiting to be moved into place."""
    copy_outputs(first_run, tmp_path)
    staging = tmp_path / ".newsfigures-staging-4242"
    shutil.copytree(tmp_path / "data" / "processed", staging / "data" / "processed")
    (staging / pipeline.PUBLISHING_MARK).touch()
    os.replace(tmp_path / "data" / "processed", tmp_path / ".newsfigures-staging-old-processed-4242")
    assert run("--only", "07", "--output", str(tmp_path)) == 0
    assert capsys.readouterr().out.startswith("note: finished moving the outputs of run 4242 into place")
    assert (tmp_path / "data" / "processed" / "articles.csv").is_file()
    assert not list(tmp_path.glob(".newsfigures-staging*"))


def test_a_publish_that_fails_partway_is_left_for_the_next_run(first_run, tmp_path, capsys, monkeypatch):
    copy_outputs(first_run, tmp_path)
    real_replace = os.replace

    def failing_replace(source, target):
        if Path(source).name == "processed" and Path(source).parent.parent.name.startswith(".newsfigures-staging-"):
            raise OSError(28, "No space left on device")  # interim is in place, processed moved aside: the disk fails
        return real_replace(source, target)

    monkeypatch.setattr(pipeline.os, "replace", failing_replace)
    assert run("--output", str(tmp_path)) == 1
    assert "error: moving the finished outputs into place failed partway (OSError: [Errno 28] No space left on device); " \
           f"run again: the next run into {tmp_path} finishes the move first" in capsys.readouterr().err
    monkeypatch.setattr(pipeline.os, "replace", real_replace)
    assert not (tmp_path / "data" / "processed").exists()
    assert pipeline._sweep_abandoned(tmp_path)[0].startswith("finished moving the outputs of run")
    assert tree_hashes(tmp_path) == tree_hashes(first_run)


@pytest.mark.parametrize("arrow", ["\x1b[32m----> \x1b[39m\x1b[32m9\x1b[39m rules = load()", "\x1b[32m---> \x1b[39m\x1b[32m10\x1b[39m rules = load()"])
def test_the_failing_line_is_found_whatever_its_number(arrow):
    from types import SimpleNamespace

    header = "\x1b[31m---------------------------------------------------------------------------\x1b[39m"
    frame = f"Cell In[3], line 10\n      9 names = 1\n{arrow}\n     11 more = 2\n"
    error = SimpleNamespace(ename="ValueError", traceback=[header, frame, "File clean.py:110\n--> 110 Rule(\n"], source="import pandas as pd")
    assert pipeline._failing_line(error) == "rules = load()"
    no_arrow = SimpleNamespace(ename="ValueError", traceback=[header], source="# comment\nimport pandas as pd")
    assert pipeline._failing_line(no_arrow) == "import pandas as pd"
    one_line = SimpleNamespace(ename="ParameterError", traceback=["ParameterError: parameter 'x' ..."], source="import pandas as pd")
    assert pipeline._failing_line(one_line) == ""  # it renders itself in one line: no line is known, none is made up


def test_only_one_step_reuses_earlier_outputs(first_run, tmp_path, capsys):
    copy_outputs(first_run, tmp_path)
    figures = (tmp_path / "data" / "processed" / "figures.csv").read_bytes()
    (tmp_path / "data" / "processed" / "figures.csv").unlink()
    assert main(["run", "--only", "03", "--output", str(tmp_path)]) == 0
    assert (tmp_path / "data" / "processed" / "figures.csv").read_bytes() == figures
    said = capsys.readouterr().out.splitlines()[-1]
    assert said == "report: not rebuilt, because step 07 makes it and did not run; --only 07 rebuilds it from these outputs"


def test_hostile_text_goes_through_without_injecting(tmp_path):
    assert run("--corpus", str(FIXTURES / "corpora" / "hostile"), "--output", str(tmp_path)) == 0
    html = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert" in html
    assert "\u202e" not in html and "\u200b" not in html
    clean = (tmp_path / "data" / "interim" / "clean" / "hostile.txt").read_text(encoding="utf-8")
    assert "\u202e" not in clean and max(len(line) for line in clean.splitlines()) > 100_000
    figures = pd.read_csv(tmp_path / "data" / "processed" / "figures.csv")
    assert {25, 30, 12} <= set(figures["value"])


def test_numeric_doc_ids_and_articles_left_empty_by_cleaning(tmp_path, capsys):
    """A file named 1.txt keeps doc_id "1" through every table; an article that is all furniture does not crash a step.

    The corpus has no manifest, no dates and no gold annotation, and its config gives the report a title of its own:
    the report says what it cannot measure instead of describing the seed corpus.
    """
    import yaml

    config = yaml.safe_load((ROOT / "config" / "pipeline.yml").read_text(encoding="utf-8"))
    config["steps"][-1]["parameters"]["title"] = "Tolls & talks: a test corpus"
    own_gold = shutil.copy(ROOT / "data" / "annotations" / "figures_gold.csv", tmp_path / "own_gold.csv")
    config["steps"][2]["parameters"]["gold_file"] = str(own_gold)
    config_file = tmp_path / "pipeline.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    output = tmp_path / "out"
    assert run("--corpus", str(FIXTURES / "corpora" / "numeric-and-empty"), "--output", str(output),
               "--config", str(config_file)) == 0
    html = (output / "reports" / "report.html").read_text(encoding="utf-8")
    assert "<title>Tolls &amp; talks: a test corpus</title>" in html and "September 2023 offensive" not in html
    assert "no gold annotation covers these articles" in html
    for wrong in ("no misses and no false hits", "of them are translations", "from an earlier run", "perfect score"):
        assert wrong not in html, wrong
    figures = pd.read_csv(output / "data" / "processed" / "figures.csv", dtype={"doc_id": str})
    assert list(zip(figures["doc_id"], figures["value"], figures["category"])) == [
        ("1", 25, "killed"), ("1", 200, "killed"), ("1", 10, "killed")]
    assert figures["attributed_to"].iloc[1] == "Gegham Stepanyan"
    assert (output / "data" / "interim" / "clean" / "fluff.txt").read_text(encoding="utf-8").strip() == ""
    # One step again, as the README says to rebuild the report: it reads the corpus the earlier steps read.
    report = output / "reports" / "report.html"
    report.unlink()
    assert run("--only", "07", "--output", str(output), "--config", str(config_file)) == 0
    assert "<title>Tolls &amp; talks: a test corpus</title>" in report.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run("--only", "07", "--output", str(output), "--corpus", str(RAW)) == 1
    said = capsys.readouterr().err.strip()
    assert said == (f"error: --corpus {RAW}: the earlier steps in {output} read {FIXTURES / 'corpora' / 'numeric-and-empty'} "
                    f"(run_record.json); pass --corpus {FIXTURES / 'corpora' / 'numeric-and-empty'}, or run every step to use {RAW}")
    assert report.is_file()
    # Rebuilt with the default config, the record keeps the gold file step 03 really scored against
    assert run("--only", "07", "--output", str(output)) == 0
    record = json.loads((output / "reports" / "run_record.json").read_text(encoding="utf-8"))
    assert record["steps"]["03"]["parameters"]["gold_file"] == str(own_gold)
    assert record["ran"] == ["07"] and record["steps"]["07"]["parameters"]["title"] != "Tolls & talks: a test corpus"


def test_a_partial_run_reads_the_corpus_of_the_earlier_steps(tmp_path):
    own, moved = tmp_path / "quake", tmp_path / "gone"
    own.mkdir()
    output = tmp_path / "out"
    record = output / "reports" / "run_record.json"
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"corpus": str(own)}), encoding="utf-8")
    assert pipeline.corpus_of_run(None, output, partial=True) == own
    assert pipeline.corpus_of_run(own, output, partial=True) == own
    assert pipeline.corpus_of_run(None, output, partial=False) == Path.cwd() / "data" / "raw"  # a whole run starts afresh
    assert pipeline.corpus_of_run(moved, output, partial=False) == moved
    with pytest.raises(pipeline.ParameterError, match=r"read .*quake \(run_record.json\); pass --corpus .*quake, or run every step"):
        pipeline.corpus_of_run(moved, output, partial=True)
    record.write_text(json.dumps({"corpus": str(moved)}), encoding="utf-8")
    with pytest.raises(pipeline.ParameterError, match=r"read the corpus .*gone, which is gone; pass --corpus"):
        pipeline.corpus_of_run(None, output, partial=True)
    assert pipeline.corpus_of_run(None, tmp_path / "never-run", partial=True) == Path.cwd() / "data" / "raw"
    record.write_text("[]", encoding="utf-8")  # JSON, but no record this runner wrote
    assert pipeline.corpus_of_run(None, output, partial=True) == Path.cwd() / "data" / "raw"
