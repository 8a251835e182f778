"""Every word list is read through `lexicons.lexicon_rows`: a missing column, a missing reason or a
file that is not UTF-8 is a one-line error naming the file (and the row), never a KeyError."""

from __future__ import annotations

import re

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


def test_rows_are_numbered_by_the_line_they_start_on(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("word,reason\nde facto,Latin\n\n\"two\nlines\",a quoted cell over two lines\nstatus quo,\n", encoding="utf-8")
    rows = list(lexicon_rows(path, ("word",)))
    assert [number for number, _ in rows] == [2, 4, 6]
    assert rows[2][1] == {"word": "status quo", "reason": ""}
    with pytest.raises(ValueError, match=r"list\.csv row 6: reason missing; say why"):
        list(lexicon_rows(path, ("word",), reason="why"))


def test_a_short_row_reads_as_empty_cells_not_none(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("word,note,reason\nde facto\n", encoding="utf-8")
    assert list(lexicon_rows(path, ("word", "note"))) == [(2, {"word": "de facto", "note": "", "reason": ""})]


def test_a_spreadsheets_byte_order_mark_is_not_part_of_the_first_column(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("word,reason\nde facto,Latin\n", encoding="utf-8-sig")
    assert list(lexicon_rows(path, ("word",))) == [(2, {"word": "de facto", "reason": "Latin"})]


def test_a_missing_file_says_where_to_get_one(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"multiword_expressions\.csv: no such file; .*copy it from the project's data/lexicons/"):
        framing.load_expressions(tmp_path / "multiword_expressions.csv")


@pytest.mark.parametrize(("name", "dropped"), [
    ("figure_cues.csv", ("requires", "reason")),
    ("event_cues.csv", ("requires_entity",)),
    ("gazetteer.csv", ("note",)),
])
def test_optional_columns_may_be_left_out(tmp_path, name, dropped) -> None:
    import csv

    with open(LEXICONS / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [c for c in rows[0] if c not in dropped]
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, kept, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    assert len(LOADERS[name](path) if name != "gazetteer.csv" else LOADERS[name](path).variants) > 0


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_project_list_loads_and_a_dropped_column_is_a_one_line_error(tmp_path, name) -> None:
    load = LOADERS[name]
    load(LEXICONS / name)  # the project's own list is valid
    header, *rows = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    first = header.split(",")[0]
    broken = tmp_path / name
    broken.write_text("\n".join([header.replace(first, "renamed", 1), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(broken))}: missing column {first}; the file needs the columns ") as error:
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


@pytest.mark.parametrize(("name", "row", "empty"), [
    ("figure_cues.csv", "killed,,,", "cue"),  # an empty cue matched every figure: 20 of 57 became killed
    ("gazetteer.csv", ",ghost,Ghost,place,", "variant"),  # an empty variant: a zero-length name everywhere
    ("framing_terms.csv", "the operation,blitz,neutral,text,,,a fast attack", "pattern"),  # one hit per character
    ("attribution_cues.csv", "noted,,paraphrase,a verb of saying", "pattern"),
    ("speaker_groups.csv", "phrase,,someone,Someone,other,a source", "match"),
])
def test_an_empty_pattern_is_a_one_line_error_naming_the_row(tmp_path, name, row, empty) -> None:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    broken = tmp_path / name
    broken.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(broken))} row {len(lines) + 1}: {empty} is empty; every row needs "):
        LOADERS[name](broken)


def test_a_framing_pattern_that_is_no_regular_expression_names_its_row(tmp_path) -> None:
    lines = (LEXICONS / "framing_terms.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "framing_terms.csv"
    broken.write_text("\n".join([*lines, "the operation,blitz,neutral,text,,blitz(krieg,a fast attack"]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"framing_terms.csv row {len(lines) + 1}: pattern is not a valid regular expression"):
        LOADERS["framing_terms.csv"](broken)


def test_a_file_that_is_not_utf8_says_so_with_the_row_and_the_byte_in_the_file(tmp_path) -> None:
    header = b"variant,entity_id,canonical,type,note\n"
    filler = b"".join(b"Name%d,name_%d,Name %d,place,\n" % (i, i, i) for i in range(600))  # past one 8 KB decode chunk
    latin1 = tmp_path / "gazetteer.csv"
    latin1.write_bytes(header + filler + b"Xank\xe6ndi,stepanakert,Stepanakert,place,\n")
    at = len(header + filler) + 4
    with pytest.raises(ValueError, match=rf"gazetteer\.csv row 602: not UTF-8 text \(byte {at}\); save the file as UTF-8"):
        Gazetteer.from_csv(latin1)


def test_a_row_with_a_bad_value_is_reported_before_a_later_row_without_a_reason(tmp_path) -> None:
    path = tmp_path / "attribution_cues.csv"
    path.write_text("cue,pattern,kind,reason\nsaid,said,speech,a verb\ntold,told,quote,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2: kind 'speech' unknown"):
        attribution.load_cues(path)
