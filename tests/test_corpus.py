"""Bad corpora: each is either handled with a recorded warning or stopped with one line naming the file."""

import hashlib
import shlex

import pytest

from newsfigures import corpus
from newsfigures.pipeline import main

from conftest import FIXTURES, RAW

CORPORA = FIXTURES / "corpora"

STOPS = [
    ("binary-file", r"picture\.txt: looks binary \(NUL byte at offset 8\)"),
    ("cp1252-file", r"windows\.txt: not UTF-8 \(byte 0x93 at offset 8\); re-save it as UTF-8"),
    ("manifest-missing-file", r"manifest\.csv: names 'b\.txt' \(doc_id b\), which is not in"),
    ("duplicate-doc-id", r"manifest\.csv row 3: duplicate doc_id 'same' \(also row 2\)"),
    ("unparseable-date", r"manifest\.csv row 2: published '19/09/2023' is not an ISO date"),
    ("missing-file-column", r"manifest\.csv: missing column\(s\) file"),
    ("empty-folder", r"no \.txt articles in the corpus folder"),
]

HANDLED = [
    ("empty-file", ["a"], "empty.txt", "empty file: skipped"),
    ("html-page", ["a", "page"], "page.txt", "looks like a saved web page"),
    ("file-not-in-manifest", ["a", "extra"], "extra.txt", "not in manifest.csv: read with doc_id 'extra'"),
    ("extra-columns", ["a"], "manifest.csv", "unknown column(s) ignored: url, editor"),
    ("nested-folder", ["a"], "more/", "nested folder ignored"),
    ("odd-file-names", ["Pasinjan-intervju", "Tass-report-Sept-20"], "Tass report Sept 20.txt", "read as doc_id 'Tass-report-Sept-20'"),
]


def test_the_fix_for_a_file_that_is_not_utf8_names_it_by_its_path():
    # the command must work from where the user ran the pipeline, not only from inside the corpus folder
    with pytest.raises(corpus.CorpusError) as error:
        corpus.load_corpus(CORPORA / "cp1252-file")
    assert f"iconv -f cp1252 -t utf-8 {shlex.quote(str(CORPORA / 'cp1252-file' / 'windows.txt'))} > fixed.txt" in str(error.value)


@pytest.mark.parametrize("case, message", STOPS)
def test_bad_corpus_stops_with_one_line(case, message):
    with pytest.raises(corpus.CorpusError, match=message) as error:
        corpus.load_corpus(CORPORA / case)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("case, message", STOPS)
def test_runner_stops_before_any_notebook(case, message, tmp_path, capsys):
    assert main(["run", "--corpus", str(CORPORA / case), "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert not (tmp_path / "reports").exists() and not (tmp_path / "data").exists()


@pytest.mark.parametrize("case, doc_ids, file, warning", HANDLED)
def test_handled_cases_are_read_and_warned(case, doc_ids, file, warning):
    loaded = corpus.load_corpus(CORPORA / case)
    assert sorted(a.doc_id for a in loaded.articles) == doc_ids
    assert any(f == file and warning in w for f, w in loaded.warnings), loaded.warnings


def test_saved_web_page_keeps_text_and_drops_script():
    page = next(a for a in corpus.load_corpus(CORPORA / "html-page").articles if a.doc_id == "page")
    assert "30 people were wounded" in page.text and "alert" not in page.text and "<p>" not in page.text


def test_oversized_file_stops(tmp_path):
    """A 20 MB article (made here rather than committed) is over the 5 MB default limit."""
    (tmp_path / "huge.txt").write_bytes(b"Officials said 25 people were killed. " * (20 * 1024 * 1024 // 38 + 1))
    with pytest.raises(corpus.CorpusError, match=r"huge\.txt: 20\.0 MB, over the 5 MB limit .*max_file_mb"):
        corpus.load_corpus(tmp_path)
    assert len(corpus.load_corpus(tmp_path, max_file_mb=25).articles) == 1


def test_missing_corpus_folder(tmp_path, capsys):
    assert main(["run", "--corpus", str(tmp_path / "nowhere"), "--output", str(tmp_path)]) == 1
    assert "folder does not exist" in capsys.readouterr().err
    (tmp_path / "manifest.csv").write_text("file\n", encoding="utf-8")
    assert main(["run", "--corpus", str(tmp_path / "manifest.csv"), "--output", str(tmp_path)]) == 1
    assert "manifest.csv: a file, not a folder; pass a folder of .txt articles" in capsys.readouterr().err  # it said "does not exist"
    with pytest.raises(corpus.CorpusError, match=r"a file, not a folder; pass --corpus DIR with the folder"):
        corpus.load_corpus(tmp_path / "manifest.csv")


def test_a_name_that_differs_in_case_and_an_article_in_another_format_are_pointed_out(tmp_path):
    (tmp_path / "ap-feb08.TXT").write_text("Officials said 25 people were killed.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Officials said 30 people were killed.", encoding="utf-8")
    (tmp_path / "SHA256SUMS").write_text("abc  ap-feb08.TXT\n", encoding="utf-8")
    loaded = corpus.load_corpus(tmp_path)
    assert [a.file for a in loaded.articles] == ["ap-feb08.TXT"]
    assert loaded.warnings == [("notes.md", "ignored: only .txt files are read; if it is an article, save it as plain "
                                            "UTF-8 text named notes.txt")]  # a checksum file passes in silence
    (tmp_path / "manifest.csv").write_text("file,published\nap-feb08.txt,2023-02-08\n", encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match=r"names 'ap-feb08\.txt' \(doc_id ap-feb08\), which is not in .* "
                                                 r"\(did you mean 'ap-feb08\.TXT'\? names must match in case\); add the file"):
        corpus.load_corpus(tmp_path)


def test_seed_manifest_matches_the_shared_hashes(seed_corpus):
    expected = dict(line.split()[::-1] for line in (RAW / "SHA256SUMS").read_text().splitlines())
    assert {a.file: a.sha256 for a in seed_corpus.articles} == expected
    assert [a.doc_id for a in seed_corpus.articles] == [
        "shahramanyan-interview", "asbarez-withdrawal", "yevlakh-talks", "archynewsy-ceasefire", "rtvslo-offensive"]
    for article in seed_corpus.articles:
        assert hashlib.sha256((RAW / article.file).read_bytes()).hexdigest() == article.sha256
        assert article.metadata["published"] and article.metadata["date_basis"]


def test_an_infinite_size_limit_means_no_limit():
    assert len(corpus.load_corpus(RAW, max_file_mb=float("inf")).articles) == 5  # int(inf) raised OverflowError


def manifest_corpus(tmp_path, extra_lines: str):
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    for name in ("001_76e1c0db81e72d07.txt", "manifest.csv"):
        (folder / name).write_bytes((RAW / name).read_bytes())
    header, *rows = (RAW / "manifest.csv").read_text(encoding="utf-8").splitlines()
    row = next(r for r in rows if "001_76e1c0db81e72d07.txt" in r)
    (folder / "manifest.csv").write_text("\n".join([header, row]) + "\n" + extra_lines, encoding="utf-8")
    return folder


def test_a_spreadsheets_empty_rows_are_skipped_and_rows_keep_their_line_numbers(tmp_path):
    header = (RAW / "manifest.csv").read_text(encoding="utf-8").splitlines()[0]
    empty = "," * header.count(",")
    loaded = corpus.load_corpus(manifest_corpus(tmp_path, f"{empty}\n{empty}\n"))
    assert [a.doc_id for a in loaded.articles] == ["asbarez-withdrawal"]
    with pytest.raises(corpus.CorpusError, match=r"^manifest.csv row 4: the 'file' column is empty"):
        corpus.load_corpus(manifest_corpus(tmp_path / "b", f"\nasbarez-2{empty}\n"))  # after a blank line 3


@pytest.mark.parametrize("row", ["extra-doc,extra.txt,Reuters,Talks,2023-09-25,inferred from the lede, which says Monday,en,false,a note",
                                 "extra-doc,extra.txt"])
def test_a_manifest_row_with_too_many_or_too_few_cells_names_its_row(tmp_path, row):
    with pytest.raises(corpus.CorpusError, match=r"^manifest.csv row 3: \d+ cells, but the header has \d+ columns; put a cell"):
        corpus.load_corpus(manifest_corpus(tmp_path, row + "\n"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with a byte-order mark (Notepad) and without
def test_a_utf16_file_is_called_utf16_not_binary(tmp_path, encoding):
    (tmp_path / "notepad.txt").write_bytes("Officials said 25 people were killed.".encode(encoding))
    with pytest.raises(corpus.CorpusError, match=r"^notepad\.txt: UTF-16 text; .* iconv -f utf-16 -t utf-8 .*notepad\.txt > fixed\.txt$"):
        corpus.load_corpus(tmp_path)


@pytest.mark.parametrize("separator, name", [(";", "semicolons"), ("\t", "tabs")])
def test_a_manifest_not_separated_by_commas_is_told_so(tmp_path, separator, name):
    folder = manifest_corpus(tmp_path, "")
    text = (folder / "manifest.csv").read_text(encoding="utf-8")
    (folder / "manifest.csv").write_text(text.splitlines()[0].replace(",", separator) + "\n", encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match=f"its header is one column with {name} in it: separate the columns with commas"):
        corpus.load_corpus(folder)


def test_a_manifest_name_matches_the_file_whatever_its_unicode_form(tmp_path):
    import unicodedata

    folder = tmp_path / "corpus"
    folder.mkdir()
    decomposed = unicodedata.normalize("NFD", "Pašinjan.txt")  # as macOS writes it
    (folder / decomposed).write_text("Officials said 25 people were killed.", encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,file\npasinjan,Pašinjan.txt\n", encoding="utf-8")  # typed composed
    loaded = corpus.load_corpus(folder)
    assert [(a.doc_id, a.file) for a in loaded.articles] == [("pasinjan", decomposed)]


def test_adding_a_file_never_renames_another_article(tmp_path):
    (tmp_path / "a-b.txt").write_text("Officials said 25 people were killed.", encoding="utf-8")
    before = {a.file: a.doc_id for a in corpus.load_corpus(tmp_path).articles}
    (tmp_path / "a b.txt").write_text("Officials said 30 people were wounded.", encoding="utf-8")  # sorts first, same slug
    after = {a.file: a.doc_id for a in corpus.load_corpus(tmp_path).articles}
    assert before == {"a-b.txt": "a-b"} and after["a-b.txt"] == "a-b"
    assert after["a b.txt"].startswith("a-b-") and after["a b.txt"] != "a-b-2"
