"""NLU quality: 5-fold cross-validation of intent macro-F1 and entity F1, stembot config vs stock config.

`rasa test nlu --cross-validation` draws its folds from numpy's global random state; we seed it before Rasa starts
(run as `python -m bench.nlu_cv CONFIG OUT`), so both configs are trained and tested on exactly the same folds and
a rerun gives the same split. Results are cached per hash of config + NLU data (+ the spaCy pipeline's stamp for a
config that uses it), because one run is five trainings: the stock baseline's result depends only on data/nlu, so a
stock run is reused for as long as the data is the same. Each record names the data it was computed on (`data_hash`,
`data_commit`).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Optional

from bench.inputs import (
    BotSpec,
    cache_get,
    cache_latest,
    cache_put,
    data_hash,
    input_hash,
    now,
    training_files,
    uses_spacy,
)
from bench.paths import BENCH_VAR, LOGS
from bot.config import ROOT
from bot.eval_report import ENTITY_EXTRACTORS, NOT_ENTITY_REPORTS

SEED = 42
FOLDS = 5


def _f1(report: Dict, key: str) -> Optional[float]:
    value = report.get(key, {})
    return round(value["f1-score"] * 100, 2) if isinstance(value, dict) and "f1-score" in value else None


# The entity figure of the table comes from the first extractor in ENTITY_EXTRACTORS that wrote a report
# (stembot: the CRF with knowledge additions; stock: DIET); every extractor's figures are kept under
# "entity_extractors".


def read_reports(out: Path) -> Dict:
    """Intent macro/weighted F1 and entity micro/macro F1 (percent) from Rasa's report files."""
    intents = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    result = {"intent_macro_f1": _f1(intents, "macro avg"), "intent_weighted_f1": _f1(intents, "weighted avg"),
              "intent_accuracy": round(intents.get("accuracy", 0) * 100, 2)}
    extractors = {}
    for path in sorted(out.glob("*_report.json")):
        if path.name not in NOT_ENTITY_REPORTS:
            entities = json.loads(path.read_text(encoding="utf-8"))
            extractors[path.name[:-len("_report.json")]] = {"entity_micro_f1": _f1(entities, "micro avg"),
                                                           "entity_macro_f1": _f1(entities, "macro avg")}
    if extractors:
        main = next((name for name in ENTITY_EXTRACTORS if name in extractors), sorted(extractors)[0])
        result.update(entity_extractor=main, **extractors[main], entity_extractors=extractors)
    return result


def data_commit() -> str:
    """The commit the data/nlu files were taken from, with "+dirty" when they differ from it."""
    def git(*argv: str) -> str:
        return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()

    try:
        return git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "--porcelain", "data/nlu") else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def inputs_key(spec: BotSpec) -> str:
    files = training_files(nlu_only=True, spacy=uses_spacy(spec))
    return input_hash(spec, files, f"folds={FOLDS}", f"seed={SEED}")


def latest(spec: BotSpec) -> Optional[Dict]:
    """Without running anything: the result for the current inputs, else the latest one marked stale."""
    key = inputs_key(spec)
    record = cache_get("nlu_cv", spec.name, key) or cache_latest("nlu_cv", spec.name)
    return {**record, "cached": True, "stale": record.get("inputs") != key} if record else None


def measure(spec: BotSpec, refresh: bool = False, log=print) -> Dict:
    """The cross-validation result for the current inputs, running it (5 trainings) only when not cached."""
    key = inputs_key(spec)
    cached = cache_get("nlu_cv", spec.name, key)
    if cached and not refresh:
        return {**cached, "cached": True}
    out = BENCH_VAR / "nlu-cv" / spec.name
    LOGS.mkdir(parents=True, exist_ok=True)
    data = {"data_hash": data_hash(), "data_commit": data_commit()}
    log(f"[{spec.name}] NLU cross-validation, {FOLDS} folds (inputs {key}, data {data['data_hash']} at commit "
        f"{data['data_commit']}); this can take a while")
    started = time.monotonic()
    with (LOGS / f"nlu-cv-{spec.name}.log").open("wb") as logfile:
        proc = subprocess.run([sys.executable, "-m", "bench.nlu_cv", str(spec.config), str(out)], cwd=ROOT,
                              env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"), stdout=logfile,
                              stderr=subprocess.STDOUT)
    if proc.returncode != 0 or not (out / "intent_report.json").exists():
        raise RuntimeError(f"cross-validation of {spec.name} failed (exit {proc.returncode}); see {logfile.name}")
    record = {**read_reports(out), "folds": FOLDS, "seed": SEED, "seconds": round(time.monotonic() - started),
              "measured_at": now(), "inputs": key, **data}
    cache_put("nlu_cv", spec.name, key, record)
    return {**record, "cached": False}


def main(argv=None) -> None:
    """Seed numpy and random, then `rasa test nlu --cross-validation` on data/nlu with the given config."""
    import numpy

    config, out = (argv or sys.argv[1:])[:2]
    random.seed(SEED)
    numpy.random.seed(SEED)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "test", "nlu", "--nlu", "data/nlu", "--config", config, "--cross-validation",
                "--folds", str(FOLDS), "--out", out, "--no-plot"]
    rasa_main()


if __name__ == "__main__":
    main()
