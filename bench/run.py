"""`make bench` (`python -m bench.run`): stembot side by side with a stock Rasa baseline, in one run.

Order of a run: the models of both bots (cached by input hash; a training done here is from scratch and timed), then
each bot served on its own, one after the other (start → first answer, warm-up, memory, serial latency, 16 users,
knowledge edit), then NLU cross-validation of both configs (cached by input hash). Results go to
bench/results/latest-<tag>.json and .md; the table is printed. `--quick` is a short run for checking the harness
and for comparing levers; see `--help` for running a subset and for trying a variant of stembot.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Dict, List

from bench import kb_edit, nlu_cv, report, traffic
from bench.inputs import BotSpec, bots, cache_latest, now
from bench.paths import RESULTS
from bench.stack import BenchStack
from bench.training import ensure_model

SECTIONS = ("train", "serial", "load", "kb", "nlu")
SERVED = ("serial", "load", "kb")


def parse(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="short run: 6 serial passes, 15 s of load, no cross-validation or training unless cached")
    p.add_argument("--only", default="", help=f"comma-separated sections to run, of {','.join(SECTIONS)}")
    p.add_argument("--skip", default="", help="comma-separated sections to leave out (e.g. --skip nlu)")
    p.add_argument("--bots", default="stembot,stock", help="which bots (default both)")
    p.add_argument("--users", type=int, default=16)
    p.add_argument("--seconds", type=float, help="load duration (60, quick 15)")
    p.add_argument("--passes", type=int, help="serial passes of the script (30, quick 6)")
    p.add_argument("--retrain", action="store_true", help="train from scratch again to re-measure training time")
    p.add_argument("--refresh-nlu", action="store_true", help="run cross-validation even when cached")
    p.add_argument("--readme", action="store_true", help="write the table into README.md's benchmark section")
    p.add_argument("--out", type=Path, default=RESULTS, help="results folder (default bench/results)")
    p.add_argument("--tag", help="name of the results file (default full/quick), e.g. a lever being tried")
    p.add_argument("--stembot-config", type=Path, help="a variant of config.yml for stembot (lever trials)")
    p.add_argument("--stembot-env", action="append", default=[], metavar="NAME=VALUE",
                   help="extra environment for stembot's servers (lever trials), repeatable")
    p.add_argument("--stembot-endpoints", type=Path, help="an endpoints file for stembot's Rasa (lever trials)")
    p.add_argument("--stembot-serving", choices=("stembot", "stock"), default="stembot",
                   help="serve stembot's model with stock Rasa instead (measures what the serving levers do)")
    p.add_argument("--stock-serving", choices=("stock", "stembot"), default="stock",
                   help="serve the stock model with stock Rasa (default) or the way stembot is served")
    args = p.parse_args(argv)
    only = {s for s in args.only.split(",") if s} or set(SECTIONS)
    unknown = (only | set(filter(None, args.skip.split(",")))) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    if args.quick and not args.only:
        only -= {"nlu"}
    args.sections = only - set(args.skip.split(","))
    args.seconds = args.seconds or (15 if args.quick else 60)
    args.passes = args.passes or (6 if args.quick else 30)
    args.tag = args.tag or ("quick" if args.quick else "full")
    return args


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def specs(args: argparse.Namespace) -> List[BotSpec]:
    wanted = [b for b in args.bots.split(",") if b]
    out = []
    for spec in bots():
        if spec.name not in wanted:
            continue
        if spec.name == "stembot" and args.stembot_config:
            spec = replace(spec, config=args.stembot_config.resolve())
        if spec.name == "stembot":
            spec = replace(spec, serving=args.stembot_serving)
        if spec.name == "stock":
            spec = replace(spec, serving=args.stock_serving)
        out.append(spec)
    return out


def train_record(spec: BotSpec, model: Dict, args: argparse.Namespace) -> Dict:
    """This run's training time, or the latest measured one (marked stale when its inputs differ)."""
    if model["train"]:
        return {**model["train"], "inputs": model["inputs"], "cached": not model.get("trained_now")}
    latest = cache_latest("train", spec.name)
    return {**latest, "cached": True, "stale": latest["inputs"] != model["inputs"]} if latest else {}


def serve(spec: BotSpec, model: Path, args: argparse.Namespace) -> Dict:
    env = dict(kv.split("=", 1) for kv in args.stembot_env) if spec.name == "stembot" else {}
    endpoints = args.stembot_endpoints if spec.name == "stembot" else None
    out: Dict = {}
    with BenchStack(spec.name, model, spec.serving, env=env, endpoints=endpoints) as stack:
        log(f"[{spec.name}] starting ({spec.serving} serving)")
        out["startup_seconds"] = round(stack.start(), 2)
        log(f"[{spec.name}] first answer after {out['startup_seconds']} s; warming up")
        asyncio.run(traffic.drive(stack.url, users=1, passes=2))
        out["rss_mb"] = {k: report._mb(v) for k, v in stack.rss().items()}
        unexpected = 0
        if "serial" in args.sections:
            log(f"[{spec.name}] serial: {args.passes} passes")
            out["serial"] = traffic.summary(asyncio.run(traffic.drive(stack.url, users=1, passes=args.passes)))
            unexpected += out["serial"]["unexpected"]
        if "load" in args.sections:
            log(f"[{spec.name}] load: {args.users} users for {args.seconds:.0f} s")
            cpu_before = {**stack.cpu(), "client": sum(os.times()[:2])}
            out["load"] = traffic.summary(asyncio.run(traffic.drive(stack.url, users=args.users,
                                                                    seconds=args.seconds)))
            cpu_after = {**stack.cpu(), "client": sum(os.times()[:2])}
            used = {k: v - cpu_before.get(k, 0.0) for k, v in cpu_after.items()}
            out["load"]["cpu_ms_per_msg"] = {k: round(v * 1000 / max(1, out["load"]["ok"]), 2) for k, v in used.items()}
            out["rss_after_load_mb"] = {k: report._mb(v) for k, v in stack.rss().items()}
            unexpected += out["load"]["unexpected"]
        out["unexpected"] = unexpected
        if "kb" in args.sections:
            log(f"[{spec.name}] knowledge edit")
            out["kb_edit"] = kb_edit.measure(stack)
    return out


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    meta = {"started": now(), "mode": args.tag, "quick": args.quick, "sections": sorted(args.sections),
            "machine": report.machine(), "commit": report.git_commit(), "load_before": report.load_average(),
            "users": args.users, "load_seconds": args.seconds, "serial_passes": args.passes,
            "script_turns": len(traffic.SCRIPT), "stembot_env": args.stembot_env,
            "stembot_config": str(args.stembot_config or "config.yml"),
            "stembot_endpoints": str(args.stembot_endpoints or "endpoints.yml"), "stock_serving": args.stock_serving,
            "stembot_serving": args.stembot_serving}
    results: Dict = {"meta": meta, "bots": {}}
    chosen = specs(args)
    models = {}
    for spec in chosen:
        needs_timing = "train" in args.sections and not args.quick
        models[spec.name] = ensure_model(spec, retrain=args.retrain and "train" in args.sections, log=log)
        if needs_timing and not models[spec.name]["train"]:
            models[spec.name] = ensure_model(spec, retrain=True, log=log)
        data = results["bots"].setdefault(spec.name, {"serving": spec.serving, "config": str(spec.config),
                                                      "model_inputs": models[spec.name]["inputs"]})
        data["train"] = train_record(spec, models[spec.name], args)
    if args.sections & set(SERVED):
        for spec in chosen:
            results["bots"][spec.name].update(serve(spec, models[spec.name]["model"], args))
    if "nlu" in args.sections:
        for spec in chosen:
            results["bots"][spec.name]["nlu_cv"] = nlu_cv.measure(spec, refresh=args.refresh_nlu, log=log)
    else:
        for spec in chosen:
            results["bots"][spec.name]["nlu_cv"] = nlu_cv.latest(spec)
    meta.update(finished=now(), load_after=report.load_average())
    json_path, md_path = report.write(results, args.out)
    md = report.markdown(results)
    print("\n" + md)
    log(f"results: {json_path} and {md_path}")
    if args.readme:
        log("README.md updated" if report.update_readme(md) else "README.md has no bench markers; not updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
