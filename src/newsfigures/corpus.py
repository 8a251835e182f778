"""Load and check a corpus folder: UTF-8 `.txt` articles and an optional `manifest.csv`.

What is wrong with a corpus either stops the run before any notebook starts, with one
line naming the file and the problem (`CorpusError`), or is handled and recorded as a
warning that the report shows. The README's "Your own corpus" section lists each case.
"""

from __future__ import annotations

import csv
import io
import datetime as dt
import hashlib
import html.parser
import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = [
    "doc_id", "file", "outlet", "title", "published", "date_basis", "language", "translated", "notes",
]
REQUIRED_COLUMNS = ["file"]
DOC_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DEFAULT_MAX_FILE_MB = 5.0


class CorpusError(ValueError):
    """A corpus problem that stops the run; the message is one line naming file and fix."""


@dataclass
class Article:
    """One article as read from disk, with its manifest metadata."""

    doc_id: str
    file: str
    text: str
    sha256: str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class Corpus:
    """The articles of a corpus folder, in manifest order (else file-name order), and the warnings."""

    folder: Path
    articles: list[Article]
    warnings: list[tuple[str, str]]  # (file, message)


def slugify(stem: str) -> str:
    """A doc_id from a file stem: ASCII letters, digits, `.`, `_` and `-` only.

    >>> slugify("Tass report Sept 20")
    'Tass-report-Sept-20'
    >>> slugify("Pašinjan_intervju")
    'Pasinjan_intervju'
    >>> slugify("Пашинян")
    'article-d8b13a92'
    """
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-.")
    if len(slug) < max(1, len(stem) // 2):  # a mostly non-Latin name ("Пашинян"): keep it apart from others
        slug = "-".join(filter(None, [slug, "article", hashlib.sha256(stem.encode()).hexdigest()[:8]]))
    return slug


class _TextOfHtml(html.parser.HTMLParser):
    """The visible text of an HTML page: script and style dropped, block ends become paragraph breaks."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "noscript", "head"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True for a saved web page rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("He said <no> to the plan.")
    False
    """
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(re.findall(r"</?(?:p|div|span|a|br|html|body|script)\b[^>]*>", text, re.I)) >= 5


def html_to_text(text: str) -> str:
    """The visible text of an HTML page."""
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def decode_article(data: bytes, name: str, path: str = "") -> str:
    """UTF-8 text of an article file, or a `CorpusError` that says what to do (with `path`, a command that works)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 8 and min(head[0::2].count(0), head[1::2].count(0)) == 0
                                                       and max(head[0::2].count(0), head[1::2].count(0)) > len(head) * 0.4):
        # Windows' "Unicode" (Notepad, Excel's "Unicode Text"): every other byte of Latin text is 0
        raise CorpusError(
            f"{name}: UTF-16 text; only UTF-8 can be read: re-save it as UTF-8, "
            f"e.g. iconv -f utf-16 -t utf-8 {shlex.quote(path or name)} > fixed.txt"
        )
    if b"\x00" in data[:65536]:
        offset = data.index(b"\x00")
        raise CorpusError(
            f"{name}: looks binary (NUL byte at offset {offset}); only UTF-8 text articles can be read, "
            "remove it from the corpus folder"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise CorpusError(
            f"{name}: not UTF-8 (byte 0x{bad} at offset {error.start}); re-save it as UTF-8, "
            f"e.g. iconv -f cp1252 -t utf-8 {shlex.quote(path or name)} > fixed.txt"
        ) from None


def article_text(data: bytes, name: str, path: str = "") -> tuple[str, list[str]]:
    """An article file's text (a saved web page reduced to its visible text) and what was done to it."""
    text = decode_article(data, name, path)
    if looks_like_html(text):
        return html_to_text(text), ["looks like a saved web page: its HTML tags were stripped, the visible text kept"]
    return text, []


def check_date(value: str, where: str) -> str:
    """An ISO date (YYYY-MM-DD) or empty; anything else is a `CorpusError`.

    >>> check_date("2023-09-19", "row 2")
    '2023-09-19'
    >>> check_date("19/09/2023", "manifest.csv row 2")
    Traceback (most recent call last):
    ...
    newsfigures.corpus.CorpusError: manifest.csv row 2: published '19/09/2023' is not an ISO date (YYYY-MM-DD); write it as e.g. 2023-09-19 or leave it empty
    """
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CorpusError(
            f"{where}: published '{value}' is not an ISO date (YYYY-MM-DD); "
            "write it as e.g. 2023-09-19 or leave it empty"
        ) from None


def read_manifest(folder: Path, warnings: list[tuple[str, str]]) -> list[dict[str, str]] | None:
    """The manifest's rows, checked; None where the folder has no manifest."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    text = decode_article(path.read_bytes(), MANIFEST)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        separator = next((name for mark, name in ((";", "semicolons"), ("\t", "tabs")) if len(columns) == 1 and mark in columns[0]), "")
        raise CorpusError(
            f"{MANIFEST}: missing column(s) {', '.join(missing)}; "
            + (f"its header is one column with {separator} in it: separate the columns with commas, "
               if separator else "")
            + f"the columns are {', '.join(MANIFEST_COLUMNS)} (only 'file' is required)"
        )
    extra = [c for c in columns if c not in MANIFEST_COLUMNS]
    if extra:
        warnings.append((MANIFEST, f"unknown column(s) ignored: {', '.join(extra)}"))
    absent = [c for c in MANIFEST_COLUMNS if c not in columns and c not in ("doc_id", "file")]
    if absent:
        warnings.append((MANIFEST, f"column(s) absent, left empty: {', '.join(absent)}"))
    rows, seen, files = [], {}, {}
    for raw in reader:
        number = reader.line_num  # the file's line, so blank lines before it count (the header is line 1)
        where = f"{MANIFEST} row {number}"
        cells = [v for k, v in raw.items() if k is not None]
        if raw.get(None) or None in cells:
            given = len([v for v in cells if v is not None]) + len(raw.get(None) or [])
            raise CorpusError(f"{where}: {given} cells, but the header has {len(columns)} columns; "
                              "put a cell that contains a comma in double quotes")
        if not any(v.strip() for v in cells):
            continue  # a row of empty cells, as spreadsheets write at the end
        row = {k.strip(): v.strip() for k, v in raw.items() if k}
        if not row.get("file"):
            raise CorpusError(f"{where}: the 'file' column is empty; name the article's .txt file")
        doc_id = row.get("doc_id") or slugify(Path(row["file"]).stem)
        if not DOC_ID_PATTERN.match(doc_id):
            raise CorpusError(
                f"{where}: doc_id '{doc_id}' may use only ASCII letters, digits, '.', '_' and '-'; "
                f"rename it (e.g. '{slugify(doc_id)}')"
            )
        if doc_id in seen:
            raise CorpusError(
                f"{where}: duplicate doc_id '{doc_id}' (also row {seen[doc_id]}); give each article its own doc_id"
            )
        seen[doc_id] = number
        if row["file"] in files:
            raise CorpusError(
                f"{where}: file '{row['file']}' is listed twice (also row {files[row['file']]}); list each article once"
            )
        files[row["file"]] = number
        row["doc_id"] = doc_id
        row["published"] = check_date(row.get("published", ""), where)
        rows.append({c: row.get(c, "") for c in MANIFEST_COLUMNS})
    return rows


# Files that may well be articles saved another way; other files (checksums, licences) pass in silence
OTHER_DOCUMENTS = {".md", ".text", ".html", ".htm", ".rtf", ".doc", ".docx", ".odt", ".pdf"}


def _article_files(folder: Path, warnings: list[tuple[str, str]]) -> dict[str, Path]:
    files = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if not entry.name.startswith("."):
                warnings.append((entry.name + "/", "nested folder ignored: only .txt files directly in the corpus folder are read"))
        elif entry.suffix.lower() == ".txt" and not entry.name.startswith("."):
            files[entry.name] = entry
        elif entry.suffix.lower() in OTHER_DOCUMENTS and not entry.name.startswith("."):
            warnings.append((entry.name, f"ignored: only .txt files are read; if it is an article, save it as plain "
                                         f"UTF-8 text named {entry.stem}.txt"))
    return files


def _did_you_mean(name: str, files: dict[str, Path]) -> str:
    """A file of the folder that differs from `name` only in case ("a.TXT" for "a.txt"), as a hint, or ""."""
    same = [f for f in files if f.casefold() == name.casefold()]
    return f" (did you mean '{same[0]}'? names must match in case)" if same else ""


def iter_corpus(folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> Iterator[Article | tuple[str, str]]:
    """Yield each article, and each warning as a `(file, message)` tuple, one at a time.

    Streams: only one article's text is in memory at once. Checks that need the whole
    folder (manifest against files) run before the first article is read.
    """
    folder = Path(folder)
    if folder.is_file():
        raise CorpusError(f"{folder}: a file, not a folder; pass --corpus DIR with the folder of .txt files that holds it")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder does not exist; pass --corpus DIR with a folder of .txt files")
    warnings: list[tuple[str, str]] = []
    files = _article_files(folder, warnings)
    manifest = read_manifest(folder, warnings)
    if not files:
        raise CorpusError(f"{folder}: no .txt articles in the corpus folder; add UTF-8 .txt files, one article each")
    entries: list[dict[str, str]] = []
    if manifest is not None:
        # macOS writes file names decomposed (NFD), editors type them composed (NFC): "Pašinjan.txt" is one name
        on_disk = {unicodedata.normalize("NFC", name): name for name in files}
        for row in manifest:
            row["file"] = on_disk.get(unicodedata.normalize("NFC", row["file"]), row["file"])
            if row["file"] not in files:
                raise CorpusError(
                    f"{MANIFEST}: names '{row['file']}' (doc_id {row['doc_id']}), which is not in {folder}"
                    f"{_did_you_mean(row['file'], files)}; add the file or remove its row"
                )
        listed = {row["file"] for row in manifest}
        entries = list(manifest)
        unlisted = [name for name in files if name not in listed]
        for name, doc_id in doc_ids(unlisted, {row["doc_id"] for row in manifest}).items():
            warnings.append((name, f"not in {MANIFEST}: read with doc_id '{doc_id}' and no metadata"))
            entries.append({c: "" for c in MANIFEST_COLUMNS} | {"doc_id": doc_id, "file": name})
    else:
        for name, doc_id in doc_ids(list(files), set()).items():
            if doc_id != Path(name).stem:
                warnings.append((name, f"file name is not a plain doc_id: read as doc_id '{doc_id}'"))
            entries.append({c: "" for c in MANIFEST_COLUMNS} | {"doc_id": doc_id, "file": name})
    yield from warnings
    limit = max_file_mb * 1024 * 1024  # a float: .inf in the config means no limit
    for entry in entries:
        path = files[entry["file"]]
        size = path.stat().st_size
        if size > limit:
            raise CorpusError(
                f"{entry['file']}: {size / 1024 / 1024:.1f} MB, over the {max_file_mb:g} MB limit for one article "
                "(parameter max_file_mb); split it into articles or raise the limit"
            )
        data = path.read_bytes()
        text, notes = article_text(data, entry["file"], str(path))
        for note in notes:
            yield (entry["file"], note)
        if not text.strip():
            yield (entry["file"], "empty file: skipped")
            continue
        metadata = {k: v for k, v in entry.items() if k not in ("doc_id", "file")}
        yield Article(entry["doc_id"], entry["file"], text, hashlib.sha256(data).hexdigest(), metadata)


def doc_ids(names: list[str], taken: set[str]) -> dict[str, str]:
    """A doc_id for each file name, in the order given; no name's doc_id depends on which other files exist.

    A file whose stem is already a plain doc_id keeps it. The others are slugified, and where that
    clashes ("a b.txt" and "a-b.txt" both make "a-b"), the slug gets a suffix from the file's own
    name, not a counter, so adding or removing a file never renames another article.

    >>> doc_ids(["a b.txt", "a-b.txt", "TASS.txt"], set())
    {'a b.txt': 'a-b-cd6c4a', 'a-b.txt': 'a-b', 'TASS.txt': 'TASS'}
    """
    taken = set(taken)
    plain = {name: Path(name).stem for name in names
             if DOC_ID_PATTERN.match(Path(name).stem) and slugify(Path(name).stem) == Path(name).stem}
    found: dict[str, str] = {}
    for name, stem in plain.items():
        if stem not in taken:
            found[name] = stem
            taken.add(stem)
    for name in names:
        if name in found:
            continue
        slug = slugify(Path(name).stem)
        doc_id = slug if slug not in taken else f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
        found[name] = unique_doc_id(doc_id, taken)  # a counter only on the rare clash of the suffix too
    return {name: found[name] for name in names}


def unique_doc_id(stem: str, taken: set[str]) -> str:
    """A doc_id for a file stem that no other article has yet ('report', then 'report-2'...); records it as taken.

    >>> taken = {"report"}
    >>> unique_doc_id("report", taken), unique_doc_id("Report Two", taken)
    ('report-2', 'Report-Two')
    """
    base = slugify(stem)
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    taken.add(doc_id)
    return doc_id


def load_corpus(folder: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> Corpus:
    """Read and check a whole corpus folder (see `iter_corpus` for the rules)."""
    articles, warnings = [], []
    for item in iter_corpus(folder, max_file_mb):
        (articles if isinstance(item, Article) else warnings).append(item)
    if not articles:
        raise CorpusError(f"{folder}: every .txt file is empty; add articles with text")
    return Corpus(Path(folder), articles, warnings)


def articles_table(corpus: Corpus) -> "pd.DataFrame":  # noqa: F821 - pandas imported lazily
    """One row per article: doc_id, file, the manifest metadata, chars, words, sha256 of the raw file."""
    import pandas as pd

    rows = []
    for article in corpus.articles:
        rows.append(
            {"doc_id": article.doc_id, "file": article.file}
            | {c: article.metadata.get(c, "") for c in MANIFEST_COLUMNS[2:]}
            | {
                "chars": len(article.text),
                "words": len(re.findall(r"\w+(?:[-'’]\w+)*", article.text)),
                "sha256": article.sha256,
            }
        )
    return pd.DataFrame(rows)


def warnings_table(corpus: Corpus) -> "pd.DataFrame":  # noqa: F821
    """The corpus warnings as a table (file, warning), for the report."""
    import pandas as pd

    return pd.DataFrame(corpus.warnings, columns=["file", "warning"])
