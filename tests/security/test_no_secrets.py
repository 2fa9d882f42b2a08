"""No secrets in the repository: every tracked file is scanned for keys, tokens and literal passwords.

Secrets belong in environment variables (README, "Configuratie"); configuration files may only refer to them
(${VAR}). The patterns are the obvious ones (private keys, cloud/chat tokens, JWTs, credentials in URLs, a
password/secret/token key with a literal value in YAML/INI/env files), kept strict enough to have no false alarms.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.config import ROOT

PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Stripe/OpenAI-style key": re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|\bsk-[A-Za-z0-9]{32,}"),
    "JSON web token": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "password in a URL": re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?!\$\{|<|\*)[^/\s:@'\"]{3,}@"),
}
# key: value with a literal in configuration files (a ${VAR}, a <placeholder> or an empty value is fine)
CONFIG_SECRET = re.compile(
    r"""^\s*[\w.-]*(?:password|passwd|secret|api[_-]?key|auth[_-]?token|access[_-]?token|app[_-]?password)
        [\w-]*\s*[:=]\s*(?!\s*$|\s*["']?\$\{|\s*["']?<|\s*["']?\s*["']?\s*$|\s*null\b|\s*~)(.+)$""",
    re.IGNORECASE | re.VERBOSE)
CONFIG_FILES = {".yml", ".yaml", ".ini", ".cfg", ".toml", ".env", ".conf", ".properties"}


def tracked_files():
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name]


def findings(path: Path, root: Path = ROOT):
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return
    for number, line in enumerate(text.splitlines(), 1):
        for kind, pattern in PATTERNS.items():
            if pattern.search(line):
                yield f"{path.relative_to(root)}:{number}: {kind}"
        if (path.suffix in CONFIG_FILES or path.name.startswith(".env")) and CONFIG_SECRET.match(line):
            yield f"{path.relative_to(root)}:{number}: literal secret in configuration"


def test_no_secrets_in_tracked_files():
    files = tracked_files()
    assert len(files) > 50 and any(f.name == "credentials.yml" for f in files)
    found = [f for path in files if path.name != Path(__file__).name for f in findings(path)]
    assert not found, "secrets in the repository (use environment variables):\n" + "\n".join(found)


@pytest.mark.parametrize("line", [
    "-----BEGIN RSA PRIVATE KEY-----",
    "  app_password: hunter2hunter2",
    "password = 'Sup3rGeheim'",
    "url: postgresql://stembot:Sup3rGeheim@db:5432/stembot",
    "token: " + "xox" + "b-123456789012-abcdefghij",
    "auth: " + "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
])
def test_the_scanner_finds_planted_secrets(tmp_path, line):
    planted = tmp_path / "credentials.yml"
    planted.write_text(f"rest:\n{line}\n", encoding="utf-8")
    assert list(findings(planted, tmp_path))


@pytest.mark.parametrize("line", [
    "  app_password: ${STEMBOT_TEAMS_APP_PASSWORD}",
    "  url: ${STEMBOT_ACTION_ENDPOINT}",
    "password:",
    "url: postgresql+psycopg2://postgres@127.0.0.1:5432/test",
    "url: postgresql://user:${PGPASSWORD}@db/stembot",
    "STEMBOT_API_TOKEN: <maak er een met secrets.token_urlsafe>",
])
def test_references_to_environment_variables_are_fine(tmp_path, line):
    planted = tmp_path / "credentials.yml"
    planted.write_text(f"rest:\n{line}\n", encoding="utf-8")
    assert not list(findings(planted, tmp_path))

