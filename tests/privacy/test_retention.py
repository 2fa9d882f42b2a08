"""Deleting conversations (retention period, right to erasure) in real SQLite and PostgreSQL databases."""

import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot import cli
from bot.privacy import retention
from bot.privacy.retention import describe_age, forget, parse_age, purge
from tests.privacy.stores import stored_rows

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
DAY = 86400.0


def _create(url: str, events):
    """Rasa's events table with rows (sender_id, type_name, age in days)."""
    from rasa.core.tracker_store import SQLTrackerStore

    engine = retention.engine_for(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for sender, type_name, age_days in events:
            ts = NOW.timestamp() - age_days * DAY
            conn.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                 "VALUES (:s, :t, :ts, :d)"),
                         {"s": sender, "t": type_name, "ts": ts, "d": json.dumps({"event": type_name})})
    return engine


CONVERSATIONS = [
    # finished long ago: everything goes
    ("oud", "session_started", 45), ("oud", "user", 45), ("oud", "bot", 45), ("oud", "user", 31),
    # recent: stays
    ("nieuw", "session_started", 2), ("nieuw", "user", 2), ("nieuw", "bot", 1),
    # came back today after an old session: the old session goes, the current one stays whole
    ("terug", "session_started", 40), ("terug", "user", 40), ("terug", "bot", 40),
    ("terug", "session_started", 0.1), ("terug", "user", 0.1), ("terug", "bot", 0.05),
]


def test_purge_deletes_old_conversations_and_old_sessions_only(tracker_url):
    engine = _create(tracker_url, CONVERSATIONS)
    result = purge(engine, timedelta(days=30), now=NOW)
    assert (result.conversations, result.events, result.old_session_events) == (1, 4, 3)
    rows = stored_rows(tracker_url)
    assert [(r[0], r[1]) for r in rows] == [
        ("nieuw", "session_started"), ("nieuw", "user"), ("nieuw", "bot"),
        ("terug", "session_started"), ("terug", "user"), ("terug", "bot")]
    assert all(r[2] >= NOW.timestamp() - 30 * DAY for r in rows)
    again = purge(engine, timedelta(days=30), now=NOW)
    assert (again.conversations, again.events, again.old_session_events) == (0, 0, 0)


def test_dry_run_counts_without_deleting(tracker_url):
    engine = _create(tracker_url, CONVERSATIONS)
    result = purge(engine, timedelta(days=30), now=NOW, dry_run=True)
    assert (result.conversations, result.events, result.old_session_events) == (1, 4, 3)
    assert len(stored_rows(tracker_url)) == len(CONVERSATIONS)
    assert "zou verwijderen" in result.summary()


def test_hours_as_unit(tracker_url):
    engine = _create(tracker_url, CONVERSATIONS)
    result = purge(engine, parse_age("12h"), now=NOW)
    assert result.conversations == 2  # "oud" and "nieuw" (last event a day ago)
    assert {r[0] for r in stored_rows(tracker_url)} == {"terug"}


def test_forget_deletes_one_conversation(tracker_url):
    engine = _create(tracker_url, CONVERSATIONS)
    assert forget(engine, "nieuw") == 3
    assert forget(engine, "nieuw") == 0
    assert {r[0] for r in stored_rows(tracker_url)} == {"oud", "terug"}


def test_nothing_stored_yet_is_not_an_error(tracker_url):
    engine = retention.engine_for(tracker_url)
    assert purge(engine, timedelta(days=30)).conversations == 0
    assert forget(engine, "x") == 0


@pytest.mark.parametrize("text,expected", [
    ("30d", timedelta(days=30)), ("30", timedelta(days=30)), ("1 dag", timedelta(days=1)),
    ("12h", timedelta(hours=12)), ("12u", timedelta(hours=12)), (" 7D ", timedelta(days=7)),
])
def test_parse_age(text, expected):
    assert parse_age(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "-3d", "30x", "d", "1.5d", "30 days"])
def test_parse_age_rejects_in_dutch(text):
    with pytest.raises(ValueError, match="geen geldige termijn"):
        parse_age(text)


def test_describe_age():
    assert (describe_age(timedelta(days=30)), describe_age(timedelta(days=1)), describe_age(timedelta(hours=12))) \
        == ("30 dagen", "1 dag", "12 uur")


# --- the command line ----------------------------------------------------------------------------------------

def _recent(url: str):
    """The same conversations relative to the real clock (the CLI uses now)."""
    shift = (datetime.now(timezone.utc) - NOW).total_seconds()
    engine = _create(url, CONVERSATIONS)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE events SET timestamp = timestamp + :s"), {"s": shift})


def test_cli_purge_prints_what_it_deleted_in_dutch(tracker_url, capsys):
    _recent(tracker_url)
    assert cli.main(["privacy", "purge", "--older-than", "30d", "--db", tracker_url]) == 0
    out = capsys.readouterr().out
    assert "Gesprekken ouder dan 30 dagen" in out and "1 gesprek verwijderd (4 gebeurtenissen)" in out
    assert "3 gebeurtenissen uit oudere sessies" in out
    assert {r[0] for r in stored_rows(tracker_url)} == {"nieuw", "terug"}


def test_cli_purge_uses_the_configured_retention_period(tracker_url, capsys, monkeypatch):
    _recent(tracker_url)
    monkeypatch.setenv("STEMBOT_TRACKER_DB_URL", tracker_url)
    monkeypatch.setenv("STEMBOT_RETENTION_DAYS", "50")
    assert cli.main(["privacy", "purge"]) == 0
    assert "ouder dan 50 dagen" in capsys.readouterr().out
    assert len(stored_rows(tracker_url)) == len(CONVERSATIONS)


def test_cli_forget(tracker_url, capsys):
    _recent(tracker_url)
    assert cli.main(["privacy", "forget", "terug", "--db", tracker_url]) == 0
    assert "Gesprek 'terug' verwijderd: 6 gebeurtenissen" in capsys.readouterr().out
    assert cli.main(["privacy", "forget", "terug", "--db", tracker_url]) == 0
    assert "Geen gesprek met id 'terug'" in capsys.readouterr().out


def test_cli_errors_are_one_dutch_line(capsys, tmp_path, monkeypatch):
    assert cli.main(["privacy", "purge", "--older-than", "morgen"]) == 2
    assert "geen geldige termijn" in capsys.readouterr().err
    assert cli.main(["privacy", "purge", "--db", "postgresql://stembot@127.0.0.1:1/x"]) == 1
    err = capsys.readouterr().err
    assert "Kan de gespreksdatabank" in err and "geheim" not in err and "Traceback" not in err
    assert cli.main(["privacy", "purge", "--db", f"sqlite:///{tmp_path / 'nog-niet.db'}"]) == 0
    assert "nog geen gespreksdatabank" in capsys.readouterr().out
    assert not (tmp_path / "nog-niet.db").exists()
    monkeypatch.setenv("STEMBOT_RETENTION_DAYS", "nul")
    with pytest.raises(SystemExit, match="STEMBOT_RETENTION_DAYS"):
        cli.main(["privacy", "purge", "--db", f"sqlite:///{tmp_path / 'x.db'}"])


def test_sqlite_engine_reuses_its_connection_and_commits_without_fsync_per_transaction(tmp_path):
    engine = retention.engine_for(f"sqlite:///{tmp_path / 'tracker.db'}")
    opened = []
    sa.event.listen(engine, "connect", lambda conn, _record: opened.append(conn))
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert len(opened) == 1
