"""Only the Bot Connector gets in: every check of bot.teams.auth, against keys served by the local Microsoft."""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.config import MICROSOFT_TOKEN_URL, teams_settings
from bot.teams import auth
from bot.teams.channel import user_text
from bot.teams.output import card_actions


def verify(microsoft, activity, header):
    keys = auth.BotConnectorKeys(microsoft.env()["STEMBOT_TEAMS_OPENID_URL"])
    return asyncio.run(auth.verify(header, activity, microsoft.app_id, keys))


def test_a_token_signed_by_the_bot_connector_is_accepted(microsoft):
    activity = microsoft.activity("hallo", "a:1")
    claims = verify(microsoft, activity, f"Bearer {microsoft.token(activity)}")
    assert claims["aud"] == microsoft.app_id and claims["serviceUrl"] == microsoft.url


@pytest.mark.parametrize("case", ["no header", "basic auth", "other key", "other audience", "other issuer", "expired",
                                  "not yet valid", "no exp", "other serviceUrl", "not endorsed", "unknown kid",
                                  "hs256 with public key", "alg none", "garbage"])
def test_everything_else_is_refused(microsoft, case):
    activity = microsoft.activity("hallo", "a:1")
    now = int(time.time())
    token = {
        "other key": lambda: microsoft.token(activity, key=rsa.generate_private_key(public_exponent=65537,
                                                                                     key_size=2048)),
        "other audience": lambda: microsoft.token(activity, aud="someone-elses-bot"),
        "other issuer": lambda: microsoft.token(activity, iss="https://sts.windows.net/evil/"),
        "expired": lambda: microsoft.token(activity, exp=now - 3600, nbf=now - 7200),
        "not yet valid": lambda: microsoft.token(activity, nbf=now + 3600),
        "no exp": lambda: microsoft.token(activity, exp=None),
        "other serviceUrl": lambda: microsoft.token(dict(activity, serviceUrl="https://attacker.example")),
        "unknown kid": lambda: jwt.encode({"aud": microsoft.app_id}, microsoft.signing_key, algorithm="RS256",
                                          headers={"kid": "nope"}),
        "hs256 with public key": lambda: jwt.encode({"aud": microsoft.app_id, "iss": auth.ISSUER, "exp": now + 60},
                                                    "public-key-as-hmac-secret" * 2, algorithm="HS256",
                                                    headers={"kid": microsoft.kid}),
        "alg none": lambda: jwt.encode({"aud": microsoft.app_id, "iss": auth.ISSUER, "exp": now + 60}, None,
                                       algorithm="none", headers={"kid": microsoft.kid}),
        "garbage": lambda: "not.a.jwt",
    }.get(case, lambda: microsoft.token(activity))()
    header = {"no header": None, "basic auth": "Basic dXNlcjpwYXNz"}.get(case, f"Bearer {token}")
    if case == "not endorsed":
        activity["channelId"] = "slack"
    reason = {"no header": "bearer", "basic auth": "bearer", "other key": "Signature verification",
              "other audience": "Audience", "other issuer": "issuer", "expired": "expired", "not yet valid": "nbf",
              "no exp": "exp", "other serviceUrl": "serviceUrl", "not endorsed": "endorsed", "unknown kid": "unknown",
              "hs256 with public key": "HS256", "alg none": "none", "garbage": "malformed"}[case]
    with pytest.raises(auth.AuthError, match=reason):
        verify(microsoft, activity, header)


def test_keys_are_fetched_once_and_unreachable_keys_refuse_instead_of_crashing(microsoft):
    activity = microsoft.activity("hallo", "a:1")
    keys = auth.BotConnectorKeys(microsoft.env()["STEMBOT_TEAMS_OPENID_URL"])

    async def twice():
        for _ in range(2):
            await auth.verify(f"Bearer {microsoft.token(activity)}", activity, microsoft.app_id, keys)
        return keys._fetched_at

    fetched_at = asyncio.run(twice())
    assert fetched_at > float("-inf")
    nowhere = auth.BotConnectorKeys("http://127.0.0.1:9/openid")  # nothing listens on the discard port
    with pytest.raises(auth.AuthError, match="unavailable"):
        asyncio.run(auth.verify(f"Bearer {microsoft.token(activity)}", activity, microsoft.app_id, nowhere))


def test_mentions_are_not_part_of_the_question():
    assert user_text({"text": "<at>stembot</at> wat is STEM?"}) == "wat is STEM?"
    assert user_text({"text": None}) == ""


def test_buttons_become_card_actions():
    actions = card_actions([{"title": "Wat is STEM?", "payload": "/ask_what_is_stem"},
                            {"title": "Website", "url": "https://stem.vlaanderen.be"}])
    assert actions[0] == {"type": "messageBack", "title": "Wat is STEM?", "text": "/ask_what_is_stem",
                          "displayText": "Wat is STEM?"}
    assert actions[1] == {"type": "openUrl", "title": "Website", "value": "https://stem.vlaanderen.be"}


def test_settings(monkeypatch):
    for name in ("STEMBOT_TEAMS_APP_ID", "STEMBOT_TEAMS_APP_PASSWORD", "STEMBOT_TEAMS_TENANT_ID",
                 "STEMBOT_TEAMS_TOKEN_URL", "STEMBOT_TEAMS_OPENID_URL"):
        monkeypatch.delenv(name, raising=False)
    assert not teams_settings().enabled
    monkeypatch.setenv("STEMBOT_TEAMS_APP_ID", "11111111-2222-3333-4444-555555555555")
    with pytest.raises(SystemExit) as err:
        teams_settings()
    assert "STEMBOT_TEAMS_APP_PASSWORD" in str(err.value) and "\n" not in str(err.value)
    monkeypatch.setenv("STEMBOT_TEAMS_APP_PASSWORD", "x" * 20)
    monkeypatch.setenv("STEMBOT_TEAMS_TENANT_ID", "school.onmicrosoft.com")
    cfg = teams_settings()
    assert cfg.enabled and cfg.token_url == MICROSOFT_TOKEN_URL.format(tenant="school.onmicrosoft.com")
    assert "x" * 20 not in repr(cfg)


def test_why_the_channel_reads_the_environment_itself(tmp_path, monkeypatch):
    """Rasa expands ${VAR} only in unquoted YAML scalars and refuses to start when VAR is unset; a quoted
    "${VAR}" silently stays literal. Secrets referenced in credentials.yml would either break `make run` without
    Teams or become the literal app id, so TeamsInput reads STEMBOT_TEAMS_* via bot.config instead."""
    from rasa.shared.exceptions import RasaException
    from rasa.shared.utils.io import read_config_file

    from bot.config import ROOT

    monkeypatch.delenv("STEMBOT_TEAMS_APP_ID", raising=False)
    plain, quoted = tmp_path / "plain.yml", tmp_path / "quoted.yml"
    plain.write_text("x:\n  app_id: ${STEMBOT_TEAMS_APP_ID}\n")
    quoted.write_text('x:\n  app_id: "${STEMBOT_TEAMS_APP_ID}"\n')
    with pytest.raises(RasaException):
        read_config_file(str(plain))
    assert read_config_file(str(quoted))["x"]["app_id"] == "${STEMBOT_TEAMS_APP_ID}"
    credentials = read_config_file(str(ROOT / "credentials.yml"))
    assert "bot.teams.channel.TeamsInput" in credentials and credentials["bot.teams.channel.TeamsInput"] is None
