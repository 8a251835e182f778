"""How the runner has papermill write executed notebooks: at the start and the end of a run, not around every cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill.engines
import papermill.execute
import pytest
from nbclient.exceptions import DeadKernelError

from newsfigures.pipeline import run_notebook


def write_notebook(path: Path, sources: list[str]) -> Path:
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                            metadata={"kernelspec": kernel}), path)
    return path


def test_the_executed_notebook_is_written_when_a_run_starts_and_ends_not_around_every_cell(tmp_path, monkeypatch):
    writes = []
    for module in (papermill.engines, papermill.execute):
        real = module.write_ipynb
        monkeypatch.setattr(module, "write_ipynb", lambda nb, path, real=real: (writes.append(path), real(nb, path)))
    # papermill's autosave would add a write if this machine took 30 s to get through the cells
    monkeypatch.setattr(papermill.engines.NotebookExecutionManager, "autosave_cell", lambda self: None)
    notebook = write_notebook(tmp_path / "six.ipynb", [f"print({i})" for i in range(6)])
    executed = tmp_path / "out" / "six.ipynb"
    run_notebook(notebook, executed, {}, tmp_path)
    # the start, the end and papermill's own last write; papermill's engine would add 2 for each of the 6 cells
    assert len(writes) == 3 and set(writes) == {str(executed)}
    outputs = [cell.outputs[0]["text"] for cell in nbformat.read(executed, as_version=4).cells]
    assert outputs == [f"{i}\n" for i in range(6)]


def test_a_kernel_that_dies_still_leaves_the_cells_it_ran(tmp_path):
    notebook = write_notebook(tmp_path / "dies.ipynb", ["print('before')", "import os\nos._exit(1)", "print('after')"])
    executed = tmp_path / "out" / "dies.ipynb"
    with pytest.raises(DeadKernelError):
        run_notebook(notebook, executed, {}, tmp_path)
    kept = nbformat.read(executed, as_version=4)
    assert kept.metadata.papermill.end_time, "the notebook was not written when the run ended"
    assert kept.cells[0].outputs[0]["text"] == "before\n"
    assert kept.cells[2].outputs == []
