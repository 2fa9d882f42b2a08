"""Fallback calibration: what FallbackClassifier thresholds would do to the cross-validated intent predictions.

`python -m bench.nlu_calibration run CONFIG OUT` runs the same seeded 5-fold cross-validation as bench.nlu_cv and
also records, for every held-out message, the classifier's intent ranking (before the FallbackClassifier), in
OUT/rankings.jsonl. `python -m bench.nlu_calibration table OUT` then shows, for pairs of (threshold,
ambiguity_threshold), the share of correct predictions that would fall back (a right answer lost: the user gets
"Bedoel je…?" buttons instead) and the share of wrong predictions that would be caught (a wrong answer replaced by
the knowledge-base fallback), plus the intent macro-F1 without any fallback.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from bench.nlu_cv import FOLDS, SEED

FALLBACK_INTENT = "nlu_fallback"
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MARGINS = (0.0, 0.02, 0.05, 0.1)


def _record_rankings(path: Path) -> None:
    """Wrap MessageProcessor.parse_message so each parsed text's ranking is appended to `path`."""
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor.parse_message

    async def parse_message(self, message, *args, **kwargs):
        result = await original(self, message, *args, **kwargs)
        ranking = [r for r in result.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"text": result.get("text"), "ranking": ranking[:3]}, ensure_ascii=False) + "\n")
        return result

    MessageProcessor.parse_message = parse_message


def _skip_training_set_evaluation() -> None:
    """Rasa also parses every training example of every fold (only logged, not in the reports): skip that half."""
    import rasa.nlu.test as nlu_test

    original = nlu_test.combine_result

    async def combine_result(intent_metrics, entity_metrics, response_selection_metrics, processor, data,
                             intent_results=None, *args, **kwargs):
        if intent_results is None:  # the call for the training folds
            return intent_metrics, entity_metrics, response_selection_metrics
        return await original(intent_metrics, entity_metrics, response_selection_metrics, processor, data,
                              intent_results, *args, **kwargs)

    nlu_test.combine_result = combine_result


def run(config: str, out: str) -> None:
    import numpy

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rankings = out_dir / "rankings.jsonl"
    rankings.unlink(missing_ok=True)
    random.seed(SEED)
    numpy.random.seed(SEED)
    _record_rankings(rankings)
    _skip_training_set_evaluation()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "test", "nlu", "--nlu", "data/nlu", "--config", config, "--cross-validation",
                "--folds", str(FOLDS), "--out", out, "--no-plot", "--successes"]
    rasa_main()


def held_out(out_dir: Path) -> Dict[str, Tuple[str, List[Dict]]]:
    """text -> (true intent, ranking) for every held-out message of the cross-validation."""
    truth: Dict[str, str] = {}
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out_dir / name
        for item in json.loads(path.read_text(encoding="utf-8")) if path.exists() else []:
            truth[item["text"]] = item["intent"]
    rows = {}
    for line in (out_dir / "rankings.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["text"] in truth and item["ranking"]:
            rows[item["text"]] = (truth[item["text"]], item["ranking"])
    return rows


def predictions(out_dir: Path) -> List[Tuple[str, List[Dict]]]:
    """(true intent, ranking) for every held-out message of the cross-validation."""
    return list(held_out(out_dir).values())


def falls_back(ranking: List[Dict], threshold: float, margin: float) -> bool:
    """The FallbackClassifier's rule: top confidence below threshold, or top two closer than margin."""
    top = ranking[0]["confidence"]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    return top < threshold or (top - second) < margin


def macro_f1(pairs: Iterable[Tuple[str, str]]) -> float:
    from sklearn.metrics import f1_score

    true, pred = zip(*pairs)
    return float(f1_score(true, pred, average="macro", labels=sorted(set(true)), zero_division=0))


def table(out: str) -> str:
    rows = predictions(Path(out))
    right = [r for t, r in rows if r[0]["name"] == t]
    wrong = [r for t, r in rows if r[0]["name"] != t]
    lines = [f"{len(rows)} predictions, {len(right)} right, {len(wrong)} wrong; intent macro-F1 without fallback "
             f"{macro_f1((t, r[0]['name']) for t, r in rows):.4f}",
             "| threshold | ambiguity | right that fall back | wrong caught | macro-F1 (fallback = wrong) |",
             "|---|---|---|---|---|"]
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            lost = sum(falls_back(r, threshold, margin) for r in right)
            caught = sum(falls_back(r, threshold, margin) for r in wrong)
            f1 = macro_f1((t, FALLBACK_INTENT if falls_back(r, threshold, margin) else r[0]["name"]) for t, r in rows)
            lines.append(f"| {threshold} | {margin} | {lost / len(right):.1%} ({lost}) | "
                         f"{caught / max(len(wrong), 1):.1%} ({caught}) | {f1:.4f} |")
    return "\n".join(lines)


def compare(out_a: str, out_b: str, resamples: int = 1000) -> str:
    """Paired bootstrap over the held-out messages: is B's intent macro-F1 (no fallback) above A's beyond noise?"""
    import numpy

    a, b = held_out(Path(out_a)), held_out(Path(out_b))
    texts = sorted(set(a) & set(b))
    truth = [a[t][0] for t in texts]
    pred_a = [a[t][1][0]["name"] for t in texts]
    pred_b = [b[t][1][0]["name"] for t in texts]
    rng = numpy.random.default_rng(SEED)
    diffs = []
    for _ in range(resamples):
        idx = rng.integers(0, len(texts), len(texts))
        diffs.append(macro_f1((truth[i], pred_b[i]) for i in idx) - macro_f1((truth[i], pred_a[i]) for i in idx))
    low, high = numpy.percentile(diffs, [2.5, 97.5])
    delta = macro_f1(zip(truth, pred_b)) - macro_f1(zip(truth, pred_a))
    return f"{len(texts)} messages: macro-F1 B - A = {delta:+.4f}, 95% bootstrap interval [{low:+.4f}, {high:+.4f}]"


def main(argv=None) -> None:
    args = argv or sys.argv[1:]
    if args[:1] == ["run"]:
        run(args[1], args[2])
    elif args[:1] == ["table"]:
        print(table(args[1]))
    elif args[:1] == ["compare"]:
        print(compare(args[1], args[2]))
    else:
        raise SystemExit("usage: python -m bench.nlu_calibration run CONFIG OUT | table OUT | compare OUT_A OUT_B")


if __name__ == "__main__":
    main()
