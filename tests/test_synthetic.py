"""The synthetic corpus generator: seeded, reproducible, streaming, and readable as a corpus folder."""

from __future__ import annotations

import itertools
import types

import pytest

from newsfigures import corpus, synthetic


@pytest.fixture(scope="module")
def seeds() -> list[synthetic.SeedArticle]:
    return synthetic.load_seeds()


def test_seeds_are_the_five_articles_cut_into_paragraphs(seeds):
    assert len(seeds) == 5
    assert all(len(s.paragraphs) >= 5 for s in seeds)
    assert all(p == p.strip() and p for s in seeds for p in s.paragraphs)
    assert {s.published for s in seeds} == {"2023-09-19", "2023-09-20", "2023-09-21", "2023-09-22", "2023-10-28"}


def test_same_seed_same_corpus_other_seed_other_corpus(seeds):
    first = list(synthetic.iter_articles(20, seed=3, seeds=seeds))
    assert first == list(synthetic.iter_articles(20, seed=3, seeds=seeds))
    other = list(synthetic.iter_articles(20, seed=4, seeds=seeds))
    assert [a.text for a in first] != [a.text for a in other]
    assert [a.doc_id for a in first] == [a.doc_id for a in other]


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(seeds):
    large = list(synthetic.iter_articles(30, seed=1, seeds=seeds))
    assert list(synthetic.iter_articles(10, seed=1, seeds=seeds)) == large[:10]
    assert list(synthetic.iter_articles(5, seed=1, seeds=seeds, start=10)) == large[10:15]


def test_articles_are_made_lazily_one_at_a_time(seeds):
    articles = synthetic.iter_articles(10**12, seeds=seeds)  # would never fit in memory if built eagerly
    assert isinstance(articles, types.GeneratorType)
    assert len(list(itertools.islice(articles, 3))) == 3


def test_articles_recombine_seed_paragraphs_within_seed_lengths(seeds):
    paragraphs = {p for s in seeds for p in s.paragraphs}
    lengths = [len(s.paragraphs) for s in seeds]
    for article in synthetic.iter_articles(40, seed=0, seeds=seeds):
        parts = synthetic.split_paragraphs(article.text)
        assert set(parts) <= paragraphs
        assert len(parts) == len(set(parts)), "a paragraph is drawn at most once per article"
        assert min(lengths) <= len(parts) <= max(lengths)
        assert article.published in {s.published for s in seeds}
        assert set(article.sources) <= {s.doc_id for s in seeds}


def test_articles_keep_the_seed_paragraphs_page_order(seeds):
    position = {p: i / (len(s.paragraphs) - 1) for s in seeds for i, p in enumerate(s.paragraphs)}
    for article in synthetic.iter_articles(20, seed=0, seeds=seeds):
        order = [position[p] for p in synthetic.split_paragraphs(article.text)]
        assert order == sorted(order)


def test_synthetic_articles_are_about_as_long_as_the_seeds(seeds):
    seed_mean = sum(len("\n\n".join(s.paragraphs)) for s in seeds) / len(seeds)
    sizes = [len(a.text) for a in synthetic.iter_articles(200, seeds=seeds)]
    assert 0.5 * seed_mean < sum(sizes) / len(sizes) < 2 * seed_mean


def test_written_corpus_reads_back_as_a_clean_corpus(tmp_path, seeds):
    folder = synthetic.write_corpus(tmp_path / "synthetic", 12, seed=5, seeds=seeds)
    loaded = corpus.load_corpus(folder)
    expected = list(synthetic.iter_articles(12, seed=5, seeds=seeds))
    assert loaded.warnings == []
    assert [a.doc_id for a in loaded.articles] == [a.doc_id for a in expected]
    assert [a.text for a in loaded.articles] == [a.text for a in expected]
    assert [a.metadata["published"] for a in loaded.articles] == [a.published for a in expected]
    assert {a.metadata["outlet"] for a in loaded.articles} == {"synthetic"}


def test_write_corpus_refuses_a_folder_that_is_not_empty(tmp_path, seeds):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        synthetic.write_corpus(tmp_path, 2, seeds=seeds)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_no_paragraphs_is_a_clear_error():
    with pytest.raises(ValueError, match="no paragraphs"):
        synthetic.make_article(0, 0, [synthetic.SeedArticle("a", "", ())])


def test_command_line_writes_a_corpus(tmp_path, capsys):
    assert synthetic.main([str(tmp_path / "c"), "--articles", "3", "--seed", "2"]) == 0
    assert "wrote 3 synthetic articles (seed 2)" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [
        "manifest.csv", "synth-000000.txt", "synth-000001.txt", "synth-000002.txt",
    ]
    assert synthetic.main([str(tmp_path / "c"), "--articles", "3"]) == 1
    assert "not empty" in capsys.readouterr().err
