"""The date resolver, event matching and the conflicts between articles (newsfigures.dates)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from newsfigures import dates
from newsfigures.paths import project_root

WEDNESDAY = "2023-09-20"  # Wednesday 20 September 2023


def one(text: str, published: str = WEDNESDAY) -> dates.DateMention:
    found = dates.find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The offensive began on Tuesday.", "2023-09-19"),  # the Tuesday before a Wednesday
        ("Talks opened on Wednesday.", "2023-09-20"),  # the publication weekday is that very day
        ("Troops moved on Sunday.", "2023-09-17"),  # three days back, across the weekend
        ("Fighting flared last Wednesday.", "2023-09-13"),  # "last" is strictly before
        ("They will meet on Friday.", "2023-09-22"),  # future tense looks forward
        ("Talks resume next Wednesday.", "2023-09-27"),  # "next" is strictly after
    ],
)
def test_weekdays_count_from_the_publication_date(text: str, expected: str) -> None:
    mention = one(text)
    assert (mention.date, mention.basis) == (expected, "weekday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Shelling continued today.", "2023-09-20"), ("Shelling began yesterday.", "2023-09-19"),
     ("Talks start tomorrow.", "2023-09-21"), ("Shelling stopped last night.", "2023-09-19")],
)
def test_relative_days(text: str, expected: str) -> None:
    mention = one(text)
    assert (mention.date, mention.basis) == (expected, "relative")


def test_explicit_dates_with_and_without_a_year() -> None:
    assert (one("It began on September 19, 2023.").date, one("It began on September 19, 2023.").basis) == ("2023-09-19", "explicit")
    without = one("Talks were held on 21 September.")
    assert (without.date, without.basis, without.mention) == ("2023-09-21", "explicit_year_inferred", "21 September")
    abbreviated = one("He spoke on Sept. 21 to the nation.")
    assert (abbreviated.date, abbreviated.mention) == ("2023-09-21", "Sept. 21")


def test_a_date_without_year_written_in_january_can_belong_to_the_year_before() -> None:
    assert one("The convoy left on December 30.", "2024-01-05").date == "2023-12-30"
    assert one("The convoy left on January 3.", "2024-01-05").date == "2024-01-03"


def test_a_range_keeps_its_end_and_a_decade_or_year_keeps_its_precision() -> None:
    offensive = one("A 24-hour military offensive on September 19-20 changed everything.")
    assert (offensive.date, offensive.date_end) == ("2023-09-19", "2023-09-20")
    found = dates.find_dates("Held since the early 1990s, lost in 2020, talks between 2020 and 2022.", WEDNESDAY)
    assert [(d.date, d.precision) for d in found] == [("1990/1999", "decade"), ("2020", "year"), ("2020", "year"), ("2022", "year")]
    assert one("Aliyev appointed him in March.").date == "2023-03"


@pytest.mark.parametrize(
    ("text", "clock"),
    [("from 1:00 p.m. local time", "13:00"), ("at 12 a.m.", "00:00"), ("at 9.30 am", "09:30"),
     ("at 13:05 hrs", "13:05"), ("at noon", "12:00"), ("at 12:30 p.m.", "12:30")],
)
def test_clock_times(text: str, clock: str) -> None:
    assert dates.parse_time(text) == clock


def test_a_clock_time_joins_its_date() -> None:
    interview = one("A document provided for the cessation of hostilities on October 20 at 1:00 p.m. Then...", "2023-10-28")
    assert (interview.mention, interview.date, interview.time) == ("October 20 at 1:00 p.m.", "2023-10-20", "13:00")
    wire = one("There is no choice but to cease hostilities from 1:00 p.m. local time on Wednesday.")
    assert (wire.mention, wire.date, wire.time, wire.basis) == ("1:00 p.m. local time on Wednesday", WEDNESDAY, "13:00", "weekday")
    alone = one("Sirens sounded at 5 p.m. across the city.")
    assert (alone.date, alone.time, alone.basis) == ("", "17:00", "time_only")


def test_an_explicit_date_restating_today_is_one_row() -> None:
    mention = one("The president said today, October 28, in an interview", "2023-10-28")
    assert (mention.mention, mention.date, mention.basis) == ("today, October 28", "2023-10-28", "explicit_year_inferred")


def test_numbers_and_the_verb_may_are_not_dates() -> None:
    assert dates.find_dates("Baku may be considering amnesty for 2,000 fighters after a 24-hour offensive; 25 people died.", WEDNESDAY) == []
    assert dates.find_dates("About 2020 people fled.", WEDNESDAY) == []


def test_offsets_point_into_the_text() -> None:
    text = "On Tuesday the army attacked.\n\nOn September 21, talks began at 2:00 p.m. in Yevlakh."
    for mention in dates.find_dates(text, WEDNESDAY):
        assert text[mention.char_start:mention.char_end] == mention.mention


def test_without_a_publication_date_relative_dates_stay_empty() -> None:
    assert one("It started on Tuesday.", "").date == ""


CUES = [
    dates.EventCue("ceasefire", "ceasefire", re.compile(r"\b(?:ceasefire|cessation of hostilities)\b", re.I), (), "test"),
    dates.EventCue("offensive_began", "offensive began", re.compile(r"\boffensive began|began (?:its|an) offensive\b", re.I), (), "test"),
    dates.EventCue("yevlakh_meeting", "Yevlakh meeting", re.compile(r"\bmeeting\b", re.I), ("yevlakh",), "test"),
]


def test_the_nearest_cue_names_the_event_unless_after_or_another_date_stands_between() -> None:
    sentence = "Pashinyan spoke on Sept. 21 after a one-day ceasefire, and the offensive began on September 19."
    spans = [(m.char_start, m.char_end) for m in dates.dates_in_sentence(sentence, dt.date(2023, 9, 21))]
    matched = dates.match_events(sentence, spans, CUES)
    assert matched[0] is None  # "after a one-day ceasefire" does not date the ceasefire
    assert matched[1][0].event == "offensive_began"


def test_a_cue_can_require_an_entity_in_the_sentence() -> None:
    sentence = "A meeting was held on September 21."
    spans = [(22, 34)]
    assert dates.match_events(sentence, spans, CUES) == [None]
    assert dates.match_events(sentence, spans, CUES, {"yevlakh"})[0][0].event == "yevlakh_meeting"


def _table(texts: dict[str, str], published: dict[str, str]) -> pd.DataFrame:
    return dates.dates_table(texts, published, {}, CUES)


TWO_ARTICLES = {
    "wire": "The ceasefire took effect at 1:00 p.m. on Wednesday. The offensive began on Tuesday.",
    "interview": "We agreed on a cessation of hostilities on October 20 at 1:00 p.m. Azerbaijan began its offensive on September 19.",
}
PUBLISHED = {"wire": "2023-09-20", "interview": "2023-10-28"}


def test_conflicts_are_found_between_two_articles() -> None:
    table = _table(TWO_ARTICLES, PUBLISHED)
    conflicts = dates.date_conflicts(table, PUBLISHED)
    # one event dated differently: each article disagrees with the other; the offensive agrees and is not listed
    assert list(conflicts["event_id"]) == ["ceasefire", "ceasefire"]
    interview = conflicts[conflicts["doc_id"] == "interview"].iloc[0]
    assert (interview["date_this_article"], interview["date_others"]) == ("2023-10-20", "2023-09-20")
    assert "slip of the month" in interview["note"]
    assert "wire (published 2023-09-20) already reports the event" in interview["note"]
    assert "clock time agrees (13:00)" in interview["note"]
    wire = conflicts[conflicts["doc_id"] == "wire"].iloc[0]
    assert (wire["date_this_article"], wire["date_others"]) == ("2023-09-20", "2023-10-20")


def test_a_majority_leaves_only_the_dissenting_article() -> None:
    texts = dict(TWO_ARTICLES, second_wire="A ceasefire was agreed on September 20.")
    published = dict(PUBLISHED, second_wire="2023-09-21")
    conflicts = dates.date_conflicts(_table(texts, published), published)
    assert list(conflicts["doc_id"]) == ["interview"]
    assert conflicts.iloc[0]["date_others"] == "2023-09-20"


def test_the_timeline_flags_only_the_conflicting_points() -> None:
    table = _table(TWO_ARTICLES, PUBLISHED)
    points = dates.timeline_points(dates.event_dates(table), PUBLISHED, dates.date_conflicts(table, PUBLISHED))
    flagged = points[points["conflict"]]
    assert sorted(zip(flagged["doc_id"], flagged["date"])) == [("interview", "2023-10-20"), ("wire", "2023-09-20")]
    assert list(points.loc[points["kind"] == "published", "doc_id"]) == ["wire", "interview"]
    assert points.loc[points["row"] == dates.PUBLISHED_ROW, "y"].eq(0).all()


def test_the_same_inputs_give_the_same_csv() -> None:
    first = _table(TWO_ARTICLES, PUBLISHED).to_csv(index=False)
    second = _table(dict(reversed(list(TWO_ARTICLES.items()))), PUBLISHED).to_csv(index=False)
    assert first == second


def test_the_project_event_cues_load_and_give_every_row_a_reason() -> None:
    cues = dates.load_event_cues(project_root() / "data" / "lexicons" / "event_cues.csv")
    assert {"ceasefire", "yevlakh_meeting", "offensive_began"} <= {c.event for c in cues}
    assert all(c.reason for c in cues)
    yevlakh = [c for c in cues if c.event == "yevlakh_meeting" and c.requires_entity]
    assert yevlakh and yevlakh[0].requires_entity == ("yevlakh",)


@pytest.mark.parametrize("sentence, expected", [
    ('Dario Pelt, who was released on Wednesday after 48 hours in custody, said: "They cut the internet so nobody would see it."',
     "2025-03-12"),
    ('An EU spokesperson said on Tuesday that the bloc was "appalled" and would "review all options".', "2025-03-11"),
    ("Talks will resume on Friday in Dorvan.", "2025-03-14"),
])
def test_a_weekday_looks_ahead_only_when_its_own_clause_does(sentence, expected):
    """A "would" in a quotation or a clause after "that" dated a past weekday six days ahead (published Thursday 13 March)."""
    (found,) = [d for d in dates.dates_in_sentence(sentence, dt.date(2025, 3, 13)) if d.basis == "weekday"]
    assert found.date == expected
