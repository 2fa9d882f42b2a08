"""Conversations sent to a bot over the REST channel, serially or by concurrent users (asyncio + aiohttp).

Both bots get the same script. A simulated user sends its next message only after the reply to the previous one, and
starts a new conversation (a new sender id) after the last message of the script, as a real visitor would; two users
never share a sender id. Errors are non-200 answers, empty replies and exceptions (timeouts, refused connections).
A reply without the expected words is not an error but is counted as "unexpected", a cheap check of answer quality.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import aiohttp


@dataclass(frozen=True)
class Turn:
    text: str
    expect: Optional[str] = None  # lower-case words the reply should contain
    knowledge: bool = False  # handled by a custom action that queries the knowledge base


SCRIPT: List[Turn] = [
    Turn("hallo", "stembot"),
    Turn("wat is STEM?", "wetenschap", knowledge=True),
    Turn("hoeveel meisjes zitten er in het bso?", "4%", knowledge=True),
    Turn("en in het kso?", "61,08%", knowledge=True),
    Turn("welke initiatieven zijn er?"),
    Turn("merci!"),
    Turn("oke daag!"),
]
# The headline turn: a custom action (action_figure) answering from the knowledge base.
FIGURE_TURN = SCRIPT[2].text


@dataclass
class Sample:
    text: str
    seconds: float
    ok: bool
    error: str = ""
    unexpected: bool = False


@dataclass
class Traffic:
    samples: List[Sample] = field(default_factory=list)
    wall_seconds: float = 0.0

    def ok(self, text: Optional[str] = None, knowledge: Optional[bool] = None) -> List[float]:
        chosen = {t.text for t in SCRIPT if knowledge is None or t.knowledge == knowledge}
        return [s.seconds for s in self.samples if s.ok and (text is None or s.text == text) and s.text in chosen]

    @property
    def errors(self) -> List[Sample]:
        return [s for s in self.samples if not s.ok]


def percentile(values: List[float], q: float) -> Optional[float]:
    """Linear interpolation between closest ranks (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


async def send(session: aiohttp.ClientSession, url: str, sender: str, turn: Turn, timeout: float) -> Sample:
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": turn.text},
                                timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            body = await resp.json(content_type=None) if resp.status == 200 else await resp.text()
            seconds = time.perf_counter() - started
            if resp.status != 200:
                return Sample(turn.text, seconds, False, f"HTTP {resp.status}")
            if not body:
                return Sample(turn.text, seconds, False, "empty reply")
            reply = " ".join(str(m.get("text", "")) for m in body if isinstance(m, dict)).lower()
            return Sample(turn.text, seconds, True, unexpected=bool(turn.expect and turn.expect not in reply))
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        return Sample(turn.text, time.perf_counter() - started, False, exc.__class__.__name__)


async def _user(session, url: str, prefix: str, passes: Optional[int], deadline: float, timeout: float,
                out: List[Sample]) -> None:
    conversation = 0
    while (passes is None or conversation < passes) and time.monotonic() < deadline:
        sender = f"{prefix}-{conversation}"
        conversation += 1
        for turn in SCRIPT:
            if time.monotonic() >= deadline:
                return
            out.append(await send(session, url, sender, turn, timeout))


async def drive(url: str, users: int = 1, passes: Optional[int] = None, seconds: Optional[float] = None,
                timeout: float = 30.0) -> Traffic:
    """`users` concurrent users, each going through the script `passes` times or until `seconds` have passed."""
    if passes is None and seconds is None:
        raise ValueError("give passes or seconds")
    run = uuid.uuid4().hex[:6]
    result = Traffic()
    deadline = time.monotonic() + (seconds if seconds is not None else 10 ** 6)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_user(session, url, f"bench-{run}-u{u}", passes, deadline, timeout, result.samples)
                               for u in range(users)))
        result.wall_seconds = time.perf_counter() - started
    return result


def summary(traffic: Traffic) -> Dict:
    """The numbers reported for one traffic run (milliseconds, messages per second)."""
    def ms(values: List[float], q: float) -> Optional[float]:
        value = percentile(values, q)
        return None if value is None else round(value * 1000, 1)

    ok = traffic.ok()
    figure = traffic.ok(text=FIGURE_TURN)
    knowledge = traffic.ok(knowledge=True)
    errors: Dict[str, int] = {}
    for sample in traffic.errors:
        errors[sample.error] = errors.get(sample.error, 0) + 1
    return {
        "turns": len(traffic.samples),
        "ok": len(ok),
        "errors": len(traffic.errors),
        "error_kinds": errors,
        "unexpected": sum(1 for s in traffic.samples if s.unexpected),
        "wall_seconds": round(traffic.wall_seconds, 2),
        "throughput": round(len(ok) / traffic.wall_seconds, 2) if traffic.wall_seconds else None,
        "p50_ms": ms(ok, 50), "p95_ms": ms(ok, 95),
        "figure_p50_ms": ms(figure, 50), "figure_p95_ms": ms(figure, 95), "figure_n": len(figure),
        "knowledge_p50_ms": ms(knowledge, 50), "knowledge_p95_ms": ms(knowledge, 95),
        "per_message_p50_ms": {t.text: ms(traffic.ok(text=t.text), 50) for t in SCRIPT},
    }
