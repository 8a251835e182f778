"""NLTK's WordNet lemmatiser, reading only the four lemma lists and the exception lists it needs.

`nltk.stem.WordNetLemmatizer` answers from `nltk.corpus.wordnet`, whose reader parses every
synset offset of every index file, scans the adjective data file and (in NLTK 3.10) maps
WordNet 3.0 onto itself through `index.sense`: about 2.5 s before the first lemma. Lemmatising
needs far less: which lemmas exist for each part of speech, WordNet's exception lists and its
detachment rules. `WordNetLemmas` reads just that from the same NLTK data (about 0.1 s) and
applies NLTK's own algorithm with NLTK's own rule table, so it returns what `WordNetLemmatizer`
returns; `tests/test_lemmas.py` checks this on every word of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

FILE_SUFFIX = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}  # WordNet's part-of-speech letters


@dataclass(frozen=True)
class WordNetLemmas:
    """The lemmas WordNet lists for each part of speech and its irregular forms (`geese` -> `goose`)."""

    lemmas: dict[str, frozenset[str]]
    exceptions: dict[str, dict[str, tuple[str, ...]]]

    def candidates(self, form: str, pos: str) -> list[str]:
        """Every lemma WordNet has for `form` as `pos`, as NLTK's `_morphy` finds them.

        >>> wn = WordNetLemmas({"n": frozenset({"goose", "church"})}, {"n": {"geese": ("goose",)}})
        >>> wn.candidates("geese", "n"), wn.candidates("churches", "n"), wn.candidates("xyz", "n")
        (['goose'], ['church'], [])
        """
        from nltk.corpus.reader.wordnet import WordNetCorpusReader

        pos = "a" if pos == "s" else pos  # satellite adjectives share the adjective lists
        exceptions = self.exceptions.get(pos, {})
        if form in exceptions:
            forms = list(exceptions[form])
        else:
            rules = WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS[pos]
            forms = [form[: -len(old)] + new for old, new in rules if form.endswith(old)]
        known = self.lemmas.get(pos, frozenset())
        return list(dict.fromkeys(f for f in [form, *forms] if f in known))

    def lemmatize(self, word: str, pos: str = "n") -> str:
        """The shortest lemma of `word` as `pos` (n, v, a, r), or `word` itself if WordNet has none.

        >>> wn = WordNetLemmas({"v": frozenset({"kill", "be"})}, {"v": {"were": ("be",)}})
        >>> wn.lemmatize("killed", "v"), wn.lemmatize("were", "v"), wn.lemmatize("Yevlakh", "v")
        ('kill', 'be', 'Yevlakh')
        """
        found = self.candidates(word, pos)
        return min(found, key=len) if found else word


def wordnet_root() -> "nltk.data.PathPointer":  # noqa: F821
    """NLTK's path pointer to the WordNet folder (plain or inside wordnet.zip), wherever NLTK_DATA puts it."""
    import nltk.data

    for candidate in ("corpora/wordnet", "corpora/wordnet.zip/wordnet/"):
        try:
            return nltk.data.find(candidate)
        except LookupError:
            continue
    nltk.data.find("corpora/wordnet")  # raises NLTK's own message, with the folders it searched


@lru_cache(maxsize=1)
def wordnet_lemmas() -> WordNetLemmas:
    """The lemma and exception lists of the WordNet in NLTK's data (read once per process)."""
    root = wordnet_root()

    def lines(name: str) -> list[str]:
        # Read whole and split: NLTK's line-by-line reader of zipped files takes seconds on these.
        with root.join(name).open() as stream:
            return stream.read().decode("utf-8").splitlines()

    lemmas, exceptions = {}, {}
    for pos, suffix in FILE_SUFFIX.items():
        # Lines of the licence header start with a space; every other line starts with its lemma.
        lemmas[pos] = frozenset(line.split(" ", 1)[0] for line in lines(f"index.{suffix}") if not line.startswith(" "))
        exceptions[pos] = {fields[0]: tuple(fields[1:]) for fields in map(str.split, lines(f"{suffix}.exc")) if fields}
    return WordNetLemmas(lemmas, exceptions)
