"""Number words and number expressions to values: digits, words, scales, halves, dozens and vague quantities.

Vague quantities become ranges by one convention (the gold standard's, see
`data/annotations/README.md`): the value is the low end, and ACLED's single-value coding
is kept beside it for comparison.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
# Scales written after a number ("$34.2bn", "£300m", "$5k", "$34.2 bn"). Only a currency sign makes most of
# them a scale: after a bare number "100m" is metres, "30 mn" minutes and "5 tn" tonnes.
SCALE_SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
                  "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000}
# The abbreviations that may also stand apart ("$34.2 bn", "€1.5 mln"); "5 m" and "5 k" are metres and kilo-things
SPACED_SCALE_SUFFIXES = ("bn", "bln", "mn", "mln", "tn")
# The abbreviations that are a scale even without a currency ("1.2 mln people", "2bn doses")
UNAMBIGUOUS_SCALE_SUFFIXES = ("bn", "bln", "mln")
SCALE_SUFFIX = ("(?:" + "|".join(sorted(SCALE_SUFFIXES, key=len, reverse=True)) + "|\\s(?:"
                + "|".join(sorted(SPACED_SCALE_SUFFIXES, key=len, reverse=True)) + "))")

_UNIT_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(TENS)
# "twenty-five", "twenty five", "seven", "a hundred", "two hundred and fifty", "10 million", "1.5 million", "6,500"
WORD_NUMBER = rf"(?:(?:{_TENS_WORD})(?:[- ](?:{_UNIT_WORD}))?|{_UNIT_WORD})"
DIGIT_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
_SCALED = rf"(?:{WORD_NUMBER})(?:\s+{SCALE_WORD})+"
NUMBER = (
    rf"(?:(?:{DIGIT_NUMBER})(?:\s+{SCALE_WORD})*"
    rf"|(?:{WORD_NUMBER}|a)(?:\s+{SCALE_WORD})+(?:(?:\s+and)?\s+{_SCALED})*(?:(?:\s+and)?\s+(?:{WORD_NUMBER})(?![\w-]))?"
    rf"|(?:a|one|two|three|half\s+a)\s+dozen"
    rf"|{WORD_NUMBER})"
)

TIME_UNITS = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
    "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "decade": "decades", "decades": "decades",
}
DISTANCE_UNITS = {"kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km", "km": "km",
                  "mile": "miles", "miles": "miles"}


@dataclass(frozen=True)
class Vague:
    """How one vague quantity word is read: the range it stands for and ACLED's single value."""

    low: float
    high: float
    acled: float


# The project's convention (low-high) and ACLED's single-value coding of fatality reports.
VAGUE_QUANTITIES: dict[str, Vague] = {
    "a few": Vague(2, 5, 10),
    "few": Vague(2, 5, 10),
    "several": Vague(3, 9, 10),
    "a few dozen": Vague(24, 60, 12),
    "several dozen": Vague(36, 108, 12),
    "a few hundred": Vague(200, 500, 100),
    "several hundred": Vague(300, 900, 100),
    "a few thousand": Vague(2_000, 5_000, 1_000),
    "several thousand": Vague(3_000, 9_000, 1_000),
    "scores": Vague(40, 99, 12),
    "dozens": Vague(24, 99, 12),
    "hundreds": Vague(200, 999, 100),
    "thousands": Vague(2_000, 9_999, 1_000),
    "tens of thousands": Vague(20_000, 99_999, 10_000),
    "hundreds of thousands": Vague(200_000, 999_999, 100_000),
    "millions": Vague(2_000_000, 9_999_999, 1_000_000),
}
# A bare plural time unit ("for decades", "Hours before"): at least two, fewer than the next unit up.
# Its keys are also every unit a duration may have, which is how the extractor tells one.
BARE_UNIT_RANGES: dict[str, tuple[float, float]] = {
    "seconds": (2, 59), "minutes": (2, 59), "hours": (2, 23), "days": (2, 6), "weeks": (2, 3),
    "months": (2, 11), "years": (2, 9), "decades": (2, 9),
}


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words; None when it is not one.

    >>> [parse_number(t) for t in ["6,500", "12.5", "10 million", "twenty-five", "two hundred and fifty"]]
    [6500.0, 12.5, 10000000.0, 25.0, 250.0]
    >>> [parse_number(t) for t in ["a dozen", "half a dozen", "a thousand", "Three", "1.5 million", "soon"]]
    [12.0, 6.0, 1000.0, 3.0, 1500000.0, None]

    Digits are read as decimals, so a scaled fraction is exact (in floats 34.2 x 10^9 is 34200000000.000004):

    >>> parse_number("34.2 billion"), parse_number("1.5 trillion")
    (34200000000.0, 1500000000000.0)
    """
    words = text.strip().lower().replace("-", " ").split()
    if not words:
        return None
    if words[-1] == "dozen":
        head = " ".join(words[:-1])
        factor = {"a": 1, "one": 1, "two": 2, "three": 3, "half a": 0.5}.get(head)
        return None if factor is None else 12.0 * factor
    total, current, seen = Decimal(0), Decimal(0), False
    for word in words:
        if word == "and" and seen:
            continue
        if re.fullmatch(DIGIT_NUMBER, word):
            current += Decimal(word.replace(",", ""))
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "a" and not seen:
            current = 1
        elif word in SCALES:
            scale = SCALES[word]
            if scale == 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current)


def range_values(first: str, second: str, suffix: str = "") -> tuple[float | None, float | None]:
    """The two ends of "`first` to `second`" (a range, or a change: "from 12 to 8 million").

    A scale written on the second end only, a word ("20 million") or an abbreviation (`suffix`, as
    "mn" after "20"), is the first's too where that brings the two ends nearer each other in size:
    "10 to 20 million" is 10 million to 20 million, and "12 to 8 million" 12 million to 8, but
    "500,000 to 1 million" is as written.

    >>> range_values("10", "20 million"), range_values("500,000", "1 million"), range_values("10", "20", "mn")
    ((10000000.0, 20000000.0), (500000.0, 1000000.0), (10000000.0, 20000000.0))
    >>> range_values("12", "8 million"), range_values("two", "three hundred"), range_values("20", "30")
    ((12000000.0, 8000000.0), (200.0, 300.0), (20.0, 30.0))
    """
    words = second.split()
    scales = 0 if suffix else next((i for i, w in enumerate(reversed(words)) if w.lower() not in SCALES), len(words))
    low, high = parse_number(first), scaled_amount(second, suffix) if suffix else parse_number(second)
    if not (low and high and low > 0 and high > 0 and (scales or suffix)) or any(w.lower() in SCALES for w in first.split()):
        return low, high
    shared = scaled_amount(first, suffix) if suffix else parse_number(f"{first} {' '.join(words[-scales:])}")
    if shared and abs(math.log(shared / high)) < abs(math.log(low / high)):
        low = shared
    return low, high


def scaled_amount(number: str, suffix: str) -> float | None:
    """The value of a number written with a scale after it ("$34.2bn": "34.2" and "bn"; "$34.2 bn": "34.2" and " bn").

    None when the suffix is no scale or the number is not in digits.

    >>> scaled_amount("34.2", "bn"), scaled_amount("100", "m"), scaled_amount("5", "K"), scaled_amount("1,200", " mln")
    (34200000000.0, 100000000.0, 5000.0, 1200000000.0)
    """
    scale = SCALE_SUFFIXES.get(suffix.strip().lower())
    if scale is None or not re.fullmatch(DIGIT_NUMBER, number):
        return None
    return float(Decimal(number.replace(",", "")) * scale)


def vague_reading(word: str) -> Vague | None:
    """The range of a vague quantity word, or None.

    >>> vague_reading("Dozens")
    Vague(low=24, high=99, acled=12)
    """
    return VAGUE_QUANTITIES.get(" ".join(word.lower().split()))


def time_unit(word: str) -> str | None:
    """The canonical plural time unit of a word, or None.

    >>> time_unit("Hour"), time_unit("decades"), time_unit("second"), time_unit("people")
    ('hours', 'decades', 'seconds', None)
    """
    return TIME_UNITS.get(word.lower())
