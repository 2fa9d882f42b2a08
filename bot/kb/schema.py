"""Schema of the curated knowledge files (knowledge/*.yml).

Validation is strict (unknown fields are errors) so that an editor's typo is reported instead of
silently dropped. Field names follow knowledge/README.md, which is the editors' contract.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Union

from pydantic import BaseModel, Extra, Field, validator

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ROLES = {"leerling", "ouder", "leerkracht", "school", "bedrijf", "iedereen", "student", "volwassene"}


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


def _year(value: Union[int, str, None]) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}([-–]\d{4})?", text):
        raise ValueError("moet een jaar zijn (2021) of een schooljaar als tekst (\"2011-2012\")")
    return text.replace("–", "-")


class Entry(Strict):
    """Fields every entry shares: identity and provenance."""

    id: str
    source: str
    year: Optional[str] = None

    @validator("id")
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError("gebruik kleine letters, cijfers en '-' (bv. 'da-s-geniaal')")
        return v

    @validator("source")
    def _source(cls, v: str) -> str:
        if not (v.startswith("https://") or v.startswith("http://") or re.fullmatch(r"[\w.-]+\.txt", v)):
            raise ValueError("moet een bronbestand (bv. '001_….txt') of een publieke URL zijn")
        return v

    _y = validator("year", pre=True, allow_reuse=True)(_year)


class Source(Strict):
    id: str
    title: str
    publisher: Optional[str] = None
    year: Optional[str] = None
    url: Optional[str] = None
    kind: str = "seed"

    _y = validator("year", pre=True, allow_reuse=True)(_year)

    @validator("kind")
    def _kind(cls, v: str) -> str:
        if v not in {"seed", "web"}:
            raise ValueError("moet 'seed' of 'web' zijn")
        return v


class Topic(Entry):
    title: str
    answer: str
    synonyms: List[str] = []


class Audience(Strict):
    roles: List[str] = []
    ages: Optional[str] = None
    description: Optional[str] = None

    @validator("roles", each_item=True)
    def _role(cls, v: str) -> str:
        if v not in ROLES:
            raise ValueError(f"onbekende rol; kies uit {', '.join(sorted(ROLES))}")
        return v


class Section(Strict):
    id: str
    title: str
    text: Optional[str] = None
    items: List[str] = []
    best_practice: Optional[str] = None


class Quote(Strict):
    text: str
    by: str
    role: Optional[str] = None


class Contact(Strict):
    name: Optional[str] = None
    role: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    url: Optional[str] = None


class Initiative(Entry):
    name: str
    synonyms: List[str] = []
    kind: Optional[str] = None
    summary: str
    run_by: List[str] = []
    audience: Audience = Audience()
    how_to_join: Optional[str] = None
    link: Optional[str] = None
    sections: List[Section] = []
    quotes: List[Quote] = []
    contact: Optional[Contact] = None


class Hero(Entry):
    title: str
    theme: str
    synonyms: List[str] = []
    sector: Optional[str] = None
    job: str
    studies: List[str] = []
    interests: List[str] = []
    video_url: str
    name: Optional[str] = None
    company: Optional[str] = None
    quote: Optional[str] = None
    image_url: Optional[str] = None


class Dimensions(Strict):
    onderwijsvorm: Optional[str] = None
    graad: Optional[str] = None
    niveau: Optional[str] = None
    gender: Optional[str] = None
    stroom: Optional[str] = None
    doelgroep: Optional[str] = None

    @validator("*", pre=True)
    def _text(cls, v):  # graad may be written as a number
        return None if v is None else str(v).strip().lower()


class Figure(Entry):
    label: str
    value: float
    unit: str
    qualifier: Optional[str] = None
    display: str
    statement: str
    measure: str
    dimensions: Dimensions = Dimensions()
    study: Optional[str] = None

    @validator("unit")
    def _unit(cls, v: str) -> str:
        if v not in {"percent", "count", "fraction"}:
            raise ValueError("moet 'percent', 'count' of 'fraction' zijn")
        return v


class Track(Entry):
    name: str
    synonyms: List[str] = []
    level: str
    onderwijsvorm: Optional[str] = None
    finaliteit: Optional[str] = None
    domain: Optional[str] = None
    stem: bool
    interests: List[str] = []
    summary: str
    link: Optional[str] = None

    @validator("level")
    def _level(cls, v: str) -> str:
        if v not in {"secundair", "hoger"}:
            raise ValueError("moet 'secundair' of 'hoger' zijn")
        return v


class Destination(Entry):
    name: str
    synonyms: List[str] = []
    what: str
    when: str
    url: str
    phone: Optional[str] = None
    chat_url: Optional[str] = None
    audience: List[str] = []
    safety: bool = False


class VocabularyValue(Strict):
    value: str
    label: Optional[str] = None
    synonyms: List[str] = []

    @validator("value", pre=True)
    def _text(cls, v):
        return str(v).strip()


class SafetyRule(Strict):
    id: str
    kind: str = Field(..., description="distress | bullying | suicide | abuse")
    patterns: List[str]


# One entry per knowledge file: file stem -> (top-level key, model, is_list_of_entries)
FILES: Dict[str, type] = {
    "sources": Source,
    "topics": Topic,
    "initiatives": Initiative,
    "heroes": Hero,
    "figures": Figure,
    "tracks": Track,
    "destinations": Destination,
    "safety": SafetyRule,
}
# vocabulary.yml is a mapping of entity type -> list of VocabularyValue
VOCABULARY_FILE = "vocabulary"
