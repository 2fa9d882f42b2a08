"""Load: 16 concurrent conversations, zero errors, and every user message stored in order.

CI runs a short variant (STEMBOT_LOAD_SECONDS, default 12 s); `make load` runs the full 60 s. The numbers
(throughput, p50/p95) are printed and written to test-artifacts/load.json.
"""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from bot.loadtest import check_tracker, run_load
from tests.servers import ARTIFACTS

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.services]

USERS = int(os.environ.get("STEMBOT_LOAD_USERS", "16"))
SECONDS = float(os.environ.get("STEMBOT_LOAD_SECONDS", "12"))


def test_concurrent_users_no_errors_and_every_message_stored(fault_stack):
    stack = fault_stack.stack
    stack.say("load-warm-up", "hallo")
    result = asyncio.run(run_load(stack.rasa_url, users=USERS, duration=SECONDS, sender_prefix="load"))
    summary = result.summary()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"\nload: {json.dumps(summary)}")
    assert not result.errors, f"{len(result.errors)} errors, first: {result.errors[:3]}\n{stack.log_tail()}"
    assert len(result.conversations) == USERS and all(result.conversations.values())
    assert result.turns >= USERS, summary
    problems = check_tracker(result, fault_stack.tracker_url)
    assert not problems, problems
