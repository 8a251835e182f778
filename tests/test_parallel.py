"""The Dask engine gives the same tables as the local one, from a single function up to the pipeline's steps 01-03."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfigures import bench, extract, parallel, pipeline
from newsfigures.paths import project_root

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, str, str]]:
    return bench.seed_texts(project_root() / "data" / "raw")


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=50))
def test_split_keeps_every_item_in_order_in_balanced_chunks(items, parts):
    chunks = parallel.split(items, parts)
    assert [x for chunk in chunks for x in chunk] == items
    assert len(chunks) == max(1, min(parts, len(items)))
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) - min(sizes) <= 1


def test_local_engine_is_a_plain_loop():
    assert parallel.map_documents(str.upper, iter(["a", "b"])) == ["A", "B"]
    assert parallel.map_documents(str.upper, [], engine="dask") == []  # no cluster for no work


def test_unknown_engine_is_refused_before_any_work():
    calls = []
    with pytest.raises(ValueError, match="engine 'spark' unknown; valid: local, dask"):
        parallel.map_documents(calls.append, [1], engine="spark")
    assert calls == []


def test_dask_engine_runs_in_worker_processes_and_keeps_the_order():
    import os

    results = parallel.map_documents(lambda i: (i * i, os.getpid()), range(50), engine="dask", partitions=7)
    assert [square for square, _ in results] == [i * i for i in range(50)]
    assert os.getpid() not in {pid for _, pid in results}


def test_dask_engine_gives_the_same_figures_table_as_the_local_engine(seeds):
    extractor = bench.load_extractor()

    def figures_of(article: tuple[str, str, str]) -> list:  # a closure, as in the notebooks: sent by value
        doc_id, published, raw = article
        return bench.extract_document(raw, doc_id, published, extractor)

    local = parallel.map_documents(figures_of, seeds, engine="local")
    on_dask = parallel.map_documents(figures_of, seeds, engine="dask", partitions=3)
    assert [len(part) for part in on_dask] == [len(part) for part in local]
    local_table = extract.figures_table([f for part in local for f in part])
    dask_table = extract.figures_table([f for part in on_dask for f in part])
    assert len(local_table) > 0
    assert dask_table.to_csv(index=False) == local_table.to_csv(index=False)


def test_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConnectionError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        parallel.map_documents(len, ["a"], engine="dask", scheduler="tcp://127.0.0.1:9")


def test_scheduler_address_falls_back_to_dask_configuration(monkeypatch):
    import dask

    assert parallel.scheduler_address("tcp://given:8786") == "tcp://given:8786"
    with dask.config.set({"scheduler-address": "tcp://configured:8786"}):
        assert parallel.scheduler_address("") == "tcp://configured:8786"
        assert parallel.scheduler_address("tcp://given:8786") == "tcp://given:8786"
    with dask.config.set({"scheduler-address": None}):
        assert parallel.scheduler_address("") == ""


def _steps_01_to_03(folder: Path) -> Path:
    """A config of the real notebooks 01-03 with the config's parameters, without the slow quantulum3 baseline."""
    import yaml

    config = yaml.safe_load((project_root() / "config" / "pipeline.yml").read_text(encoding="utf-8"))
    steps = [s for s in config["steps"] if s["step"] in ("01", "02", "03")]
    assert [s["step"] for s in steps] == ["01", "02", "03"]
    for step in steps:
        step["notebook"] = str(project_root() / step["notebook"])
        if step["step"] == "03":
            step.setdefault("parameters", {})["run_baseline"] = False
    path = folder / "steps-01-03.yml"
    path.write_text(yaml.safe_dump({"engine": "local", "steps": steps}, sort_keys=False), encoding="utf-8")
    return path


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for part in ("data/interim", "data/processed")
        for path in sorted((root / part).rglob("*"))
        if path.is_file()
    }


@pytest.mark.pipeline
def test_pipeline_steps_01_to_03_on_dask_write_the_same_tables_byte_for_byte(tmp_path):
    config = _steps_01_to_03(tmp_path)
    corpus = project_root() / "data" / "raw"
    pipeline.run(config, corpus, tmp_path / "local", quiet=True)
    # the Dask run goes through the command line, as a user would start it
    assert pipeline.main(["run", "--config", str(config), "--corpus", str(corpus),
                          "--output", str(tmp_path / "dask"), "--engine", "dask", "--quiet"]) == 0

    local, on_dask = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert "data/processed/figures.csv" in local and "data/processed/sentences.csv" in local
    assert sorted(on_dask) == sorted(local)
    for name in local:
        assert on_dask[name] == local[name], f"{name} differs between the local and the Dask engine"

    record = json.loads((tmp_path / "dask" / "reports" / "run_record.json").read_text(encoding="utf-8"))
    assert record["engine"] == "dask"
    for notebook in ("02-clean-texts.ipynb", "03-extract-figures.ipynb"):  # the steps really ran on Dask
        executed = json.loads((tmp_path / "dask" / "reports" / "executed" / notebook).read_text(encoding="utf-8"))
        injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert 'engine = "dask"' in "".join(injected[0]["source"])
