"""Line up each source's figures per category, by report date, and reconcile them into low / best / high.

The rule, in the manner of UCDP's event estimates (low, best, high):

- Only figures about the 2023 events count (`historical` false), in the event categories
  (`EVENT_CATEGORIES`); a subset named in the text (civilians, children) forms its own group.
- Each source contributes its headline figure per group: the largest it reports.
- `low` is the lowest figure any source reported (its low end for a range), `high` the
  highest (an open-ended "at least 200" contributes 200). When only open-ended reports
  reach it ("more than 800", and no source says 800 or less), nothing bounds the count:
  `high_open` says so, and the report writes "800 or more" ("up to 50" alone sets `low_open`).
  `low_mention`, `best_mention` and `high_mention` are the words each came from ("dozens"
  is a low of 24 by the vague-word convention, not a source's count). One person named among
  those counted ("Top Russian officer among troops killed") counts as 1 with no upper bound:
  naming one victim never says that no one else died.
- `best` is the figure of the latest report that gives a number rather than a vague word,
  because tolls are cumulative and a later count supersedes an earlier one ("several" or
  "hundreds" is not an estimate; where every report is vague, the latest vague one stands);
  among reports of the same day, an exact figure beats a hedged one, then the larger wins.

Early partial counts therefore pull `low` down: the range shows how the toll evolved, not
the uncertainty of one final count. The report says so where it shows the table.
"""

from __future__ import annotations

import pandas as pd

EVENT_CATEGORIES = (
    "killed", "wounded", "casualties_total", "evacuated", "displaced_or_sheltered",
    "weapons_surrendered", "armed_personnel", "positions_captured",
)
SUBSET_GROUPS = {
    "civilians": "civilians", "civilian": "civilians", "children": "children", "child": "children",
    "engineer": "civilians", "women": "civilians",
    "soldiers": "military", "soldier": "military", "servicemen": "military", "serviceman": "military",
    "troops": "military", "fighters": "military", "officer": "military", "officers": "military",
}
QUALIFIER_RANK = {"exact": 0, "about": 1, "at_least": 2, "more_than": 2, "nearly": 3, "range": 4, "up_to": 5,
                  "less_than": 5, "vague": 6}
RULE = (
    "low = lowest figure reported; high = highest (open-ended figures contribute their stated number, "
    "and high_open is true when only they reach it); "
    "best = latest report that gives a number, not a vague word (exact before hedged, then larger); "
    "each source's largest figure per group"
)


ESTIMATE_COLUMNS = ["category", "subject_group", "sources", "low", "best", "high", "low_open", "high_open",
                    "low_mention", "best_mention", "high_mention", "best_source", "best_published", "fell_from", "rule"]
# A best under this share of an earlier report is flagged: tolls are cumulative, so a toll that falls
# that far is more likely another incident's ("213 injured" in an aftershock after 49,133) than a revision
FALL_SHARE = 0.5


def subject_group(subject: str) -> str:
    """The group a counted subject belongs to: 'civilians', 'children', 'military' or 'all'.

    >>> subject_group("Children"), subject_group("people")
    ('children', 'all')
    """
    return SUBSET_GROUPS.get(str(subject).lower(), "all")


def source_reports(figures: pd.DataFrame) -> pd.DataFrame:
    """Each source's headline figure per category and group, in order of report date."""
    events = figures[(~figures["historical"].astype(bool)) & figures["category"].isin(EVENT_CATEGORIES)].copy()
    events["subject_group"] = events["subject"].map(subject_group)
    if "construction" in events:
        # "Top Russian officer among troops killed": one person named bounds the count from below only
        events.loc[events["construction"].eq("implicit"), "high"] = float("nan")
    events = events.sort_values(["category", "subject_group", "doc_id", "value"], ascending=[True, True, True, False], kind="mergesort")
    headline = events.groupby(["category", "subject_group", "doc_id"], sort=False).head(1)
    headline = headline.sort_values(["category", "subject_group", "published", "doc_id"], kind="mergesort")
    columns = ["category", "subject_group", "published", "doc_id", "outlet", "mention", "value", "low", "high",
               "qualifier", "attributed_to", "sentence_id", "sentence"]
    return headline[columns].astype({"sentence_id": "Int64"}).reset_index(drop=True)


def estimates(reports: pd.DataFrame) -> pd.DataFrame:
    """Low / best / high per category and group from `source_reports`, with the sources counted.

    `fell_from` is the largest report published before the best when the best is under half of it
    (`FALL_SHARE`), else NaN: the rule takes the latest report as the best, and a toll that falls that
    far is worth reading in its sentence before it is believed.
    """
    rows = []
    for (category, group), part in reports.groupby(["category", "subject_group"], sort=True):
        lows = part["low"].fillna(part["value"])
        highs = part["high"].fillna(part["value"])
        ranked = part.assign(rank=part["qualifier"].map(QUALIFIER_RANK).fillna(9))
        ranked = ranked.assign(is_vague=ranked["qualifier"].eq("vague"))
        latest = ranked.sort_values(["is_vague", "published", "rank", "value"], ascending=[True, False, True, False],
                                    kind="mergesort").iloc[0]
        at_low, at_high = lows == lows.min(), highs == highs.max()
        # reports dated before the best that give a number: a vague word's value is a convention, and an
        # undated report may come after it
        earlier = part.loc[(part["published"] != "") & (part["published"] < latest["published"])
                           & (part["qualifier"] != "vague"), "value"]
        fell_from = float(earlier.max()) if len(earlier) and latest["value"] < FALL_SHARE * earlier.max() else float("nan")
        rows.append({
            "category": category, "subject_group": group, "sources": part["doc_id"].nunique(),
            "low": float(lows.min()), "best": float(latest["value"]), "high": float(highs.max()),
            "low_open": bool(part.loc[at_low, "low"].isna().all()), "high_open": bool(part.loc[at_high, "high"].isna().all()),
            "low_mention": part.loc[at_low, "mention"].iloc[0], "best_mention": latest["mention"],
            "high_mention": part.loc[at_high, "mention"].iloc[-1],
            "best_source": latest["doc_id"], "best_published": latest["published"], "fell_from": fell_from, "rule": RULE,
        })
    return pd.DataFrame(rows, columns=ESTIMATE_COLUMNS)


def by_category_table(figures: pd.DataFrame) -> pd.DataFrame:
    """`figures_by_category.csv`: the report rows of every group followed by its estimate row."""
    reports = source_reports(figures)
    summary = estimates(reports)
    parts = []
    for row in summary.itertuples():
        group = reports[(reports["category"] == row.category) & (reports["subject_group"] == row.subject_group)]
        parts.append(group.assign(row_type="report"))
        parts.append(pd.DataFrame([{
            "category": row.category, "subject_group": row.subject_group, "row_type": "estimate",
            "published": row.best_published, "doc_id": row.best_source, "low": row.low, "value": row.best,
            "high": row.high, "qualifier": "estimate", "mention": f"estimate from {row.sources} source(s)"
            + ("; no lower bound" if row.low_open else "") + ("; no upper bound" if row.high_open else "")
            + (f"; best under half of an earlier report ({row.fell_from:,.0f})" if pd.notna(row.fell_from) else ""),
            "low_open": row.low_open, "high_open": row.high_open, "low_mention": row.low_mention,
            "best_mention": row.best_mention, "high_mention": row.high_mention, "fell_from": row.fell_from, "note": row.rule,
        }]))
    table = pd.concat(parts, ignore_index=True) if parts else reports.assign(row_type=[])
    first = ["category", "subject_group", "row_type"]
    return table[first + [c for c in table.columns if c not in first]]
