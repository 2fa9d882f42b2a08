"""End to end with the real servers: personal data never reaches the database or the logs, and a conversation
survives a restart of the Rasa server and the action server (SQLite + in-memory locks; PostgreSQL + Redis)."""

import pytest

from tests.privacy.stores import leaked, postgres_schema, stored_rows
from tests.servers import Stack, texts

pytestmark = [pytest.mark.model, pytest.mark.slow]

PERSONAL = "mijn mail is jan.peeters@telenet.be en mijn gsm 0478 12 34 56"
SECRETS = ("jan.peeters", "telenet.be", "0478", "12 34 56")
QUESTION = "hoeveel meisjes zitten er in stem in het bso?"
FOLLOW_UP = "en in het kso?"
START_TIMEOUT = 600  # two shared cores: Rasa may need minutes to load the model


def _fresh_logs(stack: Stack) -> Stack:
    for name in stack.services:
        stack.log_path(name).unlink(missing_ok=True)
    return stack


def _conversation_survives_a_restart(stack: Stack, tracker_url: str) -> None:
    user = "leerling-e2e"
    reply = texts(stack.say(user, PERSONAL))
    assert not leaked(reply, SECRETS), f"the bot must not echo personal data: {reply}"
    assert "4%" in texts(stack.say(user, QUESTION))

    stack.stop()
    stack.start(timeout=START_TIMEOUT)
    assert "61,08%" in texts(stack.say(user, FOLLOW_UP)), "the follow-up needs the history from before the restart"

    rows = [r for r in stored_rows(tracker_url) if r[0] == user]
    dump = "\n".join(r[3] for r in rows)
    assert not leaked(dump, SECRETS), "personal data in the tracker database"
    assert "mijn mail is [e-mail] en mijn gsm [telefoon]" in dump
    assert [r[1] for r in rows].count("user") == 3 and QUESTION in dump and FOLLOW_UP in dump

    logged = "\n".join(stack.log_path(name).read_text("utf-8", errors="replace") for name in ("rasa", "actions"))
    assert not leaked(logged, SECRETS), "personal data in the logs"
    assert QUESTION not in logged and "mijn mail is" not in logged, "message text in the logs at INFO"


def test_sqlite_and_in_memory_locks():
    stack = _fresh_logs(Stack("privacy-sqlite"))
    try:
        stack.start(timeout=START_TIMEOUT)
        _conversation_survives_a_restart(stack, f"sqlite:///{stack.tracker_db}")
    finally:
        stack.stop()


@pytest.mark.services
def test_postgresql_and_redis_locks(redis_url):
    with postgres_schema() as tracker_url:
        stack = _fresh_logs(Stack("privacy-postgres", env={"STEMBOT_TRACKER_DB_URL": tracker_url,
                                                           "STEMBOT_LOCK_STORE_URL": redis_url}))
        try:
            stack.start(timeout=START_TIMEOUT)
            _conversation_survives_a_restart(stack, tracker_url)
        finally:
            stack.stop()
        rasa_log = stack.log_path("rasa").read_text("utf-8", errors="replace")
        assert "Gesprekken worden bewaard in postgresql" in rasa_log and "Locks van gesprekken in Redis" in rasa_log
