"""Map the names in a text (spelling variants, alternative and mistaken names) to canonical entities."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsfigures.lexicons import lexicon_rows

ENTITY_TYPES = ("person", "place", "organisation", "country", "group")


@dataclass(frozen=True)
class Entity:
    """A canonical entity: id, display name and type."""

    entity_id: str
    canonical: str
    type: str


@dataclass(frozen=True)
class Mention:
    """A name as written in the text, with its offsets and the entity it stands for."""

    char_start: int
    char_end: int
    surface: str
    entity: Entity


class Gazetteer:
    """Variants to entities. Longest variant wins, so "Nagorno-Karabakh" is not read as "Karabakh".

    >>> g = Gazetteer({"Yevlakh": Entity("yevlakh", "Yevlakh", "place"),
    ...                "Yevlax": Entity("yevlakh", "Yevlakh", "place")})
    >>> [(m.surface, m.entity.entity_id) for m in g.find("Talks in Yevlax, not Yevlakhs.")]
    [('Yevlax', 'yevlakh')]
    """

    def __init__(self, variants: dict[str, Entity]) -> None:
        self.variants = dict(variants)
        self._lookup = {v.casefold(): e for v, e in self.variants.items()}
        ordered = sorted(self.variants, key=len, reverse=True)
        # A name ends where no lower-case letter follows, so "ArtsakhPresident" (a typo) still
        # yields Artsakh while "Armenians" does not yield "Armenia".
        alternatives = "|".join(re.escape(v) for v in ordered) or r"(?!)"
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?![a-z\u00e0-\u024f])")

    @classmethod
    def from_csv(cls, path: Path) -> "Gazetteer":
        """Read `variant, entity_id, canonical, type, note` rows."""
        variants: dict[str, Entity] = {}
        for number, row in lexicon_rows(path, ("variant", "entity_id", "canonical", "type"),
                                        filled=("variant", "entity_id", "canonical", "type")):
            kind = row["type"].strip()
            if kind not in ENTITY_TYPES:
                raise ValueError(f"{path} row {number}: type '{kind}' unknown; valid: {', '.join(ENTITY_TYPES)}")
            variant = row["variant"].strip()
            entity = Entity(row["entity_id"].strip(), row["canonical"].strip(), kind)
            if variant in variants and variants[variant] != entity:
                raise ValueError(f"{path} row {number}: variant '{variant}' already names {variants[variant].entity_id}; keep one row")
            variants[variant] = entity
        return cls(variants)

    def find(self, text: str) -> list[Mention]:
        """Every mention of a known name in `text`, left to right."""
        return [
            Mention(m.start(), m.end(), m.group(0), self._lookup[m.group(0).casefold()])
            for m in self._pattern.finditer(text)
        ]

    def require_ids(self, ids: Iterable[str], where: str) -> None:
        """Stop on an entity id the gazetteer lacks: a word list that names one would silently match nothing.

        >>> g = Gazetteer({"Yevlakh": Entity("yevlakh", "Yevlakh", "place")})
        >>> g.require_ids(["yevlakh", "yevlax"], "event_cues.csv row 3")
        Traceback (most recent call last):
        ValueError: event_cues.csv row 3: entity id 'yevlax' is not in gazetteer.csv; use an entity_id of that file, or add the name there
        """
        known = {entity.entity_id for entity in self.variants.values()}
        for entity_id in ids:
            if entity_id not in known:
                raise ValueError(f"{where}: entity id '{entity_id}' is not in gazetteer.csv; "
                                 "use an entity_id of that file, or add the name there")

    def canonical_id(self, name: str) -> str | None:
        """The entity id of a name as written, or None.

        >>> Gazetteer({"Hadjiyev": Entity("hikmet_hajiyev", "Hikmet Hajiyev", "person")}).canonical_id("Hadjiyev")
        'hikmet_hajiyev'
        """
        entity = self._lookup.get(name.strip().casefold())
        return entity.entity_id if entity else None

    def resolve(self, text: str) -> Entity | None:
        """The entity of the longest known name inside `text` (e.g. a speaker phrase), or None."""
        mentions = self.find(text)
        if not mentions:
            return None
        return max(mentions, key=lambda m: (m.char_end - m.char_start, -m.char_start)).entity


def mentions_table(texts: dict[str, str], gazetteer: Gazetteer) -> "pd.DataFrame":  # noqa: F821
    """Every name mention of every text: doc_id, sentence_id, char_start, char_end, surface, entity_id, canonical, type."""
    import pandas as pd

    from newsfigures.sentences import sentence_at, split_sentences

    rows = []
    for doc_id, text in texts.items():
        sentences = split_sentences(text)
        for m in gazetteer.find(text):
            sentence = sentence_at(sentences, m.char_start)
            rows.append({
                "doc_id": doc_id, "sentence_id": sentence.sentence_id if sentence else None,
                "char_start": m.char_start, "char_end": m.char_end, "surface": m.surface,
                "entity_id": m.entity.entity_id, "canonical": m.entity.canonical, "type": m.entity.type,
            })
    columns = ["doc_id", "sentence_id", "char_start", "char_end", "surface", "entity_id", "canonical", "type"]
    return pd.DataFrame(rows, columns=columns)
