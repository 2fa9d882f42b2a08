"""The benchmark harness itself: stock config, input hashing, statistics, load client, report, memory."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest
import yaml
from aiohttp import web

from bench import inputs, nlu_cv, report, stack, traffic
from bot.config import ROOT


def test_stock_config_empties_pipeline_and_policies_and_keeps_the_rest():
    text = inputs.stock_config_text((ROOT / "config.yml").read_text(encoding="utf-8"))
    data = yaml.safe_load(text)
    ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    assert data["pipeline"] is None and data["policies"] is None
    assert data["language"] == ours["language"] and data["assistant_id"] == ours["assistant_id"]


def test_rasa_fills_the_stock_config_with_its_defaults_and_the_hash_ignores_what_it_writes(tmp_path):
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    path = inputs.write_stock_config(ROOT, tmp_path / "config.yml")
    spec = inputs.BotSpec("stock", path, "stock")
    before = inputs.input_hash(spec, [])
    written = path.read_text()
    config, _missing, configured = DefaultV1Recipe.auto_configure(str(path), yaml.safe_load(written))
    names = [c["name"] for c in config["pipeline"]]
    assert configured == {"pipeline", "policies"}
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names and "ResponseSelector" in names
    assert "TEDPolicy" in [p["name"] for p in config["policies"]]
    assert path.read_text() != written  # Rasa wrote its defaults into the file as comments
    assert inputs.input_hash(spec, []) == before


def test_input_hash_follows_data_but_not_config_comments(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("language: nl\npipeline:\npolicies:\n")
    data = tmp_path / "nlu.yml"
    data.write_text("nlu: []\n")
    spec = inputs.BotSpec("x", config, "stock")
    first = inputs.input_hash(spec, [data])
    config.write_text("language: nl\npipeline:\n# - name: DIETClassifier\npolicies:\n")
    assert inputs.input_hash(spec, [data]) == first
    data.write_text("nlu: [{intent: greet}]\n")
    assert inputs.input_hash(spec, [data]) != first


def _data_root(tmp_path):
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    stamp = tmp_path / "var" / "spacy" / "nl_stembot" / "stembot_inputs.txt"
    stamp.parent.mkdir(parents=True)
    stamp.write_text("lemmas v1\n")
    return stamp


def test_only_a_config_with_our_spacy_model_depends_on_its_stamp(tmp_path):
    stamp = _data_root(tmp_path)
    ours = inputs.BotSpec("stembot", ROOT / "config.yml", "stembot")
    stock = inputs.BotSpec("stock", inputs.write_stock_config(ROOT, tmp_path / "stock.yml"), "stock")
    assert inputs.uses_spacy(ours) and not inputs.uses_spacy(stock)
    assert stamp in inputs.training_files(tmp_path, nlu_only=True, spacy=inputs.uses_spacy(ours))
    assert stamp not in inputs.training_files(tmp_path, nlu_only=True, spacy=inputs.uses_spacy(stock))
    assert stamp not in inputs.training_files(tmp_path, spacy=False)


def test_data_hash_follows_the_nlu_data_and_nothing_else(tmp_path):
    stamp = _data_root(tmp_path)
    first = inputs.data_hash(tmp_path)
    stamp.write_text("lemmas v2\n")
    (tmp_path / "data" / "rules.yml").write_text("rules: []\n")
    assert inputs.data_hash(tmp_path) == first
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: [{intent: greet}]\n")
    assert inputs.data_hash(tmp_path) != first


def test_cross_validation_reports_prefer_the_crf_and_keep_every_extractor(tmp_path):
    import json

    def report_file(name, **averages):
        body = {key.replace("_", " "): {"f1-score": value, "support": 10} for key, value in averages.items()}
        (tmp_path / f"{name}_report.json").write_text(json.dumps(body))

    report_file("intent", macro_avg=0.8, weighted_avg=0.85)
    report_file("response_selection", macro_avg=0.1, micro_avg=0.1)
    report_file("RegexEntityExtractor", macro_avg=0.5, micro_avg=0.6)
    report_file("CRFEntityExtractor", macro_avg=0.7, micro_avg=0.9031)
    result = nlu_cv.read_reports(tmp_path)
    assert result["intent_macro_f1"] == 80.0 and result["intent_weighted_f1"] == 85.0
    assert result["entity_extractor"] == "CRFEntityExtractor"
    assert result["entity_micro_f1"] == 90.31 and result["entity_macro_f1"] == 70.0
    assert set(result["entity_extractors"]) == {"CRFEntityExtractor", "RegexEntityExtractor"}
    report_file("KnowledgeCRFEntityExtractor", macro_avg=0.75, micro_avg=0.92)
    result = nlu_cv.read_reports(tmp_path)
    assert result["entity_extractor"] == "KnowledgeCRFEntityExtractor" and result["entity_micro_f1"] == 92.0


def test_percentile_interpolates_like_numpy():
    values = [float(v) for v in range(1, 101)]
    assert traffic.percentile(values, 50) == pytest.approx(50.5)
    assert traffic.percentile(values, 95) == pytest.approx(95.05)
    assert traffic.percentile([3.0], 95) == 3.0
    assert traffic.percentile([], 50) is None


async def _fake_rasa(request: web.Request) -> web.Response:
    """A real HTTP server that fails in the three ways the load client must count."""
    body = await request.json()
    message = body["message"]
    if message == traffic.SCRIPT[1].text:
        return web.Response(status=500, text="boom")
    if message == traffic.SCRIPT[4].text:
        return web.json_response([])
    if message == traffic.SCRIPT[5].text:
        await asyncio.sleep(2)
    if message == traffic.SCRIPT[2].text:
        return web.json_response([{"recipient_id": body["sender"], "text": "iets anders"}])
    return web.json_response([{"recipient_id": body["sender"], "text": "Hoi, ik ben stembot: 4% en 61,08%"}])


def test_load_client_counts_errors_and_uses_one_sender_per_conversation():
    senders = set()

    async def scenario():
        async def handler(request):
            senders.add((await request.json())["sender"])
            return await _fake_rasa(request)

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        port = stack.free_port()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        try:
            return await traffic.drive(f"http://127.0.0.1:{port}/webhooks/rest/webhook", users=3, passes=2,
                                       timeout=0.5)
        finally:
            await runner.cleanup()

    result = asyncio.run(scenario())
    n = len(traffic.SCRIPT)
    assert len(result.samples) == 3 * 2 * n
    kinds = {s.error for s in result.errors}
    assert kinds == {"HTTP 500", "empty reply", "TimeoutError"}
    assert len(result.errors) == 3 * 2 * 3
    assert sum(s.unexpected for s in result.samples) == 3 * 2  # the figure turn got a reply without "4%"
    assert len(senders) == 3 * 2
    summary = traffic.summary(result)
    assert summary["errors"] == 18 and summary["ok"] == 3 * 2 * (n - 3)
    assert summary["throughput"] > 0 and summary["p95_ms"] >= summary["p50_ms"]


def test_load_client_stops_at_its_deadline():
    async def scenario():
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", _fake_rasa)
        runner = web.AppRunner(app)
        await runner.setup()
        port = stack.free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            return await traffic.drive(f"http://127.0.0.1:{port}/webhooks/rest/webhook", users=2, seconds=1.0,
                                       timeout=0.3)
        finally:
            await runner.cleanup()

    started = time.monotonic()
    result = asyncio.run(scenario())
    assert time.monotonic() - started < 3 and result.samples


def _results(ours: dict, stock: dict) -> dict:
    meta = {"finished": "2026-01-01 10:00:00", "machine": {"cores": 2, "cpu": "x", "memory_gb": 24}, "mode": "quick",
            "commit": "abc", "load_before": 1.0, "load_after": 2.0, "serial_passes": 6, "script_turns": 7,
            "users": 16, "load_seconds": 15}
    return {"meta": meta, "bots": {"stembot": ours, "stock": stock}}


def test_table_has_ratios_and_targets():
    ours = {"serial": {"figure_p95_ms": 40.0, "figure_p50_ms": 20.0}, "load": {"throughput": 60.0, "errors": 0},
            "rss_mb": {"rasa": 900}, "startup_seconds": 12.0}
    stock = {"serial": {"figure_p95_ms": 50.0, "figure_p50_ms": 30.0}, "load": {"throughput": 20.0, "errors": 3},
             "rss_mb": {"rasa": 1000}, "startup_seconds": 20.0}
    md = report.markdown(_results(ours, stock))
    rows = {line.split("|")[1].strip(): line for line in md.splitlines() if line.startswith("| ")}
    assert "0.80×" in rows["Serial p95, figure turn (action + knowledge)"]
    assert "| yes |" in rows["Serial p95, figure turn (action + knowledge)"]
    assert "3.00×" in rows["Throughput, 16 users"] and "| yes |" in rows["Throughput, 16 users"]
    assert "| yes |" in rows["Errors at 16 users"]
    assert "NLU intent macro-F1 (5-fold CV)" not in rows  # not measured: no row
    ours["load"]["throughput"] = 40.0
    md = report.markdown(_results(ours, stock))
    assert "| **no** |" in [line for line in md.splitlines() if line.startswith("| Throughput")][0]


def test_readme_section_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{report.README_START}\nold\n{report.README_END}\nafter\n")
    assert report.update_readme("| new |\n", readme)
    assert readme.read_text() == f"# x\n\n{report.README_START}\n| new |\n{report.README_END}\nafter\n"
    other = tmp_path / "OTHER.md"
    other.write_text("no markers\n")
    assert not report.update_readme("| new |\n", other)


def test_rss_tree_counts_child_processes():
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(80 * 2**20); time.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and stack.rss_tree(child.pid) < 80 * 2 ** 20:
            time.sleep(0.1)
        alone = stack.rss_tree(child.pid)
        assert alone >= 80 * 2 ** 20
        assert stack.rss_tree(os.getpid()) >= alone
    finally:
        child.kill()
        child.wait()


@pytest.mark.model
@pytest.mark.slow
def test_quick_run_end_to_end_against_the_real_bot(tmp_path):
    """`python -m bench.run` serves the real stembot, talks to it, edits the knowledge base and writes its table."""
    import json

    proc = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--bots", "stembot", "--only", "serial,kb",
                           "--passes", "1", "--tag", "test", "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((tmp_path / "latest-test.json").read_text())
    ours = results["bots"]["stembot"]
    assert ours["serial"]["turns"] == len(traffic.SCRIPT) and ours["serial"]["errors"] == 0
    assert ours["serial"]["unexpected"] == 0, ours["serial"]
    assert ours["kb_edit"]["seconds"] > 0 and ours["kb_edit"]["retrained"] is False
    assert ours["rss_mb"]["rasa"] > 100 and ours["startup_seconds"] > 0
    assert "| Serial p95, figure turn (action + knowledge) |" in (tmp_path / "latest-test.md").read_text()
