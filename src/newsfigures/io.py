"""The only module that writes files: every write goes to a temporary file, then replaces the target."""

from __future__ import annotations

import contextlib
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
PNG_DPI = 150  # 1,200 pixels across for an 8-inch chart: sharp on high-density screens and in print


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

    The figure is laid out once, at the PNG's resolution, on the Agg canvas that then draws the
    PNG, so that drawing reuses the text sizes the layout measured. `savefig` left to itself would
    lay the figure out inside a first draw that paints nothing, then draw it again to paint: one
    whole draw of every artist per chart is saved. The SVG keeps the same layout, with no layout
    engine at all (not even matplotlib's placeholder "none", with which `savefig` draws the whole
    figure once more first). The figure gets its canvas, resolution and layout engine back
    afterwards, also when saving fails. Under matplotlib's default settings the files are byte for
    byte what the plain `savefig` calls wrote (`tests/test_charts.py` compares them).
    """
    import io as _io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    layout_engine, canvas, dpi = figure.get_layout_engine(), figure.canvas, figure.dpi
    written = {}
    # set_layout_engine(None), which savefig also calls on its way out, makes a new engine when a
    # user's matplotlibrc turns automatic layout on; with it off, "no engine" stays no engine.
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        try:
            FigureCanvasAgg(figure)  # attaches itself to the figure
            figure.set_dpi(PNG_DPI)
            if layout_engine is not None:
                if figure.axes:  # as Figure.draw does: no layout without axes, and a failed one is skipped
                    with contextlib.suppress(ValueError):
                        layout_engine.execute(figure)
                figure.set_layout_engine(None)  # keeps the positions just worked out
            png, svg = _io.BytesIO(), _io.BytesIO()
            figure.savefig(png, format="png", metadata=PNG_METADATA, dpi=PNG_DPI)
            figure.savefig(svg, format="svg", metadata=SVG_METADATA)
            written["png"] = write_bytes(stem.with_suffix(".png"), png.getvalue())
            written["svg"] = write_bytes(stem.with_suffix(".svg"), svg.getvalue())
        finally:
            figure.set_dpi(dpi)
            figure.set_canvas(canvas)
            if layout_engine is not None:
                figure.set_layout_engine(layout_engine)
    written["csv"] = write_csv(data, stem.with_suffix(".csv"))
    return written
