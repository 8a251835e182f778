"""Naming counts, tokens, log-odds with an informative Dirichlet prior, and tone (newsfigures.framing)."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from newsfigures import framing
from newsfigures.gazetteer import Entity, Gazetteer, mentions_table
from newsfigures.paths import project_root
from newsfigures.sentences import split_sentences

LEXICONS = project_root() / "data" / "lexicons"


def test_log_odds_against_a_hand_computed_example() -> None:
    # Article i: "peace" 3 times, "war" once (n_i = 4); the rest j: "peace" once, "war" 3 times (n_j = 4).
    # Prior = corpus counts: a_peace = 4, a_war = 4, a_0 = 8.
    # delta_peace = log((3 + 4) / (4 + 8 - 3 - 4)) - log((1 + 4) / (4 + 8 - 1 - 4))
    #             = log(7 / 5) - log(5 / 7) = 2 log(1.4) = 2 x 0.3364722 = 0.6729445
    # var         = 1 / (3 + 4) + 1 / (1 + 4) = 0.1428571 + 0.2 = 0.3428571
    # z           = 0.6729445 / sqrt(0.3428571) = 0.6729445 / 0.5855400 = 1.149271
    result = framing.log_odds_dirichlet({"peace": 3, "war": 1}, {"peace": 1, "war": 3}, {"peace": 4.0, "war": 4.0})
    delta, variance, z = result["peace"]
    assert delta == pytest.approx(2 * math.log(1.4))
    assert delta == pytest.approx(0.6729445, abs=1e-6)
    assert variance == pytest.approx(1 / 7 + 1 / 5)
    assert z == pytest.approx(1.149271, abs=1e-5)
    assert result["war"][0] == pytest.approx(-delta)  # symmetric counts, opposite sign


def test_log_odds_with_unequal_sizes_and_an_unseen_word() -> None:
    # i = {a: 2}, j = {a: 1, b: 5}; prior a_a = 3, a_b = 5, a_0 = 8; n_i = 2, n_j = 6.
    # delta_b = log((0 + 5) / (2 + 8 - 0 - 5)) - log((5 + 5) / (6 + 8 - 5 - 5)) = log(5/5) - log(10/4)
    #         = 0 - 0.9162907 = -0.9162907
    # var_b   = 1/5 + 1/10 = 0.3;  z_b = -0.9162907 / sqrt(0.3) = -0.9162907 / 0.5477226 = -1.672910
    result = framing.log_odds_dirichlet({"a": 2}, {"a": 1, "b": 5}, {"a": 3.0, "b": 5.0})
    assert result["b"][0] == pytest.approx(-0.9162907, abs=1e-6)
    assert result["b"][2] == pytest.approx(-1.672910, abs=1e-5)


def test_a_word_only_one_article_uses_is_its_most_distinctive() -> None:
    content = {"a": ["amnesty"] * 4 + ["ceasefire"] * 2, "b": ["ceasefire"] * 3 + ["talk"], "c": ["ceasefire", "talk"] * 2}
    table = framing.distinctive_table(content)
    top = table[(table["doc_id"] == "a") & (table["rank"] == 1)].iloc[0]
    assert (top["word"], top["count_article"], top["count_rest"]) == ("amnesty", 4, 0)
    assert top["z"] > 0
    assert table[(table["doc_id"] == "b") & (table["word"] == "amnesty")]["z"].iloc[0] < 0


def test_tokens_use_entity_ids_and_wordnet_lemmas() -> None:
    names = Gazetteer({"Pashinian": Entity("nikol_pashinyan", "Nikol Pashinyan", "person"),
                       "Pašinjan": Entity("nikol_pashinyan", "Nikol Pashinyan", "person")})
    lemmas = framing.tokens("Pashinian said soldiers were killed. Pašinjan denied it.", names)
    assert lemmas.count("nikol_pashinyan") == 2  # two spellings, one token
    assert {"soldier", "kill", "say", "deny"} <= set(lemmas)
    assert framing.content_words(lemmas) == ["nikol_pashinyan", "say", "soldier", "kill", "nikol_pashinyan", "deny"]


def test_word_tokens_are_nltks_word_tokenize_on_every_seed_paragraph() -> None:
    from nltk import word_tokenize

    paragraphs = [line for text in sorted((project_root() / "data" / "raw").glob("*.txt"))
                  for line in text.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(paragraphs) > 50
    for paragraph in paragraphs:
        assert framing.word_tokens(paragraph) == word_tokenize(paragraph), paragraph


def test_multiword_expressions_are_one_token_whatever_their_case_and_a_name_between_stops_them() -> None:
    expressions = framing.load_expressions(LEXICONS / "multiword_expressions.csv")
    assert ("de", "facto") in expressions and ("status", "quo") in expressions
    names = Gazetteer({"Facto": Entity("facto", "Facto", "place")})  # an id that looks like the expression's word
    lemmas = framing.tokens("De facto rule kept the status quo and de-facto borders. Troops left de Facto.", names, expressions)
    assert lemmas[:3] == ["de_facto", "rule", "keep"]
    assert "status_quo" in lemmas
    assert lemmas.count("de_facto") == 2  # the hyphenated spelling too
    assert lemmas[-3:] == ["de", "facto", "."]  # a gazetteer name is never part of an expression
    assert framing.content_words(lemmas).count("de_facto") == 2
    assert framing.display_word("de_facto", names) == "de facto"


@pytest.mark.parametrize("expression", ["facto", "De facto", "de  facto 2"])
def test_an_expression_must_be_lower_case_words(tmp_path, expression) -> None:
    path = tmp_path / "multiword_expressions.csv"
    path.write_text(f"expression,reason\nstatus quo,Latin\n{expression},a reason\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 3: expression .* must be two or more lower-case words"):
        framing.load_expressions(path)


def test_naming_counts_names_through_the_gazetteer_and_splits_quotations() -> None:
    names = Gazetteer.from_csv(LEXICONS / "gazetteer.csv")
    texts = {
        "a": 'Gunfire in Stepanakert. The ministry called it "an attack in the direction of Khankendi".',
        "b": "Separatists in Artsakh; separatist forces left Stepanakert. The Artsakh Defense Army disarmed.",
    }
    terms = framing.load_terms(LEXICONS / "framing_terms.csv")
    matches = framing.term_matches(texts, mentions_table(texts, names), terms)
    naming = framing.naming_table(matches, terms, {d: framing.word_count(t) for d, t in texts.items()}).set_index(["doc_id", "term"])
    assert naming.loc[("a", "Stepanakert"), "count"] == 1
    assert (naming.loc[("a", "Khankendi"), "count"], naming.loc[("a", "Khankendi"), "in_quotes"]) == (1, 1)
    assert naming.loc[("b", "separatists"), "count"] == 2
    assert naming.loc[("b", "Artsakh"), "count"] == 2  # the writer's name for the region, also in its army's name
    assert naming.loc[("b", "Artsakh"), "within_longer_names"] == "Artsakh Defense Army"
    assert naming.loc[("b", "Stepanakert"), "within_longer_names"] == ""
    assert naming.loc[("a", "Artsakh"), "count"] == 0  # zeros are kept for the heatmap
    assert naming.loc[("b", "separatists"), "per_1000_words"] == round(1000 * 2 / framing.word_count(texts["b"]), 2)


def test_kwic_shows_the_keyword_in_its_context() -> None:
    texts = {"a": "Armenia accused Azerbaijan of ethnic cleansing in the region."}
    matches = pd.DataFrame([{"doc_id": "a", "term": "ethnic cleansing", "char_start": 30, "char_end": 46,
                             "surface": "ethnic cleansing", "in_quote": False}])
    row = framing.kwic_table(texts, matches, width=12).iloc[0]
    assert (row["left"], row["keyword"], row["right"]) == ("erbaijan of ", "ethnic cleansing", " in the regi")
    short = framing.kwic_table(texts, matches.assign(char_start=0, char_end=7, surface="Armenia"), width=12).iloc[0]
    assert short["left"] == " " * 12  # padded so that keywords line up


def test_the_project_framing_terms_load_and_name_real_entities() -> None:
    terms = framing.load_terms(LEXICONS / "framing_terms.csv")
    gazetteer_ids = {row["entity_id"] for row in csv.DictReader(open(LEXICONS / "gazetteer.csv", encoding="utf-8"))}
    assert all(t.reason for t in terms)
    assert all(set(t.entity_ids) <= gazetteer_ids for t in terms if t.source == "mentions")
    assert {"Artsakh", "Nagorno-Karabakh", "Stepanakert", "Khankendi", "separatists", "ethnic cleansing", "peacekeepers"} <= {t.term for t in terms}


def test_tone_per_article_and_per_speaker_group() -> None:
    sentences = {"a": split_sentences("Civilians were killed in a brutal attack. Many were wounded."),
                 "b": split_sentences("Peace and cooperation are welcome. The talks were constructive.")}
    quotes = pd.DataFrame([
        {"doc_id": "a", "sentence_id": 1, "speaker_group": "Armenia", "quote": "This is a terrible crime."},
        {"doc_id": "b", "sentence_id": 1, "speaker_group": "Azerbaijan", "quote": "We welcome peace. ¶ We are happy."},
    ])
    tone, scored = framing.tone_table(sentences, quotes, ("Azerbaijan", "Armenia", "EU"))
    by_name = tone.set_index("name")
    assert by_name.loc["a", "compound_mean"] < 0 < by_name.loc["b", "compound_mean"]
    assert by_name.loc["Azerbaijan", "sentences"] == 2  # the paragraph mark splits the quotation
    assert by_name.loc["Armenia", "compound_mean"] < 0
    assert "EU" not in by_name.index  # no quotation, no row
    assert by_name.loc["a", "compound_mean"] == pytest.approx(round(scored[scored["name"] == "a"]["compound"].mean(), 4))
