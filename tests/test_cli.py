"""The `stembot` command as an editor uses it."""

import os
import subprocess
import sys
from pathlib import Path

from bot.config import ROOT

STEMBOT = str(Path(sys.executable).with_name("stembot"))


def run(*args, env=None):
    return subprocess.run([STEMBOT, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_kb_check_ok():
    proc = run("kb", "check")
    assert proc.returncode == 0 and "in orde" in proc.stdout


def test_kb_check_names_the_broken_file(knowledge_copy):
    path = knowledge_copy / "heroes.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("video_url:", "vidoe_url:", 1), encoding="utf-8")
    proc = run("kb", "check", str(knowledge_copy))
    assert proc.returncode == 1
    assert "heroes.yml" in proc.stderr and "vidoe_url" in proc.stderr and "entry '" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_kb_load_refuses_broken_content_and_keeps_the_old(tmp_path, knowledge_copy):
    db = f"sqlite:///{tmp_path / 'k.db'}"
    assert run("kb", "load", "--db", db).returncode == 0
    (knowledge_copy / "figures.yml").write_text("figures: [\n", encoding="utf-8")
    proc = run("kb", "load", str(knowledge_copy), "--db", db)
    assert proc.returncode == 1 and "figures.yml" in proc.stderr and "behouden" in proc.stderr
    search = run("kb", "search", "meisjes bso", "--db", db)
    assert "4%" in search.stdout


def test_kb_search_shows_figure_with_source_and_year(tmp_path):
    db = f"sqlite:///{tmp_path / 'k.db'}"
    assert run("kb", "load", "--db", db).returncode == 0
    proc = run("kb", "search", "meisjes bso", "--db", db)
    assert proc.returncode == 0
    assert "4%" in proc.stdout and "STEM-monitor (2011-2012)" in proc.stdout
