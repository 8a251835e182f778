"""Pairing extracted figures with the gold annotation, and the scores computed from the pairs."""

import math

import pandas as pd
import pytest

from newsfigures import evaluate


def figures(*rows: tuple) -> pd.DataFrame:
    """(doc_id, mention, value, category) rows as a table."""
    return pd.DataFrame(rows, columns=["doc_id", "mention", "value", "category"])


def test_each_prediction_pairs_with_one_gold_row_at_most() -> None:
    gold = figures(("a", "25", 25, "killed"), ("a", "twenty-five", 25, "killed"))
    predicted = figures(("a", "25", 25, "killed"))
    matched = evaluate.match(predicted, gold)
    assert matched["status"].tolist() == ["tp", "fn"]
    assert evaluate.scores(matched) == evaluate.Scores(true_positives=1, false_positives=0, false_negatives=1)


@pytest.mark.parametrize("gold_mention, mentions, expected", [
    ("About 200", ["200", "about 200"], [["tp", "about 200"], ["fp", "200"]]),  # its wording, whatever the case
    ("about 200", ["200", "two hundred"], [["tp", "200"], ["fp", "two hundred"]]),  # else the first in order
])
def test_which_prediction_a_gold_row_pairs_with(gold_mention: str, mentions: list[str], expected: list) -> None:
    gold = figures(("a", gold_mention, 200, "wounded"))
    predicted = figures(*[("a", mention, 200, "wounded") for mention in mentions])
    assert evaluate.match(predicted, gold)[["status", "mention"]].values.tolist() == expected


def test_the_category_counts_unless_told_otherwise() -> None:
    gold = figures(("a", "32", 32, "killed"))
    predicted = figures(("a", "32", 32, "wounded"))
    assert evaluate.match(predicted, gold)["status"].tolist() == ["fn", "fp"]
    by_value = evaluate.match(predicted, gold, match_category=False)
    assert by_value["status"].tolist() == ["tp"]
    assert by_value.loc[0, "predicted_category"] == "wounded"


def test_figures_of_different_articles_never_pair() -> None:
    matched = evaluate.match(figures(("b", "5", 5, "killed")), figures(("a", "5", 5, "killed")))
    assert matched["status"].tolist() == ["fn", "fp"]
    assert matched["doc_id"].tolist() == ["a", "b"]


def test_values_pair_within_rounding_but_not_beyond() -> None:
    gold = figures(("a", "1.2 million", 1_200_000, "evacuated"), ("a", "0.5", 0.5, "other"))
    predicted = figures(("a", "1.2 million", 1_200_000.0000001, "evacuated"), ("a", "0.5", 0.5001, "other"))
    assert evaluate.match(predicted, gold)["status"].tolist() == ["tp", "fn", "fp"]


def test_a_missing_document_or_category_matches_nothing() -> None:
    gold = figures((None, "4", 4, "killed"), ("a", "5", 5, None), (math.nan, "6", 6, "killed"))
    predicted = figures((None, "4", 4, "killed"), ("a", "5", 5, None), (math.nan, "6", 6, "killed"))
    assert evaluate.match(predicted, gold)["status"].tolist() == ["fn", "fn", "fn", "fp", "fp", "fp"]
    # Without the category check, the row whose document is known pairs.
    assert evaluate.match(predicted, gold, match_category=False)["status"].tolist() == ["fn", "tp", "fn", "fp", "fp"]


def test_a_missing_mention_is_no_reason_to_fail() -> None:
    gold = figures(("a", "7", 7, "killed"))
    predicted = figures(("a", math.nan, 7, "killed"), ("a", "7", 7, "killed"))
    matched = evaluate.match(predicted, gold)
    assert matched["status"].tolist() == ["tp", "fp"]
    assert matched.loc[0, "mention"] == "7"  # the one with the gold wording, though it comes second


def test_rows_come_in_gold_order_then_unpaired_predictions_in_their_order() -> None:
    gold = figures(("b", "2", 2, "killed"), ("a", "1", 1, "killed"), ("a", "9", 9, "killed"))
    predicted = figures(("a", "3", 3, "killed"), ("a", "1", 1, "killed"), ("b", "2", 2, "killed"), ("a", "4", 4, "killed"))
    matched = evaluate.match(predicted, gold)
    assert matched[["status", "value"]].values.tolist() == [["tp", 2], ["tp", 1], ["fn", 9], ["fp", 3], ["fp", 4]]
    assert list(matched.columns) == ["status", "doc_id", "category", "value", "gold_mention", "mention", "predicted_category"]


def test_no_predictions_or_no_gold_gives_the_same_columns() -> None:
    empty = figures()
    assert evaluate.match(empty, figures(("a", "1", 1, "killed")))["status"].tolist() == ["fn"]
    assert evaluate.match(figures(("a", "1", 1, "killed")), empty)["status"].tolist() == ["fp"]
    assert evaluate.match(empty, empty).empty


@pytest.mark.parametrize("tp, fp, fn, precision, recall, f1", [
    (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
    (0, 0, 0, 0.0, 0.0, 0.0),
    (0, 2, 0, 0.0, 0.0, 0.0),
])
def test_scores(tp: int, fp: int, fn: int, precision: float, recall: float, f1: float) -> None:
    s = evaluate.Scores(tp, fp, fn)
    assert (s.precision, s.recall) == pytest.approx((precision, recall))
    assert s.f1 == pytest.approx(f1)


def test_scores_table_has_a_row_per_category_and_one_for_all() -> None:
    gold = figures(("a", "1", 1, "killed"), ("a", "2", 2, "wounded"))
    predicted = figures(("a", "1", 1, "killed"), ("a", "3", 3, "wounded"))
    table = evaluate.scores_table(evaluate.match(predicted, gold)).set_index("category")
    assert list(table.index) == ["killed", "wounded", "all"]
    assert table.loc["killed", "f1"] == 1.0
    assert table.loc["wounded", ["gold", "found", "correct"]].tolist() == [1, 1, 0]
    assert table.loc["all", ["gold", "found", "correct", "f1"]].tolist() == [2, 2, 1, 0.5]
