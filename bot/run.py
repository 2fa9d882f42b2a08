"""`stembot run`: start the action server, the Rasa server (and the web page when present) together.

Logs of every process go to the terminal with a prefix; Ctrl-C (or SIGTERM) stops all of them. Set-up
problems (a port in use, no trained model, a broken model file) are explained in one line.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from bot import http_api
from bot.config import Settings, api_settings, settings, teams_settings


class SetupError(SystemExit):
    """A set-up problem with a one-line explanation for the user."""

    def __init__(self, message: str):
        super().__init__(f"stembot: {message}")


@dataclass
class Service:
    name: str
    argv: List[str]
    port: int
    health: str
    proc: Optional[subprocess.Popen] = None


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def check_ports(services: List[Service], host: str) -> None:
    env_names = {"rasa": "STEMBOT_RASA_PORT", "actions": "STEMBOT_ACTIONS_PORT", "web": "STEMBOT_WEB_PORT"}
    for svc in services:
        if not port_free(host, svc.port):
            raise SetupError(
                f"poort {svc.port} ({svc.name}) is al in gebruik. Stop het programma dat die poort gebruikt "
                f"(bv. een vorige 'make run') of kies een andere poort: {env_names[svc.name]}=<poort> make run"
            )


def latest_model(models_dir: Path) -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SetupError(f"geen getraind model in {models_dir}/. Voer eerst 'make train' uit (of gewoon 'make run').")
    return models[-1]


def check_model(path: Path) -> None:
    try:
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise SetupError(
            f"het model {path} is beschadigd ({exc.__class__.__name__}). Verwijder het (rm {path}) "
            f"en voer 'make train' uit."
        )
    if not any(n.endswith("metadata.json") for n in names):
        raise SetupError(f"{path} is geen Rasa-model. Verwijder het (rm {path}) en voer 'make train' uit.")


def services(cfg: Settings, model: Path) -> List[Service]:
    teams_settings()  # a half-configured Teams channel is a one-line set-up error, before anything starts
    api = api_settings(cfg)  # HTTP API only with a token; CORS origins checked (bot/http_api.py)
    out = [
        Service("actions", [sys.executable, "-m", "bot.action_server", "--actions", "actions",
                            "--port", str(cfg.actions_port)],
                cfg.actions_port, f"http://127.0.0.1:{cfg.actions_port}/health"),
        Service("rasa", [sys.executable, "-m", "bot.rasa_server", "run", "--model", str(model),
                         "--port", str(cfg.rasa_port), "--interface", cfg.host, "--endpoints", str(cfg.endpoints),
                         "--credentials", "credentials.yml", *http_api.rasa_args(api)],
                cfg.rasa_port, f"http://127.0.0.1:{cfg.rasa_port}/"),
    ]
    web_app = cfg.root / "bot" / "web" / "app.py"
    if web_app.exists():
        out.append(Service("web", [sys.executable, "-m", "bot.web", "--port", str(cfg.web_port)], cfg.web_port,
                           f"http://127.0.0.1:{cfg.web_port}/health"))
    return out


def child_env(cfg: Settings) -> dict:
    env = dict(os.environ)
    env.update({
        "STEMBOT_RASA_PORT": str(cfg.rasa_port),
        "STEMBOT_ACTIONS_PORT": str(cfg.actions_port),
        "STEMBOT_WEB_PORT": str(cfg.web_port),
        "STEMBOT_ACTION_ENDPOINT": cfg.action_endpoint,
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        # privacy: no usage data to Rasa's telemetry service unless the operator explicitly turns it on
        "RASA_TELEMETRY_ENABLED": env.get("RASA_TELEMETRY_ENABLED", "false"),
    })
    # TensorFlow threads for many small predictions side by side (bench/LEVERS.md: ~+13 % msg/s at 16 users,
    # lower p95); an explicit setting in the environment wins.
    env.setdefault("TF_INTRA_OP_PARALLELISM_THREADS", "1")
    env.setdefault("TF_INTER_OP_PARALLELISM_THREADS", "2")
    return env


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"[{name:7}] {line.decode('utf-8', 'replace')}")
        sys.stdout.flush()


def wait_healthy(svc: Service, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if svc.proc and svc.proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(svc.health, timeout=2) as resp:
                if resp.status < 500:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def stop_all(procs: List[Service]) -> None:
    for svc in procs:
        if svc.proc and svc.proc.poll() is None:
            svc.proc.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 10
    for svc in procs:
        if svc.proc:
            try:
                svc.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                svc.proc.kill()
                svc.proc.wait(timeout=30)  # reap it: a restart must not mistake it for still running


def run(cfg: Optional[Settings] = None) -> int:
    cfg = cfg or settings()
    model = latest_model(cfg.root / "models")
    check_model(model)
    svcs = services(cfg, model)
    check_ports(svcs, cfg.host)
    env = child_env(cfg)
    stopping = threading.Event()

    def _stop(_sig, _frame):
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        for svc in svcs:
            svc.proc = subprocess.Popen(svc.argv, cwd=cfg.root, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True)
            threading.Thread(target=_pump, args=(svc.name, svc.proc.stdout), daemon=True).start()
        for svc in svcs:
            if not wait_healthy(svc, timeout=180):
                if stopping.is_set():
                    return 130
                raise SetupError(f"{svc.name} is niet gestart (zie de log hierboven).")
        print(f"stembot draait: REST http://127.0.0.1:{cfg.rasa_port}/webhooks/rest/webhook"
              + (f" · chat http://127.0.0.1:{cfg.web_port}/" if any(s.name == "web" for s in svcs) else "")
              + " — Ctrl-C om te stoppen.", flush=True)
        while not stopping.is_set():
            for svc in svcs:
                if svc.proc.poll() is not None:
                    raise SetupError(f"{svc.name} is gestopt met code {svc.proc.returncode} (zie de log hierboven).")
            stopping.wait(0.5)
        return 0
    finally:
        stop_all(svcs)
