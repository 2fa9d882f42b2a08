"""Where the Rasa server's CPU goes under load: `python -m bench.profile [--users 16] [--seconds 20] [--top 40]`.

Serves stembot as the benchmark does (bench/stack.py), but its Rasa server runs under cProfile, switched on only
after the warm-up (SIGUSR1) and written out when the load ends (SIGUSR2), so model loading is not in the profile.
Wall time by default (waits on the database or the action server count: they block Rasa's event loop), CPU time
with `--cpu`. Prints the functions with the most cumulative and own time and leaves the stats file
(var/bench/profile/) for `python -m pstats`. bench/LEVERS.md says what the profiles showed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import signal
import sys
import time
from pathlib import Path

from bench import traffic
from bench.paths import BENCH_VAR

PROFILES = BENCH_VAR / "profile"


def serve(out: Path, argv: list) -> None:
    """Run `bot.rasa_server` with a profiler that SIGUSR1 starts and SIGUSR2 stops and writes to `out`."""
    profiler = cProfile.Profile(time.process_time) if os.environ.get("STEMBOT_PROFILE_CPU") else cProfile.Profile()

    def start(_sig, _frame):
        profiler.enable()

    def stop(_sig, _frame):
        profiler.disable()
        profiler.dump_stats(str(out))

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    from bot.rasa_server import main as rasa_server

    rasa_server(argv)


def profile(model: Path, users: int, seconds: float, out: Path, env: dict) -> dict:
    from bench.stack import BenchStack

    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with BenchStack("profile", model, "stembot", env=env) as stack:
        argv = stack.services["rasa"].argv
        i = argv.index("bot.rasa_server")
        argv[i:i + 1] = ["bench.profile", "serve", str(out)]
        stack.start()
        asyncio.run(traffic.drive(stack.url, users=1, passes=2))
        proc = stack.services["rasa"].proc
        cpu_before = stack.cpu()["rasa"]
        proc.send_signal(signal.SIGUSR1)
        result = traffic.summary(asyncio.run(traffic.drive(stack.url, users=users, seconds=seconds)))
        proc.send_signal(signal.SIGUSR2)
        used = stack.cpu()["rasa"] - cpu_before
        result["rasa_cpu_ms_per_msg_profiled"] = round(used * 1000 / max(1, result["ok"]), 2)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not out.exists():
            time.sleep(0.5)
        time.sleep(1)
    return result


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        serve(Path(argv[1]), argv[2:])
        return 0
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=16)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--model", type=Path, default=Path("models/stembot.tar.gz"))
    p.add_argument("--out", type=Path, default=PROFILES / f"rasa-{time.strftime('%H%M%S')}.prof")
    p.add_argument("--cpu", action="store_true", help="count CPU time instead of wall time (no I/O waits)")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra environment, repeatable")
    args = p.parse_args(argv)
    env = dict(kv.split("=", 1) for kv in args.env)
    if args.cpu:
        env["STEMBOT_PROFILE_CPU"] = "1"
    result = profile(args.model.resolve(), args.users, args.seconds, args.out, env)
    print(f"{result['ok']} messages, {result['errors']} errors, {result['throughput']} msg/s under the profiler; "
          f"Rasa CPU {result['rasa_cpu_ms_per_msg_profiled']} ms per message (profiler included)")
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"stats: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
