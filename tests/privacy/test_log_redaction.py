"""Log redaction: standard-library records and Rasa's structlog events, in this process and in a fresh one."""

import io
import logging
import subprocess
import sys

import pytest

from bot.config import ROOT
from bot.privacy import logs

TEXT = "mijn mail is jan.peeters@telenet.be en mijn gsm 0478 12 34 56"


@pytest.fixture()
def restore_record_factory():
    original = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(original)


def test_every_record_is_redacted_whatever_its_handler(restore_record_factory):
    stream = io.StringIO()
    logger = logging.getLogger("stembot.test.redaction")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logging.setLogRecordFactory(logging.LogRecord)
        assert logs.install_record_redaction() is True
        assert logs.install_record_redaction() is False
        logger.warning("bericht van %s: %s", "jan", TEXT)
        logger.debug({"text": TEXT})
        try:
            raise ValueError(f"kan {TEXT} niet verwerken")
        except ValueError:
            logger.exception("mislukt")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "jan.peeters" not in out and "0478" not in out, out
    assert "bericht van jan: mijn mail is [e-mail] en mijn gsm [telefoon]" in out
    assert "ValueError: kan mijn mail is [e-mail]" in out, "tracebacks are redacted too"


def test_a_broken_format_string_still_logs(restore_record_factory):
    logs.install_record_redaction()
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "%s %s", ("een",), None)
    assert record.msg == "%s %s"


def test_structlog_fields_hold_no_text_at_info_and_are_masked_at_debug():
    event = {"event": "rest.message.received.failure", "text": TEXT, "sender_id": "abc"}
    assert logs.structlog_processor(None, "error", dict(event)) == {**event, "text": logs.OMITTED}
    assert logs.structlog_processor(None, "info", dict(event))["text"] == logs.OMITTED
    assert logs.structlog_processor(None, "debug", dict(event))["text"] == \
        "mijn mail is [e-mail] en mijn gsm [telefoon]"
    nested = logs.structlog_processor(None, "debug", {"rasa_events": [{"event": "user", "text": TEXT}]})
    assert nested["rasa_events"][0]["text"] == "mijn mail is [e-mail] en mijn gsm [telefoon]"


SCRIPT = """
import logging, structlog
from bot.patches import apply_all
assert "log_redaction" in apply_all()
from rasa.utils.log_utils import configure_structlog
configure_structlog({level})
log = structlog.get_logger()
log.error("rest.message.received.failure", text={text!r})
log.debug("processor.message.parse", parse_data_text={text!r})
logging.getLogger("rasa.core.processor").debug("Received user message %r", {text!r})
logging.getLogger("rasa.core.processor").info("Loading model x")
"""


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
def test_the_rasa_server_patch_in_a_fresh_process(level):
    """What `python -m bot.rasa_server` does: the patch, then Rasa's own logging configuration."""
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(level=level, text=TEXT)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert "jan.peeters" not in out and "0478" not in out, out
    assert "rest.message.received.failure" in out and "Loading model x" in out
    if level == logging.INFO:
        assert "mijn mail is" not in out, "no message text at INFO, not even masked"
        assert logs.OMITTED in out
    else:
        assert "mijn mail is [e-mail] en mijn gsm [telefoon]" in out


def test_the_runner_starts_the_action_server_through_our_entry_point(monkeypatch):
    from pathlib import Path

    from bot import run
    from bot.config import settings

    actions = next(s for s in run.services(settings(), Path("models/x.tar.gz")) if s.name == "actions")
    assert actions.argv[1:3] == ["-m", "bot.action_server"]
    monkeypatch.delenv("RASA_TELEMETRY_ENABLED", raising=False)
    assert run.child_env(settings())["RASA_TELEMETRY_ENABLED"] == "false"
