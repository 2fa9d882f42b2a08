"""Where the benchmark keeps its caches (var/bench/, not committed) and its results (bench/results/)."""

from __future__ import annotations

from bot.config import ROOT

BENCH_VAR = ROOT / "var" / "bench"
MODELS = BENCH_VAR / "models"
LOGS = BENCH_VAR / "logs"
CACHE_FILE = BENCH_VAR / "cache.json"
RESULTS = ROOT / "bench" / "results"
HISTORY = BENCH_VAR / "history"
