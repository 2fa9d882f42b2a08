"""The real servers for end-to-end tests: action server, Rasa and (when present) the web page on free ports.

One `Stack` per group of tests. The session-wide one (fixture `stack` in conftest.py) serves every test that
only talks to the bot; fault tests build their own so that stopping a server does not disturb the others.
Each server logs to test-artifacts/<stack>-<server>.log so that a failing test can show what the server said.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import requests

from bot import run as runner
from bot.config import ROOT, settings

ARTIFACTS = ROOT / "test-artifacts"
MODEL = ROOT / "models" / "stembot.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """Start, stop and restart the project's servers exactly as `stembot run` would, on free ports."""

    def __init__(self, name: str, env: Optional[Dict[str, str]] = None, names: Iterable[str] = ("actions", "rasa"),
                 model: Path = MODEL):
        if not model.exists():
            raise AssertionError("no trained model: run `make train` (make test does this)")
        self.name = name
        self.cfg = replace(settings(), rasa_port=free_port(), actions_port=free_port(), web_port=free_port())
        self.env = runner.child_env(self.cfg)
        # Conversations of a test stack never go to the developer's own stores: a fresh SQLite file per stack and
        # in-memory locks, unless the test passes its own STEMBOT_TRACKER_DB_URL / STEMBOT_LOCK_STORE_URL.
        self.tracker_db = ARTIFACTS / f"{name}-tracker.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.tracker_db}{suffix}").unlink(missing_ok=True)
        self.env.update({"STEMBOT_TRACKER_DB_URL": f"sqlite:///{self.tracker_db}", "STEMBOT_LOCK_STORE_URL": ""})
        self.env.update(env or {})
        # the command lines depend on the environment too (CORS, HTTP API, Teams): build them with ours
        saved = dict(os.environ)
        try:
            os.environ.clear()
            os.environ.update(self.env)
            self.services = {s.name: s for s in runner.services(self.cfg, model) if s.name in set(names)}
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self._logs: Dict[str, object] = {}

    # --- addresses -------------------------------------------------------------------------------------------
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.cfg.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.cfg.actions_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.cfg.web_port}"

    def log_path(self, service: str) -> Path:
        return ARTIFACTS / f"{self.name}-{service}.log"

    def log_tail(self, chars: int = 4000) -> str:
        parts = []
        for service in self.services:
            path = self.log_path(service)
            if path.exists():
                parts.append(f"--- {path.name} ---\n" + path.read_text("utf-8", errors="replace")[-chars:])
        return "\n".join(parts)

    # --- life cycle ------------------------------------------------------------------------------------------
    def start(self, *names: str, timeout: float = 240) -> "Stack":
        chosen: List[runner.Service] = [self.services[n] for n in (names or self.services)]
        ARTIFACTS.mkdir(exist_ok=True)
        for svc in chosen:
            if svc.proc and svc.proc.poll() is None:
                continue
            log = self.log_path(svc.name).open("ab")
            self._logs[svc.name] = log
            svc.proc = subprocess.Popen(svc.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for svc in chosen:
            if not runner.wait_healthy(svc, timeout=timeout):
                raise AssertionError(f"{svc.name} did not start\n{self.log_tail()}")
        return self

    def stop(self, *names: str) -> None:
        chosen = [self.services[n] for n in (names or self.services)]
        runner.stop_all(chosen)
        for svc in chosen:
            log = self._logs.pop(svc.name, None)
            if log:
                log.close()

    def restart(self, *names: str) -> None:
        self.stop(*names)
        self.start(*names)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- talking to the bot ----------------------------------------------------------------------------------
    def say(self, sender: str, message: str, timeout: float = 60) -> List[dict]:
        """One REST turn; an empty reply (Rasa's answer when handling raised) fails with the server logs."""
        resp = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                             timeout=timeout)
        assert resp.status_code == 200, f"{resp.status_code}: {resp.text[:300]}"
        if not resp.json():
            raise AssertionError(f"no reply to {message!r}; server logs:\n{self.log_tail()}")
        return resp.json()


def texts(replies: List[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)
