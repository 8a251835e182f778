"""Notebooks are committed without outputs or execution counts."""

import json

from newsfigures import hygiene

from conftest import ROOT


def test_committed_notebooks_are_stripped():
    notebooks = hygiene.notebooks_under(ROOT / "notebooks")
    assert len(notebooks) >= 4
    for path in notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        assert hygiene.dirty_cells(notebook) == [], f"{path.name}: run `make strip`"
        assert "papermill" not in notebook["metadata"]


def test_strip_removes_outputs(tmp_path):
    dirty = {"cells": [{"cell_type": "code", "execution_count": 4, "outputs": [{"output_type": "stream", "text": "x"}],
                        "metadata": {"execution": {"t": 1}}, "source": "1"}], "metadata": {"papermill": {}}}
    path = tmp_path / "nb" / "a.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(dirty))
    assert hygiene.main([str(path.parent)]) == 1
    assert hygiene.main(["--strip", str(path.parent)]) == 0
    assert hygiene.main([str(path.parent)]) == 0
    assert json.loads(path.read_text())["cells"][0]["metadata"] == {}
