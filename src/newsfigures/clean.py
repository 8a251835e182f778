"""Turn a raw article into clean text: normalise characters, then drop web furniture by rules kept as data.

The rules live in `data/lexicons/furniture.yml`, one entry each with a name, a kind, a
pattern and the reason it exists, so an instructor can add a rule without touching code.
Kinds, applied in this order:

- `prefix`: a regular expression matched at the very start of the article (scraper metadata).
- `paragraph_prefix`: a regular expression matched at the start of any paragraph; the match goes
  and the rest of the paragraph stays (a wire dateline, "ANKARA, Feb 6 (Reuters) – ", before the
  lead: its date is the report's, which the timeline would otherwise read as an event's).
- `line`: a paragraph that matches the expression from start to end is removed.
- `truncate`: a paragraph that matches marks the end of the article; it and all after it go.
- `near_duplicate`: a paragraph whose words match an earlier paragraph's at least
  `threshold` (difflib ratio) is a repeat and goes; the first occurrence stays.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

RULE_KINDS = ("prefix", "paragraph_prefix", "line", "truncate", "near_duplicate")

_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
_TRANSLATE = _INVISIBLE | {
    **dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"), " "),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"), '"'),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015"), "\u2013"),
    ord("\u2212"): "-",
    ord("\u2026"): "...",
    ord("\u2028"): "\n",
    ord("\u2029"): "\n",
    ord("\r"): "\n",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """Unicode NFC; straight quotes; one dash (–); `...` for ellipses; single spaces; one blank line between paragraphs.

    Every line becomes a paragraph; invisible and bidirectional control characters go.

    >>> normalize_text("“Peace”\u00a0– now…\\r\\nNext  line")
    '"Peace" – now...\\n\\nNext line'
    >>> normalize_text("Pas\u030cinjan")  # NFC joins the combining caron
    'Pašinjan'
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_TRANSLATE)
    text = _CONTROL.sub(" ", text)
    # Any other format or control character (bidi marks, C1 controls...) is invisible: drop it.
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cf", "Cc"))
    text = re.sub(r"(?<=\s)-(?=\s)", "\u2013", text)  # a spaced hyphen is a dash
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Rule:
    """One furniture rule: what it matches and why it exists."""

    name: str
    kind: str
    pattern: str
    reason: str
    threshold: float = 0.8
    min_words: int = 8
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise ValueError(f"furniture rule '{self.name}': kind '{self.kind}' unknown; valid: {', '.join(RULE_KINDS)}")
        try:
            compiled = re.compile(self.pattern or r"(?!)", re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"furniture rule '{self.name}': pattern is not a valid regular expression ({error})") from None
        object.__setattr__(self, "regex", compiled)


@dataclass(frozen=True)
class Removal:
    """A piece of text a rule removed from one article."""

    rule: str
    text: str


@dataclass(frozen=True)
class CleanResult:
    """The clean text of one article and what was removed to get it."""

    text: str
    removed: tuple[Removal, ...]


def load_rules(path: Path) -> list[Rule]:
    """The rules of a furniture file, in order; a bad entry raises one line naming the file, its line and the fix."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
        document = yaml.compose(text)  # the nodes know their lines; safe_load's values do not
        entries = yaml.safe_load(text) or {}
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ValueError(f"{path}{f' line {mark.line + 1}' if mark else ''}: not valid YAML "
                         f"({getattr(error, 'problem', None) or error}); compare it with data/lexicons/furniture.yml") from None
    if not isinstance(entries, dict) or not isinstance(entries.get("rules", []), list):
        raise ValueError(f"{path}: expected 'rules:' followed by a list of rules, as in data/lexicons/furniture.yml")
    rule_nodes = next((value.value for key, value in document.value if key.value == "rules"), []) if document else []
    if not isinstance(entries.get("parts") or {}, dict):
        raise ValueError(f"{path}: expected 'parts:' followed by names and patterns (Name: '[A-Z]\\w+'), as in data/lexicons/furniture.yml")
    for name, part in (entries.get("parts") or {}).items():
        if not isinstance(part, str):  # "Name: [A-Z]" unquoted is a YAML list; "Name:" alone is None
            raise ValueError(f"{path}: part '{name}' is not a pattern in quotes (got {type(part).__name__}); "
                             f"write it as {name}: '[A-Z]...'")
    parts = resolve_parts({str(name): part for name, part in (entries.get("parts") or {}).items()}, path)
    rules = []
    for index, entry in enumerate(entries.get("rules") or [], start=1):
        line = rule_nodes[index - 1].start_mark.line + 1 if index <= len(rule_nodes) else 0
        where = f"{path} line {line} (rule {index})"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: a rule is a mapping of name, kind, pattern and reason, as in data/lexicons/furniture.yml")
        missing = [key for key in ("name", "kind", "reason") if not entry.get(key)]
        if missing:
            raise ValueError(f"{where}: lacks {', '.join(missing)}; every rule needs name, kind, pattern and reason")
        if not isinstance(entry.get("pattern") or "", str):
            raise ValueError(f"{where}: pattern is not text in quotes (got {type(entry['pattern']).__name__}); "
                             "write it as pattern: '...'")
        pattern = expand_parts(entry.get("pattern") or "", parts, where)
        try:
            rules.append(
                Rule(
                    name=str(entry["name"]),
                    kind=str(entry["kind"]),
                    pattern=pattern,
                    reason=str(entry["reason"]),
                    threshold=float(entry.get("threshold", 0.8)),
                    min_words=int(entry.get("min_words", 8)),
                )
            )
        except (TypeError, ValueError) as error:
            message = str(error) if str(error).startswith("furniture rule") else f"threshold and min_words must be numbers ({error})"
            raise ValueError(f"{where}: {message}") from None
    return rules


PART = re.compile(r"\{\{(\w+)\}\}")


def expand_parts(pattern: str, parts: dict[str, str], where: str) -> str:
    """`pattern` with each `{{Name}}` replaced by the part of that name, as a group read without verbose mode.

    Parts keep long rules readable: a byline's name pattern is written once and used by every rule
    that needs it, in a verbose `(?x)` pattern or a plain one alike.

    >>> expand_parts("by {{Name}}( and {{Name}})?", {"Name": "[A-Z][a-z]+ [A-Z][a-z]+"}, "rule 1")
    'by (?-x:[A-Z][a-z]+ [A-Z][a-z]+)( and (?-x:[A-Z][a-z]+ [A-Z][a-z]+))?'
    >>> expand_parts("by {{Nmae}}", {"Name": "x"}, "furniture.yml line 9 (rule 3)")
    Traceback (most recent call last):
    ValueError: furniture.yml line 9 (rule 3): {{Nmae}} is not among the parts (Name); define it under 'parts:' or write the pattern out
    """

    def part(match: re.Match[str]) -> str:
        if match.group(1) not in parts:
            known = ", ".join(parts) or "none"
            raise ValueError(f"{where}: {{{{{match.group(1)}}}}} is not among the parts ({known}); "
                             "define it under 'parts:' or write the pattern out")
        return f"(?-x:{parts[match.group(1)]})"

    return PART.sub(part, pattern)


def resolve_parts(raw: dict[str, str], path: Path | str) -> dict[str, str]:
    """Every part with the parts it uses written out, whatever order the file lists them in.

    >>> resolve_parts({"Names": "{{Name}}( and {{Name}})*", "Name": "[A-Z][a-z]+"}, "f.yml")["Names"]
    '(?-x:[A-Z][a-z]+)( and (?-x:[A-Z][a-z]+))*'
    >>> resolve_parts({"A": "{{B}}", "B": "x{{A}}"}, "f.yml")
    Traceback (most recent call last):
    ValueError: f.yml: part 'A' uses itself (A → B → A); a part may only use other parts
    """
    order: list[str] = []  # each part after the parts it uses

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in chain:
            raise ValueError(f"{path}: part '{chain[0]}' uses itself ({' → '.join(chain + (name,))}); "
                             "a part may only use other parts")
        if name not in order:
            for used in PART.findall(raw[name]):
                if used in raw:
                    visit(used, chain + (name,))
            order.append(name)

    for name in raw:
        visit(name, ())
    parts: dict[str, str] = {}
    for name in order:  # an unknown name is reported with every part the file defines
        parts[name] = expand_parts(raw[name], parts | {k: "" for k in raw if k not in parts}, f"{path}: part '{name}'")
    return parts


def _words(paragraph: str) -> list[str]:
    return re.findall(r"\w+", paragraph.lower())


def _is_repeat(words: list[str], earlier: list[list[str]], rule: Rule) -> bool:
    """True when `words` match an earlier paragraph's at least `rule.threshold` (difflib's ratio).

    Cheap bounds first: two paragraphs whose lengths differ too much cannot reach the
    threshold, and the matcher indexes this paragraph once, not once per pair.
    """
    if len(words) < rule.min_words:
        return False
    matcher = None
    for previous in earlier:
        n, m = len(words), len(previous)
        if m < rule.min_words or 2.0 * min(n, m) / (n + m) < rule.threshold:
            continue
        if matcher is None:
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(words)
        matcher.set_seq1(previous)
        if matcher.quick_ratio() >= rule.threshold and matcher.ratio() >= rule.threshold:
            return True
    return False


def remove_furniture(text: str, rules: list[Rule]) -> CleanResult:
    """Apply the rules to normalised text; paragraphs are separated by blank lines."""
    removed: list[Removal] = []
    for rule in (r for r in rules if r.kind == "prefix"):
        match = rule.regex.match(text)
        if match and match.group(0).strip():
            removed.append(Removal(rule.name, match.group(0).strip()))
            text = text[match.end() :].lstrip()
    kept: list[str] = []
    kept_words: list[list[str]] = []
    paragraphs = text.split("\n\n")
    duplicate_rules = [r for r in rules if r.kind == "near_duplicate"]
    lead_rules = [r for r in rules if r.kind == "paragraph_prefix"]
    for index, paragraph in enumerate(paragraphs):
        for rule in lead_rules:
            lead = rule.regex.match(paragraph)
            if lead and lead.group(0).strip() and paragraph[lead.end() :].strip():  # a whole paragraph is a `line`'s
                removed.append(Removal(rule.name, lead.group(0).strip()))
                paragraph = paragraph[lead.end() :].lstrip()
                break
        ending = next((r for r in rules if r.kind == "truncate" and r.regex.fullmatch(paragraph)), None)
        if ending:
            rest = "\n\n".join(paragraphs[index:])
            removed.append(Removal(ending.name, rest))
            break
        line_rule = next((r for r in rules if r.kind == "line" and r.regex.fullmatch(paragraph)), None)
        if line_rule:
            removed.append(Removal(line_rule.name, paragraph))
            continue
        words = _words(paragraph)
        repeat = next((r for r in duplicate_rules if _is_repeat(words, kept_words, r)), None)
        if repeat:
            removed.append(Removal(repeat.name, paragraph))
            continue
        kept.append(paragraph)
        kept_words.append(words)
    return CleanResult("\n\n".join(kept), tuple(removed))


def clean_article(text: str, rules: list[Rule]) -> CleanResult:
    """Normalise, then remove furniture: the whole cleaning of one raw article."""
    return remove_furniture(normalize_text(text), rules)


def clean_corpus(texts: dict[str, str], rules: list[Rule]) -> tuple[dict[str, str], "pd.DataFrame"]:  # noqa: F821
    """Clean every article; returns the clean texts by doc_id and the log (doc_id, rule, removed_text, chars)."""
    import pandas as pd

    clean, log = {}, []
    for doc_id, text in texts.items():
        result = clean_article(text, rules)
        clean[doc_id] = result.text
        log += [{"doc_id": doc_id, "rule": r.rule, "removed_text": r.text, "chars": len(r.text)} for r in result.removed]
    return clean, pd.DataFrame(log, columns=["doc_id", "rule", "removed_text", "chars"])


def cleaning_summary(raw: dict[str, str], clean: dict[str, str], log: "pd.DataFrame") -> "pd.DataFrame":  # noqa: F821
    """Per article: characters before and after, and characters each rule removed (one column a rule)."""
    import pandas as pd

    summary = pd.DataFrame(
        {"doc_id": list(raw), "chars_raw": [len(raw[d]) for d in raw], "chars_clean": [len(clean[d]) for d in raw]}
    )
    if len(log):
        by_rule = log.pivot_table(index="doc_id", columns="rule", values="chars", aggfunc="sum", fill_value=0)
        summary = summary.merge(by_rule.reset_index(), on="doc_id", how="left").fillna(0)
    return summary
