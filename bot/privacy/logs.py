"""Keep personal data and message text out of the logs of the Rasa server and the action server.

Two layers, installed before Rasa / rasa_sdk configure their logging:

1. Every standard-library log record (Rasa, rasa_sdk, Sanic, SQLAlchemy, our own code) gets its message and
   traceback redacted when it is created (a LogRecord factory), whatever handler or file it goes to later.
2. Rasa 3.6 also logs through structlog, with the user's text in fields such as `text`, `user_text`,
   `parse_data_text`, `rasa_events` or `tracker_states`. Rasa runs every such event through a processor
   (`rasa.utils.log_utils._anonymizer`, an empty hook in Rasa Open Source); ours replaces it. At DEBUG the
   fields stay readable with personal data masked (for developers); at INFO and above (warnings, errors such
   as "rest.message.received.failure") the message text is left out entirely.

Rasa's own INFO messages do not contain message text, so running at the default level INFO gives logs without
any message text; `tests/privacy/test_logs.py` checks that against the running servers.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from bot.privacy.redact import redact, redact_any

OMITTED = "[weggelaten]"

# The structlog fields Rasa 3.6 marks as anonymizable (rasa/utils/log_utils.py), i.e. those holding text.
TEXT_FIELDS = (
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response", "slot_candidates",
    "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes", "current_entity",
    "next_entity", "states", "entity", "token_text", "user_message", "json_message",
)
_DEBUG_METHODS = {"debug", "trace"}


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string is the logging module's problem to report
        return
    masked = redact(message)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))


def install_record_redaction() -> bool:
    """Wrap the LogRecord factory so every record is redacted; False if that was already done."""
    current = logging.getLogRecordFactory()
    if getattr(current, "stembot_redacting", False):
        return False

    redact_record, dropped = _redact_record, OMITTED

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        try:
            redact_record(record)
        except Exception:  # noqa: BLE001 - e.g. at interpreter exit, when module globals are already gone
            record.msg, record.args, record.exc_info = dropped, (), None  # unmasked text never gets out
        return record

    factory.stembot_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    return True


def structlog_processor(_logger: Any, method_name: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """Rasa's anonymizer hook: mask personal data at DEBUG, leave message text out at INFO and above."""
    for key in TEXT_FIELDS:
        if key in event_dict:
            event_dict[key] = redact_any(event_dict[key]) if method_name in _DEBUG_METHODS else OMITTED
    return event_dict


def install_structlog_redaction() -> bool:
    """Make Rasa's structlog configuration use `structlog_processor`; False if it already does.

    Must run before `rasa.utils.log_utils.configure_structlog` (Rasa's CLI calls it after parsing arguments).
    """
    from rasa.utils import log_utils

    if log_utils._anonymizer is structlog_processor:
        return False
    log_utils._anonymizer = structlog_processor
    return True


def install_all() -> bool:
    """Both layers (the Rasa server); returns whether anything changed."""
    changed = install_record_redaction()
    return install_structlog_redaction() or changed
