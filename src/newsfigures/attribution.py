"""Find who speaks: direct quotations and reported speech, each with a canonical speaker and the speaker's group.

Two passes over a clean article:

1. Quotations. Double quotes pair up in order through the whole text, so a quotation may
   run over several paragraphs and close with '," he said.' A quotation of at least
   `min_quote_words` words is attributed by the frame after it ('," X said'), else by the
   frame before it ('X said: "'), else, when it opens a sentence right after another
   quotation, to the same speaker. Shorter quoted words ("ethnic cleansing") are left to the
   second pass, as part of a paraphrase.
2. Reported speech. A sentence outside the quotations with a reporting cue from
   `data/lexicons/attribution_cues.csv` ("said", "told Reuters", "according to") becomes a
   paraphrase; "is said to" and other passives, which name no speaker, are skipped.

Speakers are resolved through `data/lexicons/speaker_groups.csv` (phrase rules for speakers
the gazetteer lacks, such as ministries, then gazetteer entities mapped to groups). The groups are
whatever that file names, in the order of their first rules, with "other" always last: a corpus about
another event names its own sides. A name that
neither knows, two or more capitalised words ending a short phrase ("health minister Ilse
Varga"), is kept as an unlisted speaker in the group "other" (`resolved_by` = unlisted), so that
a corpus about other events finds its speakers before anyone writes rules for them; so is a
source named by its office ("fire officials", "the county sheriff's office": `resolved_by` =
unnamed). A surname alone that no list knows ("Blinken said") is the person the narration first
named in full ("US Secretary of State Antony Blinken"). A comma between digits ("2,000 residents")
does not end a clause, and neither does the "and" of a listed name ("Disaster and Emergency
Management Authority"). A cue word after a determiner ("the confirmed death toll") is no cue.
"He", "she" and "him" are the person named last before the cue when that person came after
the previous statement, else the previous speaker; "they", "it", "another" and "one of them"
are the previous speaker; "the ministry", "the office", "the President" are the previous
speaker so described.

>>> from newsfigures.gazetteer import Entity
>>> names = Gazetteer({"Babayan": Entity("davit_babayan", "Davit Babayan", "person")})
>>> speakers = Speakers([("entity", "davit_babayan", "", "", "Karabakh Armenian authorities")], names)
>>> cues = [Cue("said", re.compile(r"\\bsaid\\b"), "verb", "")]
>>> text = 'Babayan said talks go on.\\n\\n"We are still waiting," he said. "The corridor does not work."'
>>> [(a.speaker, a.speaker_phrase, a.resolved_by, a.kind, a.quote) for a in find_attributions(text, cues, speakers)]
[('Davit Babayan', 'Babayan', 'named', 'paraphrase', 'talks go on'), ('Davit Babayan', 'he', 'pronoun', 'quote', 'We are still waiting,'), ('Davit Babayan', '', 'continuation', 'quote', 'The corridor does not work.')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from newsfigures.gazetteer import Gazetteer
from newsfigures.lexicons import lexicon_rows
from newsfigures.sentences import DETERMINER_BEFORE, Sentence, sentence_at, split_sentences

OTHER = "other"  # the group of every speaker no rule places: always there, always last
CUE_KINDS = ("verb", "participle", "according_to")
MIN_QUOTE_WORDS = 4
PARAGRAPH_MARK = " ¶ "  # stands for a paragraph break inside a quotation in the table

PERSONAL = {"he", "she", "him", "her"}
COLLECTIVE = {"they", "it", "we", "them", "another", "one of them", "the other", "others"}
GENERIC_NOUNS = {"statement", "post", "release", "document", "person", "source", "declaration", "communique"}
_ADDRESSEE = re.compile(
    r"\s+(?P<to>(?:the\s+)?(?:French\s+news\s+agency\s+)?(?:[A-Z][\w/'.-]*(?:'s)?\s+){0,3}[A-Z][\w/'.-]*"
    r"|reporters|journalists|the press|the media)"
)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:also\s+|reportedly\s+)?$", re.IGNORECASE)
_AUX = re.compile(r"\s+(?:has|have|had|also|has also|had also|have also|later|then|further|however|reportedly)$", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<!\d),|,(?!\d)|[;:()\"]|\s[–-]\s|\b(?:that|which|who|whom|whose|when|after|while|and|but|as|so|because|where|what)\b")
# A piece that opens with a verb is a clause, not a subject: "who traveled to", "speaking at the
# council", and a participle with a named object ("Blinken, visiting Ankara on Monday, announced"),
# where "striking workers" or "fleeing residents" (a participle before a plain noun) still are subjects.
_VERB_START = re.compile(r"^(?:[a-z]+ed|[a-z]+ing\s+(?:(?:to|the|a|an|of|in|on|for|with|from|his|her|its|their)\b|[A-Z]\w*)"
                         r"|was|were|is|are|has|have|had|will|would|can|could|did|does|do|may|might)\b")
_CLAUSE = re.compile(  # what follows 'said' in '..., said it had warned residents': a statement, not a speaker
    r"^(?:that|it|he|she|they|we|i|you|there)\s+\S|\b(?:has|have|had|was|were|is|are|will|would|could|can|should"
    r"|must|did|does|may|might)\b", re.IGNORECASE)
_PREPOSITION_START = re.compile(r"^(?:originally|from|in|on|at|to|with|near|of|for|by|during|over|under|about|earlier|later|meanwhile|however)\b", re.I)
_APPOSITION = re.compile(
    r"^\s*(?P<name>[^,]+?),\s*(?:a|an|the|assistant|adviser|advisor|spokes\w+|head|member|chief|minister)\b"
)
# A name the lexicons lack, at the end of a short speaker phrase: two or more capitalised words
# ("Marta Oyelaran", "the Red Cross", "health minister Ilse Varga"); one capitalised word alone is
# too often a sentence's first word ("Officials said") to count.
_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*"
_UNLISTED_NAME = re.compile(rf"(?:^|(?<=\s))(?P<name>{_NAME_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_WORD}){{1,4}})$")
_NOT_NAME_WORDS = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "But", "And", "On", "In", "At",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
    "June", "July", "August", "September", "October", "November", "December",
    # words that open a sentence before a name ("Later Tom Smith met officials")
    "Yesterday", "Today", "Tonight", "Earlier", "Later", "Meanwhile", "However", "Then", "Now", "When", "As", "After",
    "Before", "While", "Since", "If",
}
_TITLES = {"Governor", "President", "Minister", "Mayor", "Secretary", "Commissioner", "Senator", "General", "Colonel", "Captain", "Chief", "Dr", "Mr",
           "Mrs", "Ms", "Professor", "Judge", "Prosecutor", "Spokesman", "Spokeswoman", "Spokesperson", "Director"}
MAX_UNLISTED_PHRASE_WORDS = 6
# Two to six capitalised words on one line, "of (the)" allowed inside ("Secretary of State Antony Blinken"):
# a full name a later surname may stand for; a word ends before a full stop, so no name runs across sentences
_FULL_NAME = re.compile(r"(?<![\w'’.-])(?:(?:[A-Z][\w'’-]*|[A-Z]\.)[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){1,5}[A-Z][\w'’-]*(?![\w'’-])")
# One capitalised word alone, or after "Mr": a person named in full earlier ("Blinken said", "Ms Varga said")
_LONE_SURNAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?P<surname>[A-Z][\w'’-]+)")
# Sources news names by their office, not their name ("fire officials said", "the county sheriff's
# office said", "according to the state forestry agency"): a short phrase ending in one of these.
UNNAMED_SOURCE_NOUNS = frozenset({
    "official", "officials", "authorities", "authority", "office", "agency", "ministry", "department", "police",
    "spokesperson", "spokesman", "spokeswoman", "service", "services", "council", "commission", "government",
    "administration", "army", "military", "committee", "company", "operator", "prosecutor", "prosecutors",
    "investigators", "rescuers", "sources", "mission", "organisation", "organization",
    "mayor", "governor", "sheriff", "minister", "president", "director", "commander", "coroner",
})
MAX_UNNAMED_PHRASE_WORDS = 5
# Words that show a phrase is a clause or has another head than the office ("spoke to police",
# "critics of the government", "last year the ministry", "officials who were there").
_NOT_IN_SOURCE_PHRASE = {
    "is", "are", "was", "were", "has", "have", "had", "not", "no", "who", "which", "that", "this", "it",
    "to", "for", "at", "of", "near", "with", "from", "by", "in", "on", "about", "against",
    "the", "a", "an", "its", "their", "his", "her", "year", "week", "month",
}
_TRAILING_PLACE = re.compile(r"\s+(?:in|from|on|at)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s*$")
# "said on Friday that", "said in a statement": words between the cue and what was said. A day of the
# month is one or two digits, not the "1" of "at least 430 people were killed and 1,280 injured".
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:(?:on|in|at|from|via|during|late on|earlier on)\s+(?:[\w'/.-]+\s+){0,6}?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{1,2}(?![,.]\d)|statement|post|briefing|interview|release|"
    r"site|address|conference|response|Baku|Yerevan|Moscow|Ankara|Telegram|Facebook|today|night|morning)\b"
    r"|today|also|later|earlier|again|however"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    """A reporting cue: its label, its pattern and how the speaker stands to it."""

    name: str
    pattern: re.Pattern[str]
    kind: str
    reason: str


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: id (a gazetteer entity id or a phrase rule's id), display name and group."""

    speaker_id: str
    speaker: str
    group: str


@dataclass
class Attribution:
    """One quotation or reported statement and who it is attributed to."""

    doc_id: str
    sentence_id: int
    char_start: int
    char_end: int
    speaker: str
    speaker_id: str
    speaker_group: str
    speaker_phrase: str
    resolved_by: str
    cue: str
    kind: str
    quote: str

    def row(self) -> dict:
        return asdict(self)


def load_cues(path: Path) -> list[Cue]:
    """The reporting cues of a CSV file (cue, pattern, kind, reason), in file order."""
    cues = []
    for number, row in lexicon_rows(path, ("cue", "pattern", "kind"), reason="why the cue marks reported speech",
                                    filled=("cue", "pattern", "kind")):
        if row["kind"] not in CUE_KINDS:
            raise ValueError(f"{path} row {number}: kind '{row['kind']}' unknown; valid: {', '.join(CUE_KINDS)}")
        try:
            pattern = re.compile(rf"\b(?:{row['pattern']})\b")
        except re.error as error:
            raise ValueError(f"{path} row {number}: pattern is not a valid regular expression ({error})") from None
        cues.append(Cue(row["cue"], pattern, row["kind"], row["reason"]))
    return cues


class Speakers:
    """Speaker phrases to canonical speakers: phrase rules first, then gazetteer entities and their groups.

    >>> from newsfigures.gazetteer import Entity
    >>> g = Gazetteer({"Hajiyev": Entity("hikmet_hajiyev", "Hikmet Hajiyev", "person")})
    >>> s = Speakers([("entity", "hikmet_hajiyev", "", "", "Azerbaijan")], g)
    >>> s.resolve("Aliyev's adviser Hajiyev")
    Speaker(speaker_id='hikmet_hajiyev', speaker='Hikmet Hajiyev', group='Azerbaijan')
    """

    def __init__(self, rules: list[tuple[str, str, str, str, str]], gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self.phrases: list[tuple[re.Pattern[str], Speaker]] = []
        self.entity_groups: dict[str, str] = {}
        self._groups: list[str] = []
        for match_type, match, speaker_id, speaker, group in rules:
            if not group.strip():
                raise ValueError(f"speaker rule '{match}' has no group; name the side the speaker speaks for")
            self._groups.append(group)
            if match_type == "phrase":
                self.phrases.append((re.compile(match, re.IGNORECASE), Speaker(speaker_id, speaker, group)))
            elif match_type == "entity":
                self.entity_groups[match] = group
            else:
                raise ValueError(f"speaker rule type '{match_type}' unknown; valid: phrase, entity")
        # Names a clause boundary would cut ("Disaster and Emergency Management Authority"), kept apart
        # so that finding them in every speaker phrase costs next to nothing when a corpus has none
        self._joined_names = Gazetteer({variant: entity for variant, entity in (gazetteer.variants if gazetteer else {}).items()
                                        if _BOUNDARY.search(variant)})
        self._joined_phrases = [pattern for pattern, _ in self.phrases
                                if _BOUNDARY.search(re.sub(r"[\\()\[\]?:|*+^${}]", " ", pattern.pattern))]

    def joined_names(self, text: str) -> list[tuple[int, int]]:
        """Where `text` names a speaker whose name holds a clause boundary: an "and", a comma.

        >>> from newsfigures.gazetteer import Entity
        >>> s = Speakers([], Gazetteer({"Disaster and Emergency Management Authority": Entity("afad", "AFAD", "organisation"),
        ...                             "Turkey": Entity("turkey", "Turkey", "country")}))
        >>> s.joined_names("Turkey's Disaster and Emergency Management Authority")
        [(9, 52)]
        """
        found = [(m.char_start, m.char_end) for m in self._joined_names.find(text)]
        return found + [m.span() for pattern in self._joined_phrases for m in pattern.finditer(text)]

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups in the order their first rules come, then "other": the order of every chart and table.

        >>> Speakers([("entity", "un", "", "", "UN"), ("phrase", "[Hh]ealth ministry", "moh", "Health Ministry", "Syria"),
        ...           ("entity", "who", "", "", "UN")], None).groups
        ('UN', 'Syria', 'other')
        """
        return tuple(dict.fromkeys([group for group in self._groups if group != OTHER] + [OTHER]))

    @classmethod
    def from_csv(cls, path: Path, gazetteer: Gazetteer | None) -> "Speakers":
        """Read `match_type, match, speaker_id, speaker, speaker_group, reason` rows; a bad row stops in one line naming it."""
        columns = ("match_type", "match", "speaker_id", "speaker", "speaker_group")
        rules = []
        for number, row in lexicon_rows(path, columns, reason="why the speaker belongs to its group",
                                        filled=("match_type", "match", "speaker_group")):
            if row["match_type"] == "phrase":
                try:
                    re.compile(row["match"])
                except re.error as error:
                    raise ValueError(f"{path} row {number}: match is not a valid regular expression ({error})") from None
            elif row["match_type"] == "entity" and gazetteer is not None:
                gazetteer.require_ids([row["match"]], f"{path} row {number}")
            rules.append(tuple(row[c] for c in columns))
        return cls(rules, gazetteer)

    def _entity(self, phrase: str) -> Speaker | None:
        if self.gazetteer is None:
            return None
        mentions = self.gazetteer.find(phrase)
        if not mentions:
            return None
        tail = phrase[mentions[-1].char_end:]
        # Head-final phrases name their speaker last ("adviser Hikmet Hajiyev", "the Russian peacekeeping mission").
        chosen = mentions[-1] if not re.search(r"\w", tail) or len(mentions) == 1 else mentions[0]
        entity = chosen.entity
        return Speaker(entity.entity_id, entity.canonical, self.entity_groups.get(entity.entity_id, OTHER))

    def resolve(self, phrase: str) -> Speaker | None:
        """The speaker a phrase names, or None; "The U.N." keeps its full stops if it needs them."""
        kept = phrase.strip(" ,'\"")
        phrase = phrase.strip(" ,.'\"")
        if not phrase:
            return None
        return self._resolve(phrase) or (self._resolve(kept) if kept.endswith(".") else None)

    def _resolve(self, phrase: str) -> Speaker | None:
        for pattern, speaker in self.phrases:
            if pattern.search(phrase):
                return speaker
        stripped = _TRAILING_PLACE.sub("", phrase)
        return self._entity(stripped) or self._entity(phrase)

    def group_of(self, entity_id: str) -> str:
        return self.entity_groups.get(entity_id, OTHER)

    @staticmethod
    def unlisted(phrase: str) -> Speaker | None:
        """A speaker the lexicons lack, named at the end of a short phrase, in the group 'other'; else None.

        It lets a corpus about other events find its speakers before anyone writes their rules;
        `resolved_by` says 'unlisted', so that they are easy to find and add to speaker_groups.csv.

        >>> Speakers.unlisted("Health minister Ilse Varga")
        Speaker(speaker_id='unlisted:ilse_varga', speaker='Ilse Varga', group='other')
        >>> [Speakers.unlisted(p).speaker for p in ("Prime Minister Ilse Varga", "Governor Tomas Brecht on Monday",
        ...                                         "the Kessel Valley Water Authority", "US Secretary of State Antony Blinken",
        ...                                         "Director of the World Health Organization")]
        ['Ilse Varga', 'Tomas Brecht', 'Kessel Valley Water Authority', 'Antony Blinken', 'World Health Organization']
        >>> [Speakers.unlisted(p) for p in ("Secretary of State Blinken", "the Governor of Hatay Province")]
        [None, None]
        >>> [Speakers.unlisted(p) for p in ("Officials", "On Monday", "Residents in Kessel Valley", "Engineers at Hollow Creek Dam")]
        [None, None, None, None]
        """
        # "Residents in Kessel Valley", "Marta Oyelaran on Monday": a place or a day is not the speaker
        phrase = _TRAILING_PLACE.sub("", phrase.strip(" ,.'\""))
        match = _UNLISTED_NAME.search(phrase)
        if match is None or len(phrase.split()) > MAX_UNLISTED_PHRASE_WORDS:
            return None
        words = match.group("name").split()
        while words and words[0] in _NOT_NAME_WORDS:
            words = words[1:]
        titles = [i for i, word in enumerate(words) if word.rstrip(".") in _TITLES and len(words) - i > 2]
        if titles:  # "Prime Minister Ilse Varga" is Ilse Varga, whatever her title
            words = words[titles[-1] + 1:]
            if words[0] == "of":  # the title runs on: "Secretary of State Antony Blinken", "Director of the WHO"
                rest = words[2:] if len(words) > 1 and words[1].lower() == "the" else words[1:]
                if rest and rest[-1].lower() in UNNAMED_SOURCE_NOUNS:
                    words = rest  # "Director of the World Health Organization" speaks for the organisation
                elif len(rest) >= 3:
                    words = rest[1:]  # the office's object ("of State"), then a given name and a surname
                else:
                    return None  # "the Governor of Hatay Province": an office, not a name
        if len([w for w in words if w[0].isupper()]) < 2 or any(w in _NOT_NAME_WORDS for w in words):
            return None
        name = " ".join(words)
        return Speaker("unlisted:" + re.sub(r"\W+", "_", name.lower()).strip("_"), name, OTHER)


    @staticmethod
    def unnamed(phrase: str) -> Speaker | None:
        """A source named by its office, not its name, in the group 'other'; else None.

        Tried after everything else, so "Azerbaijani officials" stays Azerbaijan's (the gazetteer
        knows Azerbaijan); "fire officials" and "the county sheriff's office" are speakers of their
        own, `resolved_by` 'unnamed', for speaker_groups.csv to place in a group.

        >>> [Speakers.unnamed(p).speaker for p in ("fire officials", "Officials", "the county sheriff's office",
        ...                                        "a police spokesman", "Kessel Valley police")]
        ['fire officials', 'officials', "county sheriff's office", 'police spokesman', 'Kessel Valley police']
        >>> [Speakers.unnamed(p) for p in ("the fire destroyed the office", "Residents", "officials who were there",
        ...                                "spoke to police", "Critics of the government", "speaking at the council", "Last year the ministry")]
        [None, None, None, None, None, None, None]
        >>> Speakers.unnamed("Officials in the city").speaker
        'officials'
        """
        phrase = _TRAILING_PLACE.sub("", phrase.strip(" ,.'\""))
        phrase = re.sub(r"\s+(?:in|at|from|on)\s+(?:the\s+)?[\w'-]+$", "", phrase)  # "Officials in the city"
        words = phrase.split()
        if words and words[0].lower() in {"the", "a", "an"}:
            words = words[1:]
        if (not words or len(words) > MAX_UNNAMED_PHRASE_WORDS or words[-1].lower() not in UNNAMED_SOURCE_NOUNS
                or any(w.lower() in _NOT_IN_SOURCE_PHRASE or not re.fullmatch(r"[A-Za-z][\w'’-]*", w)
                       or re.fullmatch(r"[a-z]{2,}(?:ed|ing)", w) for w in words)):  # a verb: a clause, not a name
            return None
        if words[0][1:].islower() and all(w.islower() for w in words[1:]):  # "Officials said" opens a sentence
            words[0] = words[0].lower()
        name = " ".join(words)
        return Speaker("unnamed:" + re.sub(r"\W+", "_", name.lower()).strip("_"), name, OTHER)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The double-quoted stretches of a text as (open, close) offsets of the quote marks.

    Marks pair up in order; a paragraph that opens with a mark while a quotation is still open
    continues it (the convention for quotations over several paragraphs).

    >>> quote_spans('"One.\\n\\n"Two," he said. A "word".')
    [(0, 12), (25, 30)]
    """
    spans = []
    opened: int | None = None
    for match in re.finditer('"', text):
        position = match.start()
        if opened is None:
            opened = position
            continue
        if position == 0 or text[max(0, position - 2):position] == "\n\n":
            continue  # a continuation paragraph reopens the same quotation
        spans.append((opened, position))
        opened = None
    return spans


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the inside of each quotation blanked (same length, so offsets hold)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start + 1, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _clean_quote(text: str) -> str:
    return re.sub(r"\s*\n\n\s*", PARAGRAPH_MARK, text.strip().strip('"')).strip()


class _History:
    """What came before in the article: earlier attributions and person mentions outside quotations."""

    def __init__(self, text: str, spans: list[tuple[int, int]], speakers: Speakers) -> None:
        self.items: list[tuple[int, int, Speaker, str]] = []  # (cue offset, sentence_id, speaker, phrase)
        self.text, self.speakers = text, speakers
        self._introductions: dict[str, tuple[int, Speaker, str]] | None = None  # surname -> first full name, when asked
        mentions = speakers.gazetteer.find(text) if speakers.gazetteer is not None else []
        self.inside = inside = lambda pos: any(a < pos < b for a, b in spans)  # noqa: E731
        self.people = [
            (m.char_start, Speaker(m.entity.entity_id, m.entity.canonical, speakers.group_of(m.entity.entity_id)))
            for m in mentions if m.entity.type == "person" and not inside(m.char_start)
        ]
        # Bodies the narration names, speaking or not: "the spokeswoman of the Russian Foreign Ministry,
        # Maria Zakharova, said ... The ministry called for": the ministry is Russia's, though Zakharova spoke
        self.named = sorted(
            (m.start(), m.group(0), speaker) for pattern, speaker in speakers.phrases
            for m in pattern.finditer(text) if not inside(m.start())
        )

    def add(self, position: int, sentence_id: int, speaker: Speaker, phrase: str) -> None:
        self.items.append((position, sentence_id, speaker, phrase))

    def last(self, before: int) -> tuple[int, int, Speaker, str] | None:
        earlier = [item for item in self.items if item[0] < before]
        return max(earlier, key=lambda item: item[0]) if earlier else None

    def last_person(self, before: int) -> tuple[int, Speaker] | None:
        earlier = [p for p in self.people if p[0] < before]
        return earlier[-1] if earlier else None

    def introduced(self, surname: str, before: int) -> tuple[Speaker, str] | None:
        """The person a lone surname names ("Blinken said"), with how it was resolved, or None.

        News names a person in full once ("US Secretary of State Antony Blinken, visiting Ankara")
        and by surname after; a surname the lexicons lack is the person the narration introduced
        first with a full name ending in it. The full names are found once per article.
        """
        if self._introductions is None:
            self._introductions = {}
            for match in _FULL_NAME.finditer(self.text):
                if self.inside(match.start()):
                    continue
                surname_found = match.group(0).split()[-1]
                if surname_found in self._introductions:
                    continue
                for speaker, how in ((self.speakers.resolve(match.group(0)), "named"),
                                     (self.speakers.unlisted(match.group(0)), "unlisted")):
                    words = speaker.speaker.split() if speaker else []
                    # a full name ending in the surname, not "Mr Blinken" nor the country before a minister's name
                    if len(words) >= 2 and words[-1] == surname_found and words[0].rstrip(".") not in _TITLES:
                        self._introductions[surname_found] = (match.start(), speaker, how)
                        break
        found = self._introductions.get(surname)
        return (found[1], found[2]) if found and found[0] < before else None

    def described(self, noun: str, before: int) -> Speaker | None:
        """The speaker 'the <noun>' refers to: the latest before `before` that spoke or was named with that noun."""
        spoke = [(position, speaker) for position, _, speaker, phrase in self.items
                 if noun in speaker.speaker.lower() or noun in phrase.lower()]
        named = [(position, speaker) for position, words, speaker in self.named if noun in words.lower()]
        earlier = [item for item in spoke + named if item[0] < before]
        return max(earlier, key=lambda item: item[0])[1] if earlier else None


def _pronoun(phrase: str) -> str | None:
    """The pronoun (or 'another', 'one of them') a speaker phrase ends with, if it is nothing more."""
    lower = phrase.strip(" ,").lower()
    lower = re.sub(r"^(?:this|and|but|so|then)\s+", "", lower)
    if lower in PERSONAL or lower in COLLECTIVE:
        return lower
    last = lower.split()[-1] if lower.split() else ""
    return last if last in PERSONAL | {"they", "it", "we"} and len(lower.split()) <= 2 else None


def _resolve_phrase(
    phrase: str, position: int, sentence_id: int, speakers: Speakers, history: _History
) -> tuple[Speaker, str] | None:
    """A speaker and how it was found (named, pronoun, described, previous), or None."""
    pronoun = _pronoun(phrase)
    previous = history.last(position)
    recent = previous if previous and sentence_id - previous[1] <= 3 else None
    if pronoun in PERSONAL:
        person = history.last_person(position)
        if person and (previous is None or person[0] > previous[0]):
            return person[1], "pronoun"
        if recent:
            return recent[2], "pronoun"
        return (person[1], "pronoun") if person else None
    if pronoun is not None:
        return (recent[2], "pronoun") if recent else None
    found = speakers.resolve(phrase)
    if found:
        return found, "named"
    surname = _LONE_SURNAME.fullmatch(phrase.strip(" ,"))
    if surname and surname.group("surname") not in _NOT_NAME_WORDS | _TITLES \
            and surname.group("surname").lower() not in UNNAMED_SOURCE_NOUNS:  # "Officials said" is no surname
        introduced = history.introduced(surname.group("surname"), position)
        if introduced:
            return introduced
    definite = re.fullmatch(r"(?:the|this|that)\s+(\w+)", phrase.strip(" ,"), re.IGNORECASE)
    if definite:
        noun = definite.group(1).lower()
        described = history.described(noun, position)
        if described:
            return described, "described"
        if noun in GENERIC_NOUNS and recent:
            return recent[2], "described"
    unlisted = speakers.unlisted(phrase)
    if unlisted:
        return unlisted, "unlisted"
    unnamed = speakers.unnamed(phrase)
    return (unnamed, "unnamed") if unnamed else None


def _speaking_from(head: str, after: str, speakers: Speakers) -> tuple[Speaker, str, str] | None:
    """'they announced from Baku': the capital a plural pronoun speaks from names the speaker.

    >>> from newsfigures.gazetteer import Entity
    >>> s = Speakers([("entity", "baku", "", "", "Azerbaijan")], Gazetteer({"Baku": Entity("baku", "Baku", "place")}))
    >>> _speaking_from('"...," they', " from Baku.", s)[1:], _speaking_from("Hajiyev", " from Baku.", s)
    (('Baku', 'named'), None)
    """
    pronoun = _pronoun(head.split('"')[-1])
    place = re.match(r"\s*from\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)", after)
    if pronoun not in ("they", "we") or not place:
        return None
    found = speakers.resolve(place.group(1))
    return (found, place.group(1), "named") if found else None


def _speaker_before(
    pre: str, cue_position: int, sentence_id: int, speakers: Speakers, history: _History
) -> tuple[Speaker, str, str] | None:
    """The speaker named before a cue: (speaker, phrase as written, how it was resolved).

    The clause pieces before the cue are tried from the nearest back; pieces that start with a
    verb or a preposition ('who traveled to Stepanakert', 'originally from Martakert') are not
    subjects. 'NAME, an adviser to X,' is NAME; 'In Syria, the health ministry' is the ministry.
    """
    pre = _AUX.sub("", pre.rstrip(" ,")).rstrip(" ,")
    pre = _AUX.sub("", pre).rstrip(" ,")
    apposition = _APPOSITION.match(pre)
    # "In Syria, the health ministry said" has the shape of an apposition, but a place is no speaker's name
    if apposition and not _PREPOSITION_START.match(apposition.group("name").strip()):
        name = apposition.group("name").strip()
        resolved = speakers.resolve(name)
        if resolved and _words(name) <= 4:
            return resolved, name, "named"
    for piece in reversed(_clause_pieces(pre, speakers)):
        if not piece or (not _pronoun(piece) and (_VERB_START.match(piece) or _PREPOSITION_START.match(piece))):
            continue
        resolved = _resolve_phrase(piece, cue_position, sentence_id, speakers, history)
        if resolved:
            return resolved[0], _short_phrase(piece, speakers), resolved[1]
        if _pronoun(piece):
            return None
    opening = re.match(r"[^,]*,", pre) if _PREPOSITION_START.match(pre.strip()) else None
    subject = pre[opening.end():] if opening else pre  # "In Syria, a doctor said": not Syria
    whole = speakers.resolve(subject)
    if whole:
        return whole, _short_phrase(subject.strip(), speakers), "named"
    return None


def _clause_pieces(pre: str, speakers: Speakers) -> list[str]:
    """The clause pieces of the words before a cue, cut at no boundary inside a name the lexicons know.

    >>> from newsfigures.gazetteer import Entity
    >>> afad = Entity("afad", "AFAD", "organisation")
    >>> s = Speakers([], Gazetteer({"Disaster and Emergency Management Authority": afad}))
    >>> _clause_pieces("Rescuers dug while Turkey's Disaster and Emergency Management Authority", s)
    ['Rescuers dug', "Turkey's Disaster and Emergency Management Authority"]
    """
    names = speakers.joined_names(pre)
    pieces, start = [], 0
    for boundary in _BOUNDARY.finditer(pre):
        if any(a < boundary.end() and boundary.start() < b for a, b in names):
            continue  # "and" inside "Disaster and Emergency Management Authority" joins no clauses
        pieces.append(pre[start:boundary.start()].strip())
        start = boundary.end()
    return [*pieces, pre[start:].strip()]


def _short_phrase(piece: str, speakers: Speakers, limit: int = 8) -> str:
    """A speaker phrase as written, cut to the words that named the speaker when it runs long."""
    if _words(piece) <= limit:
        return piece
    for pattern, _ in speakers.phrases:
        match = pattern.search(piece)
        if match:
            return match.group(0)
    mentions = speakers.gazetteer.find(piece) if speakers.gazetteer is not None else []
    return mentions[-1].surface if mentions else piece


def _subject(sentence: str, speakers: Speakers) -> tuple[Speaker, str] | None:
    """The first speaker the sentence names: the subject, for '..., saying: "..."'."""
    if speakers.gazetteer is None:
        return None
    for pattern, speaker in speakers.phrases:
        match = pattern.search(sentence)
        if match and match.start() < 60:
            return speaker, match.group(0)
    mentions = speakers.gazetteer.find(sentence)
    if not mentions:
        return None
    entity = mentions[0].entity
    return Speaker(entity.entity_id, entity.canonical, speakers.group_of(entity.entity_id)), mentions[0].surface


def _cue_text(masked: str, match: re.Match[str]) -> tuple[str, int]:
    """The cue as written, with the addressee of 'told' ('told Reuters'), and where it ends."""
    end = match.end()
    if match.group(0).lower() == "told":
        to = _ADDRESSEE.match(masked, end)
        if to:
            end = to.end() - len(to.group(0)) + len(to.group(0).rstrip("."))
    return masked[match.start():end], end


def _cues_in(masked: str, cues: list[Cue]) -> list[tuple[re.Match[str], Cue]]:
    """The cues of a text in order; a cue word right after a determiner is an adjective or a noun.

    >>> cues = [Cue("confirmed", re.compile(r"\\bconfirmed\\b"), "verb", "")]
    >>> text = "as the confirmed toll rose, officials confirmed it"
    >>> [text[m.start() - 10:m.end()] for m, _ in _cues_in(text, cues)]
    ['officials confirmed']
    """
    found = [(m, cue) for cue in cues for m in cue.pattern.finditer(masked)
             if not DETERMINER_BEFORE.search(masked, max(0, m.start() - 40), m.start())]
    return sorted(found, key=lambda item: (item[0].start(), -len(item[0].group(0))))


def _inverted_speaker(after: str) -> str:
    """The speaker of an inverted frame: 'said another, using...' -> 'another'.

    What follows the cue is no speaker when it reads as a clause: a subject pronoun with more
    words ('said it had warned residents'), 'that', or a finite verb ('said the residents had left').

    >>> _inverted_speaker(" another, using the old name"), _inverted_speaker(" it had warned residents")
    ('another', '')
    """
    match = re.match(r"\s*(?P<who>(?:the\s+)?[^,.;:\"]{1,80}?)(?=\s*(?:[,.;:\"]|$|\s+(?:in response|who|which|using|resisting)\b))", after)
    who = match.group("who").strip() if match else ""
    return "" if _CLAUSE.search(who) else who


@dataclass
class _Candidate:
    """A statement found but not yet attributed: speakers are resolved later, in text order."""

    position: int  # where the cue stands (where a continuation's quotation opens)
    sentence: Sentence
    char_start: int
    char_end: int
    kind: str  # quote or paraphrase
    mode: str  # before, inverted, subject, according_to, continuation
    cue: str
    head: str  # text before the cue (mode before) or the speaker phrase (other modes)
    quote: str
    after: str = ""  # the rest of the sentence after the cue (paraphrases)


def _frame(kind_text: str, match: re.Match[str], cue: Cue, offset: int, sentence: Sentence, start: int, end: int,
           kind: str, quote: str, speakers: Speakers) -> _Candidate | None:
    """A candidate from a cue found in `kind_text` (a frame or a sentence, starting at `offset`)."""
    head = kind_text[:match.start()]
    cue_text, cue_end = _cue_text(kind_text, match)
    position = offset + match.start()
    rest = kind_text[cue_end:]
    if cue.kind == "according_to":
        who = re.match(r"\s*([^,.;:\"]+)", kind_text[match.end():])
        if not who:
            return None
        after = head.rstrip(" ,") + " " + kind_text[match.end() + who.end():].lstrip(" ,")
        return _Candidate(position, sentence, start, end, kind, "according_to", cue_text, who.group(1).strip(),
                          quote, after.strip())
    if cue.kind == "participle":
        return _Candidate(position, sentence, start, end, kind, "subject", cue_text, head, quote, rest.strip(" :,"))
    if _PASSIVE.search(head) or re.search(r"\bto\s+$", head):
        return None  # "are said to have been killed": a hedge with no speaker
    inverted = _inverted_speaker(rest)
    if _words(head) == 0 or (re.search(r",\s*$", head) and cue.name != "told" and inverted
                             and (_pronoun(inverted) or speakers.resolve(inverted) or speakers.unlisted(inverted)
                                  or speakers.unnamed(inverted))):
        # '"...," said another' or 'The proposal came from Russia, explained the Armenian fighters'
        return _Candidate(position, sentence, start, end, kind, "inverted", cue_text, inverted, quote,
                          head.strip(" ,"))
    return _Candidate(position, sentence, start, end, kind, "before", cue_text, head, quote, rest)


def find_attributions(
    text: str,
    cues: list[Cue],
    speakers: Speakers,
    doc_id: str = "",
    sentences: list[Sentence] | None = None,
    min_quote_words: int = MIN_QUOTE_WORDS,
) -> list[Attribution]:
    """Every quotation and reported statement of a clean text, in text order."""
    sentences = sentences if sentences is not None else split_sentences(text)
    long_spans = [(a, b) for a, b in quote_spans(text) if _words(text[a + 1:b]) >= min_quote_words]
    masked = _mask(text, long_spans)
    candidates: list[_Candidate] = []
    framed: set[int] = set()
    for open_at, close_at in long_spans:
        close_sentence = sentence_at(sentences, close_at) or sentence_at(sentences, max(0, close_at - 1))
        open_sentence = sentence_at(sentences, open_at)
        if close_sentence is None or open_sentence is None:
            continue
        quote = _clean_quote(text[open_at + 1:close_at])
        after = masked[close_at + 1:close_sentence.char_end]
        before = masked[open_sentence.char_start:open_at]
        candidate = None
        found_after = _cues_in(after, cues)[:1]
        if found_after and _words(after[:found_after[0][0].start()]) <= 12 and not re.search(r"[.!?]\s", after[:found_after[0][0].start()]):
            match, cue = found_after[0]
            candidate = _frame(after, match, cue, close_at + 1, close_sentence, open_at + 1, close_at, "quote", quote,
                               speakers)
        cues_before = _cues_in(before, cues)
        if candidate is None and cues_before:
            verbs = [item for item in cues_before if item[1].kind != "participle"]
            # '..., X said, adding that "...": the speaker of "said" speaks the quotation
            match, cue = verbs[-1] if cues_before[-1][1].kind == "participle" and verbs else cues_before[-1]
            candidate = _frame(before, match, cue, open_sentence.char_start, open_sentence, open_at + 1, close_at,
                               "quote", quote, speakers)
        if candidate is not None:
            framed.add(candidate.sentence.sentence_id)
            candidates.append(candidate)
        elif not text[open_sentence.char_start:open_at].strip():
            candidates.append(_Candidate(open_at, open_sentence, open_at + 1, close_at, "quote", "continuation", "", "",
                                         quote))
    for sentence in sentences:
        if sentence.sentence_id in framed:
            continue
        local = masked[sentence.char_start:sentence.char_end]
        for match, cue in _cues_in(local, cues):
            candidate = _frame(local, match, cue, sentence.char_start, sentence, sentence.char_start, sentence.char_end,
                               "paraphrase", "", speakers)
            if candidate is not None:
                candidates.append(candidate)
                break
    return _resolve_all(sorted(candidates, key=lambda c: (c.position, c.char_start)), text, masked, long_spans, speakers, doc_id)


def _resolve_all(candidates: list[_Candidate], text: str, masked: str, spans: list[tuple[int, int]],
                 speakers: Speakers, doc_id: str) -> list[Attribution]:
    """Attribute the candidates in text order, so that each pronoun sees the statements before it."""
    history = _History(text, spans, speakers)
    found: list[Attribution] = []
    paraphrased: set[int] = set()
    for c in candidates:
        sentence_id = c.sentence.sentence_id
        if c.kind == "paraphrase" and sentence_id in paraphrased:
            continue
        attributed: tuple[Speaker, str, str] | None = None
        if c.mode == "continuation":
            previous = history.last(c.position)
            if previous and sentence_id - previous[1] <= 2 and found and found[-1].kind == "quote" \
                    and found[-1].speaker_id == previous[2].speaker_id:
                attributed = (previous[2], "", "continuation")
        elif c.mode == "before":
            attributed = _speaking_from(c.head, c.after, speakers) or _speaker_before(
                c.head, c.position, sentence_id, speakers, history)
        elif c.mode == "subject":
            subject = _subject(c.head, speakers)
            attributed = (subject[0], subject[1], "subject") if subject else None
        elif c.head:
            resolved = _resolve_phrase(c.head, c.position, sentence_id, speakers, history)
            attributed = (resolved[0], c.head, resolved[1]) if resolved else None
        if attributed is None:
            continue
        speaker, phrase, how = attributed
        quote = c.quote if c.kind == "quote" else _paraphrase_content(c, phrase, text, masked)
        found.append(Attribution(doc_id, sentence_id, c.char_start, c.char_end, speaker.speaker, speaker.speaker_id,
                                 speaker.group, phrase, how, c.cue, c.kind, quote))
        history.add(c.position, sentence_id, speaker, phrase)
        if c.kind == "paraphrase":
            paraphrased.add(sentence_id)
    return sorted(found, key=lambda a: (a.sentence_id, a.char_start))


def _paraphrase_content(c: _Candidate, phrase: str, text: str, masked: str) -> str:
    """What a paraphrase reports: the clause after the cue ('said that ...'), else the words before the speaker."""
    if c.mode in ("according_to", "subject", "inverted"):
        content = c.after
    else:
        rest = c.after
        for _ in range(3):  # "said on Friday that", "warned on September 21 at the UN ... that"
            rest = _LEADING_ADVERBIAL.sub("", rest, count=1)
        phrase_at = c.head.rfind(phrase) if phrase else -1
        prior = c.head[:phrase_at].strip(" ,") if phrase_at > 0 else ""
        introduction = bool(re.match(r"(?:As|In|Meanwhile|However|Earlier|Later|Asked|Today)\b[^,]*$", prior))
        if re.match(r"\s*(?:[,.;]|$)", rest) and prior and not introduction:
            content = prior  # "The corridor is closed, he said, adding ...": the content came first
        else:
            rest = re.sub(r"^\s*(?:on|in|at|from|via|during|to)\b[^,\"]{0,80}?\bthat\b", "", rest)
            content = re.sub(r"^[\s,]*(?:that\b|:)?\s*", "", rest).strip()
            if re.search(r"\b(?:who|whom|which)\b[^,]*$", c.head):
                # "peacekeepers, who the Kremlin says are mediating the talks, accompanied ...": the
                # statement is the relative clause; the main clause after its comma is the writer's
                content = content.split(",")[0]
    if not content.strip():
        content = c.sentence.text
    return _restore(content, text, c.sentence, masked)


def _restore(content: str, text: str, sentence: Sentence, masked: str) -> str:
    """Paraphrase content as written: blanked quotations put back, whitespace tidied."""
    local_masked = masked[sentence.char_start:sentence.char_end]
    index = local_masked.find(content)
    if index >= 0:
        content = text[sentence.char_start + index:sentence.char_start + index + len(content)]
    return re.sub(r"\s+", " ", content).strip(" ,.\"")


def unattributed_quotes(text: str, attributions: list[Attribution], min_quote_words: int = MIN_QUOTE_WORDS) -> list[tuple[int, int, str]]:
    """Quotations long enough to attribute that no frame or continuation claimed (offsets inside the marks)."""
    claimed = {(a.char_start, a.char_end) for a in attributions if a.kind == "quote"}
    return [
        (a + 1, b, _clean_quote(text[a + 1:b]))
        for a, b in quote_spans(text)
        if _words(text[a + 1:b]) >= min_quote_words and (a + 1, b) not in claimed
    ]


ATTRIBUTION_COLUMNS = [
    "doc_id", "sentence_id", "speaker", "speaker_group", "cue", "quote", "kind", "speaker_id", "speaker_phrase",
    "resolved_by", "char_start", "char_end",
]


def attributions_table(
    texts: dict[str, str],
    cues: list[Cue],
    speakers: Speakers,
    sentences_by_doc: dict[str, list[Sentence]] | None = None,
    min_quote_words: int = MIN_QUOTE_WORDS,
) -> "pd.DataFrame":  # noqa: F821
    """`data/processed/attributions.csv`: one row per quotation or reported statement, in text order."""
    import pandas as pd

    rows = []
    for doc_id, text in texts.items():
        sentences = (sentences_by_doc or {}).get(doc_id) or split_sentences(text)
        rows += [a.row() for a in find_attributions(text, cues, speakers, doc_id, sentences, min_quote_words)]
    frame = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    return frame.sort_values(["doc_id", "sentence_id", "char_start"], kind="mergesort").reset_index(drop=True)


def group_order(groups: Sequence[str] | None, present: Sequence[str]) -> list[str]:
    """`groups` (`Speakers.groups`), then any group of the data they miss, "other" last: one order for every table and chart.

    >>> group_order(("UN", "other"), ["Syria", "other", "UN", ""])
    ['UN', 'Syria', 'other']
    """
    named = [g for g in dict.fromkeys([*(groups or ()), *present]) if g and g != OTHER]
    return named + [OTHER]


def speaker_counts(attributions: "pd.DataFrame", published: dict[str, str],  # noqa: F821
                   groups: tuple[str, ...] = (OTHER,)) -> "pd.DataFrame":  # noqa: F821
    """Statements and distinct speakers per article and group: the data of the speakers chart, one row per bar segment.

    Articles come in order of publication; `left` is where each group's segment starts, groups in
    the order of `groups` (`Speakers.groups`), then any other group of the table, "other" last. An article
    in which nobody speaks keeps a row, with no group and 0 statements, so the chart shows it too.
    Without a publication date (a corpus without a manifest) the label is the doc_id alone.
    """
    import pandas as pd

    order = group_order(groups, list(attributions["speaker_group"]))
    rows = []
    for doc_id in sorted(published, key=lambda d: (published[d], d)):
        part = attributions[attributions["doc_id"] == doc_id]
        label = f"{doc_id}\n(published {published[doc_id]})" if published[doc_id] else doc_id
        left = 0
        for group in order:
            members = part[part["speaker_group"] == group]
            if not len(members):
                continue
            rows.append({
                "doc_id": doc_id, "label": label, "speaker_group": group,
                "statements": len(members), "quotes": int((members["kind"] == "quote").sum()), "left": left,
                "speakers": members["speaker_id"].nunique(),
                "speaker_ids": "; ".join(sorted(members["speaker_id"].unique())),
                "speaker_names": "; ".join(sorted(members["speaker"].unique())),
            })
            left += len(members)
        if not left:
            rows.append({"doc_id": doc_id, "label": label, "speaker_group": "", "statements": 0, "quotes": 0, "left": 0,
                         "speakers": 0, "speaker_ids": "", "speaker_names": ""})
    columns = ["doc_id", "label", "speaker_group", "statements", "quotes", "left", "speakers", "speaker_ids", "speaker_names"]
    return pd.DataFrame(rows, columns=columns)
