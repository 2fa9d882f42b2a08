"""Messages in 32 other languages (tests/faults/languages.yml) each get a reply from the bot, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import yaml

from bot.channels import messages
from tests.servers import texts

pytestmark = [pytest.mark.model, pytest.mark.slow]

SENTENCES = yaml.safe_load((Path(__file__).parent / "languages.yml").read_text(encoding="utf-8"))


def test_the_list_has_30_languages_and_no_dutch():
    assert len(SENTENCES) >= 30 and "nl" not in SENTENCES
    assert len(set(SENTENCES.values())) == len(SENTENCES)


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_other_language_gets_a_reply(stack, language):
    resp = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                         json={"sender": f"lang-{language}", "message": SENTENCES[language]}, timeout=120)
    assert resp.status_code == 200, resp.text[:300]
    reply = texts(resp.json())
    assert reply.strip(), f"no reply in {language}"
    assert messages.text(messages.INTERNAL_ERROR) not in reply, f"{language}: Rasa failed\n{stack.log_tail()}"
