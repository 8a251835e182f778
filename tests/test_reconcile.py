"""Each source's figures per category, reconciled into low / best / high (newsfigures.reconcile)."""

from __future__ import annotations

import pandas as pd
import pytest

from newsfigures import extract, reconcile


def figures_of(articles: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """The figures table of short articles: doc_id -> (published, text)."""
    found = [f for doc_id, (published, text) in articles.items() for f in extract.find_figures(text, doc_id, published)]
    meta = pd.DataFrame([{"doc_id": d, "outlet": d.upper(), "published": p} for d, (p, _) in articles.items()])
    return extract.figures_table(found, meta)


def estimate(articles: dict[str, tuple[str, str]], category: str, group: str = "all") -> pd.Series:
    table = reconcile.estimates(reconcile.source_reports(figures_of(articles)))
    return table[(table["category"] == category) & (table["subject_group"] == group)].iloc[0]


TOLL = {
    "a": ("2023-09-19", "The operation killed 25 people, including two civilians."),
    "b": ("2023-09-20", "There are dozens of dead, according to Reuters."),
    "c": ("2023-09-21", "At least 200 people were killed."),
    "d": ("2023-09-22", "The attack left 200 people dead."),
}


def test_each_source_gives_its_largest_figure_per_group_in_date_order():
    reports = reconcile.source_reports(figures_of(TOLL))
    killed = reports[reports["category"] == "killed"]
    assert list(zip(killed["subject_group"], killed["doc_id"], killed["value"])) == [
        ("all", "a", 25.0), ("all", "b", 24.0), ("all", "c", 200.0), ("all", "d", 200.0), ("civilians", "a", 2.0)]


def test_low_best_high_and_where_they_come_from():
    row = estimate(TOLL, "killed")
    assert (row["sources"], row["low"], row["best"], row["high"]) == (4, 24.0, 200.0, 200.0)
    assert (row["low_mention"], row["best_source"], row["best_mention"]) == ("dozens", "d", "200")
    # "at least 200" reaches the high, but so does d's plain 200: the high is bounded
    assert not row["high_open"] and not row["low_open"]


def test_a_high_only_open_ended_reports_reach_is_open():
    row = estimate({"a": ("2023-09-22", "More than 800 weapons have been surrendered.")}, "weapons_surrendered")
    assert (row["low"], row["best"], row["high"], bool(row["high_open"])) == (800.0, 800.0, 800.0, True)
    row = estimate({"a": ("2023-09-20", "The attack left 200 people dead."),
                    "b": ("2023-09-21", "At least 300 people were killed.")}, "killed")
    assert (row["high"], bool(row["high_open"]), row["high_mention"]) == (300.0, True, "At least 300")


def test_one_victim_named_among_the_dead_has_no_upper_bound():
    headline = "Top Russian officer among troops killed during the attack"
    row = estimate({"a": ("2023-09-21", headline)}, "killed", "military")
    assert (row["low"], row["best"], bool(row["high_open"]), row["best_mention"]) == (1.0, 1.0, True, "Top Russian officer")
    counted = estimate({"a": ("2023-09-21", headline), "b": ("2023-09-22", "Three soldiers were killed.")}, "killed", "military")
    assert (counted["high"], bool(counted["high_open"])) == (3.0, False)  # a count bounds it


def test_a_low_only_up_to_reports_reach_is_open():
    row = estimate({"a": ("2023-09-20", "Up to 50 people were wounded.")}, "wounded")
    assert (row["low"], bool(row["low_open"]), bool(row["high_open"])) == (50.0, True, False)


def test_best_skips_vague_words_unless_every_report_is_vague():
    row = estimate({"a": ("2023-09-19", "At least 138 people were wounded."),
                    "b": ("2023-09-21", "Hundreds were wounded.")}, "wounded")
    assert (row["best"], row["best_source"], row["high"], row["high_mention"]) == (138.0, "a", 999.0, "Hundreds")
    row = estimate({"a": ("2023-09-19", "Dozens were wounded."), "b": ("2023-09-21", "Hundreds were wounded.")}, "wounded")
    assert (row["best"], row["best_source"]) == (200.0, "b")


def test_on_one_day_an_exact_figure_beats_a_hedged_one():
    row = estimate({"a": ("2023-09-21", "About 300 people were killed."),
                    "b": ("2023-09-21", "The attack left 250 people dead.")}, "killed")
    assert (row["best"], row["best_source"]) == (250.0, "b")


def test_historical_figures_and_other_categories_are_left_out():
    reports = reconcile.source_reports(figures_of({
        "a": ("2023-09-19", "The 2020 war killed about 6,500 people. The talks lasted two hours."),
    }))
    assert reports.empty


def test_a_best_far_below_an_earlier_report_is_flagged():
    """Tolls are cumulative: an aftershock's "213 injured" after 49,133 is more likely another incident than a revision."""
    quake = {"a": ("2023-02-13", "The number of injured rose to 49,133."),
             "b": ("2023-02-21", "A new quake struck Hatay, and 213 people were injured.")}
    row = estimate(quake, "wounded")
    assert (row["best"], row["fell_from"]) == (213.0, 49133.0)
    table = reconcile.by_category_table(figures_of(quake))
    assert table.loc[table["row_type"] == "estimate", "mention"].iloc[0] == (
        "estimate from 2 source(s); best under half of an earlier report (49,133)")
    assert pd.isna(estimate(TOLL, "killed")["fell_from"])  # 25, dozens, at least 200, 200: a toll that grew
    revised = estimate({"a": ("2023-09-21", "The attack left 200 people dead."),
                        "b": ("2023-09-22", "The toll was revised to 192 dead.")}, "killed")
    assert (revised["best"], pd.isna(revised["fell_from"])) == (192.0, True)  # a small revision is not flagged
    vague = estimate({"a": ("2023-02-13", "Tens of thousands were injured."),
                      "b": ("2023-02-21", "4,000 people were injured.")}, "wounded")
    assert pd.isna(vague["fell_from"])  # "tens of thousands" is read as 20,000 by convention: no one reported it
    undated = estimate({"a": ("", "The number of injured rose to 49,133."),
                        "b": ("2023-02-21", "213 people were injured.")}, "wounded")
    assert pd.isna(undated["fell_from"])  # nothing says the undated report came first


def test_the_table_puts_each_estimate_after_its_reports_and_says_when_it_has_no_bound():
    table = reconcile.by_category_table(figures_of({**TOLL, "e": ("2023-09-22", "More than 800 weapons have been surrendered.")}))
    assert list(zip(table["category"], table["subject_group"], table["row_type"])) == [
        ("killed", "all", "report")] * 4 + [("killed", "all", "estimate"), ("killed", "civilians", "report"),
                                            ("killed", "civilians", "estimate"), ("weapons_surrendered", "all", "report"),
                                            ("weapons_surrendered", "all", "estimate")]
    assert list(table.loc[table["row_type"] == "estimate", "mention"]) == [
        "estimate from 4 source(s)", "estimate from 1 source(s)", "estimate from 1 source(s); no upper bound"]


@pytest.mark.parametrize(("subject", "group"), [("civilians", "civilians"), ("Children", "children"),
                                                 ("troops", "military"), ("people", "all"), ("residents", "all")])
def test_subject_groups(subject, group):
    assert reconcile.subject_group(subject) == group
