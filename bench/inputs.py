"""The two bots' training inputs, and a hash of them that keys every cache of the benchmark.

The stock baseline is the same training data with Rasa's default pipeline and policies: a copy of config.yml whose
`pipeline:` and `policies:` are empty, so that Rasa fills in its defaults when it trains. A model, a training time
or a cross-validation result is reused only while the hash of its inputs is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from bench.paths import BENCH_VAR, CACHE_FILE
from bot.config import ROOT

STOCK_HEADER = (
    "# Stock Rasa baseline, written by bench/inputs.py from config.yml: the same language and assistant id,\n"
    "# an empty pipeline and policies so that Rasa trains its default configuration. Do not edit.\n"
)


@dataclass(frozen=True)
class BotSpec:
    """One bot of the benchmark: its name, its config file and how it is served ("stembot" or "stock")."""

    name: str
    config: Path
    serving: str


def stock_config_text(config_text: str) -> str:
    """config.yml with its pipeline and policies emptied (Rasa's defaults are used), everything else kept."""
    data = yaml.safe_load(config_text) or {}
    kept = {k: v for k, v in data.items() if k not in ("pipeline", "policies")}
    body = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True) if kept else ""
    return STOCK_HEADER + body + "pipeline:\npolicies:\n"


def write_stock_config(root: Path = ROOT, dest: Optional[Path] = None) -> Path:
    """A fresh stock config next to the caches; rewritten every run because Rasa appends its defaults to it."""
    dest = dest or BENCH_VAR / "stock" / "config.yml"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(stock_config_text((root / "config.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def bots(root: Path = ROOT) -> List[BotSpec]:
    return [BotSpec("stembot", root / "config.yml", "stembot"),
            BotSpec("stock", write_stock_config(root), "stock")]


def uses_spacy(spec: BotSpec) -> bool:
    """Whether the bot's pipeline loads our spaCy model (the stock baseline's default pipeline does not)."""
    data = yaml.safe_load(spec.config.read_text(encoding="utf-8")) or {}
    return any(isinstance(c, dict) and c.get("name") == "SpacyNLP" for c in data.get("pipeline") or [])


def training_files(root: Path = ROOT, nlu_only: bool = False, spacy: bool = True) -> List[Path]:
    """The files a model depends on besides its config (domain, data, and with `spacy` the spaCy pipeline's stamp)."""
    files = sorted((root / "data").glob("nlu/*.yml")) if nlu_only else sorted((root / "data").glob("**/*.yml"))
    if not nlu_only:
        files.insert(0, root / "domain.yml")
    stamp = root / "var" / "spacy" / "nl_stembot" / "stembot_inputs.txt"
    if spacy and stamp.exists():
        files.append(stamp)
    return files


def data_hash(root: Path = ROOT) -> str:
    """A hash of the NLU training data alone (data/nlu/*.yml): the same data gives the same stock CV result."""
    digest = hashlib.sha256()
    for path in training_files(root, nlu_only=True, spacy=False):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _config_text(spec: BotSpec) -> str:
    """The config's meaning, not its text: Rasa appends the defaults it chose as comments to the stock config."""
    return json.dumps(yaml.safe_load(spec.config.read_text(encoding="utf-8")), sort_keys=True)


def input_hash(spec: BotSpec, files: Iterable[Path], *extra: str) -> str:
    import rasa

    digest = hashlib.sha256(f"rasa={rasa.__version__}".encode())
    digest.update(_config_text(spec).encode())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:16]


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S %z")


def cache_get(section: str, bot: str, key: str) -> Optional[Dict]:
    """A cached record (training time, cross-validation) for these inputs, or None."""
    try:
        data = json.loads(CACHE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get(section, {}).get(bot, {}).get(key)


def cache_put(section: str, bot: str, key: str, record: Dict) -> None:
    try:
        data = json.loads(CACHE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault(section, {}).setdefault(bot, {})[key] = record
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    CACHE_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def cache_latest(section: str, bot: str) -> Optional[Dict]:
    """The most recent record of a section whatever its inputs (shown, marked stale, when nothing fits)."""
    try:
        records = json.loads(CACHE_FILE.read_text(encoding="utf-8")).get(section, {}).get(bot, {})
    except (OSError, ValueError):
        return None
    if not records:
        return None
    key, record = max(records.items(), key=lambda kv: kv[1].get("measured_at", ""))
    return {**record, "inputs": key}
