"""Split clean text into sentences with NLTK's punkt_tab model, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based number in the article and its span in the clean text."""

    sentence_id: int
    char_start: int
    char_end: int
    text: str


# No verb follows an article, a demonstrative or a possessive: "the confirmed death toll", "its stated
# aim", "Turkey's confirmed toll", "the member states" use a cue word as an adjective or a noun
# ("he's said" is "he has said": a pronoun's 's is no possessive). Shared by the two passes that
# find reporting verbs, attribution (who speaks) and extract (who reported a figure).
DETERMINER_BEFORE = re.compile(
    r"(?:(?<![\w'’-])(?:the|a|an|this|these|those|its|their|his|her|our|my|your)"
    r"|(?<![\w'’-])(?!(?:he|she|it|that|there|what|who|where|here)['’]s\b)\w+['’]s|\ws['’])\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def punkt_tokenizer():
    """NLTK's English punkt model, loaded once per process (a tenth of a second) for every module that splits sentences."""
    from nltk.tokenize.punkt import PunktTokenizer

    return PunktTokenizer("english")


# Punkt ends a sentence after "No." and "tel." before a number ("City Hospital No. | 2, said", "tel. |
# 020 7946 0958"). "no" is a word of its own ("He said no."), so only a name's "No." (after a capitalised
# word) is joined to the number after it; "tel." always is.
_BEFORE_NUMBER = re.compile(r"(?:\b[A-Z][\w'’-]*\s+[Nn]o|\b[Tt]el)\.$")


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """punkt's sentence spans in one paragraph, with a name's "No." and a "tel." kept with their number.

    Adding "no" to punkt's abbreviations would also join "They voted no. 12 members abstained."
    """
    spans: list[tuple[int, int]] = []
    for start, end in punkt_tokenizer().span_tokenize(paragraph):
        last_start, last_end = spans[-1] if spans else (0, 0)
        if (paragraph[start : start + 1] in "0123456789+"
                and paragraph[last_end - 3 : last_end] in ("No.", "no.", "el.")
                and _BEFORE_NUMBER.search(paragraph, last_start, last_end)):
            spans[-1] = (last_start, end)
        else:
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a clean text; a sentence never crosses a paragraph break.

    >>> [s.text for s in split_sentences("He left at 5 p.m. on Friday. She stayed.\\n\\nNew paragraph")]
    ['He left at 5 p.m. on Friday.', 'She stayed.', 'New paragraph']
    >>> [s.text for s in split_sentences("A surgeon at City Hospital No. 2 said so. They voted no. 12 abstained.")]
    ['A surgeon at City Hospital No. 2 said so.', 'They voted no.', '12 abstained.']
    >>> [s.text for s in split_sentences("Call tel. 020 7946 0958.")]
    ['Call tel. 020 7946 0958.']
    """
    sentences: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset = paragraph.start()
        for start, end in _spans(paragraph.group(0)):
            sentences.append(
                Sentence(len(sentences) + 1, offset + start, offset + end, text[offset + start : offset + end])
            )
    return sentences


def sentence_at(sentences: list[Sentence], char_start: int) -> Sentence | None:
    """The sentence that contains offset `char_start` (sentences sorted by position)."""
    import bisect

    starts = [s.char_start for s in sentences]
    index = bisect.bisect_right(starts, char_start) - 1
    if index >= 0 and char_start < sentences[index].char_end:
        return sentences[index]
    return None


def sentences_table(texts: dict[str, str]) -> "pd.DataFrame":  # noqa: F821
    """One row per sentence of every text: doc_id, sentence_id, char_start, char_end, text."""
    import pandas as pd

    rows = [
        {"doc_id": doc_id, "sentence_id": s.sentence_id, "char_start": s.char_start, "char_end": s.char_end, "text": s.text}
        for doc_id, text in texts.items()
        for s in split_sentences(text)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "char_start", "char_end", "text"])


def sentences_by_doc(table: "pd.DataFrame") -> dict[str, list[Sentence]]:  # noqa: F821
    """The sentences of every article back from a sentences table, grouped in one pass."""
    grouped: dict[str, list[Sentence]] = {}
    for row in table.itertuples(index=False):
        grouped.setdefault(row.doc_id, []).append(
            Sentence(int(row.sentence_id), int(row.char_start), int(row.char_end), row.text)
        )
    return grouped


def sentences_of(table: "pd.DataFrame", doc_id: str) -> list[Sentence]:  # noqa: F821
    """The sentences of one article back from a sentences table (for many articles, use `sentences_by_doc`)."""
    return sentences_by_doc(table[table["doc_id"] == doc_id]).get(doc_id, [])
