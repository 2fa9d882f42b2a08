"""Bad set-up is explained in one line that says what to do, not dumped as a stack trace."""

import socket
import subprocess
from pathlib import Path

import pytest

from bot import run as runner
from bot.config import ROOT


def test_port_in_use_says_which_variable_to_set():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        svc = runner.Service("rasa", ["true"], port, "")
        with pytest.raises(runner.SetupError) as err:
            runner.check_ports([svc], "127.0.0.1")
    message = str(err.value)
    assert str(port) in message and "STEMBOT_RASA_PORT" in message and "\n" not in message


def test_broken_model_file(tmp_path):
    broken = tmp_path / "stembot.tar.gz"
    broken.write_bytes(b"this is not a model")
    with pytest.raises(runner.SetupError) as err:
        runner.check_model(broken)
    assert "beschadigd" in str(err.value) and "make train" in str(err.value)


def test_missing_model(tmp_path):
    with pytest.raises(runner.SetupError) as err:
        runner.latest_model(tmp_path)
    assert "make train" in str(err.value)


def test_missing_python_311():
    make = ["make", "-W", "requirements/lock.txt", "PYTHON=python3.11-does-not-exist", ".venv/.installed"]
    proc = subprocess.run(make,
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "Python 3.11" in proc.stderr and "make PYTHON=" in proc.stderr


def test_wrong_python_version(tmp_path):
    fake = tmp_path / "python3.11"
    fake.write_text('#!/bin/sh\nif [ "$1" = -c ]; then\n'
                    '  case "$2" in *platform*) echo 3.9.2;; *) exit 1;; esac\nfi\n')
    fake.chmod(0o755)
    proc = subprocess.run(["make", "-W", "requirements/lock.txt", f"PYTHON={fake}", ".venv/.installed"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "3.9.2" in proc.stderr and "Python 3.11" in proc.stderr
    assert Path(ROOT / ".venv" / "bin" / "python").exists()  # the existing environment is untouched
