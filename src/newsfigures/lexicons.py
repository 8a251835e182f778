"""Reading the word lists of `data/lexicons/`: numbered rows, and a one-line error for a missing column or reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path


def lexicon_rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = (),
                 reason: str = "", filled: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a lexicon CSV, each with the line of the file it starts on (the header is line 1).

    Every name in `columns` must be in the header; a column of `optional` that the file leaves
    out reads as "". With `reason` (what a row's reason should explain), every row needs a
    non-empty `reason` column, and every column of `filled` a non-empty cell (an empty pattern
    would match everywhere). Empty cells are "" (never None); blank lines are skipped.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "cues.csv").write_text("cue,reason\\nsaid,a verb of saying\\n\\ntold,\\n")
    >>> list(lexicon_rows(folder / "cues.csv", ("cue",), optional=("kind",)))
    [(2, {'cue': 'said', 'reason': 'a verb of saying', 'kind': ''}), (4, {'cue': 'told', 'reason': '', 'kind': ''})]
    >>> list(lexicon_rows(folder / "cues.csv", ("cue",), reason="why the word marks reported speech"))
    Traceback (most recent call last):
    ValueError: ...cues.csv row 4: reason missing; say why the word marks reported speech
    >>> _ = (folder / "terms.csv").write_text("term,pattern\\nblitz,\\n")
    >>> list(lexicon_rows(folder / "terms.csv", ("term", "pattern"), filled=("term", "pattern")))
    Traceback (most recent call last):
    ValueError: ...terms.csv row 2: pattern is empty; every row needs term, pattern
    >>> list(lexicon_rows(folder / "cues.csv", ("cue", "kind")))
    Traceback (most recent call last):
    ValueError: ...cues.csv: missing column kind; the file needs the columns cue, kind
    >>> _ = (folder / "cues.csv").write_text("cue,reason\\n\\\\d{1,3} dead,a toll\\n")
    >>> list(lexicon_rows(folder / "cues.csv", ("cue",)))
    Traceback (most recent call last):
    ValueError: ...cues.csv row 2: 3 cells, but the header has 2 columns; put a cell that contains a comma in double quotes
    """
    text = _read_text(path)
    needed = columns + (("reason",) if reason and "reason" not in columns else ())
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        missing = [c for c in needed if c not in header]
        if missing:
            raise ValueError(f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                             f"the file needs the columns {', '.join(needed)}")
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            if any(cell.strip() for cell in cells[len(header) :]):
                # csv would drop the extra cells silently: a cue like "\w{1,3}" split at its comma
                # (empty trailing cells, which spreadsheets write, are harmless)
                raise ValueError(f"{path} row {start}: {len(cells)} cells, but the header has {len(header)} columns; "
                                 f"put a cell that contains a comma in double quotes")
            row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
            row |= {name: "" for name in optional if name not in row}
            if reason and not row["reason"].strip():
                raise ValueError(f"{path} row {start}: reason missing; say {reason}")
            empty = [name for name in filled if not row[name].strip()]
            if empty:
                raise ValueError(f"{path} row {start}: {', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty; "
                                 f"every row needs {', '.join(filled)}")
            yield start, row
    except csv.Error as error:
        raise ValueError(f"{path} row {reader.line_num}: not readable as CSV ({error}); check its quotes") from None


def _read_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file; a lexicon folder needs it (copy it from the project's data/lexicons/)") from None
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's byte-order mark is not part of the first column's name
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ValueError(f"{path} row {line}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
