"""The results of one run as JSON and as a Markdown table (stembot, stock, ratio, target), and the README section."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from bench.paths import HISTORY, RESULTS
from bot.config import ROOT

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


def machine() -> Dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 ** 2, 1),
            "python": platform.python_version(), "host": platform.node()}


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return -1.0


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _get(data: Dict, path: str) -> Optional[float]:
    for part in path.split("."):
        if not isinstance(data, dict) or data.get(part) is None:
            return None
        data = data[part]
    return data if isinstance(data, (int, float)) else None


def _mb(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value / 1024 ** 2)


# (label, getter path in a bot's results, unit, better: "lower"/"higher", target check on (stembot, stock))
Row = Tuple[str, str, str, str, Optional[Tuple[str, Callable[[float, float], bool]]]]
ROWS: List[Row] = [
    ("Serial p50, figure turn (action + knowledge)", "serial.figure_p50_ms", "ms", "lower", None),
    ("Serial p95, figure turn (action + knowledge)", "serial.figure_p95_ms", "ms", "lower",
     ("≤ stock", lambda s, b: s <= b)),
    ("Serial p50, all turns of the script", "serial.p50_ms", "ms", "lower", None),
    ("Serial p95, all turns of the script", "serial.p95_ms", "ms", "lower", None),
    ("Throughput, 16 users", "load.throughput", "msg/s", "higher", ("≥ 2.5× stock", lambda s, b: s >= 2.5 * b)),
    ("p95 at 16 users", "load.p95_ms", "ms", "lower", None),
    ("Errors at 16 users", "load.errors", "", "lower", ("0", lambda s, b: s == 0)),
    ("Rasa server CPU per message at 16 users", "load.cpu_ms_per_msg.rasa", "ms", "lower", None),
    ("Action server CPU per message at 16 users", "load.cpu_ms_per_msg.actions", "ms", "lower", None),
    ("Load client CPU per message", "load.cpu_ms_per_msg.client", "ms", "lower", None),
    ("Unexpected answers (serial + load)", "unexpected", "", "lower", None),
    ("NLU intent macro-F1 (5-fold CV)", "nlu_cv.intent_macro_f1", "%", "higher",
     ("≥ stock + 3", lambda s, b: s >= b + 3)),
    ("NLU entity F1, micro (5-fold CV)", "nlu_cv.entity_micro_f1", "%", "higher", None),
    ("`rasa train` from scratch", "train.seconds", "s", "lower", ("≤ 180 s", lambda s, b: s <= 180)),
    ("Knowledge edit → answered (no retraining)", "kb_edit.seconds", "s", "lower", None),
    ("Rasa server RSS after warm-up", "rss_mb.rasa", "MB", "lower", ("≤ 1200 MB", lambda s, b: s <= 1200)),
    ("Action server RSS after warm-up", "rss_mb.actions", "MB", "lower", None),
    ("Start to first answer", "startup_seconds", "s", "lower", ("≤ 30 s", lambda s, b: s <= 30)),
]


def _fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.1f}"
    return f"{text} {unit}".strip()


def table(results: Dict) -> str:
    """The Markdown table: one row per figure, the ratio stembot/stock, the target and whether it is met."""
    bots = results["bots"]
    ours, stock = bots.get("stembot", {}), bots.get("stock", {})
    lines = ["| figure | stembot | stock | stembot/stock | target | met |", "|---|---|---|---|---|---|"]
    for label, path, unit, _better, target in ROWS:
        a, b = _get(ours, path), _get(stock, path)
        if a is None and b is None:
            continue
        ratio = f"{a / b:.2f}×" if a is not None and b else "–"
        met = ""
        if target and a is not None and (b is not None or "stock" not in target[0]):
            met = "yes" if target[1](a, b if b is not None else 0.0) else "**no**"
        lines.append(f"| {label} | {_fmt(a, unit)} | {_fmt(b, unit)} | {ratio} | {target[0] if target else ''} "
                     f"| {met} |")
    return "\n".join(lines)


def notes(results: Dict) -> List[str]:
    """Where each number comes from when it was not measured in this run (cached training, cross-validation)."""
    out = []
    for name, data in results["bots"].items():
        for section in ("train", "nlu_cv"):
            record = data.get(section) or {}
            if record.get("measured_at") and (record.get("cached") or section == "train"):
                out.append(f"{name} {section.replace('_', ' ')}: measured {record['measured_at']} "
                           f"(inputs {record.get('inputs', '?')})" + (" — inputs changed since" if
                                                                       record.get("stale") else ""))
    return out


def markdown(results: Dict) -> str:
    meta = results["meta"]
    m = meta["machine"]
    head = (f"Measured {meta['finished']} on {m['cores']} cores ({m['cpu'] or 'unknown CPU'}, {m['memory_gb']} GB), "
            f"mode `{meta['mode']}`, commit {meta['commit'] or '?'}, load average {meta['load_before']} before / "
            f"{meta['load_after']} after. Serial: {meta['serial_passes']} passes of the {meta['script_turns']}-turn "
            f"script; load: {meta['users']} users for {meta['load_seconds']} s. Ratios mean more than absolute "
            f"numbers: the machine is shared and noisy.")
    parts = [head, "", table(results)]
    extra = notes(results)
    if extra:
        parts += ["", *[f"- {line}" for line in extra]]
    return "\n".join(parts) + "\n"


def write(results: Dict, out_dir: Path = RESULTS) -> Tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    json_path = out_dir / f"latest-{results['meta']['mode']}.json"
    md_path = json_path.with_suffix(".md")
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    history = HISTORY
    history.mkdir(parents=True, exist_ok=True)
    (history / f"{stamp}-{results['meta']['mode']}.json").write_text(json_path.read_text(encoding="utf-8"),
                                                                       encoding="utf-8")
    return json_path, md_path


def update_readme(md: str, readme: Path = ROOT / "README.md") -> bool:
    """Put the table between the bench markers of README.md; False when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        return False
    readme.write_text(pattern.sub(lambda _m: f"{README_START}\n{md}{README_END}", text), encoding="utf-8")
    return True
