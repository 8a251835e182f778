"""Find the figures a news text reports (deaths, wounded, evacuated, weapons, durations...) with their context.

The extractor reads clean text sentence by sentence. For each number expression it
records the span, the value and range, the qualifier, the unit, a category (from the
cue words in `data/lexicons/figure_cues.csv`), what is counted, who reported it and
whether it is about earlier events. Calendar dates, clock times and time-zone offsets, years,
ordinals, temperatures, earthquake magnitudes, telephone numbers, numbers in names ("City Hospital
No. 2"), a list's markers and determiners ("one resident told") are not figures.

>>> [(f.mention, f.value, f.category) for f in find_figures("At least 200 people were killed and about twice as many injured.")]
[('At least 200', 200.0, 'killed'), ('about twice as many', 400.0, 'wounded')]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

from newsfigures import numbers
from newsfigures.gazetteer import Gazetteer
from newsfigures.lexicons import lexicon_rows
from newsfigures.sentences import DETERMINER_BEFORE, Sentence, split_sentences

CATEGORIES = (
    "killed", "wounded", "casualties_total", "evacuated", "displaced_or_sheltered", "weapons_surrendered",
    "armed_personnel", "positions_captured", "duration", "population", "other",
)
QUALIFIERS = ("exact", "about", "at_least", "more_than", "less_than", "nearly", "up_to", "range", "vague")

# Hedge words before a number and the qualifier each stands for.
QUALIFIER_WORDS = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "more than": "more_than", "over": "more_than", "above": "more_than", "in excess of": "more_than",
    "upwards of": "more_than", "just over": "more_than",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "circa": "about", "about some": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "up to": "up_to", "as many as": "up_to",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
}
_QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True))
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "seconds" only in the plural after a number: "a second blast", "two second-hand cars" are no durations
_TIME_UNIT = "seconds|minutes?|hours?|days?|weeks?|months?|years?|decades?"
_DISTANCE_UNIT = "kilomet(?:er|re)s?|km|miles?"

# Spans that look numeric but are not figures.
NOT_FIGURES = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+\d{{4}})?\b"  # September 19-20, 2023
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?"  # 21 September
    r"|\b\d{1,2}:\d{2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|h\b|hrs\b)?"  # 1:00 p.m., 18:00
    r"|\b\d{1,2}\.\d{2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|h\b|hrs\b|local time|gmt|utc)"  # 6.30 p.m. (1.35 million is a number)
    r"|\b(?:\d+|[a-z]+)-(?:year|month|week|day)s?-old\b"  # ages: a 37-year-old man

    r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.)"  # 5 p.m.
    r"|\b\d+(?:st|nd|rd|th)\b"  # ordinals in digits: 32nd
    r"|[-+]?\d+(?:\.\d+)?\s*(?:°\s*[CF]?|degrees)"  # temperatures
    r"|\b(?:1[89]\d0|20[0-9]0)s\b"  # decades as dates: the 1990s
    r"|\b\d{4}\s*[-–]\s*\d{2,4}\b",  # year ranges 2020-2022
    re.IGNORECASE,
)
# More spans that are no figures: an earthquake's magnitude, a reading on a scale like a temperature
# (data/annotations/README.md), and a time stamp's offset or 24-hour time. Only a sentence with one of
# READING_WORDS is searched: in NOT_FIGURES these rules cost every sentence a tenth more time.
READINGS = re.compile(
    r"\bmagnitude(?:\s+of)?[\s-]+\d(?:\.\d{1,2})?(?!,?\d)"  # a magnitude 7.8 earthquake, of magnitude 6.4
    r"|\b\d(?:\.\d{1,2})?(?:[\s-]*magnitude\b|\s+(?:on\s+the\s+)?richter\b)"  # a 7.8 magnitude quake, 6.4 on the Richter scale
    r"|\b(?:(?:earth)?quake|tremor|aftershock)s?\s+(?:measuring|registering)\s+\d(?:\.\d{1,2})?(?!,?\d)"  # a quake measuring 6.4
    r"|\b(?:GMT|UTC)\s?[+−-]\s?\d{1,2}(?::?\d{2})?\b"  # GMT+3, UTC-05:00
    r"|\b(?:[01]\d|2[0-3])[0-5]\d\s*(?:GMT|UTC|local\s+time)\b",  # (0117 GMT), 1430 local time
    re.IGNORECASE,
)
READING_WORDS = ("magnitude", "richter", "measuring", "registering", "gmt", "utc", "local time")

# Currency words after a number ("20,000 dinars"), in lower case ("Two Rand Corporation researchers" is
# no sum); CURRENCIES gives the code of those it knows, and the others are their word in the singular
_CURRENCY_WORD = (r"dollars?|euros?|drams?|roubles?|rubles?|manats?|pounds?|dinars?|lira|liras|rupees?|yen|yuan|"
                  r"francs?|hryvnias?|lari|tenge|pesos?|rand|shekels?|dirhams?|rials?|riyals?|zloty|forints?|kronas?|kroner")
VICTIMS = (
    r"engineer|officer|soldier|civilian|child|boy|girl|woman|man|resident|driver|journalist|serviceman|"
    r"peacekeeper|policeman|doctor|nurse|farmer|worker|teenager|student|fighter|volunteer|paramedic|pilot|"
    r"person|individual|serviceman|rescuer|refugee|pensioner"
)
# People counted right after a number: with them, "5mn", "1.2m", "20 mn" and "300k" are millions and thousands,
# not minutes, metres or kilometres ("5mn people", "300k troops", "2.5m Syrian refugees", "10m internally
# displaced people"). Only plurals ("the greatest 100m man"), no possessive or compound ("the 100m women's
# final", "a 30m man-made embankment"), and between them only words that describe people: a nationality
# ("Syrian") or one of _PEOPLE_ADJECTIVES. Any other word may be part of a measure ("landed 200m away as
# soldiers ran", "the 400m hurdles men", "a 3m surge forced residents"), as may a people's name ("In the 200m
# Jamaicans dominated"), which is therefore no count of people here: "1.2m Armenians" is missed.
_COUNTED_PEOPLE = rf"(?:{VICTIMS})s|people|persons|men|women|children|troops|migrants|protesters|voters|inhabitants|citizens"
_PEOPLE_ADJECTIVES = r"internally|displaced|stranded|registered|eligible|ethnic|elderly|young|foreign|homeless|more|additional|other"
_PEOPLE_AFTER = (rf"(?:\s+(?:{_PEOPLE_ADJECTIVES}|(?-i:[A-Z][a-z]+(?:an|ian|i|ese|ish)))){{0,2}}"
                 rf"\s+(?:{_COUNTED_PEOPLE})\b(?![-'’])")
PEOPLE_AFTER = re.compile(_PEOPLE_AFTER, re.IGNORECASE)
# The abbreviations a count of people makes a scale, in lower case ("3M workers" work for 3M; "Flat 2b residents")
PEOPLE_SCALE = r"(?-i:k|mn?|\smn)"
# A number ends where a word does not go on, or where "km" is written on to it ("a 20km convoy")
_JOINED_UNIT = r"(?=km\b)"
_NUMBER_END = rf"(?:(?![\w])|{_JOINED_UNIT})"
# A currency's sign before a number ("$5", "US$5", "€5"), and a percent after it ("5%", "5 per cent")
_CURRENCY_SIGN = r"(?:(?:US|A|C|HK|NZ)\$|[$€£])"
_PERCENT = r"\s*(?:%|per\s*cent\b|percent\b)"
# A bare unit is "for decades" or "in decades" ("the strongest quake in decades"); "(?=[dhmwy])" tries
# its look-behinds only where a unit begins, as at every position they cost the regex a twentieth
_CANDIDATE = rf"""
    (?P<derived>(?:(?P<dqual>about|roughly|some|nearly|almost)\s+)?(?P<factor>twice|three\s+times|four\s+times|half)\s+as\s+many)
    | (?P<half>half\s+an?\s+(?P<halfunit>hour|day|year|minute))
    | (?P<fraction>\b(?P<numerator>one|two|three|four)-(?P<denominator>thirds?|quarters?|fifths?))
    | (?P<between>\bbetween\s+(?P<bcurrency1>{_CURRENCY_SIGN}\s?)?
       (?P<b1>(?:{numbers.DIGIT_NUMBER}|{numbers.WORD_NUMBER})(?:\s+{numbers.SCALE_WORD})*)(?P<bscale1>{numbers.SCALE_SUFFIX})?(?P<bunit1>\s?km)?(?P<bpercent1>{_PERCENT})?
       \s+and\s+(?(bcurrency1)(?P<bcurrency_again>(?P=bcurrency1))?|(?P<bcurrency2>{_CURRENCY_SIGN}\s?)?)
       (?P<b2>(?:{numbers.DIGIT_NUMBER}|{numbers.WORD_NUMBER})(?:\s+{numbers.SCALE_WORD})*)(?P<bscale>{numbers.SCALE_SUFFIX})?{_NUMBER_END}
       (?:(?:\s+|{_JOINED_UNIT})(?P<bunit>(?:{_TIME_UNIT}|{_DISTANCE_UNIT})\b))?(?P<bpercent>{_PERCENT})?(?P<bcurrency_word>\s+(?:US\s+)?(?-i:{_CURRENCY_WORD})\b)?)
    | (?<![\w.,-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<currency>{_CURRENCY_SIGN}\s?)?
      (?:
        (?P<vague>(?:a\s+few|several)\s+(?:dozen|hundred|thousand)|a\s+few|several|dozens|scores|tens\s+of\s+thousands|hundreds\s+of\s+thousands|hundreds|thousands|millions)
        | (?P<number>{numbers.NUMBER})(?P<scale>{numbers.SCALE_SUFFIX})?
        | (?P<anunit>an?)(?=\s+(?:minute|hour|day|week|month|year|decade)\b)
      ){_NUMBER_END}
      (?:(?P<range>\s*(?P<connector>[-–]|to|or)\s*(?(currency)(?:(?:(?<=[-–])|(?<=[-–]\s))(?P<currency2>(?P=currency)))?)(?P<number2>(?:{numbers.DIGIT_NUMBER}|{numbers.WORD_NUMBER})(?:\s+{numbers.SCALE_WORD})*)
        (?P<scale2>(?(currency){numbers.SCALE_SUFFIX}|{PEOPLE_SCALE}(?={_PEOPLE_AFTER})))?{_NUMBER_END}))?
      (?:-(?P<hunit>seconds?|{_TIME_UNIT}|{_DISTANCE_UNIT}))?
      (?:(?:\s+|{_JOINED_UNIT})(?P<unit>(?:{_TIME_UNIT}|{_DISTANCE_UNIT})\b))?
      (?P<percent>{_PERCENT})?
      (?P<currency_word>\s+(?:US\s+)?(?-i:{_CURRENCY_WORD})\b)?
    | (?P<bare>(?=[dhmwy])(?:(?<=\bfor\s)|(?<=\bin\s))(?:decades|years|months|weeks|days|hours)|(?:decades|years|months|weeks|days|hours|minutes)(?=\s+(?:before|after|earlier|later|ago)\b))
    """
CANDIDATE = re.compile(_CANDIDATE, re.IGNORECASE | re.VERBOSE)
# "raised tenfold", "a 10-fold rise", "nearly 2.5-fold", "a hundredfold": a multiple. Only a sentence with "fold"
# in it is searched with this alternative, as trying it at every word costs the whole extractor a seventh more time.
CANDIDATE_WITH_MULTIPLES = re.compile(
    rf"(?P<fold>(?:(?P<fqual>{_QUALIFIER})\s+)?\b(?P<multiple>{numbers.DIGIT_NUMBER}|{numbers.WORD_NUMBER}|hundred"
    rf"|thousand)-?fold\b) | {_CANDIDATE}",
    re.IGNORECASE | re.VERBOSE,
)

CASUALTY_VERB = r"killed|died|dead|wounded|injured|shot|hurt"
_PEOPLE_NOUN = re.compile(rf"(?:{VICTIMS})s?|people|persons|men|women|children|{CASUALTY_VERB}", re.IGNORECASE)
IMPLICIT = re.compile(
    rf"(?P<casualty_before>\b(?:{CASUALTY_VERB})\s+)?"
    rf"(?P<mention>\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){{0,2}}?(?:{VICTIMS})\b|^(?:[A-Z][\w-]*\s+){{0,3}}(?:{VICTIMS})\b)"
    rf"(?P<after>(?:\s+[\w,-]+){{0,4}}?\s+(?:was\s+|were\s+)?(?:{CASUALTY_VERB})\b)?",
)
# Categories named by the counted noun itself ("192 servicemen") yield to a death, injury or
# displacement word in the same clause ("192 servicemen had been killed"): a distance handicap.
WEAK_CATEGORIES = {"armed_personnel": 6}
CURRENCIES = {"$": "usd", "us$": "usd", "a$": "aud", "c$": "cad", "hk$": "hkd", "nz$": "nzd", "€": "eur", "£": "gbp",
              "dollar": "usd", "euro": "eur", "dram": "amd", "rouble": "rub", "ruble": "rub", "manat": "azn", "pound": "gbp"}
PEOPLE_CATEGORIES = ("killed", "wounded", "casualties_total", "evacuated", "displaced_or_sheltered", "armed_personnel",
                     "population")
PREPOSITIONS = ("over", "under", "above", "below")
# Words that make "a day", "an hour" a length of time: "for a day", "lasted an hour", "a day earlier"
DURATION_BEFORE = re.compile(r"\b(?:for|over|within|lasted|lasting|lasts|last|took|takes|spent|spends)\s+$", re.I)
INTERVAL_AFTER = re.compile(r"\s+(?:earlier|later|before|after|ago|into)\b", re.IGNORECASE)
AMBIGUOUS_HEDGES = ("about", "around")  # also prepositions: "a film about a day in Kyiv"
HANDING = re.compile(r"\b(?:hand(?:ed|ing|s)?|turn(?:ed|ing|s)?|took|tak(?:e|en|ing)|control|pass(?:ed)?)\s+$", re.I)
HANDING_WORDS = 1  # for _ends_with
CLAUSE_BREAK = re.compile(r"[,;:]\s|\s(?:while|whereas|but)\s")
# "rose from 68 to 170", "was revised upwards, from 68 to 170": a verb of change makes "from ... to" two figures
_CHANGE_VERB = (
    r"ris(?:e|es|en|ing)|rose|increas(?:e|es|ed|ing)|gr(?:ew|own|ow|ows|owing)|climb(?:s|ed|ing)?|jump(?:s|ed)?|soar(?:s|ed)"
    r"|surg(?:e|es|ed)|f(?:ell|all|alls|allen|alling)|drop(?:s|ped)?|declin(?:e|es|ed)|decreas(?:e|es|ed)|went|gone|go(?:es)?"
    r"|revis(?:e|es|ed)|rais(?:e|es|ed)|lower(?:s|ed)?|chang(?:e|es|ed)|swell(?:s|ed)|swollen|doubl(?:e|es|ed)"
    r"|tripl(?:e|es|ed)|quadrupl(?:e|es|ed)|halved|mount(?:s|ed)|lea(?:pt|ped)|updat(?:e|es|ed)|correct(?:s|ed)"
    r"|amend(?:s|ed)|adjust(?:s|ed)|upgrad(?:e|es|ed)|downgrad(?:e|es|ed)"
)
CHANGE_FROM = re.compile(
    rf"(?:\b(?:{_CHANGE_VERB})(?:[\s,]+[\w'’-]+){{0,4}}|\b(?:up|down)),?\s+from\s+(?:(?:{_QUALIFIER})\s+)?$",
    re.IGNORECASE,
)
# "rose by 300 to 1.2 million": the change, then the level it reached
CHANGE_BY = re.compile(r"\bby\s+$", re.IGNORECASE)
# the verb, up to four words, "from" and a hedge of up to three words ("no fewer than"), for _ends_with
CHANGE_FROM_WORDS = 1 + 4 + 1 + max(len(q.split()) for q in QUALIFIER_WORDS)
# ", down from a peak of 6,000": an earlier value of what the figure before it counts
EARLIER_VALUE = re.compile(
    rf",\s+(?:down|up)\s+from\s+(?:(?:a|an|the)\s+(?:\w+\s+)?(?:peak|high|low|total|figure|estimate)\s+of\s+)?"
    rf"(?:(?:{_QUALIFIER})\s+)?$",
    re.IGNORECASE,
)
INCLUDING = re.compile(r"(?:including|among them|of whom|of them|among whom)\s*$", re.IGNORECASE)
INCLUDING_WORDS = 2  # the most words a match of INCLUDING spans ("among whom"), for _ends_with
DEFINITE_PAIR = re.compile(r"(?:\bthe|\bboth|\bthose|\bthese)\s*$", re.IGNORECASE)
DEFINITE_PAIR_WORDS = 1
BOUNDARY = re.compile(r";|\s(?:while|whereas|but|although)\s|:\s", re.IGNORECASE)
REPORT_VERBS = (
    r"said|says|told|announced|stated|reported|claimed|added|confirmed|noted|declared|wrote|cited|"
    r"estimated|counted|insisted|explained"
)
# ", police said," or a trailing ", the civil protection agency said": who reports the figure, not what it
# counts; closed by a comma or the sentence's end, and not "confirmed dead"
REPORTING_CLAUSE = re.compile(
    rf",\s+(?:according\s+to\s+[^,;]+|(?:[\w'’.-]+\s+){{0,6}}?(?:{REPORT_VERBS})\b"
    r"(?!\s+(?:dead|killed|missing|injured|wounded|hurt|alive|safe|drowned))[^,;]*)(?=,|[.!?\"”’]*\s*$)",
    re.IGNORECASE,
)
# Verbs of a count going past a number ("Death toll tops 11,000"); "top", "pass" and "cross" only after
# a modal, as nouns and adjectives ("the number of top 10 finishes") do not pass anything
_PASS_VERB = (
    r"tops|topped|topping|pass(?:es|ed|ing)|cross(?:es|ed|ing)|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?"
    r"|(?:to|could|may|might|will|would)\s+(?:top|pass|cross)"
)
# "the death toll from Monday's collapse rose to 19": the number is the value of the count the clause names
VALUE_OF_SUBJECT = re.compile(
    r"\b(?:(?:rose|risen|rises|rising|climbed|climbs|climbing|increased|jumped|grew|reached|reaches|hit|hits)(?:\s+to)?"
    rf"|(?:stood|stands|remains|remained|was|is|put|puts|placed)\s+at|(?:{_PASS_VERB})(?:\s+the)?)\s+$",
    re.IGNORECASE,
)
COUNT_SUBJECT = re.compile(r"\b(?:[\w-]+\s+)?(?:toll|number|total|count|tally|figure)\b", re.IGNORECASE)
# "toll passes 47,000", "the number of displaced has exceeded the 1 million mark": a count that goes past
# a number is more than it, as after "more than"; the mention stays the number alone ("47,000"). No
# number between: in "the toll passed 500 and the convoy passed 12 checkpoints" the convoy passes 12.
PASSES = re.compile(
    rf"\b(?:toll|number|total|count|tally|figure)s?\b[^,;:.!?\d]{{0,60}}?\b(?:{_PASS_VERB})\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# An age set off by commas after a name ("said Jana Novak, 62, who fled"), or after "aged". The name
# is two capitalised words (case matters, which NOT_FIGURES ignores) and the apposition goes on in
# lower case, so "In Mati, 104, mostly elderly, died" and "Butte, 85, Shasta, 12" keep their counts.
# The sentence may go on after the age with the person's verb or an adjunct ("Irina Dobre, 54, held up
# a photograph", "arrested Marek Sova, 41, on Monday"); a name opened by a preposition ("In Mati") is a place.
AGE_AFTER_NAME = re.compile(
    r"\b(?=[A-Z])(?!(?:In|At|On|By|For|From|Of|To|With|After|Before|During|Near|Across|Outside|Since|Among"
    r"|The|And|But|As)\b)"
    r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?\s+[A-Z][a-z]+(?:['’-][A-Za-z]+)?,\s+(?P<age>\d{1,3})"
    r"(?=,\s+(?:who|whose|a|an|the|said|says|told|from|of|[a-z]+ed|held|was|is|has|had|lost|left|led|fled|went|came"
    r"|stood|sat|lay|spoke|wept|took|gave|saw|kept|lives|works|on|in|at|after|during|outside|near|with)\b)"
    r"|\b(?i:aged\s+(?:between\s+)?)(?P<age2>\d{1,3}(?:\s*(?:and|to|or|[-–])\s*\d{1,3})?)\b"
)
# An age stated: "two years old", "the youngest was 14", "the oldest of the dead was 92" (the guidelines: an
# age is no figure). Only a sentence with one of AGE_HINTS is searched.
AGE_STATED = re.compile(
    rf"\b(?P<age>\d{{1,3}}|{numbers.WORD_NUMBER})[\s-]+(?:years?|months?|weeks?|days?)[\s-]+old\b"
    rf"|\b(?:youngest|oldest)(?:\s+[\w'’-]+){{0,3}}?\s+(?:was|is|were|are|being)\s+(?:just\s+|only\s+|aged\s+)?"
    rf"(?P<stated>\d{{1,3}}|{numbers.WORD_NUMBER})(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|but|when|while|years?|months?)\b)",
    re.IGNORECASE,
)
AGE_HINTS = ("old", "youngest")
# A number in a name: "City Hospital No. 2", "Gate no. 5" (a capitalised word before "No.", as case matters)
NUMBER_IN_NAME = re.compile(r"\b[A-Z][\w'’-]*\s+[Nn]o\.\s?(?P<number>\d+)\b")
# A telephone number: "+44 20 7946 0958", "(555) 123-4567", "tel. 020 7946 0958". Only a sentence with
# one of PHONE_HINTS is searched, as NOT_FIGURES is searched in every sentence.
PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\w])"
    r"|\(\d{2,5}\)\s?\d{3,4}[\s.-]?\d{3,4}\b"
    r"|\b(?:tel|phone|telephone|fax|mobile|hotline)\b\.?:?\s*\+?\(?\d[\d\s().-]{5,}\d",
    re.IGNORECASE,
)
PHONE_HINTS = ("+", "(", "tel", "phone", "fax", "mobile", "hotline")
# A numbered list's marker opening a sentence: "1. Lift the shutdown" (punkt makes "1." a sentence of
# its own), "2) Release all detainees". A count opens no sentence with "12." or "3)".
LIST_MARKER = re.compile(r"\(?\d{1,2}[.)](?=\s|$)")
# Things a number may count in a clause about people ("fled with her two dogs", "staying in four
# shelters", "injured in 10 provinces"): such a figure is not a count of people, whatever cue stands near it.
NOT_PEOPLE = frozenset({
    "dog", "dogs", "cats", "pets", "animals", "livestock", "cattle", "cows", "sheep", "horses",
    "homes", "houses", "buildings", "flats", "apartments", "shelters", "camps", "schools", "hospitals",
    "villages", "towns", "cities", "settlements", "provinces", "districts", "regions", "counties", "municipalities",
    "territories", "countries", "vehicles", "cars", "trucks", "lorries", "buses", "aircraft",
    "helicopters", "planes", "boats", "hectares", "acres", "tonnes", "tons",
    "times",  # "more than three times the official toll": a multiple or a frequency, no count of people
})
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
COUNT_NOUN_AFTER_YEAR = re.compile(r"\s+(?:people|persons|civilians|soldiers|troops|residents|refugees|children)\b", re.I)


@dataclass(frozen=True)
class CategoryCue:
    """Words that put a figure in a category (and, for some, a word the sentence must also have)."""

    category: str
    cue: re.Pattern[str]
    requires: re.Pattern[str] | None
    reason: str


@dataclass
class Figure:
    """One reported figure: the number expression, its reading and where it stands."""

    doc_id: str
    sentence_id: int
    char_start: int
    char_end: int
    mention: str
    value: float
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    category: str
    subject: str
    attributed_to: str
    historical: bool
    sentence: str
    derived_from: str = ""
    acled_value: float | None = None
    construction: str = ""

    def row(self) -> dict:
        return asdict(self)


@dataclass
class _Candidate:
    start: int  # offsets within the sentence
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str = ""
    construction: str = ""
    acled: float | None = None
    factor: float | None = None
    notes: list[str] = field(default_factory=list)


def load_cues(path: Path) -> list[CategoryCue]:
    """The category cues of a CSV file (category, cue, requires, reason), in priority order."""
    cues = []
    for number, row in lexicon_rows(path, ("category", "cue"), optional=("requires", "reason"), filled=("category", "cue")):
        if row["category"] not in CATEGORIES:
            raise ValueError(f"{path} row {number}: category '{row['category']}' unknown; valid: {', '.join(CATEGORIES)}")
        requires = row["requires"].strip()
        for pattern in (row["cue"], requires):
            if pattern.count("{") != pattern.count("}"):
                # "kill\w{1,3}" unquoted: the csv split it at its comma, so the rest went into the next column
                raise ValueError(f"{path} row {number}: unbalanced braces in '{pattern}'; "
                                 f"put a cue that contains a comma in double quotes")
        try:
            cue = re.compile(rf"\b(?:{row['cue']})\b", re.IGNORECASE)
            needed = re.compile(rf"\b(?:{requires})", re.IGNORECASE) if requires else None
        except re.error as error:
            raise ValueError(f"{path} row {number}: not a valid regular expression ({error}); fix the cue") from None
        cues.append(CategoryCue(row["category"], cue, needed, row["reason"]))
    return cues


@lru_cache(maxsize=1)
def default_cues() -> tuple[CategoryCue, ...]:
    from newsfigures.paths import project_root

    return tuple(load_cues(project_root() / "data" / "lexicons" / "figure_cues.csv"))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    from newsfigures.paths import project_root

    return Gazetteer.from_csv(project_root() / "data" / "lexicons" / "gazetteer.csv")


def _excluded_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in NOT_FIGURES.finditer(sentence)]
    lower = sentence.lower()
    if any(word in lower for word in READING_WORDS):
        spans += [m.span() for m in READINGS.finditer(sentence)]
    spans += [m.span(m.lastgroup) for m in AGE_AFTER_NAME.finditer(sentence)]
    if any(hint in lower for hint in AGE_HINTS):
        spans += [m.span(m.lastgroup) for m in AGE_STATED.finditer(sentence)]
    if "o." in sentence:
        spans += [m.span("number") for m in NUMBER_IN_NAME.finditer(sentence)]
    if any(hint in lower for hint in PHONE_HINTS):
        spans += [m.span() for m in PHONE.finditer(sentence)]
    marker = LIST_MARKER.match(sentence) if sentence[:1].isdigit() or sentence[:1] == "(" else None
    if marker:
        spans.append(marker.span())
    spans += [
        m.span() for m in YEAR.finditer(sentence)
        if not COUNT_NOUN_AFTER_YEAR.match(sentence[m.end() : m.end() + 20])
    ]
    return spans


class _Spans:
    """Spans of a sentence, sorted by start with the furthest end reached so far: an overlap test is one bisection.

    A sentence with thousands of numbers (a table flattened into one line) would otherwise compare
    every number with every span.

    >>> spans = _Spans([(10, 14), (2, 5)])
    >>> spans.overlaps(4, 8), spans.overlaps(5, 10), spans.overlaps(13, 20)
    (True, False, True)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.furthest_end = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with `start`..`end` (a span that only touches it does not)."""
        before_end = bisect.bisect_left(self.starts, end)  # the spans that start before `end`
        return before_end > 0 and self.furthest_end[before_end - 1] > start


_WORD = re.compile(r"[\w'-]+")
_PATTERN_WORD = re.compile(r"[\w'’-]+")  # a word of _ends_with's patterns (with ’, which _WORD leaves out)


def _words_after(sentence: str, end: int, limit: int) -> list[str]:
    return [m.group(0) for m in itertools.islice(_WORD.finditer(sentence, end), limit)]


def _ends_with(pattern: re.Pattern[str], text: str, end: int, words: int) -> re.Match[str] | None:
    """`pattern.search(text[:end])`, for a pattern anchored at the end (`$`) whose match spans at most `words` words.

    A word is a run of letters, digits, apostrophes and hyphens: between them, these patterns
    hold only spaces and commas. The search starts at the start of the last `words` words before
    `end`, because a match cannot start earlier. So a long sentence is not read from its start
    once for each of its numbers, which made a sentence of 1,600 numbers take seconds. (`\\b`
    still sees the character before where the search starts.)

    >>> text = "200 people, including  10 children"
    >>> bool(_ends_with(INCLUDING, text, text.index("10"), INCLUDING_WORDS)), bool(_ends_with(INCLUDING, text, 4, INCLUDING_WORDS))
    (True, False)
    """
    starts = _word_starts(text)
    before_end = bisect.bisect_left(starts, end)  # the words that start before `end`
    return pattern.search(text, starts[before_end - words] if before_end >= words else 0, end)


@lru_cache(maxsize=8)
def _word_starts(text: str) -> list[int]:
    """Where each word of `_ends_with` starts; kept for the last few texts, because `_ends_with` asks about one
    sentence once for each of its numbers. Only whole sentences are asked about, so that a sentence stays
    in the cache while its figures are read."""
    return [m.start() for m in _PATTERN_WORD.finditer(text)]


def _read_candidate(match: re.Match[str], sentence: str) -> _Candidate | None:
    start, end = match.span()
    groups = match.groupdict()
    if groups["derived"]:
        factor = {"twice": 2.0, "half": 0.5}.get(groups["factor"].lower())
        if factor is None:
            factor = float(numbers.parse_number(groups["factor"].split()[0]) or 0)
        qualifier = "about" if groups["dqual"] else "exact"
        return _Candidate(start, end, 0.0, None, None, qualifier, construction="derived", factor=factor)
    if groups["fraction"]:
        denominator = {"third": 3, "quarter": 4, "fifth": 5}[groups["denominator"].lower().rstrip("s")]
        value = round(numbers.UNITS[groups["numerator"].lower()] / denominator, 3)
        return _Candidate(start, end, value, value, value, "exact", unit="fraction", construction="fraction", acled=value)
    if groups.get("fold"):
        # "raised tenfold", "a 10-fold increase": a multiple of something, a ratio and no count
        value = numbers.parse_number(groups["multiple"])
        if value is None:
            return None
        qualifier = QUALIFIER_WORDS.get(" ".join((groups["fqual"] or "").lower().split()), "exact")
        low = None if qualifier in ("up_to", "less_than") else value
        high = None if qualifier in ("at_least", "more_than") else value
        return _Candidate(start, end, value, low, high, qualifier, unit="ratio", construction="multiple", acled=value)
    if groups["half"]:
        unit = numbers.time_unit(groups["halfunit"])
        return _Candidate(start, end, 0.5, 0.5, 0.5, "exact", unit=unit, construction="half")
    if groups["bare"]:
        unit = numbers.time_unit(groups["bare"])
        low, high = numbers.BARE_UNIT_RANGES[unit]
        return _Candidate(start, end, low, low, high, "vague", unit=unit, construction="bare_unit", acled=None)
    qualifier = QUALIFIER_WORDS.get(" ".join((groups["qual"] or "").lower().split()), "exact")
    if groups["anunit"]:
        return _a_unit(match, sentence, qualifier)
    unit_word = groups["hunit"] or groups["unit"] or ""
    unit = numbers.time_unit(unit_word) or numbers.DISTANCE_UNITS.get(unit_word.lower(), "")
    if groups["percent"]:
        unit = "percent"
    currency = _currency(groups)
    if currency:
        unit = currency
    if groups["qual"] and groups["qual"].lower() in PREPOSITIONS and (
        unit in numbers.BARE_UNIT_RANGES or _ends_with(HANDING, sentence, start, HANDING_WORDS) or groups["vague"]
    ):
        # "hand over six vehicles", "over six weeks", "control over dozens": a preposition, not a hedge
        start = match.start("vague") if groups["vague"] else match.start("number")
        qualifier = "exact"
    if groups["vague"]:
        reading = numbers.vague_reading(groups["vague"])
        return _Candidate(
            start, end, reading.low, reading.low, reading.high, "vague", unit=unit, construction="vague",
            acled=reading.acled,
        )
    scale, ranged = groups["scale"] or groups["scale2"], bool(groups["range"])
    if scale and not currency:
        kept = _kept_scale(scale, sentence, end)
        if kept is None:
            return None  # "the 100m": metres, no figure
        if not kept:
            end, scale, unit, ranged = match.end("number"), None, "", False  # "5 tn of grain", "30 mn": the number alone
    if ranged:  # "10 to 20 million", "$2.5-3bn": each end with its own scale or the other's
        value, second = _range_ends(match)
    elif scale:  # "$34.2bn", "£300m", "$34.2 bn", "1.2 mln people", "5mn people": a number with a scale after it
        value = numbers.scaled_amount(groups["number"], scale)
    else:
        value = numbers.parse_number(groups["number"])
    if value is None:
        return None
    if groups["qual"] and groups["qual"].lower() == "some" and not re.match(r"\d", groups["number"]):
        return None  # "some two" is rare; "some" before words is a determiner
    if ranged:
        if second is None:
            return None
        return _Candidate(start, end, value, value, second, "range", unit=unit, construction="range", acled=value)
    if not groups["qual"] and PASSES.search(sentence, max(0, start - 90), start):
        qualifier = "more_than"
    low, high = value, value
    if qualifier in ("at_least", "more_than"):
        high = None
    elif qualifier in ("up_to", "less_than"):
        low = None
    construction = "hyphenated" if groups["hunit"] else ("words" if not re.match(r"\d", groups["number"]) else "digits")
    return _Candidate(start, end, value, low, high, qualifier, unit=unit, construction=construction, acled=value)


def _kept_scale(suffix: str, sentence: str, end: int) -> str | None:
    """An abbreviation after a number without a currency: `suffix` where it is a scale ("bn", "bln" and "mln"
    always, "k", "m" and "mn" before people, `PEOPLE_AFTER` from `end`); "" where it is a unit set apart, leaving
    the number alone ("30 mn": minutes); None where it makes the number no figure ("the 100m": metres)."""
    if suffix.strip().lower() in numbers.UNAMBIGUOUS_SCALE_SUFFIXES or (
            re.fullmatch(PEOPLE_SCALE, suffix) and PEOPLE_AFTER.match(sentence, end)):
        return suffix
    return "" if suffix[0].isspace() else None


def _between(match: re.Match[str], sentence: str) -> list[_Candidate]:
    """A range: "between 10 and 20", "between 10 and 20 million", "between 3m and 4m people",
    "between $10 and $20 million", "between 5% and 7%", "between two and three hours".

    A currency or a percent on either end is the range's ("between 1 and 2 per cent"), and with a
    currency an abbreviation is always a scale ("between $10m and 20m"). Without one, an abbreviation
    that is no scale is metres ("between 10 and 20m": nothing) or minutes ("between 20 and 30 mn": the
    numbers alone, with no unit). A first end that is not smaller ("between 2 million and 1 million")
    makes two figures, not none.
    """
    start, end = match.span()
    currency = _currency({"currency": match.group("bcurrency1") or match.group("bcurrency2"),
                          "currency_word": match.group("bcurrency_word")})
    suffixes = [match.group("bscale1") or "", match.group("bscale") or ""]
    numbers_end = match.end("bscale") if match.group("bscale") else match.end("b2")
    for k, suffix in enumerate(suffixes):
        kept = suffix if currency or not suffix else _kept_scale(suffix, sentence, numbers_end)
        if kept is None:
            return []
        suffixes[k] = kept
    if match.group("bscale") and not suffixes[1]:
        end, unit = numbers_end - len(match.group("bscale")), ""  # "30 mn": what follows is not about the numbers
    else:  # as a single number's: a currency outranks a percent, which outranks a time or a distance
        unit_word = (match.group("bunit") or match.group("bunit1") or "").strip()
        unit = numbers.time_unit(unit_word) or numbers.DISTANCE_UNITS.get(unit_word.lower(), "")
        unit = currency or ("percent" if match.group("bpercent1") or match.group("bpercent") else unit)
    first, second = match.group("b1"), match.group("b2")
    if suffixes[0]:
        low = numbers.scaled_amount(first, suffixes[0])
        high = numbers.scaled_amount(second, suffixes[1]) if suffixes[1] else numbers.parse_number(second)
    else:
        low, high = numbers.range_values(first, second, suffixes[1])
    if low is None or high is None:
        return []
    if high > low:
        return [_Candidate(start, end, low, low, high, "range", unit=unit, construction="range", acled=low)]
    first_end = max(match.end(group) for group in ("b1", "bscale1", "bunit1", "bpercent1") if match.group(group) is not None)
    second_sign = next((g for g in ("bcurrency_again", "bcurrency2") if match.group(g)), "b2")
    ends = ((match.start("bcurrency1") if match.group("bcurrency1") else match.start("b1"), first_end, first, low),
            (match.start(second_sign), end, second, high))
    return [_Candidate(s, e, value, value, value, "exact", unit=unit,
                       construction="digits" if text[:1].isdigit() else "words", acled=value)
            for s, e, text, value in ends]


def _a_unit(match: re.Match[str], sentence: str, qualifier: str) -> _Candidate | None:
    """'a day' or 'an hour' as a duration of one, where the words around it make it one (the guidelines' "a day").

    Alone, "a day" is as often a rate ("twice a day", "$5 a day"): it counts before "earlier", "later"
    or "ago", after "for", "lasted" or "within", or after a hedge ("almost an hour"). "about" and
    "around" need the same words, as "a film about a day in Kyiv" is no duration.
    """
    start, end = match.span()
    hedge = " ".join((match.group("qual") or "").lower().split())
    if hedge in PREPOSITIONS:  # "over a week": a preposition, as in "over six weeks"
        start, qualifier, hedge = match.start("anunit"), "exact", ""
    framed = DURATION_BEFORE.search(sentence, max(0, start - 12), start) or INTERVAL_AFTER.match(sentence, end)
    if not framed and (not hedge or hedge in AMBIGUOUS_HEDGES):
        return None
    low = None if qualifier in ("up_to", "less_than") else 1.0
    high = None if qualifier in ("at_least", "more_than") else 1.0
    return _Candidate(start, end, 1.0, low, high, qualifier, unit=numbers.time_unit(match.group("unit")) or "",
                      construction="a_unit")


def _currency(groups: dict[str, str | None]) -> str:
    """The currency of a candidate: a code where CURRENCIES has one ("$", "dollars": usd), else its word ("dinar"); "" for none."""
    words = (groups["currency"] or groups["currency_word"] or "").strip().lower().split()[-1:]
    singular = words[0].removesuffix("s") if words else ""
    return CURRENCIES.get(singular, singular)


def _range_ends(match: re.Match[str], share: bool = True) -> tuple[float | None, float | None]:
    """The two numbers of a range, each with its own scale or the other's: "$2.5-3bn" is 2.5bn to 3bn, "$500m-1bn" 500m to 1bn.

    A scale word is shared as `numbers.range_values` says, and not at all without `share`: "rose by 300
    to 1.2 million" rose by 300."""
    first_scale, second_scale = match.group("scale") or match.group("scale2"), match.group("scale2") or match.group("scale")
    if first_scale:
        return (numbers.scaled_amount(match.group("number"), first_scale),
                numbers.scaled_amount(match.group("number2"), second_scale))
    if not share:
        return numbers.parse_number(match.group("number") or ""), numbers.parse_number(match.group("number2"))
    return numbers.range_values(match.group("number") or "", match.group("number2"))


def _changed_by(match: re.Match[str], sentence: str) -> bool:
    """Whether "by" comes right before the match: "rose by 300 to 1.2 million"."""
    return CHANGE_BY.search(sentence, max(0, match.start() - 4), match.start()) is not None


def _is_range(match: re.Match[str], sentence: str) -> bool:
    """A true range ("20 to 30", "from 5,000 to 6,000 people"), not a change ("rose from 68 to 170", "rose by 300
    to 1.2 million": the change, then the level) nor a fall ("213 to 200")."""
    if (_ends_with(CHANGE_FROM, sentence, match.start(), CHANGE_FROM_WORDS)
            or _changed_by(match, sentence)):
        return False
    first, second = _range_ends(match)
    if first is None or second is None or second <= first:
        return False
    digits = match.group("number")[:1].isdigit() == match.group("number2")[:1].isdigit()
    return digits or match.group("connector").lower() in ("to", "or")


def _split_range(match: re.Match[str], sentence: str) -> list[_Candidate]:
    """The two numbers of "from 68 to 170" (a change, not a range) or of a range that is not one ("213 to 200").

    A sum keeps its currency and scales: "$3bn to 2bn" is $3bn and $2bn.
    """
    parts, unit = [], _currency(match.groupdict())
    first = (match.start("currency") if match.group("currency") else match.start("number"),
             match.end("scale") if match.group("scale") else match.end("number"))
    second = (match.start("currency2") if match.group("currency2") else match.start("number2"),
              match.end("scale2") if match.group("scale2") else match.end("number2"))
    shared = not _changed_by(match, sentence)  # "by 300": a change, as written
    for (start, end), value, kind in zip((first, second), _range_ends(match, share=shared), ("change_from", "change_to")):
        if value is not None:
            parts.append(_Candidate(start, end, value, value, value, "exact", unit=unit, construction=kind, acled=value))
    return parts


def _is_determiner_one(candidate: _Candidate, sentence: str) -> bool:
    """'one resident told', 'one of them', 'no one': a determiner, not a count. 'one day', 'one-day' are counts."""
    return sentence[candidate.start : candidate.end].lower() == "one" and not candidate.unit


_FUNCTION_WORDS = {
    "of", "the", "a", "an", "its", "their", "his", "her", "own", "other", "more", "such", "these", "those",
    "after", "before", "in", "on", "at", "by", "while", "from", "with", "to", "and", "or", "who", "which", "that",
    "had", "have", "has", "were", "was", "are", "is", "be", "been", "said", "away", "ago", "later", "earlier",
    "de", "facto", "just", "about", "as", "many", "than", "over", "among", "previous", "further", "others", "more",
    "were", "being", "still", "already", "also", "some", "all", "up", "down",
}
_PEOPLE_WORDS = {"injured", "dead", "wounded", "killed", "homeless", "displaced", "as"}


def _counted_noun(sentence: str, candidate: _Candidate) -> str:
    """What a number counts: 'people', 'civilians', 'firearms'; for a duration, what lasted ('session').

    Capitalised words are skipped as modifiers ('Karabakh residents') unless a verb follows
    ('six Azerbaijanis had been killed').
    """
    words = _words_after(sentence, candidate.end, 8)
    if candidate.unit:
        following = sentence[candidate.end : candidate.end + 1]
        if words and words[0].lower() == "of":
            content = [w for w in words[1:4] if w.lower() not in _FUNCTION_WORDS]
            return content[0].lower() if content and content[0][:1].islower() else ""
        if following == " " and sentence[candidate.start : candidate.end].count("-"):
            phrase = []
            for word in words[:2]:
                if word.lower() in _FUNCTION_WORDS or not word[:1].islower():
                    break
                phrase.append(word.lower())
            return " ".join(phrase)
        return ""
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in _FUNCTION_WORDS or lower.isdigit() or lower in {"ethnic", "illegal", "strategic", "high", "surrounding", "individual"}:
            continue
        if lower in _PEOPLE_WORDS:
            return "people"
        if word[:1].isupper():
            following = words[index + 1] if index + 1 < len(words) else ""
            if following[:1].islower() and following.lower() not in {"had", "have", "has", "were", "was", "are", "is"} and not following.endswith("ed"):
                continue
        return lower
    return "people"


_TWO_WORDS = re.compile(r"\s*([\w'-]*)(?:\s+([\w'-]+))?")


def _counts_things(sentence: str, candidate: _Candidate) -> bool:
    """True when the noun right after the number, or after one word that describes it, is a thing.

    >>> [_counts_things(s, _Candidate(0, 3, 2.0, None, None, "exact"))
    ...  for s in ("two dogs", "six water-bombing aircraft", "six from their homes", "six people, buildings fell", "six dead homes")]
    [True, True, False, False, False]
    """
    # only the words before any punctuation: "killed 30 people, buildings collapsed" counts people
    words = [w.lower() for w in _TWO_WORDS.match(sentence, candidate.end).groups() if w]
    if not words:
        return False
    if words[0] in NOT_PEOPLE:
        return True
    describes = words[0] not in _FUNCTION_WORDS and words[0][:1].isalpha() and not _PEOPLE_NOUN.fullmatch(words[0])
    return len(words) == 2 and words[1] in NOT_PEOPLE and describes


# A verb after "and N" gives the number a clause of its own ("and 30 were still missing")
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|could|can|may|might|must|should|remain(?:s|ed)?|\w{3,}ed)\b",
    re.IGNORECASE,
)


def _joined_to_noun(before_and: str, after: str, cues: tuple[CategoryCue, ...]) -> bool:
    """Whether a number right after "and" is listed with the noun before it, so that the clause's cue is its cue too.

    Not when a verb follows the number ("and 30 were missing"), nor when a cue word ends the part
    before "and" ("12 dead and 30 missing"): then "and" joins two reports.
    """
    words = before_and.split()
    if len(words) < 2 or _CLAUSE_VERB.search(after.split(",")[0]):
        return False
    return not any(cue.cue.search(words[-2]) for cue in cues)


# A count with a finite verb and an object of its own ("5,000 mourners followed the coffins ...", "Hundreds
# attended the funerals ..."): its noun, then a past-tense verb before a determiner. A passive participle
# is mostly followed by a preposition ("people trapped in the rubble died"), so it does not match.
OWN_VERB = re.compile(
    r"(?:of\s+)?(?:(?!(?:is|are|was|were|be|been|being|has|have|had|will|would|could|can|may|might|must|should"
    r"|who|which|that|whom|whose|and|or|but|not)\b)[A-Za-z][\w'’-]*\s+){0,3}?"
    r"(?:[a-z]{2,}ed|held|led|left|lost|took|made|gave|saw|met|kept|brought|bore|wore|fought|sought|ran|came|went"
    r"|sent|spent)"
    r"(?=\s+(?:the|a|an|their|his|her|its|our|this|these|those)\b)"
)
# A cue that can stand after a noun and describe it: "protesters killed", "those who died", "the dead"
PARTICIPLE_CUE = re.compile(r"(?:\w+ed|dead|hurt)$", re.IGNORECASE)
# ... unless a conjunction makes it a second verb of the count's own: "stepped on a mine and died"
SECOND_PREDICATE = re.compile(
    r"[\s,](?:and|but|then|before|after|when|until)\s+(?:(?:later|then|also|all|both|most|many|some|they|were|was"
    r"|had|have|has|been|being|\w+ly)\s+){0,3}$",
    re.IGNORECASE,
)


class _Bounds(NamedTuple):
    """Where the figures that bound a clause start and end, each sorted, so that finding the nearest is a bisection."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, spans: Sequence[tuple[int, int]]) -> "_Bounds":
        return cls(sorted(start for start, _ in spans), sorted(end for _, end in spans))

    def last_end_at_or_before(self, position: int, default: int) -> int:
        index = bisect.bisect_right(self.ends, position)
        return self.ends[index - 1] if index else default

    def first_start_at_or_after(self, position: int, default: int) -> int:
        index = bisect.bisect_left(self.starts, position)
        return self.starts[index] if index < len(self.starts) else default


def _category(sentence: str, candidate: _Candidate, bounds: _Bounds, cues: tuple[CategoryCue, ...],
              requirements_met: Sequence[bool] | None = None) -> str:
    """The category of a candidate from the cue words of its clause; `bounds` are the rival figures that end it.

    `requirements_met` says, for each cue, whether the sentence has the words its `requires` asks
    for; a caller with many figures in one sentence works it out once instead of once a figure.
    """
    if candidate.unit in numbers.BARE_UNIT_RANGES:
        return "duration"
    if candidate.unit:
        return "other"
    # The window a cue may come from: this clause, up to the neighbouring figures.
    left_limit = bounds.last_end_at_or_before(candidate.start, 0)
    right_limit = bounds.first_start_at_or_after(candidate.end, len(sentence))
    left = sentence[left_limit : candidate.start]
    right = sentence[candidate.end : right_limit]
    if INCLUDING.search(right) and right_limit < len(sentence):
        # "200 people, including 10 civilians, were killed": read past the inserted clause
        resume = sentence.find(",", right_limit)
        if resume != -1:
            after = bounds.first_start_at_or_after(resume + 1, len(sentence))
            right = right[: INCLUDING.search(right).start()] + " " + sentence[resume + 1 : after]
    cut = list(BOUNDARY.finditer(left))
    if cut:
        left = left[cut[-1].end() :]
    clause, left = left, re.split(r"\sand\s", left)[-1]  # "among the dead and 13 among the wounded": a new clause
    right = REPORTING_CLAUSE.sub(" ", right)  # the words after the reporting clause still count
    cut = BOUNDARY.search(right)
    if cut:
        right = right[: cut.start()]
    if left != clause and not left.strip() and _joined_to_noun(clause[: len(clause) - len(left)], right, cues):
        left = clause  # "who died along with her father and four siblings": one list of people, one clause
    right_words = right.split()[:12]
    left_words = left.split()[-8:]
    if VALUE_OF_SUBJECT.search(left):
        # "the death toll from Monday's collapse in the valley rose to": back to the count the clause names,
        # before an "and" if need be ("the death toll in Turkey and Syria passed")
        named = left if COUNT_SUBJECT.search(left) else clause
        subject = list(COUNT_SUBJECT.finditer(named))
        if subject and len(named[subject[-1].start() :].split()) > len(left_words):
            left_words = named[subject[-1].start() :].split()
    right_text, left_text = " ".join(right_words), " ".join(left_words)
    own_verb = OWN_VERB.match(right_text)
    best: tuple[int, int, str] | None = None
    if requirements_met is None:
        requirements_met = _requirements_met(sentence, cues)
    for priority, cue in enumerate(cues):
        if not requirements_met[priority]:
            continue
        for side, text in (("right", right_text), ("left", left_text)):
            for found in cue.cue.finditer(text):
                if side == "right":
                    if (own_verb and found.start() > own_verb.end() and PARTICIPLE_CUE.search(found.group(0))
                            and not SECOND_PREDICATE.search(text, own_verb.end(), found.start())):
                        continue  # "mourners followed the coffins of protesters killed": the protesters' cue
                    distance = len(text[: found.start()].split())
                else:
                    distance = len(text[found.end() :].split()) + 1
                distance += WEAK_CATEGORIES.get(cue.category, 0)
                key = (distance * 2 + (side == "left"), priority, cue.category)
                if best is None or key < best:
                    best = key
    return best[2] if best else "other"


def _requirements_met(sentence: str, cues: tuple[CategoryCue, ...]) -> list[bool]:
    """For each cue, whether the sentence has what its `requires` pattern asks for (always, without one)."""
    return [cue.requires is None or cue.requires.search(sentence) is not None for cue in cues]


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which"}
_CLAUSE_START = re.compile(r"[,;:\"()]|\b(?:that|which|who|whom|when|after|while|and|but|as|so)\b")


def _speaker_name(phrase: str, gazetteer: Gazetteer) -> str:
    """A reporting phrase as a name: canonical through the gazetteer where it names a known entity."""
    phrase = re.sub(r"^(?:the|a|an|also)\s+", "", phrase.strip(" '\""), flags=re.I)
    phrase = re.sub(r"\s+(?:in|from|on)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*$", "", phrase)
    if _OFFICE_OF.match(phrase):
        return phrase
    mentions = gazetteer.find(phrase)
    if mentions:
        last = mentions[-1]
        # Head-final phrases name their speaker last ("adviser Hikmet Hajiyev"); keep others as written.
        if last.char_end == len(phrase) or len(phrase.split()) <= 2:
            return last.entity.canonical
    return phrase


class Reporting(NamedTuple):
    """Who a sentence says reported what it states, and where the reported words begin."""

    name: str  # '' when the sentence states it on the writer's own authority
    content_from: int = 0  # figures that end before this offset are the writer's narration, not the report


# Verbs that introduce what someone said, beyond REPORT_VERBS (which also shape category cue windows)
SPEECH_VERBS = (rf"{REPORT_VERBS}|emphasi[sz]ed|stressed|warned|assessed|argued|admitted|acknowledged|asserted|reiterated|"
                r"underlined|pointed\s+out")
# "Kestrava Rights Watch, an independent monitoring group, said": a name (capitalised words, perhaps joined
# by "of", "for", "the", "and" or "&"), then a description of it in commas. A name does not open with a
# preposition or a linking word: in "In Paris, the French capital, said" Paris is where, not who.
_DESCRIBED_SPEAKER = re.compile(
    r"(?:^|[,;:]\s+)(?!(?:In|At|On|By|For|From|Of|To|With|After|Before|During|Near|Since|Meanwhile|However|But|And|Yet|So)\b)"
    r"(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of|for|the|and|&|[A-Z][\w'’.&-]*)){0,6}),\s+(?:an?|the)\s+[^,;:\"]{1,80},\s*$"
)
# "The office of President Ilham Aliyev said": the office speaks, not the person its name contains
_OFFICE_OF = re.compile(r"^(?:office|press service|spokes(?:man|woman|person)|administration|press office|aides?)\s+(?:of|for)\s", re.I)


def _reporter(sentence: str, gazetteer: Gazetteer, previous: str | Callable[[], str]) -> Reporting:
    """Who the sentence says reported what it states ('according to X', 'X said', '"...," said X'), and from where.

    In "Hours before the operation, Azerbaijan announced that six ... were killed" the report is
    what Azerbaijan announced: "Hours" is the writer's. A reporting clause that ends the sentence
    (", officials said.") reports everything before it.

    >>> from newsfigures.gazetteer import Entity
    >>> g = Gazetteer({"Reuters": Entity("reuters", "Reuters", "organisation")})
    >>> _reporter("There are dozens of dead, according to Reuters.", g, "")
    Reporting(name='Reuters', content_from=0)
    >>> _reporter("25 people are said to have been killed.", g, "")
    Reporting(name='', content_from=0)
    >>> _reporter("Hours before the operation, Azerbaijan announced that six soldiers had been killed.", g, "")
    Reporting(name='Azerbaijan', content_from=28)
    >>> _reporter("Rescuers worked on as the confirmed death toll passed 36,000.", g, "")
    Reporting(name='', content_from=0)
    """
    according = re.search(r"\baccording to\s+(?P<who>[^,.;:\"]{2,80})", sentence, re.I)
    if according:
        who = re.split(r"\s+(?:published|released|issued|on|in|at|from|as of)\s", according.group("who"))[0]
        return Reporting(_speaker_name(who, gazetteer))
    participle = re.search(r",\s*(?:saying|adding)\b", sentence)
    if participle and not re.search(rf"\b(?:{SPEECH_VERBS})\b", sentence[: participle.start()]):
        # "Aliyev praised the blitzkrieg ..., saying: "In just one day ..."": the main clause's subject speaks
        opening = [m for m in gazetteer.find(sentence[: participle.start()])
                   if m.char_start <= 3 and m.entity.type in ("person", "organisation", "country", "group")]
        if opening:
            return Reporting(opening[0].entity.canonical, participle.start())
    for verb in re.finditer(rf"\b(?:{SPEECH_VERBS})\b", sentence):
        before = sentence[: verb.start()]
        if DETERMINER_BEFORE.search(before, max(0, verb.start() - 40)):
            continue  # "as the confirmed death toll passed 36,000": an adjective, no one reporting
        chunk = _CLAUSE_START.split(before)[-1].strip()
        chunk = re.sub(r"\s+(?:has|have|had|also|reportedly|later|then|further|has also|had also)$", "", chunk).strip()
        chunk = re.sub(r"\s+(?:has|have|had|also)$", "", chunk).strip()
        if re.search(r"\b(?:are|is|was|were|be|been)$", chunk):
            continue  # "are said to": a hedge with no reporter
        # ", officials said." or ", police said on Tuesday, adding": the clause reports what comes before it
        subject_start = before.rstrip().rfind(chunk) if chunk else verb.start()
        trailing = (re.search(r"[,\"”’]\s*$", before[: max(0, subject_start)]) is not None
                    and re.match(r"\s*(?:\S+\s*){0,4}?(?:[,;]|[.!?\"”’]*\s*$)", sentence[verb.end():]) is not None)
        content_from = 0 if trailing else max(0, subject_start)
        # with no subject before the verb, the speaker is named after it ("said Smith") or described before it
        inverted = re.match(r"\s+(?P<who>(?:the\s+)?[A-Z][^,.;:\"]{1,60})", sentence[verb.end() :]) if not chunk else None
        described = _DESCRIBED_SPEAKER.search(before) if not chunk and not inverted else None
        if described:
            # "Kestrava Rights Watch, an independent monitoring group, said": the name the description follows speaks
            return Reporting(_speaker_name(described.group("name"), gazetteer), content_from)
        if re.match(rf"(?:{SPEECH_VERBS})\b", chunk):
            continue  # "said its volunteers had counted": the subject belongs to the earlier verb
        if not chunk and re.search(r",\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+,\s*$", before):
            # "A rights defender, Gegham Stepanian, said": the name in apposition speaks
            named = [m for m in gazetteer.find(before) if m.entity.type == "person"]
            apposition = re.search(r",\s*(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+),\s*$", before).group("name")
            return Reporting(named[-1].entity.canonical if named else apposition)
        if not chunk:
            if inverted:  # '"...," said the ministry'
                return Reporting(_speaker_name(inverted.group("who"), gazetteer))
            continue
        if chunk.lower() in _PRONOUNS:
            named = [m for m in gazetteer.find(before) if m.entity.type == "person"]
            earlier = previous() if callable(previous) else previous  # looked up only for a pronoun
            return Reporting(named[-1].entity.canonical if named else earlier, content_from)
        if len(chunk.split()) > 8:
            continue
        return Reporting(_speaker_name(chunk, gazetteer), content_from)
    return Reporting("")


_PAST_OPENING = re.compile(r"(?:In|During)\b[^,;:]{0,80}?\b(?:1[89]\d\d|20\d\d)\b[^,;:]{0,40},\s")
_DECADE = re.compile(r"\b(?:1[89]\d0|20[0-9]0)s\b")
_SINCE = re.compile(r"\bsince\s+(?:(?:the|a|an|early|late|mid-?)\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def _historical(sentence: str, start: int, end: int, reference_year: int | None,
                clauses: _Clauses | None = None) -> bool:
    """True when the clause around a figure names a year before the reference year (or a decade: "the 1990s").

    A sentence's opening "In (the war of) 2020," belongs to the clause after it; a year after
    "since" ("deployed since the 2020 ceasefire") starts something that still goes on, so it
    does not make the figure historical. `clauses` is the sentence's `_Clauses`, for a caller that
    asks about many figures of one sentence.

    >>> s = "Azerbaijan, which lost 2,900 soldiers in the 2020 war, said 192 were killed."
    >>> _historical(s, s.index("192"), s.index("192") + 3, 2023), _historical(s, s.index("2,900"), s.index("2,900") + 5, 2023)
    (False, True)
    """
    if reference_year is None:
        return False
    clauses = clauses if clauses is not None else _Clauses(sentence)
    span = clauses.around(start, end)
    key = (span, reference_year)
    if key not in clauses.historical:
        clause = sentence[span[0] : span[1]]
        if clauses.opening and span[0] == clauses.opening.end():  # "In the 2020 war, Azerbaijan retook ... in 44 days"
            clause = clauses.opening.group(0) + clause
        # "deployed since the 2020 ceasefire": a year after "since" starts what still goes on
        years = [int(m.group(1)) for m in YEAR.finditer(clause) if not _SINCE.search(clause, 0, m.start())]
        decades = [m for m in _DECADE.finditer(clause) if not _SINCE.search(clause, 0, m.start())]
        clauses.historical[key] = bool(decades) or any(y < reference_year for y in years)
    return clauses.historical[key]


class _Clauses:
    """The clause breaks of one sentence, found once, and what `_historical` decided for each clause.

    A sentence of thousands of numbers without a break (a table pasted as one line) would otherwise
    be read to its end, and its years checked, once for each of its numbers.
    """

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.breaks = _Bounds.of([m.span() for m in CLAUSE_BREAK.finditer(sentence)])  # they do not overlap
        self.opening = _PAST_OPENING.match(sentence)
        self.historical: dict[tuple[tuple[int, int], int], bool] = {}  # (clause span, reference year): verdict

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The clause of the text `start`..`end`: from the end of the last break at or before `start` to the
        start of the first break at or after `end`.

        >>> clauses = _Clauses("In 2020, 44 days; 7 more")
        >>> clauses.around(9, 11), clauses.around(18, 19), clauses.around(3, 7)
        ((9, 16), (18, 24), (0, 7))
        """
        clause_start = self.breaks.last_end_at_or_before(start, 0)
        following = bisect.bisect_left(self.breaks.starts, end)
        if following and self.breaks.ends[following - 1] > end:
            # a break found from the sentence's start runs over `end`, so it may hide one that starts after
            # `end`, which a search from `end` finds
            found = CLAUSE_BREAK.search(self.sentence, end)
            return clause_start, found.start() if found else len(self.sentence)
        return clause_start, self.breaks.first_start_at_or_after(end, len(self.sentence))


def _earlier_value_of(previous: Figure, candidate: _Candidate, text: str, sentence: Sentence) -> bool:
    """Whether the candidate is an earlier value of what `previous` counts: "3,800 people, down from a peak of 6,000"."""
    between = text[previous.char_end - sentence.char_start : candidate.start]
    same_unit = candidate.unit == ("" if previous.unit == "people" else previous.unit)  # "people" is filled in later
    return bool(EARLIER_VALUE.search(between)) and same_unit and not BOUNDARY.search(between)


def figures_in_sentence(
    sentence: Sentence,
    doc_id: str = "",
    reference_year: int | None = None,
    cues: tuple[CategoryCue, ...] | None = None,
    gazetteer: Gazetteer | None = None,
    previous_reporter: str = "",
    reporter: Reporting | None = None,
) -> list[Figure]:
    """The figures of one sentence, offsets in the clean text of its article."""
    cues = cues if cues is not None else default_cues()
    gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
    text = sentence.text
    excluded = _Spans(_excluded_spans(text))
    candidates: list[_Candidate] = []
    for match in (CANDIDATE_WITH_MULTIPLES if "fold" in text.lower() else CANDIDATE).finditer(text):
        if excluded.overlaps(*match.span()):
            continue
        if match.group("range") and not _is_range(match, text):
            candidates.extend(_split_range(match, text))
            continue
        if match.group("between"):
            candidates.extend(_between(match, text))
            continue
        candidate = _read_candidate(match, text)
        if candidate is None:
            continue
        word = text[candidate.start : candidate.end]
        if candidate.construction in ("words", "digits") and _is_determiner_one(candidate, text):
            continue
        if (candidate.construction == "words" and not candidate.unit
                and _ends_with(DEFINITE_PAIR, text, candidate.start, DEFINITE_PAIR_WORDS)):
            continue  # "the two sides", "both countries": a known pair, not a count
        if candidate.construction == "digits" and not candidate.unit and re.match(r"-|[A-Za-z]", text[candidate.end : candidate.end + 1] or " "):
            continue  # part of a name or code: "Su-25", "A320"
        if candidate.start > 0 and re.match(r"[\w-]", text[candidate.start - 1]):
            continue  # inside a word: "Su-25", "anti-tank"
        if word.lower() in ("a", "an"):
            continue
        candidates.append(candidate)
    numbered: _Spans | None = None  # the candidates with a number, indexed at the first implicit mention
    for match in IMPLICIT.finditer(text):
        if not (match.group("casualty_before") or match.group("after")):
            continue
        start, end = match.span("mention")
        if numbered is None:
            numbered = _Spans((c.start, c.end) for c in candidates)
        if numbered.overlaps(start, end):  # (implicit mentions cannot overlap each other: each is in its own match)
            continue
        if re.search(r",\s*[A-Z][a-z]+ [A-Z]", text[end : end + 30]):
            continue  # "a rights defender, Gegham Stepanian, said": introduces a speaker
        verb = re.search(CASUALTY_VERB, match.group(0))
        candidates.append(_Candidate(start, end, 1.0, 1.0, 1.0, "exact", construction="implicit", acled=1.0,
                                     notes=[verb.group(0) if verb else ""]))
    candidates.sort(key=lambda c: c.start)
    if not candidates:
        return []
    if reporter is None:
        reporter = _reporter(text, gazetteer, previous_reporter)
    # Worked out once a sentence, not once a figure: a sentence with hundreds of numbers (a table flattened
    # into one line) would otherwise take time that grows with the square of their number.
    requirements_met = _requirements_met(text, cues)
    clauses = _Clauses(text)
    # A count of things is no rival for cue words: "8,000 people are staying in four shelters"; nor is a
    # duration ("the toll from the strongest quake in decades rose above 11,000") or a multiple ("the death
    # toll rose tenfold to 300"). A figure's own span never bounds its clause, so one list serves them all.
    rivals = _Bounds.of([(c.start, c.end) for c in candidates
                         if not _counts_things(text, c) and c.unit not in numbers.BARE_UNIT_RANGES
                         and c.construction != "multiple"])
    figures: list[Figure] = []
    for candidate in candidates:
        derived_from = ""
        if candidate.construction == "derived":
            antecedent = next((f for f in reversed(figures) if f.category != "duration"), None)
            if antecedent is None:
                continue
            candidate.value = antecedent.value * candidate.factor
            candidate.low = candidate.value if antecedent.low is not None else None
            candidate.high = candidate.value if antecedent.high is not None or candidate.qualifier == "about" else None
            if candidate.qualifier == "about":
                candidate.low = candidate.high = candidate.value
            candidate.acled = candidate.value
            derived_from = f"{candidate.factor:g} x '{antecedent.mention}' (chars {antecedent.char_start}-{antecedent.char_end})"
        if candidate.construction == "implicit":
            verb = candidate.notes[0].lower() if candidate.notes else ""
            category = "wounded" if verb in ("wounded", "injured", "hurt") else "killed"
        elif candidate.construction == "change_to" and figures and figures[-1].construction == "change_from":
            category = figures[-1].category  # "rose from 68 to 170": both count the same thing
        elif figures and (_ends_with(INCLUDING, text, candidate.start, INCLUDING_WORDS) or _earlier_value_of(figures[-1], candidate, text, sentence)):
            category = figures[-1].category
        else:
            category = _category(text, candidate, rivals, cues, requirements_met)
        subject = _counted_noun(text, candidate) if candidate.construction != "implicit" else (
            re.findall(r"\w+", text[candidate.start : candidate.end])[-1].lower()
        )
        if category in PEOPLE_CATEGORIES and _counts_things(text, candidate):
            category = "other"
        figures.append(
            Figure(
                doc_id=doc_id,
                sentence_id=sentence.sentence_id,
                char_start=sentence.char_start + candidate.start,
                char_end=sentence.char_start + candidate.end,
                mention=text[candidate.start : candidate.end],
                value=candidate.value,
                low=candidate.low,
                high=candidate.high,
                unit=candidate.unit or ("people" if category in PEOPLE_CATEGORIES else ""),
                qualifier=candidate.qualifier,
                category=category,
                subject=subject,
                attributed_to=reporter.name if candidate.end > reporter.content_from else "",
                historical=_historical(text, candidate.start, candidate.end, reference_year, clauses),
                sentence=text,
                derived_from=derived_from,
                acled_value=candidate.acled if candidate.acled is not None else candidate.value,
                construction=candidate.construction,
            )
        )
    return figures


def find_figures(
    text: str,
    doc_id: str = "",
    published: str = "",
    sentences: list[Sentence] | None = None,
    cues: tuple[CategoryCue, ...] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Figure]:
    """Every figure in a clean text, in order. `published` (ISO date) dates what is historical."""
    reference_year = int(published[:4]) if published[:4].isdigit() else None
    if reference_year is None:  # no publication date: the year the text names most often
        years = YEAR.findall(text)
        reference_year = int(max(sorted(set(years)), key=years.count)) if years else None
    gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
    figures: list[Figure] = []
    previous = ""  # the last named reporter, for "he said" in a later sentence
    unnamed: list[str] = []  # the sentences since, which may name a person who is "she" later

    def last_person() -> str:
        named = [m.entity.canonical for text in unnamed for m in gazetteer.find(text) if m.entity.type == "person"]
        return named[-1] if named else previous

    for sentence in sentences if sentences is not None else split_sentences(text):
        reporter = _reporter(sentence.text, gazetteer, last_person)
        figures.extend(figures_in_sentence(sentence, doc_id, reference_year, cues, gazetteer, previous, reporter))
        # "she" in a later sentence is the last person who spoke or was named; names are looked up only then
        unnamed = [] if reporter.name else [*unnamed, sentence.text][-20:]  # a pronoun looks back a few sentences
        previous = reporter.name or previous
    return figures


FIGURE_COLUMNS = [
    "doc_id", "outlet", "published", "sentence_id", "char_start", "char_end", "mention", "value", "low", "high",
    "unit", "qualifier", "category", "subject", "attributed_to", "historical", "derived_from", "acled_value",
    "construction", "sentence",
]


def figures_table(figures: list[Figure], articles: "pd.DataFrame | None" = None) -> "pd.DataFrame":  # noqa: F821
    """The figures as a table with the columns of `data/processed/figures.csv`."""
    import pandas as pd

    frame = pd.DataFrame([f.row() for f in figures], columns=[c for c in FIGURE_COLUMNS if c not in ("outlet", "published")])
    if articles is not None and len(frame):
        meta = articles[["doc_id", "outlet", "published"]].astype(str)
        frame = frame.merge(meta, on="doc_id", how="left")
    else:
        frame["outlet"] = ""
        frame["published"] = ""
    frame["historical"] = frame["historical"].astype(bool)
    return frame[FIGURE_COLUMNS]


def figures_table_for_texts(raw_texts: dict[str, str], lexicon_dir: Path | None = None) -> "pd.DataFrame":  # noqa: F821
    """Clean raw article texts and tabulate their figures, with the word lists of `lexicon_dir`.

    The folder's `furniture.yml` cleans the texts, its `figure_cues.csv` gives the categories and its
    `gazetteer.csv` the names of reporters; without a folder, the project's `data/lexicons`.
    """
    from newsfigures.clean import clean_article, load_rules
    from newsfigures.paths import project_root

    folder = lexicon_dir if lexicon_dir is not None else project_root() / "data" / "lexicons"
    rules = load_rules(folder / "furniture.yml")
    cues = tuple(load_cues(folder / "figure_cues.csv")) if lexicon_dir is not None else default_cues()
    gazetteer = Gazetteer.from_csv(folder / "gazetteer.csv") if lexicon_dir is not None else default_gazetteer()
    figures: list[Figure] = []
    for doc_id, raw in raw_texts.items():
        figures.extend(find_figures(clean_article(raw, rules).text, doc_id, cues=cues, gazetteer=gazetteer))
    return figures_table(figures)
