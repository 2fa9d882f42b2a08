"""Time from a knowledge-base edit to the running bot answering with it, without retraining.

What an editor does: change a figure's statement in knowledge/figures.yml, run `stembot kb load` (make kb), ask the
bot. The edit is made in a copy of knowledge/ and loaded into the stack's own database copy (the spaCy pipeline that
`kb load` rebuilds goes to a copy too), so nothing outside var/bench/ changes; the original content is loaded back
afterwards.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
import uuid
from typing import Dict

import yaml

from bench.paths import BENCH_VAR
from bench.stack import BenchStack
from bench.traffic import FIGURE_TURN
from bot.config import settings


def ask(url: str, text: str) -> str:
    body = json.dumps({"sender": f"kb-edit-{uuid.uuid4().hex[:8]}", "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as resp:
        return " ".join(str(m.get("text", "")) for m in json.loads(resp.read() or b"[]"))


def measure(stack: BenchStack, timeout: float = 120.0) -> Dict:
    cfg = settings()
    work = BENCH_VAR / "kb-edit"
    shutil.rmtree(work, ignore_errors=True)
    knowledge = work / "knowledge"
    shutil.copytree(cfg.knowledge_dir, knowledge)
    spacy_dir = work / "spacy"
    shutil.copytree(cfg.spacy_dir, spacy_dir)

    before = ask(stack.url, FIGURE_TURN)
    figures_file = knowledge / "figures.yml"
    statements = [f["statement"] for f in yaml.safe_load(figures_file.read_text(encoding="utf-8"))["figures"]]
    shown = [s for s in statements if s in before]
    if not shown:
        raise RuntimeError(f"{stack.name}: the answer to {FIGURE_TURN!r} shows no figure statement: {before[:200]}")
    token = f"bench-{uuid.uuid4().hex[:8]}"
    text = figures_file.read_text(encoding="utf-8")
    if text.count(shown[0]) != 1:
        raise RuntimeError(f"statement not found exactly once in {figures_file}: {shown[0]}")

    started = time.monotonic()
    figures_file.write_text(text.replace(shown[0], f"{shown[0]} ({token})"), encoding="utf-8")
    load_seconds = stack.load_knowledge(knowledge, spacy_dir)
    answered = None
    while time.monotonic() - started < timeout:
        if token in ask(stack.url, FIGURE_TURN):
            answered = time.monotonic() - started
            break
        time.sleep(0.1)
    stack.load_knowledge()  # back to the real content
    if answered is None:
        raise RuntimeError(f"{stack.name}: the edit was not answered within {timeout:.0f} s")
    return {"seconds": round(answered, 2), "load_seconds": round(load_seconds, 2),
            "pickup_seconds": round(answered - load_seconds, 2), "retrained": False}
