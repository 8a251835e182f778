"""The lean WordNet lemmatiser returns what NLTK's WordNetLemmatizer returns (newsfigures.lemmas)."""

from __future__ import annotations

import re

import pytest

from newsfigures.lemmas import wordnet_lemmas

# Irregular forms (exception lists), every detachment rule, words WordNet lacks, and forms
# where NLTK picks the shortest of several lemmas.
HARD_WORDS = [
    ("geese", "n"), ("men", "n"), ("wolves", "n"), ("boxes", "n"), ("churches", "n"), ("dishes", "n"),
    ("cities", "n"), ("buses", "n"), ("quizzes", "n"), ("aardwolves", "n"), ("abaci", "n"), ("us", "n"),
    ("data", "n"), ("media", "n"), ("news", "n"), ("peacekeepers", "n"), ("hostilities", "n"),
    ("was", "v"), ("were", "v"), ("been", "v"), ("left", "v"), ("fled", "v"), ("said", "v"), ("told", "v"),
    ("tries", "v"), ("goes", "v"), ("agreed", "v"), ("killed", "v"), ("making", "v"), ("running", "v"),
    ("shelled", "v"), ("ceased", "v"), ("saw", "v"), ("better", "a"), ("best", "a"), ("larger", "a"),
    ("nicer", "a"), ("safest", "a"), ("worse", "r"), ("quickly", "r"), ("anythinggoeszxcv", "n"), ("hardrock", "n"),
]


@pytest.fixture(scope="module")
def nltk_lemmatizer():
    from nltk.stem import WordNetLemmatizer

    return WordNetLemmatizer()


@pytest.mark.parametrize(("word", "pos"), HARD_WORDS)
def test_hard_words_match_nltk(nltk_lemmatizer, word: str, pos: str) -> None:
    assert wordnet_lemmas().lemmatize(word, pos) == nltk_lemmatizer.lemmatize(word, pos)


def test_every_word_of_the_corpus_in_every_part_of_speech_matches_nltk(nltk_lemmatizer, clean_texts) -> None:
    words = sorted({w.lower() for text in clean_texts.values() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)})
    assert len(words) > 1000
    ours = wordnet_lemmas()
    differ = [(w, pos, ours.lemmatize(w, pos), nltk_lemmatizer.lemmatize(w, pos))
              for w in words for pos in "nvar" if ours.lemmatize(w, pos) != nltk_lemmatizer.lemmatize(w, pos)]
    assert differ == []
    assert sum(ours.lemmatize(w, "v") != w for w in words) > 100  # the comparison exercised real lemmatising


def test_lemma_lists_are_wordnets() -> None:
    lists = wordnet_lemmas()
    assert {"goose", "church", "troop", "cease-fire"} <= lists.lemmas["n"]
    assert "be" in lists.lemmas["v"] and "be" in lists.exceptions["v"]["were"]
    assert "geese" not in lists.lemmas["n"]
