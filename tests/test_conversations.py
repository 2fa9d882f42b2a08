"""End-to-end test conversations (tests/conversations/test_*.yml) run through the trained model with `rasa test`.

`--e2e` makes Rasa parse each user message with the NLU model and compare intent and entities with the
annotations; without it only the story's intents are used and NLU mistakes would go unnoticed. Rasa reads a
file as a test conversation only when its name starts with `test_`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import ROOT

CONVERSATIONS = ROOT / "tests" / "conversations"
MODEL = ROOT / "models" / "stembot.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
MIN_CONVERSATIONS = 60


def _conversation_files() -> list[Path]:
    return sorted(CONVERSATIONS.glob("*.yml"))


def test_there_are_enough_conversations_and_rasa_sees_every_file():
    stories = []
    for path in _conversation_files():
        assert path.name.startswith("test_"), f"{path.name}: rasa test --e2e only reads files named test_*.yml"
        stories += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", [])
    names = [story["story"] for story in stories]
    for story in stories:
        for step in story["steps"]:
            assert "user" not in step or "intent" in step, f"{story['story']}: every user message needs its intent"
    assert len(names) >= MIN_CONVERSATIONS, f"only {len(names)} conversations in {CONVERSATIONS}"
    assert len(set(names)) == len(names), "conversation names must be unique (they name the failures)"


@pytest.mark.model
@pytest.mark.slow
def test_every_conversation_passes_with_the_trained_model(tmp_path):
    """All conversations, every intent, entity and action right: `--fail-on-prediction-errors` (= `make
    conversations`) stops at the first wrong prediction and prints that conversation."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does)")
    out = tmp_path / "results"
    proc = subprocess.run(
        [RASA, "test", "core", "--model", str(MODEL), "--stories", str(CONVERSATIONS), "--e2e",
         "--fail-on-prediction-errors", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, f"rasa test --e2e failed (exit {proc.returncode}).\n{_failure_report(out, proc)}"
    report = out / "failed_test_stories.yml"
    failed = (yaml.safe_load(report.read_text(encoding="utf-8")) or {}).get("stories") if report.exists() else None
    assert not failed, _failure_report(out, proc)
    story_report = out / "story_report.json"
    assert story_report.exists(), "rasa test wrote no story report: did it evaluate the conversations?"


def _failure_report(out: Path, proc: subprocess.CompletedProcess) -> str:
    """The failed conversation: Rasa writes failed_test_stories.yml, or with --fail-on-prediction-errors it stops
    at the first wrong prediction and puts that story in the exception message."""
    failed = out / "failed_test_stories.yml"
    if failed.exists() and failed.read_text(encoding="utf-8").strip():
        return "--- failed conversations ---\n" + failed.read_text(encoding="utf-8")
    for output in (proc.stdout, proc.stderr):
        start = output.find("WrongPredictionException")
        if start >= 0:
            return "--- failed conversation ---\n" + re.sub(r"\x1b\[[0-9;]*m", "", output[start:start + 8000])
    return "--- rasa output (tail) ---\n" + proc.stdout[-3000:] + proc.stderr[-3000:]
