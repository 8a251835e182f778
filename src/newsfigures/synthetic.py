"""Make synthetic corpora of any size, reproducibly, by recombining the paragraphs of the seed articles.

Article `i` of seed `s` depends only on `(s, i)` and the seed texts, never on how many
articles are asked for: the 1,000-article corpus is the first 1,000 articles of the
50,000-article one. Articles are made one at a time (`iter_articles` is a generator),
so a corpus of any size never sits in memory as a whole.

    python -m newsfigures.synthetic build/synthetic-10k --articles 10000 --seed 0

writes a corpus folder (`synth-000000.txt` ..., plus `manifest.csv`) that
`python -m newsfigures run --corpus build/synthetic-10k` reads like any other.

>>> seeds = [SeedArticle("a", "2023-09-19", ("A1", "A2", "A3")), SeedArticle("b", "2023-09-20", ("B1", "B2"))]
>>> first = list(iter_articles(3, seed=7, seeds=seeds))
>>> [a.doc_id for a in first]
['synth-000000', 'synth-000001', 'synth-000002']
>>> first == list(iter_articles(3, seed=7, seeds=seeds))  # same seed, same corpus
True
>>> first[:2] == list(iter_articles(2, seed=7, seeds=seeds))  # a smaller corpus is a prefix
True
"""

from __future__ import annotations

import argparse
import csv
import io as _stringio
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

DOC_ID_FORMAT = "synth-{index:06d}"
DEFAULT_SEED = 0


@dataclass(frozen=True)
class SeedArticle:
    """A real article cut into paragraphs: the material synthetic articles are made of."""

    doc_id: str
    published: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticArticle:
    """One synthetic article: raw text (paragraphs separated by blank lines) and where its paragraphs came from."""

    doc_id: str
    published: str
    text: str
    sources: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{self.doc_id}.txt"


def split_paragraphs(text: str) -> tuple[str, ...]:
    """The non-empty paragraphs of a raw text, where a paragraph ends at a blank line.

    >>> split_paragraphs("Title\\n\\n\\nFirst para.\\nsame para\\n\\n  \\nLast.\\n")
    ('Title', 'First para.\\nsame para', 'Last.')
    """
    return tuple(part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip())


def load_seeds(corpus_dir: Path | None = None) -> list[SeedArticle]:
    """The seed articles of a corpus folder (default: the project's `data/raw`), cut into paragraphs."""
    from newsfigures.corpus import load_corpus
    from newsfigures.paths import project_root

    folder = Path(corpus_dir) if corpus_dir is not None else project_root() / "data" / "raw"
    return [
        SeedArticle(a.doc_id, a.metadata.get("published", ""), split_paragraphs(a.text))
        for a in load_corpus(folder).articles
    ]


def make_article(index: int, seed: int, seeds: Sequence[SeedArticle]) -> SyntheticArticle:
    """Article number `index` of the corpus with this `seed`: a random draw of the seed paragraphs.

    Its length in paragraphs is drawn between the shortest and the longest seed article's,
    so the synthetic articles are as long, on average, as the real ones. Paragraphs are
    drawn without replacement from all seed articles, then put in the order of their
    relative position in their own article: page furniture from the top of a seed page
    (a date stamp, a headline) stays near the top, and end-of-article furniture (teasers,
    comment forms) near the end, as on a real page. Its date is one of the seed articles' dates.

    >>> seeds = [SeedArticle("a", "", ("top a", "body a", "end a")), SeedArticle("b", "", ("top b", "end b"))]
    >>> [make_article(i, 0, seeds).text.split("\\n\\n") for i in (0, 4)]
    [['top b', 'end a', 'end b\\n'], ['body a', 'end a', 'end b\\n']]
    """
    if not seeds or not any(s.paragraphs for s in seeds):
        raise ValueError("synthetic corpus: the seed articles have no paragraphs to recombine")
    rng = random.Random(f"newsfigures.synthetic:{seed}:{index}")  # str seeds hash with SHA-512: stable everywhere
    pool = [
        (number / max(1, len(s.paragraphs) - 1), s.doc_id, paragraph)
        for s in seeds
        for number, paragraph in enumerate(s.paragraphs)
    ]
    lengths = [len(s.paragraphs) for s in seeds if s.paragraphs]
    count = min(len(pool), rng.randint(min(lengths), max(lengths)))
    drawn = sorted(rng.sample(range(len(pool)), count), key=lambda i: (pool[i][0], i))
    published = rng.choice([s.published for s in seeds])
    return SyntheticArticle(
        DOC_ID_FORMAT.format(index=index),
        published,
        "\n\n".join(pool[i][2] for i in drawn) + "\n",
        tuple(dict.fromkeys(pool[i][1] for i in drawn)),
    )


def iter_articles(
    count: int, seed: int = DEFAULT_SEED, seeds: Sequence[SeedArticle] | None = None, start: int = 0
) -> Iterator[SyntheticArticle]:
    """Yield articles `start` .. `start + count - 1` one at a time (seeds default to `load_seeds()`)."""
    seeds = list(seeds) if seeds is not None else load_seeds()
    for index in range(start, start + count):
        yield make_article(index, seed, seeds)


def manifest_row(article: SyntheticArticle) -> dict[str, str]:
    """The manifest.csv row of a synthetic article (the columns of `newsfigures.corpus.MANIFEST_COLUMNS`)."""
    return {
        "doc_id": article.doc_id,
        "file": article.file,
        "outlet": "synthetic",
        "title": "",
        "published": article.published,
        "date_basis": "synthetic: the date of one of the seed articles",
        "language": "en",
        "translated": "",
        "notes": "paragraphs of " + " ".join(article.sources),
    }


def write_corpus(
    folder: Path, count: int, seed: int = DEFAULT_SEED, seeds: Sequence[SeedArticle] | None = None
) -> Path:
    """Write a corpus folder of `count` synthetic articles and its manifest.csv; returns the folder.

    The folder must be new or empty (a corpus is never mixed with other files). Articles are
    written as they are made; only the manifest's rows are kept until the end.
    """
    from newsfigures import io
    from newsfigures.corpus import MANIFEST, MANIFEST_COLUMNS

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder}: folder is not empty; write the synthetic corpus to a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _stringio.StringIO()
    writer = csv.DictWriter(manifest, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for article in iter_articles(count, seed, seeds):
        io.write_text(folder / article.file, article.text)
        writer.writerow(manifest_row(article))
    io.write_text(folder / MANIFEST, manifest.getvalue())
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfigures.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="new (or empty) folder to write the corpus into")
    parser.add_argument("--articles", type=int, default=1000, help="how many articles (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 0)")
    parser.add_argument("--from", dest="seed_corpus", type=Path, default=None,
                        help="corpus folder whose paragraphs are recombined (default data/raw)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        print("error: --articles must be at least 1", file=sys.stderr)
        return 2
    try:
        folder = write_corpus(args.folder, args.articles, args.seed, load_seeds(args.seed_corpus))
    except (FileExistsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.articles} synthetic articles (seed {args.seed}) to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
