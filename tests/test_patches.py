"""The patch registry: every listed patch imports, applies, and applying twice changes nothing more."""

import importlib

from bot import patches


def test_every_patch_applies_idempotently():
    for name in patches.PATCHES:
        module = importlib.import_module(f"bot.patches.{name}")
        module.apply()
        assert module.apply() is False, f"{name}: a second apply() must report that nothing changed"


def test_rasa_server_entry_point_is_what_the_runner_starts():
    from dataclasses import replace
    from pathlib import Path

    from bot import run
    from bot.config import settings

    rasa = next(s for s in run.services(replace(settings()), Path("models/x.tar.gz")) if s.name == "rasa")
    assert rasa.argv[1:3] == ["-m", "bot.rasa_server"]


def test_patches_can_be_left_off_by_name_for_lever_trials(monkeypatch):
    import pytest

    monkeypatch.setattr(patches.importlib, "import_module", lambda name: pytest.fail(f"{name} was applied"))
    monkeypatch.setenv("STEMBOT_PATCHES_OFF", ",".join(patches.PATCHES))
    assert patches.apply_all() == []
    monkeypatch.setenv("STEMBOT_PATCHES_OFF", "rule_lookup,geen_patch")
    with pytest.raises(SystemExit, match="geen_patch"):
        patches.apply_all()
