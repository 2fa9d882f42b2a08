"""Load client: simulated users talking to the REST channel at the same time, and a check of the tracker store.

Why a module of its own (not a test): CI runs a short variant (tests/load/), `make load` the full 16 users x
60 s, and the bench developer can reuse `run_load()`. Every user is one conversation that sends the next
message of SCRIPT only after the previous reply (as a person would, without thinking time by default, to
load the bot as hard as 16 users can); a turn is an error unless it gets HTTP 200 with at least one message,
none of which is a fault answer (actions unavailable, knowledge unavailable, internal error).
Afterwards `check_tracker()` reads the tracker store's database and checks that every user message of every
conversation is stored, in order, exactly once.

    python -m bot.loadtest --url http://127.0.0.1:5005 --users 16 --duration 60 --tracker-db sqlite:///…
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence

import aiohttp

# A conversation a pupil could have: greeting, figures with a follow-up, an initiative, a hero, thanks, bye.
SCRIPT: Sequence[str] = (
    "hallo",
    "wat is STEM?",
    "hoeveel meisjes zitten er in stem in het bso?",
    "en in het kso?",
    "welke initiatieven zijn er voor meisjes?",
    "vertel eens over een STEM-held",
    "wat kan je allemaal?",
    "merci!",
    "oke daag!",
)


@dataclass
class LoadResult:
    users: int
    duration: float
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    conversations: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Answered turns per second over the whole run."""
        return self.turns / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]

    def summary(self) -> Dict[str, float]:
        return {"users": self.users, "seconds": round(self.duration, 1), "turns": self.turns,
                "errors": len(self.errors), "throughput_per_s": round(self.throughput, 2),
                "p50_s": round(self.percentile(50), 3), "p95_s": round(self.percentile(95), 3),
                "max_s": round(max(self.latencies, default=math.nan), 3)}


def fault_texts() -> FrozenSet[str]:
    """What the bot says when a part of it fails: under load these count as errors, not as replies."""
    from bot.channels import messages

    names = (messages.ACTIONS_UNAVAILABLE, messages.INTERNAL_ERROR, "utter_kb_unavailable")
    return frozenset(messages.text(n) for n in names if n in messages.FALLBACKS or messages.has_response(n))


async def _user(session: aiohttp.ClientSession, url: str, sender: str, script: Sequence[str], deadline: float,
                think_time: float, result: LoadResult, faults: FrozenSet[str]) -> None:
    sent = result.conversations.setdefault(sender, [])
    n = 0
    while time.monotonic() < deadline:
        message = script[n % len(script)]
        n += 1
        sent.append(message)
        start = time.monotonic()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as resp:
                body = await resp.text()
                elapsed = time.monotonic() - start
                if resp.status != 200:
                    result.errors.append(f"{sender} {message!r}: HTTP {resp.status} {body[:200]}")
                    continue
                replies = json.loads(body)
                if not isinstance(replies, list) or not replies:
                    result.errors.append(f"{sender} {message!r}: no reply ({body[:200]})")
                    continue
                if any(isinstance(r, dict) and r.get("text") in faults for r in replies):
                    result.errors.append(f"{sender} {message!r}: fault answer after {elapsed:.1f}s ({body[:200]})")
                    continue
                result.latencies.append(elapsed)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            result.errors.append(f"{sender} {message!r}: {type(exc).__name__}: {exc}")
        if think_time:
            await asyncio.sleep(think_time)


async def run_load(base_url: str, users: int = 16, duration: float = 60.0, think_time: float = 0.0,
                   timeout: float = 120.0, script: Sequence[str] = SCRIPT,
                   sender_prefix: Optional[str] = None) -> LoadResult:
    """`users` concurrent conversations against `base_url`/webhooks/rest/webhook for `duration` seconds.

    A turn that started before the deadline is finished, so the run lasts `duration` plus one turn.
    """
    prefix = sender_prefix or f"load-{uuid.uuid4().hex[:6]}"
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
    result = LoadResult(users=users, duration=duration)
    faults = fault_texts()
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        start = time.monotonic()
        deadline = start + duration
        await asyncio.gather(*(_user(session, url, f"{prefix}-{i:02d}", script, deadline, think_time, result, faults)
                               for i in range(users)))
        result.duration = time.monotonic() - start
    return result


def tracker_user_messages(db_url: str, senders: Iterable[str]) -> Dict[str, List[str]]:
    """The user messages of each conversation as Rasa's SQL tracker store holds them, in stored order."""
    from sqlalchemy import bindparam, create_engine, text

    senders = list(senders)
    engine = create_engine(db_url, future=True)
    query = text("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id IN :senders "
                 "ORDER BY id").bindparams(bindparam("senders", expanding=True))
    stored: Dict[str, List[str]] = {s: [] for s in senders}
    try:
        with engine.connect() as conn:
            for sender_id, data in conn.execute(query, {"senders": senders}):
                stored[sender_id].append(json.loads(data).get("text"))
    finally:
        engine.dispose()
    return stored


def check_tracker(result: LoadResult, db_url: str) -> List[str]:
    """Problems (empty when none): a conversation whose stored user messages differ from what was sent."""
    stored = tracker_user_messages(db_url, result.conversations)
    problems = []
    for sender, sent in result.conversations.items():
        have = stored.get(sender, [])
        if have != sent:
            first = next((i for i, (a, b) in enumerate(zip(sent, have)) if a != b), min(len(sent), len(have)))
            problems.append(f"{sender}: sent {len(sent)} messages, tracker store has {len(have)}; "
                            f"first difference at turn {first}")
    return problems


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="Rasa server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--think-time", type=float, default=0.0, help="seconds between a reply and the next message")
    parser.add_argument("--tracker-db", help="SQLAlchemy URL of the tracker store, to check every message is stored")
    parser.add_argument("--json", help="write the summary (and problems) to this file")
    args = parser.parse_args(argv)
    result = asyncio.run(run_load(args.url, args.users, args.duration, args.think_time))
    summary: Dict[str, object] = dict(result.summary())
    problems = check_tracker(result, args.tracker_db) if args.tracker_db else []
    summary["tracker_problems"] = problems
    summary["first_errors"] = result.errors[:5]
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(summary, out, indent=2, ensure_ascii=False)
    return 1 if result.errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
