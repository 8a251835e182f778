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
        ("Comments (14)", "comment_count"),
        ("12.5 C", "weather_widget"),
        ("-3 °F", "weather_widget"),
        ("[SEE VIDEO]", "media_placeholder"),
        ("[Watch video]", "media_placeholder"),
        ("Protesters gathered in the square. Photo: Reuters", "photo_caption_with_credit"),
        ("A soldier at a checkpoint (the photo is from 2021). Photo: EPA", "photo_caption_with_credit"),
        ("by archynewsy", "byline_handle"),
        ("By Jane Doe", "byline_handle"),
        ("Share Tweet Email", "share_buttons"),
        ("By Ece Toksabay and Suleiman Al-Khalidi", "byline_names"),
        ("By SUZAN FRASER and BASSEM MROUE", "byline_names"),
        ("By Ece Toksabay, Suleiman Al-Khalidi and Jonathan Spicer", "byline_names"),
        ("By Jeremy Bowen, International editor, in Antakya", "byline_names"),
        ("By Fulya OZERKAN with Rouba EL HUSSEINI in Beirut", "byline_names"),
        ("By Özlem Şahin and Raed al-Saleh | Reuters", "byline_names"),
        ("Ruth Michaelson in Istanbul and agencies", "byline_and_agencies"),
        ("Guardian staff and agencies", "byline_and_agencies"),
        ("Reporting by Ece Toksabay in Ankara and Suleiman Al-Khalidi in Amman; Editing by Jonathan Spicer", "wire_credits"),
        ("Writing by Daren Butler", "wire_credits"),
        ("Additional reporting by Ezgi Erkoyun in Istanbul", "wire_credits"),
        ("(Reporting by Humeyra Pamuk; Writing by Jonathan Spicer; Editing by Alex Richardson and Nick Macfie)", "wire_credits"),
        ("Associated Press writers Zeynep Bilginsoy in Istanbul and Sarah El Deeb in Beirut contributed to this report.",
         "contributed_to_report"),
        ("Associated Press writer Edith M. Lederer at the United Nations contributed to this report.", "contributed_to_report"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "reuters_trust_principles"),
        ("February 6, 2023 11:42 PM GMT+3 Updated 2 hours ago", "time_stamp"),
        ("Updated 4:51 AM GMT+3, February 8, 2023", "time_stamp"),
        ("Published On 21 Feb 2023", "time_stamp"),
        ("Mon 13 Feb 2023 18.20 GMT", "time_stamp"),
        ("Last modified on Mon 13 Feb 2023 19.05 GMT", "time_stamp"),
        ("Issued on: 06/02/2023 - 23:42 Modified: 07/02/2023 - 10:12", "time_stamp"),
        ("Updated a year ago", "time_stamp"),
        ("Source: Al Jazeera and news agencies", "source_line"),
        ("SOURCE: AFP, Reuters", "source_line"),
        ("Share", "page_label"),
        ("Share this article", "page_label"),
        ("Purchase Licensing Rights, opens new tab", "page_label"),
        ("Follow AP's coverage of the earthquake at https://apnews.com/hub/turkey-syria-earthquake", "page_label"),
        ("Advertisement", "advertisement_label"),
        ("People search for survivors in Hatay, Turkey, February 6, 2023. REUTERS/Umit Bektas", "agency_photo_credit"),
        ("A man walks through the rubble in Antakya. (AP Photo/Hussein Malla)", "agency_photo_credit"),
        ("Rescuers search the rubble in Kahramanmaras. OZAN KOSE/AFP via Getty Images", "agency_photo_credit"),
        ("Image caption, Rescuers in Hatay pulled a girl from the rubble", "media_label"),
        ("Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, "
         "rewritten or redistributed.", "copyright_notice"),
        ("© 2023 AFP", "copyright_notice"),
        ("___", "separator_line"),
        ("burs-fo/jj", "agency_slug"),
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


# --- Wire-service and newspaper furniture (bylines, credits, time stamps, page labels) ---------------------------

@pytest.mark.parametrize(
    "furniture, rule, near_miss",
    [
        ("By Ece Toksabay and Suleiman Al-Khalidi", "byline_names", "By Tuesday evening, 200 people had died."),
        ("By Ece Toksabay and Suleiman Al-Khalidi", "byline_names", "By and large the talks went well."),
        ("By Ece Toksabay and Suleiman Al-Khalidi", "byline_names", "By ship and plane the aid arrived in Hatay."),
        ("By Ece Toksabay and Suleiman Al-Khalidi", "byline_names", "By Monday, Turkey's death toll had reached 31,643."),
        ("Ruth Michaelson in Istanbul and agencies", "byline_and_agencies", "The United Nations and agencies"),
        ("Writing by Daren Butler", "wire_credits", "Reporting by the ministry was slow, officials said."),
        ("Writing by Daren Butler", "wire_credits", "Reporting by Reuters showed the scale of the damage."),
        ("Writing by Daren Butler", "wire_credits", "The ministry criticised reporting by the state broadcaster."),
        ("The Associated Press contributed to this report.", "contributed_to_report",
         "Poor construction contributed to this disaster, engineers said."),
        ("Updated 2 hours ago", "time_stamp", "Updated figures show 41,156 deaths."),
        ("Updated 2 hours ago", "time_stamp", "The quake struck at 4:17 a.m. (0117 GMT) near the city of Gaziantep."),
        ("Updated 2 hours ago", "time_stamp", "6 February 2023"),
        ("Source: Al Jazeera and news agencies", "source_line", "Source: the ministry said 500 people had died."),
        ("Share", "page_label", "Share prices fell 5% in Istanbul."),
        ("Advertisement", "advertisement_label", '"We do not need an advertisement for our suffering," she said.'),
        ("Advertisement", "advertisement_label", "Advertisements for a charity concert were pasted on walls."),
        ("Rescuers search the rubble. REUTERS/Umit Bektas", "agency_photo_credit",
         "A Reuters/Ipsos poll found most Turks blamed the builders."),
        ("© 2023 AFP", "copyright_notice", "(c) the dissolution of the Artsakh Defense Army"),
    ],
)
def test_near_misses_stay_beside_the_furniture_they_resemble(rules, furniture, rule, near_miss):
    text, applied = removed_by(rules, f"{ARTICLE}\n\n{near_miss}\n\n{furniture}")
    assert applied == [rule]
    assert text == f"{ARTICLE}\n\n{near_miss}"


def test_a_short_sentence_starting_with_by_is_not_a_byline(rules):
    text, applied = removed_by(rules, f"By noon rescuers arrived.\n\n{ARTICLE}\n\nBy archynewsy")
    assert (text, applied) == (f"By noon rescuers arrived.\n\n{ARTICLE}", ["byline_handle"])


def test_topic_tags_after_the_article_go_with_their_heading(rules):
    page = f"{ARTICLE}\n\nExplore more on these topics\n\nTurkey-Syria earthquake 2023\n\nTurkey\n\nReuse this content"
    text, applied = removed_by(rules, page)
    assert (text, applied) == (ARTICLE, ["topic_tags"])


def test_advertisement_label_leaves_exercise_02_its_forms(rules):
    """Exercise 02 asks students for the rule that removes these forms; the project's rule takes only the plain label."""
    exercise = ["ADVERTISEMENT", "– Advertisement –", "Story continues below advertisement"]
    text, applied = removed_by(rules, "\n\n".join([ARTICLE, "Advertisement", *exercise]))
    assert (text, applied) == ("\n\n".join([ARTICLE, *exercise]), ["advertisement_label"])


WIRE_PAGE = """Powerful earthquake kills more than 2,300 in Turkey and Syria

By Ece Toksabay and Suleiman Al-Khalidi

February 6, 2023 11:42 PM GMT+3 Updated 2 hours ago

Share

ANKARA, Feb 6 (Reuters) - A magnitude 7.8 earthquake killed more than 2,300 people across southern Turkey on Monday.

By Monday evening, rescuers had pulled 7,840 people alive from the debris, officials said.

Reporting by Ece Toksabay in Ankara and Suleiman Al-Khalidi in Amman; Editing by Jonathan Spicer

Our Standards: The Thomson Reuters Trust Principles.

Source: Al Jazeera and news agencies

Advertisement
"""


def test_a_wire_page_keeps_its_story_and_loses_its_credits(rules):
    text, applied = removed_by(rules, WIRE_PAGE)
    assert text.split("\n\n") == [
        "Powerful earthquake kills more than 2,300 in Turkey and Syria",
        "A magnitude 7.8 earthquake killed more than 2,300 people across southern Turkey on Monday.",
        "By Monday evening, rescuers had pulled 7,840 people alive from the debris, officials said.",
    ]
    assert applied == ["byline_names", "time_stamp", "page_label", "wire_dateline", "wire_credits",
                       "reuters_trust_principles", "source_line", "advertisement_label"]
    mentions = [figure.mention for figure in extract.find_figures(text, published="2023-02-06")]
    assert "2 hours" not in mentions and not any("Toksabay" in m for m in mentions)


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


def test_an_undefined_part_names_its_line_and_rule(tmp_path):
    bad = tmp_path / "rules.yml"
    bad.write_text("parts:\n  Name: '[A-Z]\\w+'\nrules:\n  - name: byline\n    kind: line\n    pattern: 'by {{Nmae}}'\n"
                   "    reason: test\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules\.yml line 4 \(rule 1\): \{\{Nmae\}\} is not among the parts \(Name\); define it under 'parts:'"):
        clean.load_rules(bad)


def test_parts_may_come_in_any_order(tmp_path):
    """yaml.safe_dump sorts keys unless told not to: a student's saved copy of the rules still loads the same."""
    import yaml

    project = LEXICONS / "furniture.yml"
    sorted_copy = tmp_path / "furniture.yml"
    sorted_copy.write_text(yaml.safe_dump(yaml.safe_load(project.read_text(encoding="utf-8"))), encoding="utf-8")
    assert [r.regex.pattern for r in clean.load_rules(sorted_copy)] == [r.regex.pattern for r in clean.load_rules(project)]
    looped = tmp_path / "looped.yml"
    looped.write_text("parts:\n  A: '{{B}}'\n  B: 'x{{A}}'\nrules: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"looped\.yml: part 'A' uses itself \(A → B → A\)"):
        clean.load_rules(looped)


def test_a_part_keeps_its_spaces_inside_a_verbose_rule(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("parts:\n  WrittenBy: 'written by'\nrules:\n  - name: byline\n    kind: line\n    pattern: |-\n"
                    "      (?x)\n      {{WrittenBy}} \\s+ \\w+   # spaces here are ignored, not in the part\n    reason: test\n",
                    encoding="utf-8")
    (rule,) = clean.load_rules(path)
    assert rule.regex.fullmatch("written by Jane") and not rule.regex.fullmatch("writtenby Jane")


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
             "Photo: EPA", "by archynewsy", "more like this", "Nobel Prize", "Leave a Comment", "date 2023-10-28",
             "Source: Rtvslo"]


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


@pytest.mark.parametrize("line", [
    "SOURCE: TURKISH DISASTER AND EMERGENCY MANAGEMENT AUTHORITY (AFAD)",  # took 9 s: a word split at every capital
    "04:17 " * 25 + "were the times",  # took minutes: each clock time read two ways
    "Copyright 2006 rules on building safety were never enforced, engineers said.",
    "Volunteers from the city's Syrian community contributed reporting.",
])
def test_lines_that_once_stalled_or_were_taken_stay(rules, line):
    """Every line rule is tried on every paragraph: one that backtracks without end stalls step 02 on one line."""
    assert removed_by(rules, f"{ARTICLE}\n\n{line}") == (f"{ARTICLE}\n\n{line}", [])


@pytest.mark.parametrize("text, message", [
    ("parts:\n  Name: [A-Z]\nrules: []\n", r"part 'Name' is not a pattern in quotes \(got list\); write it as Name: '\[A-Z\]\.\.\.'"),
    ("parts:\n  Name:\nrules: []\n", r"part 'Name' is not a pattern in quotes \(got NoneType\)"),
    ("rules:\n  - name: x\n    kind: line\n    pattern: [A-Z]\n    reason: r\n", r"line 2 \(rule 1\): pattern is not text in quotes \(got list\)"),
])
def test_an_unquoted_pattern_is_named_not_read_as_its_python_text(tmp_path, text, message):
    """An unquoted [A-Z] is a YAML list: read as str() it became the pattern "['A-Z']" and matched nothing, silently."""
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        clean.load_rules(path)


@pytest.mark.parametrize("paragraph, lead", [
    ("ANKARA/AMMAN, Feb 6 (Reuters) – A magnitude 7.8 earthquake killed more than 2,300 people.",
     "A magnitude 7.8 earthquake killed more than 2,300 people."),
    ("ANTAKYA, Turkey (AP) — Rescuers pulled more survivors from the rubble.", "Rescuers pulled more survivors from the rubble."),
    ("KYIV, Ukraine, Sept. 3 (Reuters) - Russia attacked the port.", "Russia attacked the port."),
    # no agency in brackets, or the place not in capitals, or nothing after it: not a dateline
    ("NATO (the alliance) – said it would not intervene.", None),
    ("Police in Ankara (Turkey) – who were there – said so.", None),
    ("ANKARA (Reuters) –", None),
])
def test_a_wire_dateline_goes_and_its_lead_stays(rules, paragraph, lead):
    """Its date is the report's: the timeline read "Feb 6" as the date of the event the lead names."""
    text, applied = removed_by(rules, "Headline\n\n" + paragraph)
    assert text == "Headline\n\n" + (lead or clean.normalize_text(paragraph))
    assert applied == (["wire_dateline"] if lead else [])
