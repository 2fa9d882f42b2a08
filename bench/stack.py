"""Serve one bot of the benchmark (action server + Rasa) on free ports, and measure its processes.

Both bots run the same action server, domain, endpoints and credentials, started with the argv and environment that
`stembot run` (bot/run.py) uses. They differ in the model and in the Rasa entry point:
- "stembot" serving is exactly what `stembot run` starts (`python -m bot.rasa_server run`, our patches, our env);
- "stock" serving is stock Rasa (`python -m rasa run`), without the serving settings listed in SERVING_ENV.
Each stack gets its own copy of the knowledge database, so that the knowledge-edit benchmark changes nothing else.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional

from bench.paths import BENCH_VAR, LOGS
from bot import run as runner
from bot.config import ROOT, settings

# Settings that are part of how stembot is served (levers), left out when the stock baseline is served.
SERVING_ENV = ("SANIC_WORKERS", "TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS",
               "OMP_NUM_THREADS", "MALLOC_ARENA_MAX")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> List[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _tree(pid: int) -> List[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        if current not in out:
            out.append(current)
            todo.extend(_children(current))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants: less noisy than wall time on a shared machine."""
    total = 0.0
    for current in _tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_tree(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants (Sanic workers, multiprocessing)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        todo.extend(_children(current))
    return total


class BenchStack:
    """One bot's servers: start (timing the first answer), measure, stop."""

    def __init__(self, name: str, model: Path, serving: str = "stembot", env: Optional[Dict[str, str]] = None,
                 endpoints: Optional[Path] = None):
        self.name = name
        self.cfg = replace(settings(), rasa_port=free_port(), actions_port=free_port(), web_port=free_port())
        self.db_path = BENCH_VAR / f"kb-{name}.db"
        self.env = runner.child_env(self.cfg)
        self.env["STEMBOT_DB_URL"] = f"sqlite:///{self.db_path}"
        if serving == "stock":
            for key in SERVING_ENV:
                self.env.pop(key, None)
        self.env.update(env or {})
        self.services = {s.name: s for s in runner.services(self.cfg, model) if s.name in ("actions", "rasa")}
        argv = self.services["rasa"].argv
        if serving == "stock":
            argv[argv.index("bot.rasa_server")] = "rasa"
        if endpoints:
            argv[argv.index("--endpoints") + 1] = str(endpoints)
        self.serving = serving
        self._logs: list = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.cfg.rasa_port}/webhooks/rest/webhook"

    def log_path(self, service: str) -> Path:
        return LOGS / f"{self.name}-{service}.log"

    def load_knowledge(self, knowledge_dir: Optional[Path] = None, spacy_dir: Optional[Path] = None) -> float:
        """(Re)load this stack's knowledge database as an editor would (`stembot kb load`); returns seconds."""
        argv = [sys.executable, "-m", "bot.cli", "kb", "load", "--db", self.env["STEMBOT_DB_URL"]]
        if knowledge_dir:
            argv.append(str(knowledge_dir))
        env = dict(self.env)
        if spacy_dir:
            env["STEMBOT_SPACY_DIR"] = str(spacy_dir)
        started = time.monotonic()
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"stembot kb load failed: {proc.stderr.strip()[-500:]}")
        return time.monotonic() - started

    def start(self, timeout: float = 300) -> float:
        """Start both servers; returns the seconds from starting them to the first non-empty answer."""
        LOGS.mkdir(parents=True, exist_ok=True)
        self.load_knowledge()
        started = time.monotonic()
        for svc in self.services.values():
            log = self.log_path(svc.name).open("wb")
            self._logs.append(log)
            svc.proc = subprocess.Popen(svc.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while time.monotonic() < deadline:
            for svc in self.services.values():
                if svc.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"{self.name}: {svc.name} stopped at start; see {self.log_path(svc.name)}")
            if self._answers("hallo", f"start-{time.time_ns()}"):
                return time.monotonic() - started
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{self.name}: no answer within {timeout:.0f} s; see {LOGS}")

    def _answers(self, text: str, sender: str) -> bool:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status == 200 and bool(json.loads(resp.read() or b"[]"))
        except (OSError, ValueError):
            return False

    def cpu(self) -> Dict[str, float]:
        return {name: cpu_seconds(svc.proc.pid) for name, svc in self.services.items() if svc.proc}

    def rss(self) -> Dict[str, int]:
        return {name: rss_tree(svc.proc.pid) for name, svc in self.services.items() if svc.proc}

    def stop(self) -> None:
        runner.stop_all(list(self.services.values()))
        for log in self._logs:
            log.close()
        self._logs.clear()

    def __enter__(self) -> "BenchStack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def environment_note() -> Dict[str, str]:
    """The serving settings in force, for the results file."""
    return {k: os.environ[k] for k in SERVING_ENV if k in os.environ}
