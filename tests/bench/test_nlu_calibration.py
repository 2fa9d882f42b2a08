"""Fallback calibration from cross-validation output: the FallbackClassifier's rule and the trade-off table."""

import json

from bench.nlu_calibration import falls_back, predictions, table


def _ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_falls_back_like_the_fallback_classifier():
    assert falls_back(_ranking(("greet", 0.25), ("bye", 0.1)), threshold=0.3, margin=0.0)
    assert not falls_back(_ranking(("greet", 0.35), ("bye", 0.1)), threshold=0.3, margin=0.0)
    assert falls_back(_ranking(("greet", 0.45), ("bye", 0.42)), threshold=0.3, margin=0.05)
    assert not falls_back(_ranking(("greet", 0.45), ("bye", 0.42)), threshold=0.3, margin=0.02)


def test_table_counts_right_answers_lost_and_wrong_ones_caught(tmp_path):
    (tmp_path / "intent_successes.json").write_text(json.dumps(
        [{"text": "hoi", "intent": "greet"}, {"text": "dag", "intent": "bye"}]))
    (tmp_path / "intent_errors.json").write_text(json.dumps([{"text": "tot straks", "intent": "bye"}]))
    rankings = [{"text": "hoi", "ranking": _ranking(("greet", 0.9), ("bye", 0.1))},
                {"text": "dag", "ranking": _ranking(("bye", 0.25), ("greet", 0.2))},
                {"text": "tot straks", "ranking": _ranking(("greet", 0.2), ("bye", 0.15))},
                {"text": "not in the test folds", "ranking": _ranking(("greet", 0.9))}]
    (tmp_path / "rankings.jsonl").write_text("\n".join(json.dumps(r) for r in rankings))

    assert len(predictions(tmp_path)) == 3
    rows = {tuple(line.split(" | ")[:2]): line for line in table(str(tmp_path)).splitlines()}
    assert "| 50.0% (1) | 100.0% (1) |" in rows[("| 0.3", "0.0")]  # "dag" lost, "tot straks" caught
    assert "| 0.0% (0) | 100.0% (1) |" in rows[("| 0.25", "0.0")]
