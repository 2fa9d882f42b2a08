"""Wrong store settings end in one Dutch line before Rasa starts, not in a traceback from inside Sanic."""

import pytest

from bot import rasa_server
from bot.privacy.preflight import check_stores
from tests.servers import Stack


@pytest.fixture()
def stores_env(monkeypatch, tmp_path):
    monkeypatch.setenv("STEMBOT_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.delenv("STEMBOT_LOCK_STORE_URL", raising=False)
    monkeypatch.delenv("STEMBOT_RETENTION_DAYS", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    return monkeypatch


def test_good_settings_pass(stores_env):
    assert check_stores() is None


@pytest.mark.parametrize("name,value,expected", [
    ("STEMBOT_TRACKER_DB_URL", "postgresql://stembot@127.0.0.1:1/stembot", "is niet bereikbaar"),
    ("STEMBOT_TRACKER_DB_URL", "mysql://stembot@127.0.0.1/stembot", "Geen databankstuurprogramma"),
    ("STEMBOT_TRACKER_DB_URL", "geen-url", "geen geldige databank-URL"),
    ("STEMBOT_LOCK_STORE_URL", "redis://127.0.0.1:1/0", "Redis voor de lock store"),
    ("STEMBOT_RETENTION_DAYS", "dertig", "STEMBOT_RETENTION_DAYS='dertig' is geen geldig aantal dagen"),
    ("SANIC_WORKERS", "4", "STEMBOT_LOCK_STORE_URL"),
])
def test_bad_settings_are_explained(stores_env, name, value, expected):
    stores_env.setenv(name, value)
    problem = check_stores(connect_timeout=1)
    assert problem and expected in problem and "geheim" not in problem


def test_the_rasa_entry_point_stops_before_rasa(stores_env):
    stores_env.setenv("STEMBOT_TRACKER_DB_URL", "mysql://stembot@127.0.0.1/stembot")
    with pytest.raises(SystemExit, match="^stembot: Geen databankstuurprogramma"):
        rasa_server.main(["run", "--model", "models/stembot.tar.gz"])


@pytest.mark.slow
def test_the_real_server_says_it_in_one_line():
    stack = Stack("privacy-bad-store", names=("rasa",), env={"STEMBOT_TRACKER_DB_URL": "mysql://x@127.0.0.1/x"})
    stack.log_path("rasa").unlink(missing_ok=True)
    try:
        with pytest.raises(AssertionError, match="rasa did not start"):
            stack.start(timeout=300)
        assert stack.services["rasa"].proc.returncode == 1
    finally:
        stack.stop()
    log = stack.log_path("rasa").read_text("utf-8", errors="replace")
    assert "stembot: Geen databankstuurprogramma voor mysql://x@127.0.0.1/x" in log and "Traceback" not in log
