"""Mask personal data in Dutch (Flemish) chat text before it is stored or logged.

Pupils type their e-mail address, gsm number or home address into a chat box without thinking; the bot may
understand such a message, but it must never keep it. Detectors run in a fixed order on the progressively masked
text (tags hold no digits, so a later detector never re-matches a tag):

1. e-mail addresses,
2. IBANs (checksum via python-stdnum; a Belgian-shaped `BE.. .... .... ....` is masked even with a typo),
3. Belgian national register / BIS numbers (checksum via python-stdnum; the printed form `85.07.30-033.28` always),
4. phone numbers (Google's libphonenumber port `phonenumbers`, region BE; only numbers dialled with 0, 00 or +
   and at least 9 digits, so years, scores and "2012-2020" stay),
5. street addresses with a house number ("Kerkstraat 12", "Sint-Pietersnieuwstraat 33 bus 2",
   "Grote Markt 1, 9000 Gent", "Rue de la Loi 16", "Meir 50, 2000 Antwerpen"): no library knows Dutch street
   names, so these are patterns on street-type words (-straat, -laan, -lei, …) followed by a number that is not a
   count ("6 uur", "3 keer", "12 op 20"),
6. names that someone introduces ("ik heet Lotte Van den Broeck", "mijn naam is jan").
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, NamedTuple, Tuple

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import ssn as std_ssn

TAGS = {
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "national_number": "[rijksregisternummer]",
    "phone": "[telefoon]",
    "address": "[adres]",
    "name": "[naam]",
}

# --- e-mail --------------------------------------------------------------------------------------------------
_AT = r"(?:@|\s?[(\[]at[)\]]\s?)"
_DOT = r"(?:\.|\s?[(\[]dot[)\]]\s?)"
_EMAIL = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,}}\b")

# --- IBAN ----------------------------------------------------------------------------------------------------
_IBAN_CANDIDATE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}")
_IBAN_BE_SHAPE = re.compile(r"\bBE\d{2}(?:[ ]?\d{4}){3}\b", re.IGNORECASE)

# --- national register number (rijksregisternummer / INSZ) ---------------------------------------------------
_NN_PRINTED = re.compile(r"(?<![\d.])\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}(?![\d])")
_NN_CANDIDATE = re.compile(r"(?<![\d.,/+-])\d{2}[. ]?\d{2}[. ]?\d{2}[-. ]?\d{3}[. ]?\d{2}(?![\d,])")

# --- phone numbers -------------------------------------------------------------------------------------------
_DIAL_PREFIX = re.compile(r"^\(?(?:\+|00|0)")
_MIN_PHONE_DIGITS = 9

# --- street addresses ----------------------------------------------------------------------------------------
_STREET_TYPES = (
    "steenweg|straat|straatje|laan|lei|weg|plein|pleintje|markt|dreef|kaai|kade|baan|plaats|hof|singel|gracht|"
    "dijk|berg|veld|vest|wal|boulevard|park|ring|gaarde|kouter|meers|hoek|dries|heide|akker|bos|beek|brug|dam|dal|"
    "steeg|pad|rei|reke|vliet|weide|molen|kapel|poort|heuvel|burg|erf"
)
# Compounds that end like a street but are ordinary chat words.
_NOT_STREETS = {"loopbaan", "onderweg", "halfweg", "snelweg", "leerpad", "ringweg", "zijweg", "uitweg", "omweg",
                "voetbalveld", "speelplaats", "werkplaats", "woonplaats", "schoolplein", "tussenring"}
_PARTICLE = r"(?:van|de|der|den|ter|ten|het|t|'t|la|le|du|des|d')"
_ADJECTIVE = r"(?:grote|kleine|oude|nieuwe|lange|korte|hoge|lage|brede|smalle|zwarte|witte|rode|groene|sint|heilige)"
_CAP_WORD = r"[A-ZÀ-Þ][\w'’.-]*"
_HOUSE_NUMBER = (
    r"(?P<number>\d{1,4})(?:\s?[a-zA-Z](?![\w]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?"
    r"(?:\s*(?:(?i:bus|bte|boîte)\s*\d{1,4}[a-zA-Z]?|(?i:b)\.?\s?\d{1,4}))?"
)
_CITY = r"[A-ZÀ-Þ][\w'’-]*(?:[ -][A-ZÀ-Þ][\w'’-]*)?"
_POSTCODE_CITY = rf"(?:\s*,?\s*[1-9]\d{{3}}\s+(?:{_CITY}|[a-z][\w'’-]*))?"
# A number followed by one of these counts something; it is not a house number.
_COUNT_WORDS = (
    r"uur|uren|u|h|min|minuten|minuut|sec|seconden|jaar|jaren|jarige|jarigen|keer|maal|dag|dagen|week|weken|"
    r"maand|maanden|procent|%|euro|eur|€|km|kilometer|meter|m|cm|kg|punten|punt|op\s*\d+|op\s+de\s+\d+|vrienden|"
    r"leerlingen|lln|kinderen|mensen|klassen|lessen|studenten|meisjes|jongens|stuks|graden|°|ste|de|e|niveau"
)
_STREET_NAME = (
    rf"(?:(?:{_CAP_WORD}\s+(?:{_PARTICLE}\s+)*){{0,3}}|(?i:{_ADJECTIVE})[ -](?:{_CAP_WORD}\s+)?)"
    rf"(?P<street>[\w'’-]*?(?i:{_STREET_TYPES}))"
)
_ADDRESS = re.compile(
    rf"(?<![\w-]){_STREET_NAME}\s+{_HOUSE_NUMBER}(?![\w])(?!\s*(?i:{_COUNT_WORDS})(?![\w])){_POSTCODE_CITY}"
)
_FRENCH_ADDRESS = re.compile(
    r"(?<![\w-])(?i:rue|avenue|av\.|chaussée|boulevard|bd|place|square|quai|allée|impasse|drève)\s+"
    rf"(?:[\w'’.-]+\s+){{0,5}}?{_HOUSE_NUMBER}(?![\w]){_POSTCODE_CITY}"
)
# A street without a street-type word ("Meir 50") is only recognisable with its postcode and city.
_ADDRESS_WITH_POSTCODE = re.compile(
    rf"(?<![\w-])(?:{_CAP_WORD}\s+){{1,3}}{_HOUSE_NUMBER}\s*,?\s*[1-9]\d{{3}}\s+{_CITY}"
)

# --- names someone introduces ---------------------------------------------------------------------------------
_NAME = re.compile(
    r"(?P<intro>\b(?i:mijn\s+(?:voor|achter|familie)?naam\s+is|ik\s+heet|ik\s+noem|noem\s+mij|noem\s+me)\s*:?\s+)"
    rf"(?P<name>[A-Za-zÀ-ÿ][\w'’-]*(?:\s+(?:(?i:{_PARTICLE})\s+)*{_CAP_WORD}){{0,3}})"
)


Span = Tuple[int, int]


class Finding(NamedTuple):
    """One piece of personal data: where it is in the text and what kind it is (a key of TAGS)."""

    start: int
    end: int
    kind: str


def _emails(text: str) -> List[Span]:
    return [m.span() for m in _EMAIL.finditer(text)]


def _ibans(text: str) -> List[Span]:
    spans = [m.span() for m in _IBAN_BE_SHAPE.finditer(text)]
    for m in _IBAN_CANDIDATE.finditer(text):
        raw = m.group(0)
        for end in range(len(raw), 13, -1):
            after = text[m.start() + end: m.start() + end + 1]
            if raw[end - 1] == " " or after.isalnum():
                continue
            if std_iban.is_valid(raw[:end]):
                spans.append((m.start(), m.start() + end))
                break
    return spans


def _national_numbers(text: str) -> List[Span]:
    spans = [m.span() for m in _NN_PRINTED.finditer(text)]
    return spans + [m.span() for m in _NN_CANDIDATE.finditer(text) if std_ssn.is_valid(m.group(0))]


def _phones(text: str) -> List[Span]:
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        if _DIAL_PREFIX.match(raw) and sum(c.isdigit() for c in raw) >= _MIN_PHONE_DIGITS:
            spans.append((match.start, match.end))
    return spans


def _addresses(text: str) -> List[Span]:
    spans = []
    for pattern in (_ADDRESS, _FRENCH_ADDRESS, _ADDRESS_WITH_POSTCODE):
        for m in pattern.finditer(text):
            street = m.groupdict().get("street")
            if street and (street.lower() in _NOT_STREETS or not _is_street(street, m.group(0))):
                continue
            spans.append(m.span())
    return spans


def _is_street(street: str, whole: str) -> bool:
    """A bare street-type word ("markt 3") only counts with a name in front ("Grote Markt 3")."""
    bare = re.fullmatch(rf"(?i:{_STREET_TYPES})", street) is not None
    return not bare or not whole.lower().startswith(street.lower())


def _names(text: str) -> List[Span]:
    return [m.span("name") for m in _NAME.finditer(text)]


# In priority order: where two findings overlap, they become one with the kind of the first detector.
_DETECTORS: List[Tuple[str, str, Callable[[str], List[Span]]]] = [
    ("email", "@", _emails), ("iban", "digit", _ibans), ("national_number", "digit", _national_numbers),
    ("phone", "digit", _phones), ("address", "digit", _addresses), ("name", "", _names),
]
_PRIORITY = {kind: n for n, (kind, _, _) in enumerate(_DETECTORS)}


def find(text: str) -> List[Finding]:
    """Every piece of personal data in the text, in order, overlapping findings merged."""
    if not text:
        return []
    has_digit = any(c.isdigit() for c in text)
    has_at = "@" in text or "(at)" in text or "[at]" in text
    found = []
    for kind, needs, detector in _DETECTORS:
        if (needs == "digit" and not has_digit) or (needs == "@" and not has_at):
            continue
        found += [Finding(start, end, kind) for start, end in detector(text) if end > start]
    merged: List[Finding] = []
    for f in sorted(found):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, f.kind, key=_PRIORITY.__getitem__)
            merged[-1] = Finding(last.start, max(last.end, f.end), kind)
        else:
            merged.append(f)
    return merged


def redact(text: str) -> str:
    """The text with every piece of personal data replaced by its tag; other text is left as it was."""
    for f in reversed(find(text)):
        text = text[:f.start] + TAGS[f.kind] + text[f.end:]
    return text


def redact_any(value: Any, also: Callable[[str], str] = lambda s: s) -> Any:
    """Redact every string inside a JSON-like value (dict values, list items); keys and numbers stay.

    `also` is applied to each string after redaction (see bot.privacy.events: fragments of a message).
    """
    if isinstance(value, str):
        return also(redact(value))
    if isinstance(value, dict):
        return {k: redact_any(v, also) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_any(v, also) for v in value)
    return value
