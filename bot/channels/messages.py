"""The Dutch sentences the fault and input handling says, read from domain.yml with a safe fallback.

The REST channel and the Rasa patches answer when the dialogue itself cannot (bad input, an action server
that is down, an exception inside Rasa). Their texts belong in domain.yml like every other bot sentence;
they are read from the file on disk (not from the trained model) so that a new text needs no retraining.
The fallbacks below are only a safety net for a domain.yml that lacks the response or cannot be read:
a fault must never turn into silence because a text is missing.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict

import yaml

from bot.config import settings

log = logging.getLogger(__name__)

ACTIONS_UNAVAILABLE = "utter_actions_unavailable"
EMPTY_MESSAGE = "utter_empty_message"
MESSAGE_TOO_LONG = "utter_message_too_long"
INTERNAL_ERROR = "utter_internal_error"
NO_REPLY = "utter_default"

# Bad requests to the REST API: the JSON error says what is wrong, in Dutch, for whoever integrates it.
BAD_JSON = "utter_error_bad_json"
BAD_FIELD = "utter_error_bad_field"

FALLBACKS: Dict[str, str] = {
    ACTIONS_UNAVAILABLE: "Sorry, ik kan je vraag nu even niet beantwoorden. Een deel van mij is niet bereikbaar. "
                         "Probeer het over een minuutje opnieuw. Ondertussen: alle studierichtingen staan op "
                         "https://www.onderwijskiezer.be en jobs op https://www.beroepenhuis.be.",
    EMPTY_MESSAGE: "Ik kreeg een leeg bericht. Wat wil je weten over STEM? Stel gerust je vraag.",
    MESSAGE_TOO_LONG: "Oei, dat bericht is te lang voor mij. Ik lees maximaal {max_chars} tekens. "
                      "Kan je je vraag korter stellen?",
    INTERNAL_ERROR: "Sorry, er ging iets mis aan mijn kant. Probeer het zo meteen nog eens.",
    NO_REPLY: "Sorry, dat begreep ik niet. Kan je het anders zeggen?",
    BAD_JSON: "Ongeldig verzoek: stuur een JSON-object in UTF-8 met de velden \"sender\" en \"message\".",
    BAD_FIELD: "Ongeldig verzoek: {detail}.",
}


@lru_cache(maxsize=1)
def _responses() -> Dict[str, Any]:
    try:
        domain = yaml.safe_load((settings().root / "domain.yml").read_text(encoding="utf-8")) or {}
        return domain.get("responses") or {}
    except (OSError, yaml.YAMLError) as exc:  # the fallbacks keep the bot talking
        log.warning("cannot read responses from domain.yml: %s", exc)
        return {}


def has_response(name: str) -> bool:
    return bool(_responses().get(name))


def text(name: str, **values: Any) -> str:
    """The first text of response `name` in domain.yml (else the fallback), with `values` filled in."""
    variants = _responses().get(name) or []
    template = next((v["text"] for v in variants if isinstance(v, dict) and v.get("text")), None)
    if template is None and name not in FALLBACKS:
        raise KeyError(f"no response {name} in domain.yml and no fallback")
    try:
        return (template or FALLBACKS[name]).format(**values)
    except (KeyError, IndexError, ValueError):  # a placeholder the domain text has but we do not fill
        if name not in FALLBACKS:
            raise
        return FALLBACKS[name].format(**values)
