"""Helpers of the web tests: small servers in their own process, and asyncio code run beside Playwright."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from typing import Any, Awaitable, Callable

import requests

from bot.config import ROOT
from tests.servers import free_port


class Process:
    """A small server of the tests (fake bot, host page) in its own process, on a free port."""

    def __init__(self, argv, health_path: str = "/"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.argv = [*argv, str(self.port)]
        self.health = self.url + health_path
        self.proc = None

    def start(self) -> "Process":
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if requests.get(self.health, timeout=1).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.argv} did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def run_async(make: Callable[[], Awaitable[Any]]) -> Any:
    """`asyncio.run(make())` in a thread of its own: Playwright's sync API keeps an event loop running in this one."""
    result: dict = {}

    def target():
        try:
            result["value"] = asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
