"""Every word list is read through `lexicons.lexicon_rows`: a missing column, a missing reason or a
file that is not UTF-8 is a one-line error naming the file (and the row), never a KeyError."""

from __future__ import annotations

import pytest

from newsfigures import attribution, dates, extract, framing
from newsfigures.gazetteer import Gazetteer
from newsfigures.lexicons import lexicon_rows
from newsfigures.paths import project_root

LEXICONS = project_root() / "data" / "lexicons"

LOADERS = {
    "figure_cues.csv": extract.load_cues,
    "event_cues.csv": dates.load_event_cues,
    "attribution_cues.csv": attribution.load_cues,
    "speaker_groups.csv": lambda path: attribution.Speakers.from_csv(path, None),
    "framing_terms.csv": framing.load_terms,
    "multiword_expressions.csv": framing.load_expressions,
    "gazetteer.csv": Gazetteer.from_csv,
}


def test_rows_are_numbered_as_lines_of_the_file(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("word,reason\nde facto,Latin\n\"two\nlines\",a quoted cell over two lines\nstatus quo,Latin\n", encoding="utf-8")
    rows = lexicon_rows(path, ("word",), reason="why")
    assert [number for number, _ in rows] == [2, 3, 4]
    assert rows[2][1] == {"word": "status quo", "reason": "Latin"}


def test_a_short_row_reads_as_empty_cells_not_none(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("word,note,reason\nde facto\n", encoding="utf-8")
    assert lexicon_rows(path, ("word", "note")) == [(2, {"word": "de facto", "note": "", "reason": ""})]


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_project_list_loads_and_a_dropped_column_is_a_one_line_error(tmp_path, name) -> None:
    load = LOADERS[name]
    load(LEXICONS / name)  # the project's own list is valid
    header, *rows = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    first = header.split(",")[0]
    broken = tmp_path / name
    broken.write_text("\n".join([header.replace(first, "renamed", 1), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{broken}: missing column {first}; the file needs the columns ") as error:
        load(broken)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("name", ["attribution_cues.csv", "speaker_groups.csv", "framing_terms.csv", "multiword_expressions.csv"])
def test_lists_that_need_a_reason_name_the_row_without_one(tmp_path, name) -> None:
    header, first, *rest = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    columns = header.split(",")
    assert columns[-1] == "reason"
    cells = first.rsplit(",", 1)[0] if not first.endswith('"') else first[: first.rindex(',"')]
    broken = tmp_path / name
    broken.write_text("\n".join([header, cells + ",  ", *rest]) + "\n", encoding="utf-8")
    load = LOADERS[name]
    with pytest.raises(ValueError, match=rf"{name} row 2: reason missing; say why"):
        load(broken)


def test_a_file_that_is_not_utf8_says_so(tmp_path) -> None:
    latin1 = tmp_path / "gazetteer.csv"
    latin1.write_bytes(b"variant,entity_id,canonical,type,note\nXank\xe6ndi,stepanakert,Stepanakert,place,\n")
    with pytest.raises(ValueError, match=r"gazetteer\.csv: not UTF-8 text \(byte 42\); save the file as UTF-8"):
        Gazetteer.from_csv(latin1)
