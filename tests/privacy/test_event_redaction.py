"""Redaction of real Rasa events: personal data goes, the structure Rasa needs to rebuild a tracker stays."""

from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    EntitiesAdded,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.privacy.events import redact_event, redact_events

TEXT = "mijn mail is jan.peeters@telenet.be en mijn gsm 0478 12 34 56"


def _user() -> UserUttered:
    return UserUttered(
        TEXT,
        intent={"name": "out_of_scope", "confidence": 0.9},
        entities=[{"entity": "grade", "value": "0478 12 34 56", "start": 49, "end": 62, "extractor": "DIET"}],
        parse_data={"intent": {"name": "out_of_scope", "confidence": 0.9},
                    "entities": [{"entity": "grade", "value": "0478 12 34 56", "start": 49, "end": 62}],
                    "intent_ranking": [{"name": "out_of_scope", "confidence": 0.9}], "text": TEXT},
        input_channel="rest", message_id="abc123",
        metadata={"user": {"name": "Jan Peeters", "mail": "jan.peeters@telenet.be"}},
    )


def test_user_event_text_entities_and_metadata_are_redacted_structure_stays():
    original = _user().as_dict()
    data = redact_event(original)
    assert data["text"] == "mijn mail is [e-mail] en mijn gsm [telefoon]"
    assert data["parse_data"]["text"] == data["text"]
    assert data["parse_data"]["entities"][0] == {"entity": "grade", "value": "[telefoon]", "start": 49, "end": 62}
    assert data["parse_data"]["intent"] == {"name": "out_of_scope", "confidence": 0.9}
    assert data["metadata"]["user"]["mail"] == "[e-mail]"
    assert (data["event"], data["timestamp"], data["input_channel"], data["message_id"]) == \
        (original["event"], original["timestamp"], "rest", "abc123")
    assert original["text"] == TEXT, "the input (the live tracker's event) must not be changed"
    rebuilt = Event.from_parameters(data)
    assert isinstance(rebuilt, UserUttered) and rebuilt.intent_name == "out_of_scope"


def test_slot_values_of_any_shape_are_redacted():
    assert redact_event(SlotSet("grade", "Kerkstraat 12").as_dict())["value"] == "[adres]"
    assert redact_event(SlotSet("interests", ["techniek", "bel 0478 12 34 56"]).as_dict())["value"] == \
        ["techniek", "bel [telefoon]"]
    context = SlotSet("figure_context", {"dims": ["bso"], "text": "mail jan@telenet.be"}).as_dict()
    assert redact_event(context)["value"] == {"dims": ["bso"], "text": "mail [e-mail]"}
    assert redact_event(SlotSet("grade", None).as_dict())["value"] is None
    assert redact_event(SlotSet("grade", "5de jaar").as_dict())["value"] == "5de jaar"


def test_bot_text_and_payload_entities_and_session_metadata_are_redacted():
    bot = redact_event(BotUttered("Je mail jan@telenet.be?", data={"buttons": [{"title": "0478 12 34 56"}]}).as_dict())
    assert bot["text"] == "Je mail [e-mail]?" and bot["data"]["buttons"][0]["title"] == "[telefoon]"
    ents = redact_event(EntitiesAdded([{"entity": "role", "value": "jan@telenet.be"}]).as_dict())
    assert ents["entities"] == [{"entity": "role", "value": "[e-mail]"}]
    session = redact_event(SessionStarted(metadata={"phone": "0478 12 34 56"}).as_dict())
    assert session["metadata"] == {"phone": "[telefoon]"}


def test_action_events_are_unchanged():
    action = ActionExecuted("action_figure", policy="RulePolicy", confidence=1.0).as_dict()
    assert redact_event(action) == action


def test_rasas_own_ids_in_metadata_stay_as_they_are_and_the_rest_of_the_metadata_is_redacted():
    model_id = "4be31796bd0d43b78df7f3c032863139"  # a real-looking model id in which a phone number can be seen
    metadata = {"model_id": model_id, "assistant_id": "stembot", "phone": "0478 12 34 56"}
    for event in (ActionExecuted("action_figure", metadata=metadata), BotUttered("Hoi", metadata=metadata)):
        data = redact_event(event.as_dict())
        assert data["metadata"] == {"model_id": model_id, "assistant_id": "stembot", "phone": "[telefoon]"}
    # the same key elsewhere (a slot value) is still redacted: only Rasa's event metadata is exempt
    assert redact_event(SlotSet("x", {"model_id": "0478 12 34 56"}).as_dict())["value"] == {"model_id": "[telefoon]"}


def test_pieces_the_nlu_cut_out_of_personal_data_are_masked_with_it():
    """What DIET really did with the phone number: entities 'age' = '0478' and '12', and a slot filled from one."""
    start = TEXT.index("0478")
    user = UserUttered(TEXT, parse_data={
        "intent": {"name": "inform", "confidence": 0.5}, "text": TEXT,
        "entities": [{"entity": "age", "start": start, "end": start + 4, "value": "0478"},
                     {"entity": "age", "start": start + 5, "end": start + 7, "value": "12"}]})
    later = UserUttered("ik ben 12", parse_data={"intent": {"name": "inform", "confidence": 0.9}, "text": "ik ben 12",
                                                 "entities": [{"entity": "age", "start": 7, "end": 9, "value": "12"}]})
    events = [user, SlotSet("grade", "0478"), SlotSet("interests", ["techniek", "12"]),
              BotUttered("Oké!"), later, SlotSet("grade", "12")]
    data = redact_events([e.as_dict() for e in events])
    assert [e["value"] for e in data[0]["parse_data"]["entities"]] == ["[telefoon]", "[telefoon]"]
    assert data[1]["value"] == "[telefoon]" and data[2]["value"] == ["techniek", "[telefoon]"]
    assert data[4]["parse_data"]["entities"][0]["value"] == "12", "a new message starts afresh"
    assert data[5]["value"] == "12"
    assert "0478" not in str(data)
