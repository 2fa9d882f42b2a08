"""Models for the benchmark, and `rasa train` wall time from scratch.

Each bot's model is cached under var/bench/models/ by the hash of its inputs, so a rerun trains only when the
config, domain or data changed. Every training done here is from scratch (a fresh, empty Rasa cache directory), so
its wall time is the "train from scratch" figure; it is recorded with the date it was measured.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional

from bench.inputs import BotSpec, cache_get, cache_put, input_hash, now, training_files, uses_spacy
from bench.paths import BENCH_VAR, LOGS, MODELS
from bot.config import ROOT

MAKE_MODEL = ROOT / "models" / "stembot.tar.gz"


def train_from_scratch(spec: BotSpec, out_dir: Path, name: str) -> float:
    """Run `rasa train` as `make train` does, with an empty cache; returns the wall time in seconds."""
    out_dir.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "rasa", "train", "--config", str(spec.config), "--domain", "domain.yml",
            "--data", "data", "--out", str(out_dir), "--fixed-model-name", name, "--num-threads", "2"]
    with tempfile.TemporaryDirectory(prefix="rasa-cache-", dir=BENCH_VAR) as cache, \
            (LOGS / f"train-{spec.name}.log").open("wb") as log:
        env = dict(os.environ, RASA_CACHE_DIRECTORY=cache, TF_CPP_MIN_LOG_LEVEL="2")
        started = time.monotonic()
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - started
    if proc.returncode != 0 or not (out_dir / f"{name}.tar.gz").exists():
        raise RuntimeError(f"rasa train for {spec.name} failed (exit {proc.returncode}); see {log.name}")
    return seconds


def _make_model_is_current(spec: BotSpec) -> bool:
    """models/stembot.tar.gz, as `make train` left it, is newer than every input of the stembot config."""
    if spec.config != ROOT / "config.yml" or not MAKE_MODEL.exists():
        return False
    newest = max(p.stat().st_mtime for p in [spec.config, *training_files()])
    return MAKE_MODEL.stat().st_mtime >= newest


def ensure_model(spec: BotSpec, retrain: bool = False, log=print) -> Dict:
    """The bot's model for the current inputs, training it (timed, from scratch) only when needed.

    Returns {"model", "inputs", "train": the training record for these inputs or None, "trained_now"}.
    """
    key = input_hash(spec, training_files(spacy=uses_spacy(spec)))
    model = MODELS / f"{spec.name}-{key}.tar.gz"
    record: Optional[Dict] = cache_get("train", spec.name, key)
    trained_now = False
    if retrain or not model.exists():
        if not retrain and _make_model_is_current(spec):
            log(f"[{spec.name}] using {MAKE_MODEL.relative_to(ROOT)} (trained by make train)")
            MODELS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(MAKE_MODEL, model)
        else:
            log(f"[{spec.name}] training from scratch (inputs {key}); this can take several minutes")
            with tempfile.TemporaryDirectory(prefix="train-", dir=BENCH_VAR) as tmp:
                seconds = train_from_scratch(spec, Path(tmp), "model")
                MODELS.mkdir(parents=True, exist_ok=True)
                shutil.move(str(Path(tmp) / "model.tar.gz"), model)
            record = {"seconds": round(seconds, 1), "measured_at": now(), "from_scratch": True}
            cache_put("train", spec.name, key, record)
            trained_now = True
            log(f"[{spec.name}] trained in {seconds:.0f} s")
        for old in MODELS.glob(f"{spec.name}-*.tar.gz"):
            if old != model:
                old.unlink()
    return {"model": model, "inputs": key, "train": record, "trained_now": trained_now}
