"""Reading the word lists of `data/lexicons/`: numbered rows, and a one-line error for a missing column or reason."""

from __future__ import annotations

import csv
from pathlib import Path


def lexicon_rows(path: Path, columns: tuple[str, ...], reason: str = "") -> list[tuple[int, dict[str, str]]]:
    """The rows of a lexicon CSV, each with its line number in the file (the header is line 1).

    Every name in `columns` must be in the header. With `reason` (what a row's reason should
    explain), every row needs a non-empty `reason` column. Empty cells are "" (never None).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "cues.csv").write_text("cue,reason\\nsaid,a verb of saying\\ntold,\\n")
    >>> lexicon_rows(folder / "cues.csv", ("cue",))
    [(2, {'cue': 'said', 'reason': 'a verb of saying'}), (3, {'cue': 'told', 'reason': ''})]
    >>> lexicon_rows(folder / "cues.csv", ("cue",), reason="why the word marks reported speech")
    Traceback (most recent call last):
    ValueError: ...cues.csv row 3: reason missing; say why the word marks reported speech
    >>> lexicon_rows(folder / "cues.csv", ("cue", "kind"))
    Traceback (most recent call last):
    ValueError: ...cues.csv: missing column kind; the file needs the columns cue, kind
    """
    needed = columns + (("reason",) if reason and "reason" not in columns else ())
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in needed if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                                 f"the file needs the columns {', '.join(needed)}")
            rows = [(number, {k: (v or "") for k, v in row.items() if k is not None})
                    for number, row in enumerate(reader, start=2)]
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
    for number, row in rows:
        if reason and not row["reason"].strip():
            raise ValueError(f"{path} row {number}: reason missing; say {reason}")
    return rows
