"""Shared fixtures: the project's folders, the seed corpus cleaned once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfigures import clean, corpus, nltk_resources
from newsfigures.paths import project_root

ROOT = project_root()
RAW = ROOT / "data" / "raw"
LEXICONS = ROOT / "data" / "lexicons"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def nltk_data() -> None:
    """Every NLTK resource present (NLTK_DATA, or a download); otherwise the suite stops with the reason."""
    try:
        nltk_resources.ensure()
    except nltk_resources.MissingResourceError as error:
        pytest.exit(str(error), returncode=2)


@pytest.fixture(scope="session")
def rules() -> list[clean.Rule]:
    return clean.load_rules(LEXICONS / "furniture.yml")


@pytest.fixture(scope="session")
def seed_corpus() -> corpus.Corpus:
    return corpus.load_corpus(RAW)


@pytest.fixture(scope="session")
def raw_texts(seed_corpus) -> dict[str, str]:
    return {a.doc_id: a.text for a in seed_corpus.articles}


@pytest.fixture(scope="session")
def clean_texts(raw_texts, rules) -> dict[str, str]:
    return {doc_id: clean.clean_article(text, rules).text for doc_id, text in raw_texts.items()}


@pytest.fixture(scope="session")
def published(seed_corpus) -> dict[str, str]:
    return {a.doc_id: a.metadata["published"] for a in seed_corpus.articles}
