"""Project-level checks: generated files are current, Rasa data validates, README and CI agree."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.kb import nlu_export
from bot.kb.entities import entity_values

RASA = str(Path(sys.executable).with_name("rasa"))


def test_generated_nlu_file_is_current(content):
    path = ROOT / nlu_export.RELATIVE_PATH
    assert path.read_text(encoding="utf-8").startswith("# GENERATED")
    assert nlu_export.is_current(entity_values(content), ROOT), "run `stembot nlu generate`"


def test_generated_file_goes_stale_when_knowledge_changes(content):
    values = entity_values(content)
    values["initiative"]["nieuw-initiatief"] = ["Nieuw Initiatief"]
    assert not nlu_export.is_current(values, ROOT)


@pytest.mark.slow
def test_rasa_data_validate_fails_on_no_warnings():
    proc = subprocess.run([RASA, "data", "validate", "--fail-on-warnings"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)", setup, flags=re.M)
    assert commands[:2] == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, flags=re.M)


def test_every_intent_has_enough_varied_examples():
    import yaml

    counts = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in item:
                examples = [e for e in item["examples"].splitlines() if e.strip().startswith("- ")]
                counts[item["intent"]] = counts.get(item["intent"], 0) + len(examples)
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for intent in domain["intents"]:
        assert counts.get(intent, 0) >= 25, intent


def test_code_is_ruff_clean():
    proc = subprocess.run([str(Path(sys.executable).with_name("ruff")), "check", "bot", "actions", "tests"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:]
