"""Fallback calibration from cross-validation output: the FallbackClassifier's rule and the trade-off table."""

import json

from bench.nlu_calibration import compare, falls_back, predictions, table


def _ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_falls_back_like_the_fallback_classifier():
    assert falls_back(_ranking(("greet", 0.25), ("bye", 0.1)), threshold=0.3, margin=0.0)
    assert not falls_back(_ranking(("greet", 0.35), ("bye", 0.1)), threshold=0.3, margin=0.0)
    assert falls_back(_ranking(("greet", 0.45), ("bye", 0.42)), threshold=0.3, margin=0.05)
    assert not falls_back(_ranking(("greet", 0.45), ("bye", 0.42)), threshold=0.3, margin=0.02)


def _write_run(tmp_path, rankings):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "intent_successes.json").write_text(json.dumps(
        [{"text": "hoi", "intent": "greet"}, {"text": "dag", "intent": "bye"}]))
    (tmp_path / "intent_errors.json").write_text(json.dumps([{"text": "tot straks", "intent": "bye"}]))
    (tmp_path / "rankings.jsonl").write_text("\n".join(json.dumps(r) for r in rankings))
    return tmp_path


def test_table_counts_right_answers_lost_and_wrong_ones_caught(tmp_path):
    rankings = [{"text": "hoi", "ranking": _ranking(("greet", 0.9), ("bye", 0.1))},
                {"text": "dag", "ranking": _ranking(("bye", 0.25), ("greet", 0.2))},
                {"text": "tot straks", "ranking": _ranking(("greet", 0.2), ("bye", 0.15))},
                {"text": "not in the test folds", "ranking": _ranking(("greet", 0.9))}]
    _write_run(tmp_path, rankings)

    assert len(predictions(tmp_path)) == 3
    rows = {tuple(line.split(" | ")[:2]): line for line in table(str(tmp_path)).splitlines()}
    assert "| 50.0% (1) | 100.0% (1) |" in rows[("| 0.3", "0.0")]  # "dag" lost, "tot straks" caught
    assert "| 0.0% (0) | 100.0% (1) |" in rows[("| 0.25", "0.0")]


def test_compare_reports_the_paired_difference(tmp_path):
    worse = _write_run(tmp_path / "a", [{"text": "hoi", "ranking": _ranking(("greet", 0.9))},
                                        {"text": "dag", "ranking": _ranking(("greet", 0.6))},
                                        {"text": "tot straks", "ranking": _ranking(("greet", 0.5))}])
    better = _write_run(tmp_path / "b", [{"text": "hoi", "ranking": _ranking(("greet", 0.9))},
                                         {"text": "dag", "ranking": _ranking(("bye", 0.6))},
                                         {"text": "tot straks", "ranking": _ranking(("bye", 0.5))}])
    assert compare(str(worse), str(better), resamples=50).startswith("3 messages: macro-F1 B - A = +0.7500")
    assert "= +0.0000, 95% bootstrap interval [+0.0000, +0.0000]" in compare(str(worse), str(worse), resamples=20)
