"""ScriptGuard: messages in a script other than Latin become other_language, whatever the model guessed."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.script_guard import ScriptGuard, non_latin_share


def classify(text: str, guess: str = "affirm") -> str:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": guess, "confidence": 0.25})
    message.set(INTENT_RANKING_KEY, [{"name": guess, "confidence": 0.25}])
    ScriptGuard(ScriptGuard.get_default_config()).process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize("text", ["สวัสดีครับ เรียนอะไรดี", "ሰላም እንታይ ክመሃር", "Γεια σου, τι είναι το STEM;",
                                  "что такое STEM?", "こんにちは", "مرحبا، أريد أن أدرس", "안녕하세요 STEM이 뭐예요"])
def test_other_scripts_become_other_language(text):
    assert classify(text) == "other_language"


@pytest.mark.parametrize("text", ["wat is STEM?", "ça va, c'est quoi STEM", "😂😂😂", "1234", "STEM 🇧🇪 😀",
                                  "ik zit in het 6de leerjaar", "/ask_initiative"])
def test_latin_text_and_emoji_are_left_to_the_model(text):
    assert classify(text) == "affirm"


@pytest.mark.parametrize("text,guess,intent", [
    ("hola que tal", "nlu_fallback", "other_language"), ("merhaba, nasil", "nlu_fallback", "other_language"),
    ("hola que tal", "greet", "greet"),  # the model was sure: its intent stands
    ("ik snap het niet goed", "nlu_fallback", "nlu_fallback"), ("qwxz blorp", "nlu_fallback", "nlu_fallback"),
    # short Dutch follow-ups with words German shares ("wie", "die", "was") stay Dutch
    ("wie heeft die al gewonnen", "nlu_fallback", "nlu_fallback"), ("kost dat iets", "nlu_fallback", "nlu_fallback"),
    ("Was ist das?", "nlu_fallback", "other_language"),
])
def test_an_unsure_message_in_another_language_is_other_language(text, guess, intent):
    assert classify(text, guess) == intent


def _classify_ranked(text: str, ranking) -> str:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking])
    ScriptGuard(ScriptGuard.get_default_config()).process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize("text,ranking,intent", [
    # other_language a close second and the words are English: the bot says it speaks Dutch
    ("what is stem about?", [("ask_what_is_stem", 0.46), ("other_language", 0.43)], "other_language"),
    ("je cherche une école", [("ask_handoff", 0.5), ("other_language", 0.31)], "other_language"),
    # a Dutch question with English words stays Dutch; so does a far second, or a question the model is sure of
    ("wat is stem about", [("ask_what_is_stem", 0.5), ("other_language", 0.35)], "ask_what_is_stem"),
    ("what is stem", [("ask_what_is_stem", 0.7), ("other_language", 0.2)], "ask_what_is_stem"),
    ("hoe kan ik coding leren", [("ask_tracks", 0.6), ("other_language", 0.3)], "ask_tracks"),
])
def test_other_language_as_a_close_second_counts_when_the_words_are_not_dutch(text, ranking, intent):
    assert _classify_ranked(text, ranking) == intent


def test_share_counts_letters_only():
    assert non_latin_share("😀 123") == 0.0
    assert non_latin_share("abc") == 0.0
    assert non_latin_share("αβγ") == 1.0


def test_safety_guard_wins_after_the_script_guard():
    from bot.nlu.safety_guard import SafetyGuard

    message = Message(data={TEXT: "ik word gepest"})
    message.set(INTENT, {"name": "ask_hero", "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, [{"name": "ask_hero", "confidence": 0.9}])
    SafetyGuard({}).process(ScriptGuard({}).process([message]))
    assert message.get(INTENT) == {"name": "express_distress", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["express_distress", "ask_hero"]


@pytest.mark.parametrize("text,ranking,intent", [
    # clearly Dutch: the model's best other intent when it holds enough of the rest, else the knowledge search
    ("sorry ik kan ook nederlands. wat is stem?",
     [("other_language", 0.8), ("ask_what_is_stem", 0.12), ("greet", 0.05), ("thank", 0.03)], "ask_what_is_stem"),
    ("ok dan in het nederlands: ik wil iets met computers doen",
     [("other_language", 0.7), ("inform", 0.1), ("ask_tracks", 0.1), ("greet", 0.1)], "nlu_fallback"),
    # a Dutch question about another language, or a mixed one, stays other_language
    ("kan je ook in het frans antwoorden aub", [("other_language", 0.8), ("ask_capabilities", 0.2)],
     "other_language"),
    ("wat is STEM? sorry I only speak english", [("other_language", 0.8), ("ask_what_is_stem", 0.2)],
     "other_language"),
    ("Hello, do you speak English?", [("other_language", 0.9), ("greet", 0.1)], "other_language"),
])
def test_a_clearly_dutch_message_is_not_other_language(text, ranking, intent):
    assert _classify_ranked(text, ranking) == intent
