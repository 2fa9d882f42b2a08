"""Redact personal data and leave message text out of the Rasa server's logs (GDPR; pupils are minors).

Installs bot.privacy.logs in the Rasa server process: a LogRecord factory that masks personal data in every
standard-library record, and our processor in place of Rasa's empty structlog anonymizer hook
(`rasa.utils.log_utils._anonymizer`), which drops message text from structlog events at INFO and above.
Remove when Rasa Open Source ships a log anonymizer that does the same (Rasa Pro has one).
"""

from __future__ import annotations


def apply() -> bool:
    from bot.privacy import logs

    return logs.install_all()
