"""Summarise `rasa test nlu --cross-validation` output: macro-F1 of intents and entities, weakest classes.

`make eval` runs the cross-validation into results/nlu-cv/ and then this module, which writes
results/nlu-cv/summary.md and summary.json and prints the table. Exit code 1 when the intent macro-F1 is
below the target (0.95 by default, STEMBOT_EVAL_TARGET), so a drop in quality is visible in CI logs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

SKIP = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def read_report(path: Path) -> Optional[Dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def weakest(report: Dict, n: int = 8) -> List[Tuple[str, float, int]]:
    rows = [(name, vals["f1-score"], vals["support"]) for name, vals in report.items()
            if name not in SKIP and isinstance(vals, dict)]
    return sorted(rows, key=lambda r: r[1])[:n]


# The entity report that stands for the pipeline: the first of these that wrote one (stembot: the CRF with
# knowledge additions; the stock baseline: DIET), else the first extractor report in name order.
ENTITY_EXTRACTORS = ("KnowledgeCRFEntityExtractor", "CRFEntityExtractor", "DIETClassifier")
NOT_ENTITY_REPORTS = ("intent_report.json", "response_selection_report.json")


def entity_report(out_dir: Path) -> Optional[Dict]:
    """The report of the pipeline's entity extractor (see ENTITY_EXTRACTORS)."""
    reports = {p.name[:-len("_report.json")]: p for p in out_dir.glob("*_report.json")
               if p.name not in NOT_ENTITY_REPORTS}
    name = next((n for n in ENTITY_EXTRACTORS if n in reports), min(reports) if reports else None)
    return read_report(reports[name]) if name else None


def summarise(out_dir: Path) -> Dict:
    intents = read_report(out_dir / "intent_report.json")
    if intents is None:
        raise SystemExit(f"stembot: geen intent_report.json in {out_dir}/ — voer eerst 'make eval' uit.")
    entities = entity_report(out_dir)
    summary = {
        "intent_macro_f1": round(intents["macro avg"]["f1-score"], 4),
        "intent_weighted_f1": round(intents["weighted avg"]["f1-score"], 4),
        "intent_accuracy": round(intents.get("accuracy", 0.0), 4),
        "intent_examples": int(intents["macro avg"]["support"]),
        "weakest_intents": weakest(intents),
    }
    if entities:
        avg = entities.get("macro avg") or entities.get("micro avg")
        summary["entity_macro_f1"] = round(avg["f1-score"], 4)
        summary["entity_micro_f1"] = round(entities.get("micro avg", avg)["f1-score"], 4)
        summary["weakest_entities"] = weakest(entities)
    return summary


def markdown(summary: Dict) -> str:
    lines = ["| metric | value |", "|---|---|"]
    for key in ("intent_macro_f1", "intent_weighted_f1", "intent_accuracy", "intent_examples",
                "entity_macro_f1", "entity_micro_f1"):
        if key in summary:
            lines.append(f"| {key} | {summary[key]} |")
    for key in ("weakest_intents", "weakest_entities"):
        if key in summary:
            lines.append("")
            lines.append(f"{key.replace('_', ' ')}: " + ", ".join(f"{n} {f:.3f} ({s})" for n, f, s in summary[key]))
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "results/nlu-cv")
    summary = summarise(out_dir)
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    table = markdown(summary)
    (out_dir / "summary.md").write_text(table, encoding="utf-8")
    print(table)
    target = float(os.environ.get("STEMBOT_EVAL_TARGET", "0.95"))
    if summary["intent_macro_f1"] < target:
        print(f"intent macro-F1 {summary['intent_macro_f1']} < target {target}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
