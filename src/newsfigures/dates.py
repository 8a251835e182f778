"""Find date and time expressions, resolve them against the publication date, match them to events, and find disagreements.

Every expression gets a `basis`, the way its calendar date was reached:

- `explicit`: day, month and year are written ("September 19, 2023", "2023-10-28").
- `explicit_year_inferred`: day and month are written; the year is the publication year
  (the year before when that would put the date more than half a year after publication).
- `weekday`: "on Tuesday" is the latest Tuesday on or before the publication date (the
  publication day itself when it is a Tuesday); "last Tuesday" is strictly before;
  "next Tuesday", or a weekday in a sentence in the future tense ("will", "would"), is on or after.
- `relative`: "today", "tonight" are the publication date; "yesterday", "last night",
  "a day earlier", "the day before" the day before it; "tomorrow" the day after.
- `month`, `year`, `decade`: dates of coarser precision ("in March", "in 2020", "the 1990s"),
  written as reduced-precision ISO 8601 ("2023-03", "2020", "1990/1999").
- `time_only`: a clock time with no date in reach.

A clock time next to a date ("October 20 at 1:00 p.m.", "1:00 p.m. local time on Wednesday")
joins the date's row. Events come from cue words kept in `data/lexicons/event_cues.csv`: a
day-precise date takes the event of the nearest cue in its sentence, unless another date, or
a word such as "after" or "before", stands between them ("on Sept. 21 after a one-day
ceasefire" does not date the ceasefire).

>>> [(d.mention, d.date, d.time, d.basis) for d in find_dates("They stopped at 1:00 p.m. on Tuesday.", "2023-09-20")]
[('1:00 p.m. on Tuesday', '2023-09-19', '13:00', 'weekday')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from newsfigures.gazetteer import Gazetteer
from newsfigures.lexicons import lexicon_rows
from newsfigures.sentences import Sentence, split_sentences

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BASES = ("explicit", "explicit_year_inferred", "weekday", "relative", "month", "year", "decade", "time_only")
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "a day earlier": -1, "the day before": -1, "the previous day": -1,
    "tomorrow": 1,
}
HALF_YEAR = dt.timedelta(days=183)

# Month names are matched with a capital letter only, so the verb "may" and "march" are not months.
_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w){_YEAR}")),
    ("month", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|by|of|from|early|late|mid-)\s+(?P<core>{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d)\b)?)(?!\w)")),
    ("weekday", re.compile(
        r"\b(?:(?P<modifier>last|next|this|Last|Next|This)\s+)?"
        r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("relative", re.compile(r"\b(?P<relative>" + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)) + r")\b", re.IGNORECASE)),
    ("decade", re.compile(r"\b(?:(?:the\s+)?(?:early|late|mid-)\s*)?(?P<decade>(?:19|20)\d0)s\b")),
    ("year_range", re.compile(r"(?<![\d,.])(?P<year>(?:19|20)\d\d)\s*[-–]\s*(?P<year2>(?:19|20)\d\d)\b")),
    ("year", re.compile(r"(?<![\d,.-])(?P<year>(?:19|20)\d\d)(?!\d|,\d|s\b|\s+(?:people|persons|civilians|soldiers|troops|residents|refugees|children)\b)")),
)
TIME = re.compile(
    r"\b(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
    r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)\b(?:\s*(?:hrs|h)\b)?"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.IGNORECASE,
)
LOCAL_TIME = re.compile(r"\s+local time\b", re.IGNORECASE)
# What may stand between a clock time and the date it belongs to ("at", "on", "local time", a comma).
_JOIN = re.compile(r"^[\s,]*(?:local time)?[\s,]*(?:at|on|from|of)?[\s,]*$", re.IGNORECASE)
# What may stand between a relative word and the explicit date that restates it ("today, October 28").
_APPOSITION = re.compile(r"^\s*,?\s*(?:on\s+)?$")
FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|to be held|scheduled|is expected|are expected|plans? to)\b", re.I)
# Words that put a cue outside the date's event: "on 21 September after a one-day ceasefire".
_SEPARATORS = re.compile(r"\b(?:after|before|since|following|until|ahead of|prior to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date or time expression: its span in the text and the calendar date it stands for."""

    char_start: int
    char_end: int
    mention: str
    date: str
    date_end: str
    time: str
    precision: str
    basis: str


@dataclass(frozen=True)
class EventCue:
    """Words that say what happened at a date, and the entity the sentence must name, if any."""

    event: str
    label: str
    cue: re.Pattern[str]
    requires_entity: tuple[str, ...]
    reason: str


def parse_published(published: str | None) -> dt.date | None:
    """The publication date of an article, or None where the manifest has none.

    >>> parse_published("2023-09-20"), parse_published("")
    (datetime.date(2023, 9, 20), None)
    """
    try:
        return dt.date.fromisoformat(str(published or "")[:10])
    except ValueError:
        return None


def month_number(name: str) -> int:
    """The number of a month from its English name or abbreviation.

    >>> month_number("Sept."), month_number("October")
    (9, 10)
    """
    return MONTHS[name.strip(".").lower()[:3]]


def infer_year(month: int, day: int, published: dt.date) -> dt.date:
    """A day and month without a year, placed in the publication year, or the year before when
    that would put it more than half a year after publication.

    >>> infer_year(9, 19, dt.date(2023, 9, 20)), infer_year(12, 30, dt.date(2024, 1, 5))
    (datetime.date(2023, 9, 19), datetime.date(2023, 12, 30))
    """
    candidate = dt.date(published.year, month, day)
    if candidate - published > HALF_YEAR:
        candidate = dt.date(published.year - 1, month, day)
    return candidate


def resolve_weekday(weekday: str, published: dt.date, direction: str = "past") -> dt.date:
    """The date of a weekday named in an article published on `published`.

    `direction` is `past` (on or before publication: the news default), `last` (strictly
    before), `future` (on or after) or `next` (strictly after).

    >>> wednesday = dt.date(2023, 9, 20)
    >>> [resolve_weekday("Tuesday", wednesday).isoformat(), resolve_weekday("Wednesday", wednesday).isoformat(),
    ...  resolve_weekday("Wednesday", wednesday, "last").isoformat(), resolve_weekday("Friday", wednesday, "future").isoformat()]
    ['2023-09-19', '2023-09-20', '2023-09-13', '2023-09-22']
    """
    target = WEEKDAYS.index(weekday.lower())
    if direction in ("past", "last"):
        back = (published.weekday() - target) % 7
        if back == 0 and direction == "last":
            back = 7
        return published - dt.timedelta(days=back)
    ahead = (target - published.weekday()) % 7
    if ahead == 0 and direction == "next":
        ahead = 7
    return published + dt.timedelta(days=ahead)


def parse_time(mention: str) -> str:
    """A clock time as HH:MM (24-hour).

    >>> parse_time("1:00 p.m."), parse_time("12 a.m."), parse_time("13:05"), parse_time("noon")
    ('13:00', '00:00', '13:05', '12:00')
    """
    match = TIME.search(mention)
    if match is None:
        raise ValueError(f"not a clock time: {mention!r}")
    if match.group("word"):
        return "00:00" if match.group("word").lower() == "midnight" else "12:00"
    if match.group("hour24") is not None:
        return f"{int(match.group('hour24')):02d}:{match.group('minute24')}"
    hour, minute = int(match.group("hour")) % 12, int(match.group("minute") or 0)
    if match.group("ampm").lower().startswith("p"):
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, match: re.Match[str], published: dt.date | None, future: bool) -> DateMention | None:
    """The date a matched expression stands for (no time yet)."""
    part = "core" if "core" in match.re.groupindex and match.group("core") else 0
    text, (start, end) = match.group(part), match.span(part)
    groups = match.groupdict()

    def row(date: str, precision: str, basis: str, date_end: str = "") -> DateMention:
        return DateMention(start, end, text, date, date_end, "", precision, basis)

    if kind in ("iso", "month_day", "day_month"):
        month = int(groups["month"]) if kind == "iso" else month_number(groups["month"])
        day = int(groups["day"])
        if groups.get("year"):
            year, basis = int(groups["year"]), "explicit"
        elif published is not None:
            guess = _safe_date(published.year, month, day)
            if guess is None:
                return None
            year, basis = infer_year(month, day, published).year, "explicit_year_inferred"
        else:
            return row("", "day", "explicit_year_inferred")
        first = _safe_date(year, month, day)
        if first is None:
            return None
        last = _safe_date(year, month, int(groups["day2"])) if groups.get("day2") else None
        return row(first.isoformat(), "day", basis, last.isoformat() if last and last > first else "")
    if kind == "month":
        month = month_number(groups["month"])
        year = int(groups["year"]) if groups.get("year") else (published.year if published else None)
        if year is None:
            return row("", "month", "month")
        if not groups.get("year") and published is not None and dt.date(year, month, 1) > published:
            year -= 1  # "in March", written in September, is the March before
        return row(f"{year:04d}-{month:02d}", "month", "month")
    if kind == "weekday":
        if published is None:
            return row("", "day", "weekday")
        modifier = (groups.get("modifier") or "").lower()
        direction = {"last": "last", "next": "next"}.get(modifier, "future" if future else "past")
        return row(resolve_weekday(groups["weekday"], published, direction).isoformat(), "day", "weekday")
    if kind == "relative":
        if published is None:
            return row("", "day", "relative")
        shift = RELATIVE_DAYS[groups["relative"].lower()]
        return row((published + dt.timedelta(days=shift)).isoformat(), "day", "relative")
    if kind == "decade":
        first = int(groups["decade"])
        return row(f"{first}/{first + 9}", "decade", "decade")
    if kind == "year_range":
        return row(f"{groups['year']}/{groups['year2']}", "year", "year")
    if kind == "year":
        return row(groups["year"], "year", "year")
    raise ValueError(f"unknown date pattern kind {kind!r}")


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


# Where a clause ends for the tense of a weekday: a comma, colon or semicolon, a quotation mark, "that"
_CLAUSE_END = re.compile(r"[,;:\"“”]|\bthat\b", re.IGNORECASE)


def _future_clause(sentence: str, start: int, end: int) -> bool:
    """Whether the clause of the date at `start:end` is in the future tense ("talks will resume on Monday").

    Only its own clause counts: "released on Wednesday ...: "so nobody would see it"" and "said on
    Tuesday that the bloc would review" are in the past, whatever comes later in the sentence.

    >>> s = 'Pelt, released on Wednesday, said: "so nobody would see it."'
    >>> _future_clause(s, 17, 26), _future_clause("Talks will resume on Monday.", 21, 27)
    (False, True)
    """
    before = _CLAUSE_END.split(sentence[:start])[-1]
    after = _CLAUSE_END.split(sentence[end:])[0]
    return bool(FUTURE.search(before) or FUTURE.search(after))


def dates_in_sentence(sentence: str, published: dt.date | None) -> list[DateMention]:
    """The date and time expressions of one sentence (offsets within the sentence), left to right."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:  # earlier patterns win overlaps: "September 19, 2023" is not also a year
        for match in pattern.finditer(sentence):
            span = match.span("core") if "core" in pattern.groupindex else match.span()
            if _overlaps(span, taken):
                continue
            if kind == "year" and re.match(r"\s*(?:[-–]\s*)?\d", sentence[match.end():match.end() + 3]):
                continue
            resolved = _resolve(kind, match, published, kind == "weekday" and _future_clause(sentence, *span))
            if resolved is not None:
                found.append(resolved)
                taken.append(span)
    times = [m for m in TIME.finditer(sentence) if not _overlaps(m.span(), taken)]
    found.sort(key=lambda d: d.char_start)
    # "today, October 28": the explicit date restates the relative word; keep one row.
    merged: list[DateMention] = []
    for mention in found:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.basis == "relative" and mention.precision == "day"
                and mention.basis.startswith("explicit")
                and _APPOSITION.match(sentence[previous.char_end:mention.char_start])):
            merged[-1] = DateMention(previous.char_start, mention.char_end,
                                     sentence[previous.char_start:mention.char_end], mention.date,
                                     mention.date_end, "", "day", mention.basis)
            continue
        merged.append(mention)
    for time in times:
        end = time.end()
        local = LOCAL_TIME.match(sentence, end)
        if local:
            end = local.end()
        clock = parse_time(time.group(0))
        partner = None
        for index, mention in enumerate(merged):
            if mention.precision != "day" or mention.time:
                continue
            between = sentence[end:mention.char_start] if mention.char_start >= end else sentence[mention.char_end:time.start()]
            if len(between) <= 25 and _JOIN.match(between):
                partner = index
                break
        if partner is None:
            merged.append(DateMention(time.start(), end, sentence[time.start():end], "", "", clock, "time", "time_only"))
            continue
        mention = merged[partner]
        start, stop = min(mention.char_start, time.start()), max(mention.char_end, end)
        merged[partner] = DateMention(start, stop, sentence[start:stop], mention.date, mention.date_end, clock,
                                      mention.precision, mention.basis)
    return sorted(merged, key=lambda d: d.char_start)


def find_dates(text: str, published: str | None = None, sentences: list[Sentence] | None = None) -> list[DateMention]:
    """Every date and time expression of a clean text, with offsets in that text."""
    reference = parse_published(published)
    found = []
    for sentence in sentences if sentences is not None else split_sentences(text):
        for mention in dates_in_sentence(sentence.text, reference):
            found.append(DateMention(
                mention.char_start + sentence.char_start, mention.char_end + sentence.char_start, mention.mention,
                mention.date, mention.date_end, mention.time, mention.precision, mention.basis,
            ))
    return found


def load_event_cues(path: Path, gazetteer: Gazetteer | None = None) -> list[EventCue]:
    """The event cues of a CSV file (event, label, cue, requires_entity, reason), in file order.

    With `gazetteer`, every `requires_entity` id must be one of its entities: a misspelt id would
    keep its event off the timeline without a word.
    """
    cues = []
    for number, row in lexicon_rows(path, ("event", "label", "cue", "reason"), optional=("requires_entity",)):
        missing = [key for key in ("event", "label", "cue", "reason") if not row[key].strip()]
        if missing:
            raise ValueError(f"{path} row {number}: {', '.join(missing)} missing; every cue needs event, label, cue and reason")
        try:
            pattern = re.compile(rf"\b(?:{row['cue']})\b", re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"{path} row {number}: cue is not a valid regular expression ({error})") from None
        required = tuple(e.strip() for e in row["requires_entity"].split("|") if e.strip())
        if gazetteer is not None:
            gazetteer.require_ids(required, f"{path} row {number}")
        cues.append(EventCue(row["event"].strip(), row["label"].strip(), pattern, required, row["reason"].strip()))
    return cues


def match_events(
    sentence: str, spans: list[tuple[int, int]], cues: list[EventCue], entity_ids: set[str] | frozenset[str] = frozenset()
) -> list[tuple[EventCue, str] | None]:
    """For each date span of a sentence (offsets within it), the nearest event cue and the words it matched.

    A cue is out of reach of a date when another date, or a word such as "after", stands between them.

    >>> cue = EventCue("ceasefire", "ceasefire", re.compile(r"\\bceasefire\\b"), (), "")
    >>> s = "Pashinian spoke on Sept. 21 after a one-day ceasefire; a ceasefire halted fighting on September 20."
    >>> [m[1] if m else None for m in match_events(s, [(18, 27), (89, 101)], [cue])]
    [None, 'ceasefire']
    """
    found = []
    for cue in cues:
        if cue.requires_entity and not set(cue.requires_entity) & set(entity_ids):
            continue
        found += [(m.start(), m.end(), cue) for m in cue.cue.finditer(sentence)]
    results: list[tuple[EventCue, str] | None] = []
    for index, (start, end) in enumerate(spans):
        best = None
        for cue_start, cue_end, cue in found:
            if cue_start >= end:
                gap = (end, cue_start)
            elif cue_end <= start:
                gap = (cue_end, start)
            else:
                gap = None  # the cue overlaps the date ("two-hour session" next to nothing else)
            if gap is not None:
                between = sentence[gap[0]:gap[1]]
                if _SEPARATORS.search(between):
                    continue
                if any(gap[0] <= s and e <= gap[1] for j, (s, e) in enumerate(spans) if j != index):
                    continue
            distance = 0 if gap is None else gap[1] - gap[0]
            key = (distance, cue_start)
            if best is None or key < best[0]:
                best = (key, cue, sentence[cue_start:cue_end])
        results.append((best[1], best[2]) if best else None)
    return results


def context_words(sentence: str, start: int, end: int, words: int = 5) -> str:
    """A few words either side of a span, for a date no event cue explains.

    >>> context_words("Later, on the morning of September 19, I was in the company of the commander.", 25, 37, 4)
    '…on the morning of [September 19], I was in the…'
    """
    before = list(re.finditer(r"\S+", sentence[:start]))
    after = [m for m in re.finditer(r"\S+", sentence[end:]) if re.search(r"\w", m.group(0))]
    left = sentence[before[-words].start() if len(before) >= words else 0:start].strip()
    right = sentence[end:end + after[words - 1].end()] if len(after) >= words else sentence[end:]
    return ("…" if len(before) > words else "") + f"{left} [{sentence[start:end]}]".lstrip() + right.rstrip() + (
        "…" if len(after) > words else "")


DATE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "mention", "date", "time", "basis", "event", "event_id",
    "date_end", "precision", "published", "cue", "sentence",
]


def dates_table(
    texts: dict[str, str],
    published: dict[str, str],
    sentences_by_doc: dict[str, list[Sentence]],
    cues: list[EventCue],
    gazetteer=None,
) -> "pd.DataFrame":  # noqa: F821
    """`data/processed/dates.csv`: every date and time expression with its date, basis and event.

    `event` is the label of the matched event cue, or, where none matched, a few words of context
    in parentheses; `event_id` is empty then. Only day-precise dates take events.
    """
    import pandas as pd

    rows = []
    for doc_id, text in texts.items():
        for sentence in sentences_by_doc.get(doc_id) or split_sentences(text):
            mentions = dates_in_sentence(sentence.text, parse_published(published.get(doc_id)))
            if not mentions:
                continue
            entity_ids = {m.entity.entity_id for m in gazetteer.find(sentence.text)} if gazetteer is not None else set()
            day_spans = [(m.char_start, m.char_end) for m in mentions if m.precision == "day"]
            matches = dict(zip(day_spans, match_events(sentence.text, day_spans, cues, entity_ids)))
            for mention in mentions:
                matched = matches.get((mention.char_start, mention.char_end))
                if matched:
                    event, event_id, cue_words = matched[0].label, matched[0].event, matched[1]
                else:
                    event = f"({context_words(sentence.text, mention.char_start, mention.char_end)})"
                    event_id, cue_words = "", ""
                row = asdict(mention)
                row.update(
                    doc_id=doc_id, sentence_id=sentence.sentence_id,
                    char_start=sentence.char_start + mention.char_start, char_end=sentence.char_start + mention.char_end,
                    event=event, event_id=event_id, cue=cue_words, published=published.get(doc_id, ""),
                    sentence=sentence.text,
                )
                rows.append(row)
    frame = pd.DataFrame(rows, columns=DATE_COLUMNS)
    return frame.sort_values(["doc_id", "char_start", "char_end"], kind="mergesort").reset_index(drop=True)


CONFLICT_COLUMNS = ["doc_id", "event", "event_id", "date_this_article", "date_others", "other_articles", "note"]


def _conflict_note(
    mine: list[str], others: dict[str, list[str]], published: dict[str, str], times: dict[str, set[str]], doc_id: str
) -> str:
    """Why two dates for one event disagree, in words: the size of the gap and what publication dates prove."""
    mine_date = dt.date.fromisoformat(mine[0])
    counts: dict[str, int] = {}
    for dates in others.values():
        for date in dates:
            counts[date] = counts.get(date, 0) + 1
    consensus = dt.date.fromisoformat(sorted(counts, key=lambda d: (-counts[d], d))[0])
    parts = []
    if mine_date.day == consensus.day and mine_date.month != consensus.month:
        parts.append(
            f"same day of the month, different month ({mine_date:%B} here, {consensus:%B} in "
            f"{counts[consensus.isoformat()]} other article{'s' if counts[consensus.isoformat()] != 1 else ''}): "
            "likely a slip of the month"
        )
    else:
        gap = (mine_date - consensus).days
        parts.append(f"{abs(gap)} day{'s' if abs(gap) != 1 else ''} {'later' if gap > 0 else 'earlier'} than the other articles")
    earlier = sorted(d for d in others if published.get(d, "") and published[d] < mine[0])
    if earlier:
        verb = "reports" if len(earlier) == 1 else "report"
        parts.append(f"{', '.join(earlier)} (published {', '.join(published[d] for d in earlier)}) already {verb} "
                     f"the event, so it cannot have happened on {mine[0]}")
    own = published.get(doc_id, "")
    if own and mine[0] > own:
        parts.append(f"the date is after this article's own publication ({own})")
    my_times = times.get(doc_id, set())
    other_times = set().union(*(times.get(d, set()) for d in others)) if others else set()
    if my_times and other_times:
        parts.append("the clock time agrees (" + ", ".join(sorted(my_times)) + ")" if my_times & other_times
                     else "the clock times differ too")
    return "; ".join(parts)


def date_conflicts(dates: "pd.DataFrame", published: dict[str, str]) -> "pd.DataFrame":  # noqa: F821
    """Events that two or more articles date, where an article's dates share no day with the others'.

    One row per dissenting article and event: where three articles say 20 September and one
    says 20 October, only the one is listed, with the others' date beside it.
    """
    import pandas as pd

    events = dates[(dates["event_id"].astype(str) != "") & (dates["precision"] == "day") & (dates["date"].astype(str) != "")]
    rows = []
    for event_id, part in sorted(events.groupby("event_id"), key=lambda item: item[0]):
        by_doc = {doc: sorted(set(group["date"])) for doc, group in part.groupby("doc_id", sort=True)}
        times = {doc: {t for t in group["time"] if isinstance(t, str) and t} for doc, group in part.groupby("doc_id", sort=True)}
        if len(by_doc) < 2:
            continue
        label = part["event"].iloc[0]
        for doc_id, mine in by_doc.items():
            others = {d: v for d, v in by_doc.items() if d != doc_id}
            other_dates = sorted(set().union(*map(set, others.values())))
            if set(mine) & set(other_dates):
                continue
            rows.append({
                "doc_id": doc_id, "event": label, "event_id": event_id,
                "date_this_article": "; ".join(mine), "date_others": "; ".join(other_dates),
                "other_articles": "; ".join(f"{d} ({', '.join(v)})" for d, v in others.items()),
                "note": _conflict_note(mine, others, published, times, doc_id),
            })
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def event_dates(dates: "pd.DataFrame") -> "pd.DataFrame":  # noqa: F821
    """Each article's dates per matched event (one row per article, event and date), for the timeline."""
    events = dates[(dates["event_id"].astype(str) != "") & (dates["precision"] == "day") & (dates["date"].astype(str) != "")]
    table = (
        events.groupby(["event_id", "event", "doc_id", "date"], sort=True)
        .agg(time=("time", lambda t: "; ".join(sorted({x for x in t if isinstance(x, str) and x}))),
             mentions=("mention", lambda m: " | ".join(m)))
        .reset_index()
    )
    return table[["event_id", "event", "doc_id", "date", "time", "mentions"]]


PUBLISHED_ROW = "article published"


STACK_STEP = 0.33  # rows apart: articles giving an event the same date stand a marker's height apart, one above the other
PUBLISHED_STACK_STEP = 0.42  # ... and articles published the same day a diamond's height (a diamond is taller than a disc)
MOST_STACKED = 8  # a row grows to hold this many markers a step apart; more are squeezed into that height, overlapping
ROW_GAP = 0.7  # rows: the least room between the stacks of two neighbouring rows, twice a step, so that they read apart


def timeline_points(events: "pd.DataFrame", published: dict[str, str], conflicts: "pd.DataFrame") -> "pd.DataFrame":  # noqa: F821
    """The points of the timeline chart: each article's date for each event, and each article's publication date.

    `events` is `event_dates(...)`; rows are ordered by the event's earliest date, the
    publication row first. Articles that give an event the same date are stacked in its row,
    `STACK_STEP` apart (`PUBLISHED_STACK_STEP` for publication dates; `y_plot`), so that none covers
    another; `y` is the row's centre, and a row is one unit high, or higher where a stack needs it (with
    `ROW_GAP` to the next row's stack). A row grows for `MOST_STACKED` markers at most, so that a large
    corpus keeps the chart's height: more articles on one date are squeezed into that height.
    `note` is set on the points that disagree with the other articles (`date_conflicts`).

    >>> import pandas as pd
    >>> events = pd.DataFrame({"event_id": ["talks"] * 3, "event": ["talks"] * 3, "doc_id": ["a", "b", "c"],
    ...                        "date": ["2023-09-21"] * 3, "time": [""] * 3})
    >>> points = timeline_points(events, {"a": "2023-09-21", "b": "2023-09-22", "c": "2023-09-22"}, pd.DataFrame())
    >>> print(points[["row", "doc_id", "y", "y_plot"]].to_string(index=False))
                  row doc_id    y  y_plot
    article published      a 0.00    0.00
    article published      b 0.00   -0.21
    article published      c 0.00    0.21
                talks      a 1.24    0.91
                talks      b 1.24    1.24
                talks      c 1.24    1.57
    """
    import pandas as pd

    doc_order = sorted(published, key=lambda d: (published[d], d))
    conflicting = {(r.doc_id, r.event_id): r for r in conflicts.itertuples()} if len(conflicts) else {}
    rows = [{"row": PUBLISHED_ROW, "event_id": "", "doc_id": d, "date": published[d], "time": "", "kind": "published"}
            for d in doc_order if published[d]]
    first_dates = events.groupby("event_id")["date"].min() if len(events) else pd.Series(dtype=str)
    for event_id in sorted(first_dates.index, key=lambda e: (first_dates[e], e)):
        part = events[events["event_id"] == event_id]
        for row in sorted(part.itertuples(), key=lambda r: (doc_order.index(r.doc_id) if r.doc_id in doc_order else 99, r.date)):
            rows.append({"row": row.event, "event_id": event_id, "doc_id": row.doc_id, "date": row.date,
                         "time": row.time, "kind": "event"})
    frame = pd.DataFrame(rows, columns=["row", "event_id", "doc_id", "date", "time", "kind"])
    labels = list(dict.fromkeys(frame["row"]))
    stacks = {key: list(dict.fromkeys(part["doc_id"])) for key, part in frame.groupby(["row", "date"], sort=False)}
    steps = {label: PUBLISHED_STACK_STEP if label == PUBLISHED_ROW else STACK_STEP for label in labels}
    spreads = {label: steps[label] * (min(MOST_STACKED, max(len(a) for (r, _), a in stacks.items() if r == label)) - 1)
               for label in labels}  # the height of the row's highest stack, centre to centre
    heights = {label: max(1.0, ROW_GAP + spreads[label]) for label in labels}
    centres, top = {}, 0.0
    for label in labels:
        centres[label] = top + heights[label] / 2 - heights[labels[0]] / 2  # the first row's centre stays at 0
        top += heights[label]
    frame["y"] = frame["row"].map(centres).round(3)
    offsets = []
    for row in frame.itertuples():
        alike = stacks[(row.row, row.date)]
        step = min(steps[row.row], spreads[row.row] / max(1, len(alike) - 1))
        offsets.append((alike.index(row.doc_id) - (len(alike) - 1) / 2) * step)
    frame["y_plot"] = (frame["y"] + offsets).round(3)
    notes = []
    for row in frame.itertuples():
        conflict = conflicting.get((row.doc_id, row.event_id))
        if conflict is None or row.date not in conflict.date_this_article.split("; "):
            notes.append("")
            continue
        mine = dt.date.fromisoformat(row.date)
        others = ", ".join(f"{d.day} {d:%b}" for d in map(dt.date.fromisoformat, conflict.date_others.split("; ")))
        notes.append(f"{mine.day} {mine:%b} here; {others} in the other articles")
    frame["conflict"] = [bool(n) for n in notes]
    frame["note"] = notes
    return frame
