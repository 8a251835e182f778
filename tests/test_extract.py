"""The figure extractor: one test per construction, non-figures, spans, and scores against the gold."""

import random
import re

import pandas as pd
import pytest

from newsfigures import clean, evaluate, extract
from newsfigures.gazetteer import Gazetteer
from newsfigures.paths import project_root

GOLD = project_root() / "data" / "annotations" / "figures_gold.csv"
DEV = project_root() / "data" / "annotations" / "dev_gold.csv"
TEST = project_root() / "data" / "annotations" / "test_gold.csv"
FLOOD_DEV = project_root() / "data" / "annotations" / "flood_dev_gold.csv"
OTHER_EVENTS_TEST = project_root() / "data" / "annotations" / "other_events_test_gold.csv"


def one(text: str) -> extract.Figure:
    figures = extract.find_figures(text)
    assert len(figures) == 1, [f.mention for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    "sentence, mention, value, low, high, qualifier, category",
    [
        ("The attack killed 25 people.", "25", 25, 25, 25, "exact", "killed"),
        ("About 6,500 people died in the war.", "About 6,500", 6500, 6500, 6500, "about", "killed"),
        ("At least 200 people were killed.", "At least 200", 200, 200, None, "at_least", "killed"),
        ("More than 800 firearms have been surrendered.", "More than 800", 800, 800, None, "more_than", "weapons_surrendered"),
        ("Nearly 300 people were injured.", "Nearly 300", 300, 300, 300, "nearly", "wounded"),
        ("Up to 40 people were evacuated.", "Up to 40", 40, None, 40, "up_to", "evacuated"),
        ("Less than 1,000 residents remained.", "Less than 1,000", 1000, None, 1000, "less_than", "other"),
        ("Over 500 refugees arrived in Goris.", "Over 500", 500, 500, None, "more_than", "displaced_or_sheltered"),
        ("Some 5,000 people fled.", "Some 5,000", 5000, 5000, 5000, "about", "displaced_or_sheltered"),
        ("There are dozens of dead.", "dozens", 24, 24, 99, "vague", "killed"),
        ("Hundreds were wounded.", "Hundreds", 200, 200, 999, "vague", "wounded"),
        ("Thousands of people fled to Armenia.", "Thousands", 2000, 2000, 9999, "vague", "displaced_or_sheltered"),
        ("Troops seized several villages.", "several", 3, 3, 9, "vague", "positions_captured"),
        ("Azerbaijan, a nation of 10 million, celebrated.", "10 million", 10_000_000, 10_000_000, 10_000_000, "exact", "population"),
        ("The talks lasted 12 hours.", "12 hours", 12, 12, 12, "exact", "duration"),
        ("Half an hour later the shelling began.", "Half an hour", 0.5, 0.5, 0.5, "exact", "duration"),
        ("It was a 24-hour offensive.", "24-hour", 24, 24, 24, "exact", "duration"),
        ("The nearly 3-year mission ended.", "nearly 3-year", 3, 3, 3, "nearly", "duration"),
        ("The region was blockaded for nine months.", "nine months", 9, 9, 9, "exact", "duration"),
        ("The dispute has gone on for decades.", "decades", 2, 2, 9, "vague", "duration"),
        ("It was the most powerful earthquake to hit Turkey in decades.", "decades", 2, 2, 9, "vague", "duration"),
        ("Between 10,000 and 12,000 fighters were under arms.", "Between 10,000 and 12,000", 10000, 10000, 12000, "range", "armed_personnel"),
        ("They said 60 positions were captured.", "60", 60, 60, 60, "exact", "positions_captured"),
        ("Shrapnel killed a construction engineer in the town.", "a construction engineer", 1, 1, 1, "exact", "killed"),
        ("The convoy travelled 100 kilometers.", "100 kilometers", 100, 100, 100, "exact", "other"),
    ],
)
def test_constructions(sentence, mention, value, low, high, qualifier, category):
    figure = one(sentence)
    assert (figure.mention, figure.value, figure.qualifier, figure.category) == (mention, value, qualifier, category)
    assert (figure.low, figure.high) == (low, high)


def test_derived_count_keeps_its_antecedent():
    figures = extract.find_figures("At least 200 people were killed and about twice as many injured.")
    derived = figures[1]
    assert (derived.value, derived.category, derived.qualifier) == (400, "wounded", "about")
    assert "At least 200" in derived.derived_from


def test_including_inherits_the_category():
    figures = extract.find_figures("They evacuated 469 people, including 185 children.")
    assert [(f.value, f.category, f.subject) for f in figures] == [(469, "evacuated", "people"), (185, "evacuated", "children")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On September 19, Azerbaijan launched the operation.",
        "The ceasefire began on 20 September at 1:00 p.m.",
        "The clashes of Sept. 21 were the worst.",
        "The war ended in 2020 and the dispute began in the 1990s.",
        "The third point concerned Yevlakh.",
        "It was the 32nd anniversary of independence.",
        "One resident told the agency that they were afraid.",
        "The two sides met in Yevlakh.",
        "No one was detained.",
        "Ferrari unveiled a Su-25 replica.",
    ],
)
def test_non_figures(sentence):
    assert extract.find_figures(sentence) == []


def test_attribution_and_history():
    figures = extract.find_figures("About 6,500 people died in the fighting in 2020, according to Reuters.", published="2023-09-19")
    assert figures[0].historical is True
    assert figures[0].attributed_to == "Reuters"
    assert extract.find_figures("25 people were killed, the separatists said.", published="2023-09-19")[0].historical is False


@pytest.mark.parametrize("text, expected", [
    # the writer's scene-setting before "X announced that ...", and the report after it
    ("Hours before the start of the operation, Azerbaijan announced that six soldiers had been killed.",
     [("Hours", ""), ("six", "Azerbaijan")]),
    ("In an address after a one-day ceasefire, Pashinian said that 12 people had died.", [("one-day", ""), ("12", "Nikol Pashinyan")]),
    # a reporting clause that ends the sentence reports all of it
    ("25 people were killed and 30 wounded, officials said on Tuesday.", [("25", "officials"), ("30", "officials")]),
    # "he said" late in a sentence reports what follows it, not the writer's "nation of 10 million" before it
    ("The talks follow Aliyev's boast to his nation of 10 million after a ceasefire that he said had cost 200 lives.",
     [("10 million", ""), ("200", "Ilham Aliyev")]),
    # an office speaks, not the person its name contains
    ("The office of Azerbaijani President Ilham Aliyev said the two-hour session was constructive.",
     [("two-hour", "office of Azerbaijani President Ilham Aliyev")]),
    # ", saying:" gives the words to the main clause's subject
    ('Aliyev praised the offensive, saying: "In just one day, Azerbaijan fulfilled all the tasks."', [("one day", "Ilham Aliyev")]),
    # "she emphasized" in a later sentence: the last person named
    ("As the ministry's spokeswoman, Maria Zakharova, pointed out, talks must resume. "
     "She emphasized that the contingent was told a few minutes before the start.", [("a few minutes", "Maria Zakharova")]),
    # a name, then what it is, between commas: the name speaks, and a later verb ("counted") is not a second reporter
    ("Kestrava Rights Watch, an independent monitoring group, said its volunteers had counted 19 dead in 2 days.",
     [("19", "Kestrava Rights Watch"), ("2 days", "Kestrava Rights Watch")]),
    ("On Monday, Russia, a close ally of Armenia, said five peacekeepers were killed.", [("five", "Russia")]),
    # ... but a place described between commas is no speaker, and one named after the verb comes first
    ("Five people died in Kestrava, the capital, said Smith.", [("Five", "Smith")]),
    ("In Paris, the French capital, said 3 people died.", [("3", "")]),
])
def test_who_reports_a_figure_and_where_the_report_begins(text, expected):
    figures = extract.find_figures(text, published="2023-09-21")
    assert [(f.mention, f.attributed_to) for f in figures] == expected


def test_figures_are_attributed_as_the_gold_attributes_them(clean_texts, published):
    """Whether a figure is reported by someone, and by whom, against figures_gold.csv's attributed_to.

    Names are compared through the gazetteer, ignoring case and a leading "the"; the gold's own wording
    ("office of the azerbaijani president") still differs from the text's at times. At 4721abd: 0.86 and 0.82.
    """
    gold = pd.read_csv(project_root() / "data" / "annotations" / "figures_gold.csv", dtype={"doc_id": str}, keep_default_na=False)
    gold = gold[gold["value"] != ""]
    names = Gazetteer.from_csv(project_root() / "data" / "lexicons" / "gazetteer.csv")
    predicted = [f for doc_id, text in clean_texts.items() for f in extract.find_figures(text, doc_id, published[doc_id], gazetteer=names)]

    def name(text: str) -> str:
        text = re.sub(r"^the\s+", "", text.strip().lower())
        return names.variants[found[0]].canonical.lower() if (found := [v for v in names.variants if v.lower() == text]) else text

    used, pairs = set(), []
    for row in gold.itertuples():
        pool = [i for i, f in enumerate(predicted) if i not in used and f.doc_id == row.doc_id
                and abs(f.value - float(row.value)) < 1e-6 and f.category == row.category]
        pool = [i for i in pool if predicted[i].mention == row.mention] or pool
        if pool:
            used.add(pool[0])
            pairs.append((name(predicted[pool[0]].attributed_to), name(row.attributed_to)))
    attributed_or_not = sum(bool(ours) == bool(theirs) for ours, theirs in pairs) / len(pairs)
    same = sum(ours == theirs for ours, theirs in pairs) / len(pairs)
    assert len(pairs) == 57 and attributed_or_not >= 0.93 and same >= 0.88, (attributed_or_not, same)


def test_every_span_in_the_clean_text_equals_its_mention(clean_texts, published):
    rows = 0
    for doc_id, text in clean_texts.items():
        for figure in extract.find_figures(text, doc_id, published[doc_id]):
            assert text[figure.char_start : figure.char_end] == figure.mention
            assert figure.mention in figure.sentence
            rows += 1
    assert rows > 40


def test_seed_corpus_f1_against_the_gold(clean_texts, published):
    found = []
    for doc_id, text in clean_texts.items():
        found += extract.find_figures(text, doc_id, published[doc_id])
    gold = pd.read_csv(GOLD)
    scores = evaluate.scores(evaluate.match(extract.figures_table(found), gold))
    assert scores.f1 >= 0.95, scores


def scores_on(path, reference_date: str) -> tuple[float, float]:
    """F1 on value alone and on value and category, over paragraphs annotated by the guidelines."""
    table = pd.read_csv(path, dtype={"paragraph_id": str})
    found = []
    for row in table.drop_duplicates("paragraph_id").itertuples():
        found += extract.find_figures(clean.normalize_text(row.paragraph), row.paragraph_id, reference_date)
    gold = table[table["value"].notna()].rename(columns={"paragraph_id": "doc_id"})
    predicted = extract.figures_table(found)
    return (evaluate.scores(evaluate.match(predicted, gold, match_category=False)).f1,
            evaluate.scores(evaluate.match(predicted, gold)).f1)


def test_development_paragraphs():
    """49 paragraphs about other days of the events; cue words were added while looking at them (README)."""
    value_f1, category_f1 = scores_on(DEV, "2023-09-28")
    assert value_f1 >= 0.95 and category_f1 >= 0.8, (value_f1, category_f1)


def test_flood_development_paragraphs():
    """61 paragraphs of an invented flood, another kind of event; rules for tolls and reporting clauses came from them (README)."""
    value_f1, category_f1 = scores_on(FLOOD_DEV, "2025-03-14")
    assert value_f1 >= 0.95 and category_f1 >= 0.85, (value_f1, category_f1)


def test_frozen_test_paragraphs():
    """40 paragraphs annotated independently and scored after the rules were final (README: 0.948 and 0.688;
    0.698 after the flood set's rules, which were made without looking at these paragraphs).

    The thresholds only guard against regressions; never tune the extractor on this file.
    """
    value_f1, category_f1 = scores_on(TEST, "2023-10-01")
    assert value_f1 >= 0.9 and category_f1 >= 0.65, (value_f1, category_f1)


def test_frozen_other_events_paragraphs():
    """36 paragraphs about an earthquake, a ferry and a chemical plant, written and annotated without
    sight of the extractor or the flood set; scored before and after the flood set's rules (README: 0.907
    and 0.818). The thresholds only guard against regressions; never tune the extractor on this file.
    """
    value_f1, category_f1 = scores_on(OTHER_EVENTS_TEST, "2025-06-30")
    assert value_f1 >= 0.88 and category_f1 >= 0.78, (value_f1, category_f1)


def test_cue_file_errors_name_the_row(tmp_path):
    bad = tmp_path / "cues.csv"
    bad.write_text("category,cue,requires,reason\nkiled,dead,,typo\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2: category 'kiled' unknown; valid: killed"):
        extract.load_cues(bad)


@pytest.mark.parametrize(
    "row, message",
    [
        # the comma inside {1,3} makes more cells than columns, or pushes half the cue into `requires`
        (r"killed,\d{1,3} bodies,,a toll,", r"row 2: 6 cells, but the header has 4 columns; put a cell that contains a comma"),
        (r"killed,\d{1,3} bodies", r"row 2: unbalanced braces in '\\d\{1'; put a cue that contains a comma in double quotes"),
    ],
)
def test_cue_with_an_unquoted_comma_is_an_error(tmp_path, row, message):
    bad = tmp_path / "cues.csv"
    bad.write_text("category,cue,requires,reason\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        extract.load_cues(bad)


def test_quoted_cue_with_a_comma_and_trailing_empty_cells_load(tmp_path):
    good = tmp_path / "cues.csv"
    good.write_text('category,cue,requires,reason\nkilled,"\\d{1,3} bodies",,a toll,,\n', encoding="utf-8")
    (cue,) = extract.load_cues(good)
    assert cue.cue.pattern == r"\b(?:\d{1,3} bodies)\b" and cue.requires is None


def test_command_line_extract_prints_the_table(capsys, tmp_path):
    from newsfigures.pipeline import main

    article = tmp_path / "day-one.txt"
    article.write_text("Skip to content\n\n25 people were killed, officials said.\n", encoding="utf-8")
    assert main(["extract", str(article)]) == 0
    output = capsys.readouterr().out.splitlines()
    assert output[0].startswith("doc_id,outlet,published,sentence_id,char_start,char_end,mention,value")
    assert output[1].startswith("day-one,,,1,0,2,25,25.0")


def test_command_line_extract_reads_standard_input(capsys, monkeypatch):
    import io as io_module
    import sys

    from newsfigures.pipeline import main

    monkeypatch.setattr(sys, "stdin", io_module.TextIOWrapper(io_module.BytesIO(b"25 people were killed, officials said.\n")))
    assert main(["extract", "-"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("stdin,,,1,0,2,25,25.0")


def test_command_line_extract_reads_a_word_list_folder_of_ones_own(capsys, tmp_path):
    import shutil

    from newsfigures.paths import project_root
    from newsfigures.pipeline import main

    article = tmp_path / "day-one.txt"
    article.write_text("Filed by the Kestrava desk\n\n25 people were detained, KRW said.\n", encoding="utf-8")
    lexicons = tmp_path / "lexicons"
    shutil.copytree(project_root() / "data" / "lexicons", lexicons)
    with open(lexicons / "figure_cues.csv", "a", encoding="utf-8") as cues:
        cues.write("casualties_total,detained,,an arrest counts as a casualty in this course's exercise\n")
    with open(lexicons / "gazetteer.csv", "a", encoding="utf-8") as names:
        names.write("KRW,krw,Kestrava Rights Watch,organisation,the rights group's initials\n")
    (lexicons / "furniture.yml").write_text(
        (lexicons / "furniture.yml").read_text(encoding="utf-8").replace("rules:", "rules:\n  - name: desk_credit\n    kind: line\n"
        "    pattern: 'Filed by the Kestrava desk'\n    reason: a credit line of this corpus\n", 1), encoding="utf-8")
    assert main(["extract", str(article), "--lexicon-dir", str(lexicons)]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert row.startswith("day-one,,,1,0,2,25,25.0") and ",casualties_total," in row and "Kestrava Rights Watch" in row
    assert main(["extract", str(article)]) == 0  # the project's lists: the credit is a sentence, an arrest is "other"
    row = capsys.readouterr().out.splitlines()[1]
    assert row.startswith("day-one,,,2,") and ",casualties_total," not in row and ",KRW," in row
    (lexicons / "figure_cues.csv").write_text("category,cue,requires,reason\nkilled,(,,broken\n", encoding="utf-8")
    assert main(["extract", str(article), "--lexicon-dir", str(lexicons)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "figure_cues.csv row 2" in error and len(error.splitlines()) == 1
    assert main(["extract", str(article), "--lexicon-dir", str(tmp_path / "none")]) == 1
    assert "no such folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Ten to fifteen people were injured.", [("Ten to fifteen", 10, "range", "wounded")]),
        ("The toll rose from 68 to 170.", [("68", 68, "exact", "killed"), ("170", 170, "exact", "killed")]),
        ("Some 1.35 million people live in the region.", [("Some 1.35 million", 1_350_000, "about", "population")]),
        ("Several hundred people were injured.", [("Several hundred", 300, "vague", "wounded")]),
        ("A few dozen soldiers were killed.", [("A few dozen", 24, "vague", "killed")]),
        ("At least 200 people, including 10 civilians, were killed.",
         [("At least 200", 200, "at_least", "killed"), ("10", 10, "exact", "killed")]),
        ("One person was killed and 12 others were wounded.", [("One person", 1, "exact", "killed"), ("12", 12, "exact", "wounded")]),
        ("A 37-year-old man was shot dead.", [("A 37-year-old man", 1, "exact", "killed")]),
        ("Five children were among the dead and 13 were among the wounded.",
         [("Five", 5, "exact", "killed"), ("13", 13, "exact", "wounded")]),
        ("They had to hand over six armoured vehicles.", [("six", 6, "exact", "weapons_surrendered")]),
        ("Two-thirds of the residents fled.", [("Two-thirds", 0.667, "exact", "other")]),
        ("The EU pledged €10.4 million in aid.", [("€10.4 million", 10_400_000, "exact", "other")]),
        ("The meeting began at 6.30 p.m. local time.", []),
    ],
)
def test_constructions_found_in_review(sentence, expected):
    """Forms a reviewer's own sentences about these events turned up (ranges in words, changes, insertions...)."""
    found = [(f.mention, f.value, f.qualifier, f.category) for f in extract.find_figures(sentence)]
    assert found == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the subject a "rose to" or "stood at" figure is the value of may stand far back in its clause
        ("The death toll from Monday's earthquake in the northern mountain provinces rose to 41 on Wednesday.", [("41", "killed")]),
        ("The official death toll from the blast at the old port warehouse was put at 17.", [("17", "killed")]),
        # a trailing reporting clause says who reports the figure, not what it counts ("protection", "shelter")
        ("The number of people confirmed dead in the floods across the region has risen to 12, the civil protection agency said.",
         [("12", "killed")]),
        ("Crews pulled 30 bodies from the river, the shelter's director told reporters.", [("30", "killed")]),
        # (and people rescued alive are `other` by the guidelines: "rescued" is no evacuation cue)
        ("Nine people were rescued from the roof, according to the refugee council.", [("Nine", "other")]),
        # ... but only that clause is left out: the words after it still count, and "confirmed dead" is not one
        ("At least 14 people, police said, were killed when the bridge collapsed.", [("At least 14", "killed")]),
        ("Rescuers found 12 people, all confirmed dead.", [("12", "killed")]),
        # the words before the count a clause names ("the number of people missing") do not count
        ("The civil protection agency said the number of people still missing had risen to 30.", [("30", "other")]),
        # "from ... to" without a verb of change is a range; "down from" is an earlier value of the same count
        ("Aid agencies estimated that from 5,000 to 6,000 people needed shelter.", [("5,000 to 6,000", "displaced_or_sheltered")]),
        ("The toll was revised sharply from 68 to 170.", [("68", "killed"), ("170", "killed")]),
        ("The death toll rose sharply, from 12 to 40.", [("12", "killed"), ("40", "killed")]),
        ("The number of dead tripled from 12 to 40.", [("12", "killed"), ("40", "killed")]),
        ("About 3,000 people remain in shelters, down from a peak of 9,000, as residents of the old town went home.",
         [("About 3,000", "displaced_or_sheltered"), ("9,000", "displaced_or_sheltered")]),
        ("Twelve people died in the blast; insurance claims are up from 300 last year.", [("Twelve", "killed"), ("300", "other")]),
        ("Divers recovered 4 bodies and brought them up from 40 miles downstream.", [("4", "killed"), ("40 miles", "other")]),
        # how other disasters count the displaced and the injured
        ("More than 900 families have left their homes.", [("More than 900", "displaced_or_sheltered")]),
        ("Forty people were taken to hospital.", [("Forty", "wounded")]),
        ("Forty people were taken to the hospital.", [("Forty", "wounded")]),
        # an age set off by commas after a name is no figure; things counted near a cue word are not people
        ('"My phone buzzed," said Jana Novak, 62, who fled with her two dogs.', [("two", "other")]),
        ("Two farmers, aged 71 and 68, died in the fire.", [("Two", "killed")]),
        ("As of 05:00 on Monday, 6,650 displaced persons had entered the country.", [("6,650", "displaced_or_sheltered")]),
        # ... and a count of things does not stand between a count of people and its cue word
        ("Roughly 8,000 people are staying in four shelters.", [("Roughly 8,000", "displaced_or_sheltered"), ("four", "other")]),
        ("The fire destroyed 12 homes and killed two people.", [("12", "other"), ("two", "killed")]),
        ("Two trucks carrying 40 refugees crashed.", [("Two", "other"), ("40", "displaced_or_sheltered")]),
        ("The fire forced more than 6,000 from their homes.", [("more than 6,000", "displaced_or_sheltered")]),
        # ... but not across a comma, and a count after one capitalised word is no age
        ("The quake killed 30 people, buildings collapsed.", [("30", "killed")]),
        ("At least 7 died, vehicles were swept away.", [("At least 7", "killed")]),
        ("In Mati, 104, mostly elderly, died.", [("104", "killed")]),
        ("Anna Smith, 45, who ran the bakery, died.", []),
    ],
)
def test_constructions_of_other_events(sentence, expected):
    """Sentences as wire reports of other disasters write them (README: a corpus of your own)."""
    assert [(f.mention, f.category) for f in extract.find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("A magnitude 7.8 earthquake killed more than 2,300 people across southern Turkey.", [("more than 2,300", "killed")]),
        ("A second quake of magnitude 7.5 hit the region around nine hours later.", [("around nine hours", "duration")]),
        ("The 7.8 magnitude quake and a 6.4-magnitude aftershock flattened the old town.", []),
        ("The tremor, measuring 5.8 on the Richter scale, injured 12 people.", [("12", "wounded")]),
        ("An aftershock measuring 5.1 rattled the city; the M7.8 main shock was felt in Cyprus.", []),
        ("Updated 4:51 AM GMT+3, February 8, 2023", []),
        ("The quake struck at 4:17 a.m. (0117 GMT) near the city of Gaziantep.", []),
        ("Polls closed at 1430 UTC in Baku, which is on UTC+4.", []),
    ],
)
def test_magnitudes_and_time_stamps_are_no_figures(sentence, expected):
    """A magnitude is a reading on a scale, like a temperature (the guidelines), and "GMT+3" or "0117 GMT" tells
    the time; as figures they became a toll of 7.8 killed and "3" in every wire time stamp."""
    assert [(f.mention, f.category) for f in extract.find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The World Bank estimated the direct physical damage at $34.2bn.", [("$34.2bn", 34_200_000_000, "usd")]),
        ("Blinken announced an additional $100m in aid, bringing the US total to $185m.",
         [("$100m", 100_000_000, "usd"), ("$185m", 185_000_000, "usd")]),
        ("The EU pledged €2.5bn and Britain £300m.", [("€2.5bn", 2_500_000_000, "eur"), ("£300m", 300_000_000, "gbp")]),
        # only money has a fused scale: "the 100m" is a race
        ("She won the 100m and gave $5k to the relief fund.", [("$5k", 5_000, "usd")]),
        ("Rebuilding could cost $1.5 trillion.", [("$1.5 trillion", 1_500_000_000_000, "usd")]),
        # a scale set apart, "bln" and "mln" (Reuters, TASS), a dollar of another country, a range's shared scale
        ("Damage is put at $34.2 bn, and the fund holds €1.5 bln.", [("$34.2 bn", 34_200_000_000, "usd"), ("€1.5 bln", 1_500_000_000, "eur")]),
        ("Turkey asked for US$1bn and Canada gave C$40 mln.", [("US$1bn", 1_000_000_000, "usd"), ("C$40 mln", 40_000_000, "cad")]),
        ("Repairs will cost $2.5-3bn.", [("$2.5-3bn", 2_500_000_000, "usd")]),
        ("Repairs will cost $500m-1bn, after falling from $3bn to 2bn.",
         [("$500m-1bn", 500_000_000, "usd"), ("$3bn", 3_000_000_000, "usd"), ("2bn", 2_000_000_000, "usd")]),
        # a currency word beyond the Caucasus' is the sum's unit, in lower case only (a name is no sum)
        ("Bail was set at 50,000 dinars.", [("50,000 dinars", 50_000, "dinar")]),
        ("Two Rand Corporation researchers were killed.", [("Two", 2, "people")]),
        # "bn", "bln" and "mln" are a scale without a currency too; "mn" (minutes?) and "tn" (tonnes?) are not
        ("About 1.2 mln people fled.", [("About 1.2 mln", 1_200_000, "people")]),
        ("Costs rose from 3 to 2bn dollars.", [("3", 3, ""), ("2bn dollars", 2_000_000_000, "usd")]),
        ("About 5 tn of grain was shipped in 30 mn.", [("About 5", 5, ""), ("30", 30, "")]),
        ("Ships carried 5 tn-6 tn of grain.", [("5", 5, "")]),
    ],
)
def test_money_with_a_scale(sentence, expected):
    """Sums as the Guardian, Al Jazeera or the FT write them: "$34.2bn" was $34, "$100m" nothing at all."""
    assert [(f.mention, f.value, f.unit) for f in extract.find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a scale on the second end of a range is the first's too, where the first is smaller without it
        ("Between 10 and 20 million people were displaced.", [("Between 10 and 20 million", 10_000_000, 20_000_000)]),
        ("Officials said 10 to 20 million people were displaced.", [("10 to 20 million", 10_000_000, 20_000_000)]),
        ("Between 500,000 and 1 million people were displaced.", [("Between 500,000 and 1 million", 500_000, 1_000_000)]),
        ("Between 10 million and 20 million people fled.", [("Between 10 million and 20 million", 10_000_000, 20_000_000)]),
        ("Between two and three hundred people were evacuated.", [("Between two and three hundred", 200, 300)]),
        # a change keeps each end's scale: it was 10 million, not 10
        ("The number rose from 10 million to 20 million people displaced.",
         [("10 million", 10_000_000, 10_000_000), ("20 million", 20_000_000, 20_000_000)]),
        # "m", "mn" and "k" before people are a scale (The Economist's "1.2m people", the FT's "5mn")
        ("Some 5mn people were evacuated, and 1.2m refugees were displaced.",
         [("Some 5mn", 5_000_000, 5_000_000), ("1.2m", 1_200_000, 1_200_000)]),
        ("Between 10 and 20 mn people were displaced, 10-20m people in all.",
         [("Between 10 and 20 mn", 10_000_000, 20_000_000), ("10-20m", 10_000_000, 20_000_000)]),
        ("Between 3m and 4m people have been displaced.", [("Between 3m and 4m", 3_000_000, 4_000_000)]),
        # ... but not before anything else, nor before a name, a singular, a compound, a flat or a company
        ("The wall is 10-20m high and the talks lasted 30 mn.", [("30", 30, 30)]),
        ("Between 20 and 30 mn later, the 100m women's final was held.", [("Between 20 and 30", 20, 30)]),
        ("Bolt is the greatest 100m man. A 30m man-made dam and the 100m women’s final. Flat 2b residents left. "
         "3M workers struck.", []),
        # a fall shares the scale too; a change "by" is as written; a first end that is not smaller makes two figures
        ("Visitor numbers slumped from 12 to 8 million last year.", [("12", 12_000_000, 12_000_000), ("8 million", 8_000_000, 8_000_000)]),
        ("The toll rose by 300 to 1.2 million.", [("300", 300, 300), ("1.2 million", 1_200_000, 1_200_000)]),
        ("Between 2 million and 1 million people fled.", [("2 million", 2_000_000, 2_000_000), ("1 million", 1_000_000, 1_000_000)]),
        # a nationality or a word describing people may come between the scale and the people; troops count too
        ("Some 2.5m Syrian refugees and 300k troops, and 10 to 15m internally displaced people.",
         [("Some 2.5m", 2_500_000, 2_500_000), ("300k", 300_000, 300_000), ("10 to 15m", 10_000_000, 15_000_000)]),
        # ... but no other word, which may be part of a measure, nor a people's name (a review of 11c26e6 found these)
        ("Two 2m tall men ran the 10k race and a 30m high wall stood. The shell landed 200m away as soldiers ran. "
         "The 400m hurdles men raced. A 3m surge forced residents out. In the 200m Jamaicans dominated.", [("Two", 2, 2)]),
    ],
)
def test_scales_of_millions_of_people(sentence, expected):
    """Ranges of millions read as 10 to 20 (and "from 10 million to 20 million" as 10 million to 20), and "5mn people" not at all."""
    assert [(f.mention, f.low, f.high) for f in extract.find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Turnout was between 1 and 2 per cent.", [("between 1 and 2 per cent", 1, 2, "percent")]),
        ("Prices rose between 5% and 7%.", [("between 5% and 7%", 5, 7, "percent")]),
        ("The damage cost between $10 and $20 million.", [("between $10 and $20 million", 10e6, 20e6, "usd")]),
        ("They want between £10m and 20m, or between 10 and 20 million euros.",
         [("between £10m and 20m", 10e6, 20e6, "gbp"), ("between 10 and 20 million euros", 10e6, 20e6, "eur")]),
        ("The loan is $10-$20 million, or $10 - $20 million.",
         [("$10-$20 million", 10e6, 20e6, "usd"), ("$10 - $20 million", 10e6, 20e6, "usd")]),
        # ... but a price that rose a sum to another is a change and a level, not a range
        ("Brent crude rose $1.04 to $86.20 a barrel.", [("$1.04", 1.04, 1.04, "usd"), ("$86.20", 86.2, 86.2, "usd")]),
        ("The queue lasted between two and three hours.", [("between two and three hours", 2, 3, "hours")]),
        ("The convoy stretched between 10 and 20 km.", [("between 10 and 20 km", 10, 20, "km")]),
        # kilometres written on to the number, as British and wire copy does
        ("Between 10 and 20km of road and between 5km and 10km of trenches; a 20km-long convoy, 20-30km long.",
         [("Between 10 and 20km", 10, 20, "km"), ("between 5km and 10km", 5, 10, "km"), ("20km", 20, 20, "km"),
          ("20-30km", 20, 30, "km")]),
        # two currencies make two sums; a first end that is not smaller, two figures of the range's unit
        ("It is worth between £1bn and €2bn.", [("£1bn", 1e9, 1e9, "gbp"), ("€2bn", 2e9, 2e9, "eur")]),
        ("It cost between $2 million and $1 million.", [("$2 million", 2e6, 2e6, "usd"), ("$1 million", 1e6, 1e6, "usd")]),
        # minutes set apart are no scale, and what follows them is not the numbers' unit
        ("It took between 20 and 30 mn per cent of the way.", [("between 20 and 30", 20, 30, "")]),
    ],
)
def test_a_range_between_two_numbers_keeps_its_unit(sentence, expected):
    """A currency, a percent or a unit written with either end of "between ... and ..." is the range's ("between 1 and 2 per cent" had none)."""
    assert [(f.mention, f.low, f.high, f.unit) for f in extract.find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # places counted near a cue word are no count of people
        ("AFAD said 1,541 people had been killed and 9,733 injured in 10 Turkish provinces.",
         [("1,541", "exact", "killed"), ("9,733", "exact", "wounded"), ("10", "exact", "other")]),
        ("At least 40 people were injured in three regions.", [("At least 40", "at_least", "wounded"), ("three", "exact", "other")]),
        ("Evacuations were ordered in five municipalities.", [("five", "exact", "other")]),
        # a count that tops, passes or exceeds a number is more than it; not so what a convoy passes
        ("Death toll tops 11,000 as rescuers race against time in Turkey, Syria", [("11,000", "more_than", "killed")]),
        ("New quake hits Turkey's Hatay as toll passes 47,000", [("47,000", "more_than", "killed")]),
        ("A boy was pulled alive, as the confirmed death toll in Turkey and Syria passed 36,000.", [("36,000", "more_than", "killed")]),
        ("The number of displaced people has exceeded the 1 million mark.", [("1 million", "more_than", "displaced_or_sheltered")]),
        ("The death toll could top 20,000, officials warned.", [("20,000", "more_than", "killed")]),
        ("The tally of the dead surpassed 500 and the convoy passed 12 checkpoints.",
         [("500", "more_than", "killed"), ("12", "exact", "other")]),
        # what a toll "rose to" is read back to the toll past an "and" ("Turkey and Syria") and past a duration
        ("The death toll in Turkey and Syria rose to 36,000.", [("36,000", "exact", "killed")]),
        ("The death toll from the storm that raged for three days rose to 40.", [("three days", "exact", "duration"), ("40", "exact", "killed")]),
        # people rescued alive are `other` (the guidelines); tents and leaving a disaster zone are displacement
        ("Two women were also rescued in Hatay province overnight.", [("Two", "exact", "other")]),
        ("Some 1.9 million people are living in tents or temporary shelters.", [("Some 1.9 million", "about", "displaced_or_sheltered")]),
        ("More than 500,000 have left the quake zone, according to Turkish officials.",
         [("More than 500,000", "more_than", "displaced_or_sheltered")]),
        # a number listed after "and" with a noun shares the clause's cue; a verb after it makes a new report
        ("Her mother died along with her father and four siblings, and 30 neighbours remain missing.",
         [("four", "exact", "killed"), ("30", "exact", "other")]),
        ("Rescuers found the bodies of a man and two children.", [("two", "exact", "killed")]),
    ],
)
def test_constructions_of_an_earthquake(sentence, expected):
    """Sentences modelled on an instructor's four earthquake articles, whose errors these rules fix (README: Evaluation)."""
    assert [(f.mention, f.qualifier, f.category) for f in extract.find_figures(sentence)] == expected


def test_historical_is_decided_per_clause():
    sentence = "Azerbaijan, which lost some 2,900 soldiers in the 2020 war, said 192 servicemen had been killed."
    figures = extract.find_figures(sentence, published="2023-09-21")
    assert [(f.value, f.historical) for f in figures] == [(2900, True), (192, False)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # an opening "In ... 2020," dates the clause after it
    ("In a second war in 2020, Azerbaijan retook swathes of territory in 44 days of fighting.", [(44, True)]),
    ("In 2020, Azerbaijan retook territory; now 100,000 people have fled.", [(100000, False)]),
    # a year after "since" starts what still goes on
    ("The Russian contingent of about 2,000 troops has been deployed in the region since the 2020 ceasefire.", [(2000, False)]),
    ("About 3,000 troops have been there since the 1990s.", [(3000, False)]),
    ("About 3,000 troops were there in the 1990s.", [(3000, True)]),
])
def test_historical_reads_an_opening_year_and_since(sentence, expected):
    figures = extract.find_figures(sentence, published="2023-09-28")
    assert [(f.value, f.historical) for f in figures] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # page structure: a telephone number, a name's "No." (punkt ended the sentence after it), a list's marker
        ("Media contact: press@example.org, +44 20 7946 0958", []),
        ("For tickets call (555) 123-4567 after noon.", []),
        ("Reservations: tel. 020 7946 0958.", []),
        ("A surgeon at City Hospital No. 2 said he had treated a dozen patients.", [("a dozen", "wounded")]),
        ("Lorries queued at Gate no. 5 for hours.", [("hours", "duration")]),
        ("The group demands:\n\n1. Release all detainees;\n\n2) Lift the ban on rallies.", []),
        # an age after a name, then the person's verb or an adjunct; a place's count stays
        ("Irina Dobre, 54, held up a photograph of her son.", []),
        ("The police arrested Marek Sova, 41, on Monday.", []),
        ("In Mati, 104, died in the fire.", [("104", "killed")]),
        # a count with a verb and an object of its own does not take a cue that describes that object ...
        ("The crowd of 5,000 mourners followed the coffins of protesters killed on Sunday.", [("5,000", "other")]),
        ("Tens of thousands of mourners followed the coffins of those killed in the crackdown.",
         [("Tens of thousands", "other")]),
        ("Hundreds attended the funerals of the dead.", [("Hundreds", "other")]),
        # ... but keeps its own: a passive, a relative clause, a second verb, a participle before a preposition
        ("5,000 people were killed.", [("5,000", "killed")]),
        ("200 protesters who marched were killed.", [("200", "killed")]),
        ("Ten soldiers stepped on a mine and died.", [("Ten", "killed")]),
        ("Twelve people trapped in the rubble died.", [("Twelve", "killed")]),
        ("Police said 12 officers suffered injuries.", [("12", "wounded")]),
        # a multiple is no count of dead; "twice as many" stays a figure derived from the one before it
        ("The group counted 23 dead, more than three times the official toll of seven.",
         [("23", "killed"), ("more than three", "other"), ("seven", "killed")]),
        ("At least 200 people were killed and about twice as many injured.",
         [("At least 200", "killed"), ("about twice as many", "wounded")]),
        ("Fines would be raised tenfold, to 20,000 dinars, and arrests rose 3-fold.",
         [("tenfold", "other"), ("20,000 dinars", "other"), ("3-fold", "other")]),
        # an age is no figure (the guidelines), however it is stated
        ("Four children died. The youngest was 14 and the oldest of them was just 17.", [("Four", "killed")]),
        ("Among the youngest victims were two children killed in the shelling.", [("two", "killed")]),
        # a multiple is no rival for the cue of the figure after it
        ("The death toll rose tenfold to 300.", [("tenfold", "other"), ("300", "killed")]),
        ("The youngest victim was 14 years old; a bridge 300 years old collapsed.", []),
        ("Victims were aged between 14 and 70.", []),
        ("Aged between 14 and 70, the victims were buried on Friday.", []),
        ("Five people died in the old town.", [("Five", "killed")]),
    ],
)
def test_constructions_of_a_protest_crackdown(text, expected):
    """Forms an instructor's articles about a protest crackdown turned up (README: Evaluation)."""
    assert [(f.mention, f.category) for f in extract.find_figures(text)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("It lasted an hour.", [("an hour", 1, "exact", "hours")]),
        ("Police fired for almost an hour.", [("almost an hour", 1, "nearly", "hours")]),
        ("Internet was cut for a day.", [("a day", 1, "exact", "days")]),
        ("They talked for about an hour.", [("about an hour", 1, "about", "hours")]),
        ("The burst of gunfire lasted about 30 seconds.", [("about 30 seconds", 30, "about", "seconds")]),
        ("A 30-second video was shared.", [("30-second", 30, "exact", "seconds")]),
        # alone, "a day" is a rate or what a story is about, and "a second" an ordinal
        ("Twice a day, the guards counted the prisoners.", []),
        ("The film is about a day in the capital.", []),
        ("A second blast followed.", []),
    ],
)
def test_durations_of_one_unit_and_of_seconds(sentence, expected):
    """The guidelines make every time quantity a duration ("a day"); "a day" was found only before "earlier" or "later"."""
    figures = extract.find_figures(sentence)
    assert [(f.mention, f.value, f.qualifier, f.unit) for f in figures] == expected
    assert all(f.category == "duration" for f in figures)


# --- sentences with many numbers: what is worked out once a sentence gives what each figure's own search gave


def test_a_sentence_of_hundreds_of_figures_reads_each_clause():
    """A table flattened into one sentence: every figure still takes its cue from its own clause."""
    clauses = [f"{n} people were killed in village {chr(65 + n % 26)}" if n % 2 else f"{n} were wounded in town {chr(65 + n % 26)}"
               for n in range(2, 602)]
    figures = extract.find_figures(", ".join(clauses) + ".", published="2023-09-20")
    assert [(f.value, f.category) for f in figures] == [(float(n), "killed" if n % 2 else "wounded") for n in range(2, 602)]


def test_the_span_index_finds_the_overlaps_that_comparing_every_span_finds():
    rng = random.Random(5)
    for _ in range(300):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        index = extract._Spans(spans)
        for start in range(0, 64, 3):
            end = start + rng.randint(1, 8)
            assert index.overlaps(start, end) == any(start < b and a < end for a, b in spans), (spans, start, end)


def test_the_bounds_are_the_nearest_figures_that_scanning_them_all_finds():
    rng = random.Random(6)
    for _ in range(300):
        spans = sorted((a, a + rng.randint(1, 6)) for a in rng.sample(range(80), rng.randint(0, 10)))
        bounds = extract._Bounds.of(spans)
        for position in range(90):
            assert bounds.last_end_at_or_before(position, 0) == max([b for a, b in spans if b <= position] + [0])
            assert bounds.first_start_at_or_after(position, 99) == min([a for a, b in spans if a >= position] + [99])


# Every pattern that _ends_with searches, at its longest ("rose again very sharply overall, from no fewer
# than"), next to words that only look like it ("x-including", "theme", a change verb five words too early)
ENDINGS = (
    "200 people, including 10 children, of whom 3 died; the two sides, x-including 4 and theme 5 and rose again "
    "very sharply overall, from no fewer than  5 to 9, then went up from 6 to 8; handing over 3 rifles, turned  "
    "over 2 tanks and the toll rose from about 7 to 12, up from 3 in excess of 4, among whom 2, rose a b c d e from 6;"
    "including;7;the;8;rose.from 9 (among them) 10 well-rose from 11"
)


@pytest.mark.parametrize("pattern, words", [
    (extract.INCLUDING, extract.INCLUDING_WORDS), (extract.DEFINITE_PAIR, extract.DEFINITE_PAIR_WORDS),
    (extract.HANDING, extract.HANDING_WORDS), (extract.CHANGE_FROM, extract.CHANGE_FROM_WORDS),
])
def test_searching_the_last_words_finds_what_searching_from_the_start_finds(pattern, words):
    found = 0
    for end in range(len(ENDINGS) + 1):
        whole = pattern.search(ENDINGS[:end])
        last = extract._ends_with(pattern, ENDINGS, end, words)
        assert (whole and whole.span()) == (last and last.span()), ENDINGS[:end][-60:]
        found += whole is not None
    assert found >= 2, "the sentence should hold matches of every pattern"


def test_a_clause_found_from_the_sentence_breaks_is_the_one_the_searches_around_a_figure_find():
    sentence = ("In the 2020 war, which lasted 44 days, Azerbaijan retook districts: 7 of them, while 2,900 soldiers died "
                "but 3 villages held; 12 more,  and 5 whereas 6 but but 7, , 8")
    clauses = extract._Clauses(sentence)
    for start in range(len(sentence) + 1):
        for end in range(start, len(sentence) + 1):
            before = max([m.end() for m in extract.CLAUSE_BREAK.finditer(sentence, 0, start)] + [0])
            after = extract.CLAUSE_BREAK.search(sentence, end)
            assert clauses.around(start, end) == (before, after.start() if after else len(sentence)), (start, end)


@pytest.mark.parametrize("sentence, expected", [
    ("Arrests rose nearly 2.5-fold.", [("nearly 2.5-fold", 2.5, 2.5, 2.5, "nearly")]),
    ("The number of displaced rose almost tenfold, to 2,000.", [("almost tenfold", 10, 10, 10, "nearly"), ("2,000", 2000, 2000, 2000, "exact")]),
    ("Prices rose more than 10-fold.", [("more than 10-fold", 10, 10, None, "more_than")]),
    ("Rents rose a hundredfold and wages a thousandfold.", [("hundredfold", 100, 100, 100, "exact"), ("thousandfold", 1000, 1000, 1000, "exact")]),
])
def test_a_multiple_keeps_its_hedge(sentence, expected):
    assert [(f.mention, f.value, f.low, f.high, f.qualifier) for f in extract.find_figures(sentence)] == expected


def test_a_clause_judged_for_one_reference_year_is_judged_again_for_another():
    sentence = "Azerbaijan, which lost 2,900 soldiers in the 2020 war, said 192 were killed."
    clauses = extract._Clauses(sentence)
    start = sentence.index("2,900")
    assert extract._historical(sentence, start, start + 5, 2023, clauses)
    assert not extract._historical(sentence, start, start + 5, 2010, clauses)
