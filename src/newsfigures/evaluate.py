"""Score extracted figures against a hand gold table: precision, recall and F1 on (document, value, category)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Scores:
    """Counts and rates of one comparison."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _same_value(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _same_mention(predicted: object, gold: object) -> bool:
    return isinstance(predicted, str) and isinstance(gold, str) and predicted.lower() == gold.lower()


def _mention_within(predicted: object, gold: object) -> bool:
    if not (isinstance(predicted, str) and isinstance(gold, str) and predicted and gold):
        return False
    return predicted.lower() in gold.lower() or gold.lower() in predicted.lower()


def match(predicted: pd.DataFrame, gold: pd.DataFrame, match_category: bool = True) -> pd.DataFrame:
    """Pair predicted and gold rows one to one; returns every row with `status` tp, fp or fn.

    Within a document, a gold row pairs with an unpaired prediction of the same value (and
    category, unless `match_category` is False): first every gold row with a prediction of the
    same words, then of words one inside the other's, then with the first left in the
    predictions' order. A missing document or category matches nothing, not even another missing one.

    >>> gold = pd.DataFrame({"doc_id": ["a", "a"], "mention": ["25", "two"], "value": [25, 2], "category": ["killed"] * 2})
    >>> pred = pd.DataFrame({"doc_id": ["a", "a"], "mention": ["25", "60"], "value": [25, 60], "category": ["killed"] * 2})
    >>> match(pred, gold)["status"].tolist()
    ['tp', 'fn', 'fp']
    >>> gold = pd.DataFrame({"doc_id": "a", "mention": ["tens of thousands", "about 20,000", "20,000 dinars"],
    ...                      "value": 20000, "category": "other"})
    >>> pred = pd.DataFrame({"doc_id": "a", "mention": ["about 20,000", "20,000"], "value": 20000, "category": "other"})
    >>> match(pred, gold)[["status", "gold_mention", "mention"]].values.tolist()
    [['fn', 'tens of thousands', ''], ['tp', 'about 20,000', 'about 20,000'], ['tp', '20,000 dinars', '20,000']]
    """
    # Plain Python over records: pandas filters for every gold row took about 0.09 s a call,
    # a third of a second over the four calls of step 03.
    candidates = predicted.to_dict("records")
    golds = gold.to_dict("records")
    by_doc: dict[object, list[int]] = {}
    for index, p in enumerate(candidates):
        if not pd.isna(p["doc_id"]):
            by_doc.setdefault(p["doc_id"], []).append(index)
    used: set[int] = set()
    paired: dict[int, int] = {}  # gold row -> prediction
    # Three passes, so that a gold row whose words the extractor found is not left without them because
    # an earlier gold row of the same value took them: the same words, then words inside the other's
    # ("20,000" in "20,000 dinars"), then any prediction of the value.
    for same_words in (_same_mention, _mention_within, lambda a, b: True):
        for g_index, g in enumerate(golds):
            if g_index in paired:
                continue
            category_known = not pd.isna(g["category"])
            pool = [i for i in by_doc.get(g["doc_id"], []) if i not in used and _same_value(candidates[i]["value"], g["value"])
                    and (not match_category or (category_known and candidates[i]["category"] == g["category"]))
                    and same_words(candidates[i]["mention"], g["mention"])]
            if pool:
                paired[g_index] = pool[0]
                used.add(pool[0])
    rows = []
    for g_index, g in enumerate(golds):
        if g_index in paired:
            p = candidates[paired[g_index]]
            rows.append({"status": "tp", "doc_id": g["doc_id"], "category": g["category"], "value": g["value"],
                         "gold_mention": g["mention"], "mention": p["mention"], "predicted_category": p["category"]})
        else:
            rows.append({"status": "fn", "doc_id": g["doc_id"], "category": g["category"], "value": g["value"],
                         "gold_mention": g["mention"], "mention": "", "predicted_category": ""})
    for index, p in enumerate(candidates):
        if index not in used:
            rows.append({"status": "fp", "doc_id": p["doc_id"], "category": p["category"], "value": p["value"],
                         "gold_mention": "", "mention": p["mention"], "predicted_category": p["category"]})
    return pd.DataFrame(rows, columns=["status", "doc_id", "category", "value", "gold_mention", "mention", "predicted_category"])


def scores(matched: pd.DataFrame) -> Scores:
    """Scores of a `match` result."""
    counts = matched["status"].value_counts()
    return Scores(int(counts.get("tp", 0)), int(counts.get("fp", 0)), int(counts.get("fn", 0)))


def scores_table(matched: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 by category and overall (`all`)."""
    rows = []
    for category in sorted(matched["category"].unique()) + ["all"]:
        part = matched if category == "all" else matched[matched["category"] == category]
        s = scores(part)
        rows.append({"category": category, "gold": s.true_positives + s.false_negatives,
                     "found": s.true_positives + s.false_positives, "correct": s.true_positives,
                     "precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)})
    return pd.DataFrame(rows)


GOLD_COLUMNS = ("doc_id", "mention", "value", "category")


def check_gold(path: Path, doc_ids: set[str]) -> list[str]:
    """Stop on a gold file the scores would misread; return warnings for rows that will not be scored.

    A value with a thousands comma, an unknown category or a missing column stops in one line that
    names the row; a doc_id that no article has (a typo) is said, since its rows would silently drop out.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "gold.csv").write_text("doc_id,mention,value,category\\nwire,25 killed,25,killed\\nwirre,3,3,wounded\\n")
    >>> check_gold(folder / "gold.csv", {"wire", "daily"})
    ["gold.csv: doc_id 'wirre' (1 row) names no article of the corpus; its rows are not scored"]
    >>> _ = (folder / "gold.csv").write_text('doc_id,mention,value,category\\nwire,"1,240 arrested","1,240",other\\n')
    >>> check_gold(folder / "gold.csv", {"wire"})
    Traceback (most recent call last):
    ValueError: ...gold.csv row 2: value '1,240' is not a number; write it without commas (1240)
    """
    from newsfigures.extract import CATEGORIES
    from newsfigures.lexicons import lexicon_rows

    counts: dict[str, int] = {}
    covered = False
    for number, row in lexicon_rows(path, GOLD_COLUMNS):
        value = row["value"].strip()
        if not value:
            continue  # a paragraph marked as having no figures
        try:
            float(value)
        except ValueError:
            plain = value.replace(",", "")
            hint = f"write it without commas ({plain})" if plain.replace(".", "", 1).isdigit() else "write a number"
            raise ValueError(f"{path} row {number}: value '{value}' is not a number; {hint}") from None
        if row["category"] not in CATEGORIES:
            raise ValueError(f"{path} row {number}: category '{row['category']}' unknown; valid: {', '.join(CATEGORIES)} "
                             "(what the extractor can find)")
        if row["doc_id"] in doc_ids:
            covered = True
        else:
            counts[row["doc_id"]] = counts.get(row["doc_id"], 0) + 1
    if not covered:
        return []  # a gold file of other articles (the seed corpus's, with a corpus of one's own): nothing to say
    return [f"{path.name}: doc_id '{doc_id}' ({n} row{'s' if n != 1 else ''}) names no article of the corpus; "
            "its rows are not scored" for doc_id, n in counts.items()]


def gold_for(gold: pd.DataFrame, doc_ids: list[str]) -> pd.DataFrame:
    """The gold rows of the documents at hand (paragraphs marked 'no figures' dropped)."""
    part = gold[gold["doc_id"].isin(doc_ids)]
    return part[part["value"].notna()].reset_index(drop=True)


def quantulum_figures(texts: dict[str, str]) -> tuple[pd.DataFrame, float]:
    """quantulum3's quantities in each text (doc_id, mention, value, unit) and the seconds it took."""
    import time
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        began = time.perf_counter()
        rows = [
            {"doc_id": doc_id, "mention": q.surface, "value": float(q.value), "unit": q.unit.name, "category": ""}
            for doc_id, text in texts.items()
            for q in parser.parse(text)
        ]
    return pd.DataFrame(rows, columns=["doc_id", "mention", "value", "unit", "category"]), time.perf_counter() - began


def comparison_table(ours: pd.DataFrame, ours_seconds: float, baseline: pd.DataFrame, baseline_seconds: float,
                     gold: pd.DataFrame) -> pd.DataFrame:
    """The project's extractor beside quantulum3: scores on value only, and on value and category."""
    rows = []
    for name, predicted, seconds in (("newsfigures", ours, ours_seconds), ("quantulum3", baseline, baseline_seconds)):
        value_only = scores(match(predicted, gold, match_category=False))
        with_category = scores(match(predicted, gold)) if name == "newsfigures" else None
        rows.append({
            "extractor": name, "found": len(predicted),
            "precision (value)": round(value_only.precision, 3), "recall (value)": round(value_only.recall, 3),
            "F1 (value)": round(value_only.f1, 3),
            "F1 (value and category)": round(with_category.f1, 3) if with_category else "no categories",
            "seconds": round(seconds, 3),
        })
    return pd.DataFrame(rows)
