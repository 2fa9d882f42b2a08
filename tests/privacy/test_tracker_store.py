"""The redacting SQL tracker store against real SQLite and PostgreSQL databases."""

import time

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot.privacy.tracker_store import RedactingSQLTrackerStore, TrackerStoreUnavailable
from tests.privacy.stores import leaked, run_async, stored_rows

TEXT = "mijn mail is jan.peeters@telenet.be en mijn gsm 0478 12 34 56"
SECRETS = ("jan.peeters", "telenet", "0478", "12 34 56", "Kerkstraat")


def _turn(tracker, text=TEXT):
    at = text.find("0478")  # DIET really cut an 'age' out of the phone number
    entities = [{"entity": "age", "value": "0478", "start": at, "end": at + 4}] if at >= 0 else []
    tracker.update(UserUttered(text, parse_data={
        "intent": {"name": "out_of_scope", "confidence": 0.8}, "entities": entities, "text": text}))
    tracker.update(SlotSet("grade", "0478" if entities else "5de jaar"))
    tracker.update(SlotSet("interests", ["Kerkstraat 12, 2000 Antwerpen"]))
    tracker.update(ActionExecuted("utter_out_of_scope"))
    tracker.update(BotUttered("Dat weet ik niet."))
    tracker.update(ActionExecuted("action_listen"))


@run_async
async def test_stored_events_hold_no_personal_data_and_the_conversation_reloads(tracker_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, host=tracker_url)
    tracker = await store.get_or_create_tracker("leerling-1")
    _turn(tracker)
    await store.save(tracker)

    assert tracker.latest_message.text == TEXT, "the running turn keeps what the user typed"
    rows = stored_rows(tracker_url)
    assert len(rows) == len(tracker.events)
    dump = "\n".join(r[3] for r in rows)
    assert not leaked(dump, SECRETS), dump
    assert "[e-mail]" in dump and "[telefoon]" in dump and "[adres]" in dump

    # a new store on the same database (= Rasa restarted) gets the conversation back, redacted
    reloaded = await RedactingSQLTrackerStore(domain=domain, host=tracker_url).retrieve("leerling-1")
    assert [e.type_name for e in reloaded.events] == [e.type_name for e in tracker.events]
    assert reloaded.latest_message.text == "mijn mail is [e-mail] en mijn gsm [telefoon]"
    assert reloaded.get_slot("grade") == "[telefoon]" and reloaded.get_slot("interests") == ["[adres]"]
    assert reloaded.latest_action_name == "action_listen"


@run_async
async def test_saving_again_adds_only_new_events(tracker_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, host=tracker_url)
    tracker = await store.get_or_create_tracker("leerling-2")
    _turn(tracker)
    await store.save(tracker)
    await store.save(tracker)
    count = len(stored_rows(tracker_url))
    tracker = await store.retrieve("leerling-2")
    _turn(tracker, "en in het kso?")
    await store.save(tracker)
    rows = stored_rows(tracker_url)
    assert len(rows) == count + 6
    assert '"text": "en in het kso?"' in rows[-6][3] and '"value": "5de jaar"' in rows[-5][3]
    assert await store.keys() == ["leerling-2"]


@run_async
async def test_rasa_builds_it_from_endpoints_config_with_the_url_from_the_environment(tracker_url, domain,
                                                                                       monkeypatch):
    monkeypatch.setenv("STEMBOT_TRACKER_DB_URL", tracker_url)
    store = TrackerStore.create(EndpointConfig(type="bot.privacy.tracker_store.RedactingSQLTrackerStore"),
                                domain=domain)
    assert isinstance(store, RedactingSQLTrackerStore) and store.url == tracker_url
    tracker = await store.get_or_create_tracker("via-endpoints")
    _turn(tracker)
    await store.save(tracker)
    assert {r[0] for r in stored_rows(tracker_url)} == {"via-endpoints"}


def test_default_is_a_sqlite_file_under_var(monkeypatch, tmp_path, domain):
    monkeypatch.delenv("STEMBOT_TRACKER_DB_URL", raising=False)
    monkeypatch.setenv("STEMBOT_VAR_DIR", str(tmp_path / "var"))
    store = RedactingSQLTrackerStore(domain=domain)
    assert store.url == f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"
    assert (tmp_path / "var" / "tracker.db").exists()


def test_an_unreachable_database_stops_with_a_clear_message_instead_of_retrying_forever(domain):
    started = time.monotonic()
    with pytest.raises(TrackerStoreUnavailable) as err:
        RedactingSQLTrackerStore(domain=domain, host="postgresql://stembot@127.0.0.1:1/stembot",
                                 connect_timeout=1)
    assert time.monotonic() - started < 20
    message = str(err.value)
    assert "niet bereikbaar" in message and "STEMBOT_TRACKER_DB_URL" in message and "geheim" not in message


def test_a_missing_driver_is_an_error_not_a_silent_in_memory_store(domain):
    # Rasa turns an ImportError of a custom store into an InMemoryTrackerStore with only a warning.
    with pytest.raises(TrackerStoreUnavailable, match="databankstuurprogramma"):
        TrackerStore.create(EndpointConfig(url="mysql://u@127.0.0.1/stembot",
                                           type="bot.privacy.tracker_store.RedactingSQLTrackerStore"), domain=domain)


@run_async
async def test_conversations_past_the_retention_period_are_deleted_at_start(tracker_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, host=tracker_url)
    old = store.init_tracker("vorig-jaar")
    _turn(old)
    for event in old.events:
        event.timestamp -= 40 * 86400
    await store.save(old)
    recent = await store.get_or_create_tracker("vandaag")
    _turn(recent)
    await store.save(recent)
    assert {r[0] for r in stored_rows(tracker_url)} == {"vorig-jaar", "vandaag"}

    RedactingSQLTrackerStore(domain=domain, host=tracker_url, retention_days=30)
    assert {r[0] for r in stored_rows(tracker_url)} == {"vandaag"}
