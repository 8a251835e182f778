"""Notebook hygiene: find (and with --strip, remove) outputs and execution counts in committed notebooks.

`python -m newsfigures.hygiene notebooks` lists offending notebooks and exits 1;
`python -m newsfigures.hygiene --strip notebooks` cleans them in place (what `make strip` runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def dirty_cells(notebook: dict) -> list[int]:
    """Indexes of cells that carry outputs or an execution count.

    >>> dirty_cells({"cells": [{"cell_type": "code", "outputs": [], "execution_count": None},
    ...                        {"cell_type": "code", "outputs": [{"text": "x"}], "execution_count": 3}]})
    [1]
    """
    return [
        i for i, cell in enumerate(notebook.get("cells", []))
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]


def strip(notebook: dict) -> dict:
    """The notebook without outputs, execution counts or per-run metadata (papermill's, execution timings)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.get("metadata", {}).pop(key, None)
    notebook.get("metadata", {}).pop("papermill", None)
    return notebook


def notebooks_under(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--strip", action="store_true", help="clean the notebooks in place")
    args = parser.parse_args(argv)
    dirty = []
    for folder in args.folders:
        for path in notebooks_under(folder):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            if dirty_cells(notebook) or "papermill" in notebook.get("metadata", {}):
                if args.strip:
                    from newsfigures import io

                    io.write_text(path, json.dumps(strip(notebook), indent=1, ensure_ascii=False) + "\n")
                    print(f"stripped {path}")
                else:
                    dirty.append(path)
    for path in dirty:
        print(f"{path}: has outputs or execution counts; run `make strip`", file=sys.stderr)
    return 1 if dirty else 0


if __name__ == "__main__":
    raise SystemExit(main())
