"""The only module that writes files: every write goes to a temporary file, then replaces the target."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing matplotlib and pandas costs time; callers already have them
    import pandas as pd
    from matplotlib.figure import Figure

# Fixed metadata so that two runs write byte-identical images.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically: readers see the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes owner-only files; outputs are for everyone
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text with `\\n` line ends, atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_csv(frame: "pd.DataFrame", path: Path) -> Path:
    """Write a table as UTF-8 CSV without the index, atomically and with stable line ends."""
    return write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def save_chart(figure: "Figure", data: "pd.DataFrame", stem: Path) -> dict[str, Path]:
    """Save a chart as `stem.png` and `stem.svg`, with the plotted data beside it as `stem.csv`.

    The figure is laid out once, for the PNG, and the SVG keeps that layout: both files show
    the same chart, and the layout (a tenth of a second a chart) is not worked out twice.
    For the SVG the figure has no layout engine at all, not even matplotlib's placeholder
    ("none"), because with any engine `savefig` first draws the whole figure once more to
    lay it out, which makes the SVG about half as long again. The layout engine is given back
    afterwards, also when saving fails.
    """
    import io as _io

    import matplotlib

    layout_engine = figure.get_layout_engine()
    written = {}
    try:
        for fmt, metadata in (("png", PNG_METADATA), ("svg", SVG_METADATA)):
            buffer = _io.BytesIO()
            figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else None)
            if layout_engine is not None:
                # Without these two settings off, set_layout_engine(None) would make a new engine.
                with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
                    figure.set_layout_engine(None)  # keeps the positions the first save worked out
            written[fmt] = write_bytes(stem.with_suffix(f".{fmt}"), buffer.getvalue())
    finally:
        if layout_engine is not None:
            figure.set_layout_engine(layout_engine)
    written["csv"] = write_csv(data, stem.with_suffix(".csv"))
    return written
