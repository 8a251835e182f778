"""Quotations and reported speech, and who they are attributed to (newsfigures.attribution)."""

from __future__ import annotations

import csv

import pytest

from newsfigures import attribution, charts
from newsfigures.gazetteer import Entity, Gazetteer
from newsfigures.paths import project_root

LEXICONS = project_root() / "data" / "lexicons"
NAMES = Gazetteer({
    "Babayan": Entity("davit_babayan", "Davit Babayan", "person"),
    "Hikmet Hajiyev": Entity("hikmet_hajiyev", "Hikmet Hajiyev", "person"),
    "Hajiyev": Entity("hikmet_hajiyev", "Hikmet Hajiyev", "person"),
    "Shahramanyan": Entity("samvel_shahramanyan", "Samvel Shahramanyan", "person"),
    "Reuters": Entity("reuters", "Reuters", "organisation"),
    "Azerbaijan": Entity("azerbaijan", "Azerbaijan", "country"),
    "Armenia": Entity("armenia", "Armenia", "country"),
    "Yerevan": Entity("yerevan", "Yerevan", "place"),
})
GROUPS = [
    ("entity", "davit_babayan", "", "", "Karabakh Armenian authorities"),
    ("entity", "samvel_shahramanyan", "", "", "Karabakh Armenian authorities"),
    ("entity", "hikmet_hajiyev", "", "", "Azerbaijan"),
    ("entity", "reuters", "", "", "media"),
    ("entity", "azerbaijan", "", "", "Azerbaijan"),
    ("entity", "armenia", "", "", "Armenia"),
    ("entity", "yerevan", "", "", "Armenia"),
    ("phrase", r"Azerbaijan(?:'s|i)? Defen[cs]e Ministry", "azerbaijan_defence_ministry", "Defence Ministry of Azerbaijan", "Azerbaijan"),
    ("phrase", r"\bprotesters?\b", "protester", "protester (unnamed)", "residents"),
]


@pytest.fixture(scope="module")
def cues() -> list[attribution.Cue]:
    return attribution.load_cues(LEXICONS / "attribution_cues.csv")


@pytest.fixture(scope="module")
def speakers() -> attribution.Speakers:
    return attribution.Speakers(GROUPS, NAMES)


def attribute(text: str, cues, speakers) -> list[attribution.Attribution]:
    return attribution.find_attributions(text, cues, speakers, "doc")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("Babayan said that the corridor was closed.", "Davit Babayan", "said", "the corridor was closed"),
        ("Hikmet Hajiyev told Reuters that Baku is envisioning an amnesty.", "Hikmet Hajiyev", "told Reuters", "Baku is envisioning an amnesty"),
        ("There are dozens of dead, according to Reuters.", "Reuters", "according to", "There are dozens of dead"),
        ("According to Yerevan, the peacekeepers are responsible.", "Yerevan", "According to", "the peacekeepers are responsible"),
        ("Azerbaijan announced that six soldiers had been killed.", "Azerbaijan", "announced", "six soldiers had been killed"),
        ("Armenia stated that it has no army there.", "Armenia", "stated", "it has no army there"),
        ("The corridor does not work, Babayan said on Friday.", "Davit Babayan", "said", "The corridor does not work"),
    ],
)
def test_each_reporting_cue_gives_a_paraphrase(text, speaker, cue, content, cues, speakers) -> None:
    [found] = attribute(text, cues, speakers)
    assert (found.speaker, found.cue, found.quote, found.kind) == (speaker, cue, content, "paraphrase")


def test_told_reuters_does_not_make_reuters_the_speaker(cues, speakers) -> None:
    [found] = attribute('"There are no concrete results yet," Babayan told Reuters.', cues, speakers)
    assert (found.speaker_id, found.speaker_group, found.cue) == ("davit_babayan", "Karabakh Armenian authorities", "told Reuters")


def test_hedges_without_a_speaker_are_not_statements(cues, speakers) -> None:
    assert attribute("25 people are said to have been killed in the operation.", cues, speakers) == []
    assert attribute("The leadership was said to be demanding assurances.", cues, speakers) == []


def test_he_said_is_the_person_named_just_before(cues, speakers) -> None:
    text = 'Hajiyev spoke to diplomats in Baku. "We do not see that as the biggest challenge," he said.'
    [found] = attribute(text, cues, speakers)
    assert (found.speaker, found.speaker_phrase, found.resolved_by, found.kind) == ("Hikmet Hajiyev", "he", "pronoun", "quote")


def test_a_newer_name_beats_the_previous_speaker_for_he(cues, speakers) -> None:
    text = ("Babayan said the talks go on. Later Hajiyev met diplomats. "
            '"An amnesty is possible for all fighters," he said.')
    found = attribute(text, cues, speakers)
    assert [a.speaker for a in found] == ["Davit Babayan", "Hikmet Hajiyev"]


def test_a_quotation_over_paragraphs_closed_by_he_said(cues, speakers) -> None:
    text = ('After the start of the operations Shahramanyan gave an interview.\n\n'
            '"On the morning of September 19, I was with the commander.\n\n'
            'Half an hour later, military operations began.\n\n'
            'We had to start negotiations, which lasted 12 hours," he said.')
    [found] = attribute(text, cues, speakers)
    assert found.kind == "quote" and found.speaker == "Samvel Shahramanyan"
    assert found.quote.startswith("On the morning of September 19") and found.quote.endswith("lasted 12 hours,")
    assert found.quote.count(attribution.PARAGRAPH_MARK) == 2
    assert text[found.char_start:found.char_end].startswith("On the morning")


def test_a_quotation_right_after_another_continues_it(cues, speakers) -> None:
    text = ('"The Lachin corridor does not work as it should," Babayan said. "Other questions need to be resolved."\n\n'
            '"The people are hungry and there is no fuel."')
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.resolved_by) for a in found] == [
        ("Davit Babayan", "named"), ("Davit Babayan", "continuation"), ("Davit Babayan", "continuation")]


def test_the_ministry_is_the_ministry_named_before(cues, speakers) -> None:
    text = ("Azerbaijan's Defense Ministry confirmed that it reached an agreement. "
            'The ministry said the fighters agreed to "lay down their arms and completely disarm."')
    found = attribute(text, cues, speakers)
    assert [(a.speaker_id, a.resolved_by) for a in found] == [
        ("azerbaijan_defence_ministry", "named"), ("azerbaijan_defence_ministry", "described")]


def test_inverted_frames_and_another(cues, speakers) -> None:
    text = ('"It is impossible to have such a leader," one protester told the French news agency AFP. '
            '"We want to show that we will not abandon them," said another, using the old name.')
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.cue, a.resolved_by) for a in found] == [
        ("protester (unnamed)", "told the French news agency AFP", "named"), ("protester (unnamed)", "said", "pronoun")]


def test_short_quoted_words_stay_inside_a_paraphrase(cues, speakers) -> None:
    [found] = attribute('Armenia warned that Azerbaijan was perpetrating "ethnic cleansing" in the region.', cues, speakers)
    assert (found.kind, found.quote) == ("paraphrase", 'Azerbaijan was perpetrating "ethnic cleansing" in the region')


def test_speakers_the_lexicons_lack_are_found_as_unlisted(cues, speakers) -> None:
    # a corpus about other events: nobody in it is in the gazetteer or speaker_groups.csv
    text = ('"The water came faster than anyone could run," said Marta Oyelaran, head of civil protection.\n\n'
            "Health minister Ilse Varga told a news conference that 63 people had been taken to hospital. "
            '"Our hospitals are coping, but barely," she said.\n\n'
            "Officials said the dam had been inspected. The Red Cross said it had set up two camps.")
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.speaker_group, a.resolved_by, a.kind) for a in found] == [
        ("Marta Oyelaran", "other", "unlisted", "quote"),
        ("Ilse Varga", "other", "unlisted", "paraphrase"),
        ("Ilse Varga", "other", "pronoun", "quote"),
        ("officials", "other", "unnamed", "paraphrase"),  # a sentence's first word is no name, but a source
        ("Red Cross", "other", "unlisted", "paraphrase"),
    ]
    # a listed speaker still wins: Babayan is in the gazetteer
    [listed] = attribute("Babayan said that the corridor was closed.", cues, speakers)
    assert listed.resolved_by == "named"


def test_an_unlisted_speaker_is_not_a_place_or_a_day(cues, speakers) -> None:
    text = ('"We are still searching," said Marta Oyelaran on Monday.\n\n'
            "Residents in Kessel Valley said the water rose in minutes. Engineers at Hollow Creek Dam said it held.")
    found = attribute(text, cues, speakers)
    assert (found[0].speaker, found[0].kind) == ("Marta Oyelaran", "quote")
    assert not {"Kessel Valley", "Hollow Creek Dam", "Hollow Creek"} & {a.speaker for a in found}


def test_quote_spans_pair_marks_across_paragraphs() -> None:
    text = '"One.\n\nTwo," he said. "Three.\n\n"Four," she said.'
    assert attribution.quote_spans(text) == [(0, 11), (22, 37)]  # the mark opening "Four" continues the quotation


def test_the_project_lexicons_are_consistent() -> None:
    cues = attribution.load_cues(LEXICONS / "attribution_cues.csv")
    assert {"said", "told", "according to", "announced", "stated"} <= {c.name for c in cues}
    gazetteer_ids = {row["entity_id"] for row in csv.DictReader(open(LEXICONS / "gazetteer.csv", encoding="utf-8"))}
    rows = list(csv.DictReader(open(LEXICONS / "speaker_groups.csv", encoding="utf-8")))
    assert all(row["reason"] for row in rows)
    missing = [row["match"] for row in rows if row["match_type"] == "entity" and row["match"] not in gazetteer_ids]
    assert missing == []
    speakers = attribution.Speakers.from_csv(LEXICONS / "speaker_groups.csv", Gazetteer.from_csv(LEXICONS / "gazetteer.csv"))
    assert set(speakers.groups) <= set(charts.GROUP_COLOURS)  # every side of this event keeps its colour in every run
    assert speakers.groups[-1] == "other" and len(speakers.groups) >= 10


def test_a_corpus_names_its_own_speaker_groups(tmp_path, cues) -> None:
    """Groups come from speaker_groups.csv, in the order of their first rules, "other" last: an earthquake's sides are not a war's."""
    rules = tmp_path / "speaker_groups.csv"
    rules.write_text(
        "match_type,match,speaker_id,speaker,speaker_group,reason\n"
        "phrase,[Hh]ealth ministry,syria_health_ministry,Health Ministry of Syria,Syrian government,Damascus's ministry\n"
        "phrase,White Helmets,white_helmets,White Helmets,Syrian opposition areas,rescuers in the north-west\n"
        "phrase,officials,officials,officials,other,unnamed officials\n"
        "phrase,AFAD,afad,AFAD,Turkish state,Turkey's disaster agency\n", encoding="utf-8")
    speakers = attribution.Speakers.from_csv(rules, None)
    assert speakers.groups == ("Syrian government", "Syrian opposition areas", "Turkish state", "other")
    text = ("AFAD said 1,541 people had died. The health ministry said 430 people were killed. "
            "The White Helmets said 380 died. Officials said aid was on its way.")
    statements = attribution.attributions_table({"quake": text}, cues, speakers)
    assert list(statements["speaker_group"]) == ["Turkish state", "Syrian government", "Syrian opposition areas", "other"]
    counts = attribution.speaker_counts(statements, {"quake": "2023-02-06"}, speakers.groups)
    assert list(counts["speaker_group"]) == ["Syrian government", "Syrian opposition areas", "Turkish state", "other"]
    assert list(counts["left"]) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match=r"row 2: speaker_group is empty"):
        rules.write_text("match_type,match,speaker_id,speaker,speaker_group,reason\nphrase,AFAD,afad,AFAD,,agency\n",
                         encoding="utf-8")
        attribution.Speakers.from_csv(rules, None)


def test_sources_named_by_their_office_and_commas_inside_numbers(cues, speakers) -> None:
    text = ("A wildfire tore through the hills on Sunday, forcing about 2,000 residents to flee their homes, fire officials said.\n\n"
            "Between 150 and 180 homes were lost, according to the state forestry agency. "
            "Nearly half of the 8,000 people who fled have returned home, the agency said.")
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.speaker_group, a.resolved_by) for a in found] == [
        ("fire officials", "other", "unnamed"),
        ("state forestry agency", "other", "unnamed"),
        ("state forestry agency", "other", "described"),
    ]
    assert found[0].quote.endswith("forcing about 2,000 residents to flee their homes")  # not cut at "2"


def test_an_office_that_is_not_the_phrase_head_is_no_source(cues, speakers) -> None:
    text = ("Protesters who spoke to police said the water rose at night. "
            "The mayor, speaking at the council, said the dam would be inspected. "
            "Officials in the city said the roads were closed.")
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.resolved_by) for a in found][:1] == [("protester (unnamed)", "named")]
    assert all(a.speaker not in ("spoke to police", "speaking at the council") for a in found)
    assert ("officials", "unnamed") in [(a.speaker, a.resolved_by) for a in found]


def test_a_weekday_after_the_cue_is_not_what_was_said(cues, speakers) -> None:
    [found] = attribute("The fire was 40 percent contained, state fire officials said Monday.", cues, speakers)
    assert (found.speaker, found.quote) == ("state fire officials", "The fire was 40 percent contained")


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        # after "X, which operates the dam," the words after "said" are what was said, not an inverted speaker
        ("The company, which operates the dam, said it had warned protesters.", "company", "it had warned protesters"),
        ("The mayor, who was at the scene, said the residents had left.", "mayor", "the residents had left"),
        ("The dam held, said protesters, who had stayed.", "protester (unnamed)", "The dam held"),  # still inverted
        ("The county coroner said 12 bodies had been identified.", "county coroner", "12 bodies had been identified"),
        # a statement inside a relative clause ends with it: the main clause after the comma is the writer's
        ("Russian peacekeepers, who Reuters says are mediating the talks, accompanied the delegation.", "Reuters",
         "are mediating the talks"),
        ("Officials, who said that 20 people died, left the scene.", "officials", "20 people died"),
        ("Babayan, who leads the council, said the corridor was closed, adding that talks would go on.", "Davit Babayan",
         "the corridor was closed, adding that talks would go on"),
    ],
)
def test_a_clause_after_the_cue_is_what_was_said(text, speaker, quote, cues, speakers) -> None:
    [found] = attribute(text, cues, speakers)
    assert (found.speaker, found.quote) == (speaker, quote)


def test_the_ministry_is_the_latest_ministry_named_even_if_it_did_not_speak(cues) -> None:
    ministries = attribution.Speakers(GROUPS + [
        ("phrase", r"Armenian Foreign Ministry", "armenia_foreign_ministry", "Foreign Ministry of Armenia", "Armenia"),
        ("phrase", r"Russian Foreign Ministry", "russia_foreign_ministry", "Foreign Ministry of Russia", "Russia"),
    ], NAMES)
    text = ("The Armenian Foreign Ministry said the peacekeepers were responsible. "
            "As the spokeswoman of the Russian Foreign Ministry, Maria Zakharova, pointed out, the agreements define every step. "
            "The ministry called for an immediate ceasefire.")
    found = attribute(text, cues, ministries)
    assert [(a.speaker, a.resolved_by) for a in found] == [
        ("Foreign Ministry of Armenia", "named"), ("Maria Zakharova", "unlisted"), ("Foreign Ministry of Russia", "described")]


def test_they_speaking_from_a_capital_is_that_capital_not_the_last_person(cues) -> None:
    capital = attribution.Speakers(GROUPS + [("entity", "baku", "", "", "Azerbaijan")],
                                   Gazetteer({**NAMES.variants, "Baku": Entity("baku", "Baku", "place")}))
    text = ('Hikmet Hajiyev said the targets were neutralised. "The flag must be raised," they announced from Baku. '
            "They explained that talks are possible.")
    found = attribute(text, cues, capital)
    assert [(a.speaker, a.speaker_phrase, a.resolved_by) for a in found] == [
        ("Hikmet Hajiyev", "Hikmet Hajiyev", "named"), ("Baku", "Baku", "named"), ("Baku", "They", "pronoun")]


def test_a_participle_phrase_between_subject_and_verb_is_not_the_speaker(cues, speakers) -> None:
    # "Blinken, visiting Ankara on Monday, announced": the place the speaker visits does not speak
    [found] = attribute("Hikmet Hajiyev, visiting Yerevan on Monday, announced new aid.", cues, speakers)
    assert (found.speaker, found.speaker_phrase) == ("Hikmet Hajiyev", "Hikmet Hajiyev")
    [found] = attribute("The ministry, citing Reuters, said 12 people had died.", cues, speakers)
    assert found.speaker == "ministry"


def test_an_opening_prepositional_phrase_is_not_the_speaker(cues, speakers) -> None:
    # "In Syria, the health ministry said": the subject speaks, not the place it is in
    [found] = attribute("In Yerevan, the health ministry said 12 people were hurt.", cues, speakers)
    assert (found.speaker, found.resolved_by) == ("health ministry", "unnamed")
    assert attribute("In Yerevan, a doctor said 12 people were hurt.", cues, speakers) == []


def test_a_cue_word_after_a_determiner_is_no_reporting_verb(cues, speakers) -> None:
    # "the confirmed death toll", "Azerbaijan's stated aim": adjectives, so no statement and no speaker
    assert attribute("A boy was pulled alive in Yerevan as the confirmed death toll passed 36,000.", cues, speakers) == []
    [found] = attribute("Azerbaijan's stated aim is peace, Hajiyev said.", cues, speakers)
    assert (found.speaker, found.cue) == ("Hikmet Hajiyev", "said")
    [found] = attribute("Azerbaijan confirmed that six soldiers had been killed.", cues, speakers)  # still a verb
    assert (found.speaker, found.cue) == ("Azerbaijan", "confirmed")


def test_a_known_name_with_and_in_it_is_not_cut(cues) -> None:
    afad = Entity("afad", "AFAD (Disaster and Emergency Management Authority)", "organisation")
    quake = attribution.Speakers(GROUPS + [("entity", "afad", "", "", "Turkish state")],
                                 Gazetteer({**NAMES.variants, "Disaster and Emergency Management Authority": afad}))
    [found] = attribute("Armenia's Disaster and Emergency Management Authority said 12 people died.", cues, quake)
    assert (found.speaker_id, found.speaker_group) == ("afad", "Turkish state")


def test_the_united_nations_is_the_un(cues) -> None:
    project = attribution.Speakers.from_csv(LEXICONS / "speaker_groups.csv", Gazetteer.from_csv(LEXICONS / "gazetteer.csv"))
    found = attribute("The United Nations said aid was on its way. The UN relief chief said the world had failed. "
                      "The U.N. said it would send more.", cues, project)
    assert [(a.speaker_id, a.speaker_group) for a in found] == [("united_nations", "UN")] * 3  # AP writes "The U.N."


def test_a_surname_alone_is_the_person_introduced_in_full(cues, speakers) -> None:
    # the lexicons lack the person: one capitalised word alone is no unlisted name, but the full name came first
    text = ('US Secretary of State Marta Oyelaran, visiting Yerevan on Monday, announced new aid. '
            '"We will be here for as long as it takes," Oyelaran said.')
    found = attribute(text, cues, speakers)
    assert [(a.speaker, a.speaker_phrase, a.resolved_by, a.kind) for a in found] == [
        ("Marta Oyelaran", "US Secretary of State Marta Oyelaran", "unlisted", "paraphrase"),
        ("Marta Oyelaran", "Oyelaran", "unlisted", "quote")]
    assert attribution.unattributed_quotes(text, found) == []
    text = 'Later Ali Demir reached the boy. "He asked for his mother first," Demir said. Smith said he had left.'
    assert [(a.speaker, a.resolved_by) for a in attribute(text, cues, speakers)] == [("Ali Demir", "unlisted")]


def test_a_number_with_thousands_is_not_a_day_after_the_cue(cues, speakers) -> None:
    # "said at least 430 ... and 1,280": the "1" of 1,280 is no "on September 1" to skip over
    [found] = attribute("The health ministry said at least 430 people were killed and 1,280 injured.", cues, speakers)
    assert found.quote == "at least 430 people were killed and 1,280 injured"


def test_present_tense_reports_of_live_blogs(cues, speakers) -> None:
    """Live blogs and TV sites write "Police say", "Organisers claim", "Protesters deny": plural present tense."""
    text = ("Police say a group of 200 armed men attacked officers. Officials claim 150,000 marched. "
            "Protesters deny this.")
    found = [(a.speaker_phrase, a.cue) for a in attribute(text, cues, speakers)]
    assert found == [("Police", "say"), ("Officials", "claim"), ("Protesters", "deny")], found


@pytest.mark.parametrize("text, speaker", [
    ("The boy was pulled out by firefighter Ali Demir. Demir said the boy asked for water.", "Ali Demir"),
    ("The boy was pulled out by firefighter Ali Demir.\n\nDemir said the boy asked for water.", "Ali Demir"),
    ("Turkey's Health Minister Fahrettin Koca visited Hatay. Koca said 12 hospitals were damaged.", "Fahrettin Koca"),
])
def test_a_surname_finds_its_full_name_across_a_sentence_end_and_a_country(cues, text, speaker) -> None:
    """A name never runs across a full stop ("Ali Demir. Demir"), and "Turkey's ... Koca" is Koca, not Turkey."""
    project = attribution.Speakers.from_csv(LEXICONS / "speaker_groups.csv", Gazetteer.from_csv(LEXICONS / "gazetteer.csv"))
    assert [a.speaker for a in attribute(text, cues, project)] == [speaker]


def test_a_rule_without_a_group_is_refused() -> None:
    with pytest.raises(ValueError, match=r"speaker rule 'x' has no group; name the side the speaker speaks for"):
        attribution.Speakers([("phrase", "x", "x", "x", " ")], None)
