"""Number words and expressions to values."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfigures import numbers
from newsfigures.extract import find_figures

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """An independent spelling-out of 1..999,999 for the property test."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return ONES[n // 100] + " hundred" + (" and " + in_words(n % 100) if n % 100 else "")
    return in_words(n // 1000) + " thousand" + (" " + in_words(n % 1000) if n % 1000 else "")


@pytest.mark.parametrize(
    "text, value",
    [("6,500", 6500), ("10,000", 10000), ("12.5", 12.5), ("10 million", 10_000_000), ("1.5 million", 1_500_000),
     ("six", 6), ("twelve", 12), ("twenty-five", 25), ("a dozen", 12), ("two dozen", 24), ("a hundred", 100),
     ("three thousand", 3000), ("one hundred and twenty", 120)],
)
def test_parse_number(text, value):
    assert numbers.parse_number(text) == value


@pytest.mark.parametrize("text", ["soon", "the", "", "dozen dozen"])
def test_parse_number_rejects_words_that_are_not_numbers(text):
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize("text, value", [("34.2 billion", 34_200_000_000), ("1.5 trillion", 1_500_000_000_000)])
def test_scaled_decimals_are_exact(text, value):
    """In floats 34.2 x 10^9 is 34200000000.000004; a table of figures should say what the text says."""
    assert numbers.parse_number(text) == value


@pytest.mark.parametrize(
    "number, suffix, value",
    [("34.2", "bn", 34_200_000_000), ("100", "m", 100_000_000), ("5", "k", 5_000), ("2.5", "BN", 2_500_000_000),
     ("1,200", "mn", 1_200_000_000), ("34.2", "kg", None), ("ten", "m", None), ("1.5", " bln", 1_500_000_000)],
)
def test_scaled_amount(number, suffix, value):
    """A scale fused to a sum of money ("$34.2bn") multiplies it; anything else is no amount."""
    assert numbers.scaled_amount(number, suffix) == value


def test_vague_readings_are_ranges_with_acled_values():
    dozens = numbers.vague_reading("dozens")
    assert (dozens.low, dozens.high, dozens.acled) == (24, 99, 12)
    assert numbers.vague_reading("hundreds").acled == 100
    assert numbers.vague_reading("many") is None


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=2, max_value=999_999), st.booleans())
def test_numbers_in_digits_or_words_come_back_with_their_value(n, as_words):
    written = in_words(n) if as_words else f"{n:,}"
    figures = find_figures(f"Officials said {written} people were evacuated.")
    assert [f.value for f in figures] == [n]
    assert figures[0].mention == written


def test_seconds_are_a_time_unit():
    """"about 30 seconds" is a duration (the guidelines: every time quantity); it was a count of 30 with no unit."""
    assert numbers.time_unit("second") == numbers.time_unit("Seconds") == "seconds"
    assert "seconds" in numbers.BARE_UNIT_RANGES
