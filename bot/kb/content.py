"""Reading and validating knowledge/*.yml into an in-memory `Content` object.

Errors are collected, not raised one by one, so `stembot kb check` can show an editor every problem
at once, each naming the file, the entry and the field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from pydantic import ValidationError

from bot.kb import schema


@dataclass
class Problem:
    file: str
    message: str
    entry: Optional[str] = None
    field: Optional[str] = None
    line: Optional[int] = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return " — ".join(parts) + f": {self.message}"


class ContentError(Exception):
    """The knowledge files are invalid; `problems` says where."""

    def __init__(self, problems: List[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Content:
    sources: Dict[str, schema.Source] = field(default_factory=dict)
    topics: Dict[str, schema.Topic] = field(default_factory=dict)
    initiatives: Dict[str, schema.Initiative] = field(default_factory=dict)
    heroes: Dict[str, schema.Hero] = field(default_factory=dict)
    figures: Dict[str, schema.Figure] = field(default_factory=dict)
    tracks: Dict[str, schema.Track] = field(default_factory=dict)
    destinations: Dict[str, schema.Destination] = field(default_factory=dict)
    safety: Dict[str, schema.SafetyRule] = field(default_factory=dict)
    vocabulary: Dict[str, List[schema.VocabularyValue]] = field(default_factory=dict)
    version: str = ""

    def entries(self):
        """All entries that carry facts, with their kind (the file stem, singular-free)."""
        for kind in ("topics", "initiatives", "heroes", "figures", "tracks", "destinations"):
            for entry in getattr(self, kind).values():
                yield kind, entry


def _line_of_items(text: str) -> List[int]:
    """1-based line numbers of the items of the first top-level list, for error messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return []
    seq = node.value[0][1]
    if not isinstance(seq, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in seq.value]


def _read_yaml(path: Path, problems: List[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, f"is geen geldige UTF-8-tekst ({exc.reason})"))
        return None
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(path.name, f"YAML-fout: {reason}", line=line))
        return None


def _pydantic_problems(file: str, entry: str, line: Optional[int], exc: ValidationError) -> List[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "value_error.extra":
            msg = "onbekend veld (tikfout?); zie knowledge/README.md voor de toegelaten velden"
        elif err["type"] == "value_error.missing":
            msg = "verplicht veld ontbreekt"
        out.append(Problem(file, msg, entry=entry, field=loc, line=line))
    return out


def read_content(directory: Path) -> Content:
    """Read and validate every knowledge file in `directory`; raise ContentError listing all problems."""
    directory = Path(directory)
    problems: List[Problem] = []
    content = Content()
    if not directory.is_dir():
        raise ContentError([Problem(str(directory), "map bestaat niet")])
    digest = hashlib.sha256()
    known = set(schema.FILES) | {schema.VOCABULARY_FILE}
    for path in sorted(directory.glob("*.yml")):
        if path.stem not in known:
            problems.append(Problem(path.name, f"onbekend kennisbestand; verwacht een van: {', '.join(sorted(known))}"))
            continue
        loaded = _read_yaml(path, problems)
        if loaded is None:
            continue
        data, text = loaded
        digest.update(path.name.encode() + b"\0" + text.encode())
        if path.stem == schema.VOCABULARY_FILE:
            _read_vocabulary(path.name, data, content, problems)
        else:
            _read_entries(path.name, path.stem, data, text, content, problems)
    for stem in ("sources", "topics", "initiatives", "figures", "destinations", "vocabulary"):
        if not (directory / f"{stem}.yml").exists():
            problems.append(Problem(f"{stem}.yml", "bestand ontbreekt"))
    if not problems:
        problems.extend(_cross_checks(content))
    if problems:
        raise ContentError(problems)
    content.version = digest.hexdigest()[:16]
    return content


def _read_entries(file: str, stem: str, data: Any, text: str, content: Content, problems: List[Problem]) -> None:
    model = schema.FILES[stem]
    if not isinstance(data, dict) or stem not in data:
        problems.append(Problem(file, f"moet beginnen met de sleutel '{stem}:' en daaronder een lijst"))
        return
    items = data[stem] or []
    if not isinstance(items, list):
        problems.append(Problem(file, f"'{stem}' moet een lijst zijn", field=stem))
        return
    lines = _line_of_items(text)
    target: Dict[str, Any] = getattr(content, stem)
    for i, raw in enumerate(items):
        line = lines[i] if i < len(lines) else None
        name = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") else f"#{i + 1}"
        if not isinstance(raw, dict):
            problems.append(Problem(file, "een entry moet een mapping (veld: waarde) zijn", entry=name, line=line))
            continue
        try:
            entry = model.parse_obj(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(file, name, line, exc))
            continue
        if entry.id in target:
            problems.append(Problem(file, "id komt twee keer voor", entry=entry.id, field="id", line=line))
            continue
        target[entry.id] = entry


def _read_vocabulary(file: str, data: Any, content: Content, problems: List[Problem]) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("vocabulary"), dict):
        problems.append(Problem(file, "moet beginnen met 'vocabulary:' en daaronder per type een lijst"))
        return
    for etype, values in data["vocabulary"].items():
        if not isinstance(values, list):
            problems.append(Problem(file, "moet een lijst van waarden zijn", entry=str(etype)))
            continue
        parsed = []
        for i, raw in enumerate(values):
            try:
                parsed.append(schema.VocabularyValue.parse_obj(raw))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(file, f"{etype}[{i + 1}]", None, exc))
        content.vocabulary[str(etype)] = parsed


def _cross_checks(content: Content) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    for kind, entry in content.entries():
        if entry.id in seen:
            problems.append(Problem(f"{kind}.yml", f"id bestaat al in {seen[entry.id]}.yml",
                                    entry=entry.id, field="id"))
        seen[entry.id] = kind
        if not entry.source.startswith("http") and entry.source not in content.sources:
            problems.append(Problem(f"{kind}.yml", f"bron '{entry.source}' staat niet in sources.yml",
                                    entry=entry.id, field="source"))
    interests = {v.value for v in content.vocabulary.get("interest", [])}
    for hero in content.heroes.values():
        for track in hero.studies:
            if track not in content.tracks:
                problems.append(Problem("heroes.yml", f"studierichting '{track}' staat niet in tracks.yml",
                                        entry=hero.id, field="studies"))
    for kind in ("heroes", "tracks"):
        for entry in getattr(content, kind).values():
            for tag in entry.interests:
                if interests and tag not in interests:
                    problems.append(Problem(f"{kind}.yml", f"interesse '{tag}' staat niet in vocabulary.yml",
                                            entry=entry.id, field="interests"))
    return problems
