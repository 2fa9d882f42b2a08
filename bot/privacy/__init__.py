"""Privacy for pupils (GDPR, minors): personal data is masked before anything is stored or logged.

- `redact`: finds e-mail addresses, phone numbers, national register numbers, IBANs, street addresses and
  introduced names in Dutch (Flemish) text and replaces them by a tag such as `[e-mail]`.
- `events`: applies that to Rasa tracker events (user text, parse data, slot values, bot text).
- `tracker_store` / `lock_store`: the stores configured in endpoints.yml (SQL tracker store that saves redacted
  events; in-memory or Redis lock store).
- `logs`: log redaction for the Rasa server and the action server.
- `retention`: deleting old conversations (`stembot privacy purge`) and one conversation (`forget`).
"""
