"""Working out a pupil's school stage from how people say it ("6de leerjaar", "4de middelbaar", "13")."""

from __future__ import annotations

import re
from typing import Optional

from bot.nlp.normalize import standardise

LAGER, EERSTE, TWEEDE, DERDE = "lager onderwijs", "eerste graad", "tweede graad", "derde graad"
HOGER = "hoger onderwijs"
_ORD = {"eerste": 1, "een": 1, "tweede": 2, "twee": 2, "derde": 3, "drie": 3, "vierde": 4, "vier": 4,
        "vijfde": 5, "vijf": 5, "zesde": 6, "zes": 6, "zevende": 7, "zeven": 7}
_NUM = r"(\d{1,2}|eerste|tweede|derde|vierde|vijfde|zesde|zevende)(?:ste|de|e|d)?"


def _n(token: str) -> int:
    return int(token) if token.isdigit() else _ORD[token]


def _year_stage(year: int) -> Optional[str]:
    return {1: EERSTE, 2: EERSTE, 3: TWEEDE, 4: TWEEDE, 5: DERDE, 6: DERDE, 7: DERDE}.get(year)


def stage_of(text: Optional[str]) -> Optional[str]:
    """One of the five stages, or None when the text gives no school year or age."""
    if not text:
        return None
    t = standardise(str(text))
    if m := re.search(_NUM + r"\s*(?:leerjaar|lj|klas van de lagere|lagere)\b", t):
        return LAGER if _n(m.group(1)) <= 6 else None
    if m := re.search(_NUM + r"\s*graad\b", t):
        return {1: EERSTE, 2: TWEEDE, 3: DERDE}.get(_n(m.group(1)))
    m = re.search(_NUM + r"\s*(?:jaar\s+)?(?:secundair|middelbaar|sec|mb|humaniora|jaar)\b", t)
    if m and _year_stage(_n(m.group(1))):
        return _year_stage(_n(m.group(1)))
    if re.search(r"\b(lager|basisschool|lagere school|basisonderwijs)\b", t):
        return LAGER
    # "ik zit in 6de en moet kiezen voor het middelbaar": about to go to secondary school, so in primary now
    if re.search(r"\b(naar|voor) (het |de )?(middelbaar|secundair|secundaire school|middelbare school)\b", t) and \
            not re.search(r"\b(in|uit|na) (het |de )?(middelbaar|secundair|secundaire school|middelbare school)\b", t):
        return LAGER
    if re.search(r"\b(universiteit|hogeschool|hoger|bachelor|master|student|volwassene|werk)\b", t):
        return HOGER
    if m := re.search(r"\b(\d{1,2})\s*(jaar|j)?\b", t):
        age = int(m.group(1))
        if 8 <= age <= 11:
            return LAGER
        if age in (12, 13):
            return EERSTE
        if age in (14, 15):
            return TWEEDE
        if age in (16, 17):
            return DERDE
        if 18 <= age <= 70:
            return HOGER
    return None


def next_level(stage: str) -> str:
    """Which tracks to suggest: secondary tracks up to the second grade, higher education after."""
    return "hoger" if stage in (DERDE, HOGER) else "secundair"
