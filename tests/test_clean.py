"""Cleaning: normalisation, every furniture rule on a tiny fixture, and the real corpus."""

import re

import pytest

from newsfigures import clean, extract
from newsfigures.gazetteer import Gazetteer
from newsfigures.sentences import split_sentences

from conftest import LEXICONS

ARTICLE = "Officials said 25 people were killed in the attack on the town."


def removed_by(rules, text):
    result = clean.clean_article(text, rules)
    return result.text, [r.rule for r in result.removed]


@pytest.mark.parametrize(
    "furniture, rule",
    [
        ("Skip to content", "skip_link"),
        ("Your email address will not be published. Required fields are marked *", "comment_form"),
        ("Please enter your comment!", "comment_form"),
        ("Please enter your name here", "comment_form"),
        ("Subscribe to our magazine", "subscribe_prompt"),
        ("0 comment", "comment_count"),
        ("12 Comments", "comment_count"),
        ("12.5 C", "weather_widget"),
        ("-3 °F", "weather_widget"),
        ("[SEE VIDEO]", "media_placeholder"),
        ("[Watch video]", "media_placeholder"),
        ("Protesters gathered in the square. Photo: Reuters", "photo_caption_with_credit"),
        ("A soldier at a checkpoint (the photo is from 2021). Photo: EPA", "photo_caption_with_credit"),
        ("by archynewsy", "byline_handle"),
        ("By Jane Doe", "byline_handle"),
        ("Share Tweet Email", "share_buttons"),
    ],
)
def test_each_line_rule_removes_its_furniture_and_nothing_else(rules, furniture, rule):
    text, applied = removed_by(rules, f"{ARTICLE}\n\n{furniture}\n\nThe next paragraph stays.")
    assert applied == [rule]
    assert text == f"{ARTICLE}\n\nThe next paragraph stays."


@pytest.mark.parametrize("marker", ["━ more like this", "Related Posts", "Leave a Reply", "Leave a Comment", "You may also like"])
def test_end_of_article_markers_drop_everything_after(rules, marker):
    text, applied = removed_by(rules, f"{ARTICLE}\n\n{marker}\n\nNobel Prize in Physics awarded for electrons.\n\nPlease enter your comment!")
    assert text == ARTICLE
    assert applied == ["end_of_article_marker"]


def test_scraper_date_prefix_is_removed(rules):
    text, applied = removed_by(rules, f" date 2023-10-28 {ARTICLE}")
    assert (text, applied) == (ARTICLE, ["scraper_date_prefix"])


def test_repeated_paragraph_keeps_the_first_copy(rules):
    first = "Turkey, a close ally of Baku, described the operation as urgent and supports negotiations between the parties."
    second = "Turkey, a close ally of Baku, described the operation as urgent, and supports the negotiations between the two parties."
    text, applied = removed_by(rules, f"{first}\n\nA different paragraph about something else entirely, long enough.\n\n{second}")
    assert applied == ["repeated_paragraph"]
    assert text.count("Turkey") == 1 and text.startswith(first)


def test_sentences_starting_with_by_are_not_bylines(rules):
    sentence = "By ignoring warnings, international actors have failed to prevent aggression."
    assert removed_by(rules, sentence) == (sentence, [])


def test_rules_are_data_with_reasons():
    loaded = clean.load_rules(LEXICONS / "furniture.yml")
    assert len(loaded) >= 10 and all(rule.reason for rule in loaded)


def test_a_bad_rule_says_which_and_why(tmp_path):
    bad = tmp_path / "rules.yml"
    bad.write_text("rules:\n  - name: broken\n    kind: line\n    pattern: '(unclosed'\n    reason: test\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules\.yml line 2 \(rule 1\): furniture rule 'broken': pattern is not a valid regular expression"):
        clean.load_rules(bad)


@pytest.mark.parametrize("text, message", [
    ("rules:\n  - name: ok\n    kind: line\n    reason: r\n  - name: [unclosed\n", r"rules\.yml line 6: not valid YAML"),
    ("rules:\n  - name: ok\n    kind: line\n    reason: r\n  - name: second\n    kind: line\n",
     r"rules\.yml line 5 \(rule 2\): lacks reason; every rule needs"),
    ("rules:\n  - name: t\n    kind: paragraph\n    reason: r\n    threshold: high\n",
     r"rules\.yml line 2 \(rule 1\): threshold and min_words must be numbers"),
    ("rules:\n  - just a line\n", r"rules\.yml line 2 \(rule 1\): a rule is a mapping"),
    ("- name: t\n", r"rules\.yml: expected 'rules:' followed by a list of rules"),
])
def test_a_broken_furniture_file_names_its_line(tmp_path, text, message):
    bad = tmp_path / "rules.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        clean.load_rules(bad)
    assert "\n" not in str(error.value)


def test_normalisation_is_consistent():
    text = clean.normalize_text("“Quoted” ‘single’ — dash – en ‒ fig… and\u00a0nbsp\u200b zero-width\r\n\r\n\r\nnext\tline  ")
    assert text == '"Quoted" \'single\' – dash – en – fig... and nbsp zero-width\n\nnext line'


def test_normalisation_loses_no_words(raw_texts):
    for raw in raw_texts.values():
        before = re.findall(r"\w+", raw)
        after = re.findall(r"\w+", clean.normalize_text(raw))
        assert before == after


FURNITURE = ["Skip to content", "Leave a Reply", "Your email address will not be published", "Please enter your comment",
             "Subscribe to our magazine", "Related Posts", "0 comment", "12.5 C", "[SEE VIDEO]", "Photo: Reuters",
             "Photo: EPA", "by archynewsy", "more like this", "Nobel Prize", "Leave a Comment", "date 2023-10-28"]


def test_no_listed_furniture_survives_in_the_corpus(clean_texts):
    for doc_id, text in clean_texts.items():
        for furniture in FURNITURE:
            assert furniture not in text, (doc_id, furniture)


def test_ankara_paragraph_appears_once(clean_texts):
    assert clean_texts["rtvslo-offensive"].count("Meanwhile, Turkey, a close ally of Baku") == 1


def test_sentences_with_figures_or_quotes_survive_intact(raw_texts, clean_texts, rules):
    """Every raw sentence holding a digit or a quotation, outside removed furniture, is in the clean text whole."""
    checked = 0
    for doc_id, raw in raw_texts.items():
        removals = [r.text for r in clean.clean_article(raw, rules).removed]
        for paragraph in clean.normalize_text(raw).split("\n\n"):
            if paragraph in " ".join(removals):
                continue
            for sentence in split_sentences(paragraph):
                text = sentence.text
                for removed in removals:  # a prefix rule cuts scraper metadata off the first sentence
                    text = text.replace(removed, "").strip()
                if re.search(r'\d|"', text):
                    assert text in clean_texts[doc_id], (doc_id, text)
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "variant, entity_id",
    [("Yevlakh", "yevlakh"), ("Yevlax", "yevlakh"), ("Jevlah", "yevlakh"),
     ("Shahramanyan", "samvel_shahramanyan"), ("Shahramanian", "samvel_shahramanyan"),
     ("Pashinyan", "nikol_pashinyan"), ("Pashinian", "nikol_pashinyan"), ("Pašinjan", "nikol_pashinyan"),
     ("Hajiyev", "hikmet_hajiyev"), ("Hadjiyev", "hikmet_hajiyev"), ("Babayan", "davit_babayan"),
     ("Stepanakert", "stepanakert"), ("Khankendi", "stepanakert"),
     ("Shushi", "shusha"), ("Susha", "shusha"), ("Shusha", "shusha"),
     ("Artsakh", "nagorno_karabakh"), ("Nagorno-Karabakh", "nagorno_karabakh"), ("Karabakh", "nagorno_karabakh"),
     ("Arkhangelsk", "nagorno_karabakh")],
)
def test_every_variant_resolves_to_its_canonical_id(variant, entity_id):
    gazetteer = Gazetteer.from_csv(LEXICONS / "gazetteer.csv")
    mentions = gazetteer.find(f"Reports from {variant} said so.")
    assert [(m.surface, m.entity.entity_id) for m in mentions] == [(variant, entity_id)]


def test_longest_name_wins_and_typos_still_match():
    gazetteer = Gazetteer.from_csv(LEXICONS / "gazetteer.csv")
    found = [(m.surface, m.entity.entity_id) for m in gazetteer.find("the advisor of ArtsakhPresident in Nagorno-Karabakh")]
    assert found == [("Artsakh", "nagorno_karabakh"), ("Nagorno-Karabakh", "nagorno_karabakh")]
    assert gazetteer.find("Armenians and Azerbaijanis") == []


def test_sentence_offsets_point_into_the_clean_text(clean_texts):
    for text in clean_texts.values():
        for sentence in split_sentences(text):
            assert text[sentence.char_start : sentence.char_end] == sentence.text


def test_clean_corpus_logs_every_removal(raw_texts, rules):
    texts, log = clean.clean_corpus(raw_texts, rules)
    assert set(log.columns) == {"doc_id", "rule", "removed_text", "chars"}
    assert (log["chars"] == log["removed_text"].str.len()).all()
    teaser = log[(log["doc_id"] == "rtvslo-offensive") & (log["rule"] == "end_of_article_marker")]
    assert teaser["removed_text"].str.contains("Nobel Prize").all() and len(teaser) == 1
