"""`make audit`: check requirements/lock.txt against public advisory databases, and say honestly what was checked.

pip-audit asks one service per run: OSV (api.osv.dev) or PyPI's per-version JSON API (/pypi/<name>/<version>/json).
Where a service cannot be reached pip-audit either crashes (OSV: connection error) or, worse, prints "No known
vulnerabilities found" with exit code 0 while it skipped every package (PyPI: "Dependency not found on PyPI and
could not be audited"). So we read its JSON report, count what was really audited, and only call the audit done
when one service audited every pinned package. Every finding must then be triaged in README's table
("Dependency audit"): a finding whose advisory id (or alias) is not in the row of its package fails the audit.

Exit codes: 0 audited and all findings triaged, 1 untriaged findings, 3 NOT audited (no service reachable).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

from bot.config import ROOT

SERVICES = ("osv", "pypi")
EXIT_OK, EXIT_FINDINGS, EXIT_NOT_AUDITED = 0, 1, 3
ADVISORY_ID = re.compile(r"\b(?:GHSA(?:-[0-9a-z]{4}){3}|CVE-\d{4}-\d{4,}|PYSEC-\d{4}-\d+)\b", re.IGNORECASE)
TRIAGE_HEADING = "### Dependency audit"


@dataclass
class Finding:
    package: str
    version: str
    ids: List[str]  # the advisory id first, then its aliases
    fix_versions: List[str]


@dataclass
class Outcome:
    service: str
    total: int = 0
    audited: int = 0
    findings: List[Finding] = field(default_factory=list)
    error: str = ""

    @property
    def complete(self) -> bool:
        return not self.error and self.total > 0 and self.audited == self.total


def parse_report(service: str, report: dict) -> Outcome:
    """pip-audit's JSON report: which packages were really audited, and what was found."""
    deps = report.get("dependencies", [])
    out = Outcome(service, total=len(deps))
    for dep in deps:
        if "skip_reason" in dep:
            continue
        out.audited += 1
        for vuln in dep.get("vulns", []):
            out.findings.append(Finding(dep["name"], dep.get("version", "?"), [vuln["id"], *vuln.get("aliases", [])],
                                        vuln.get("fix_versions", [])))
    skipped = out.total - out.audited
    if skipped:
        reasons = {d["skip_reason"].split(":")[0] for d in deps if "skip_reason" in d}
        out.error = f"{skipped} of {out.total} packages not audited ({'; '.join(sorted(reasons))})"
    return out


def run_service(pip_audit: str, lock: Path, service: str, cache: Path) -> Outcome:
    argv = [pip_audit, "-r", str(lock), "--no-deps", "--disable-pip", "--format", "json", "--progress-spinner", "off",
            "--vulnerability-service", service, "--timeout", "20", "--cache-dir", str(cache)]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Outcome(service, error=f"pip-audit did not run: {exc}")
    try:
        return parse_report(service, json.loads(proc.stdout))
    except (json.JSONDecodeError, KeyError, TypeError):
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        if re.search(r"ConnectionError|NameResolution|Max retries|timed out|ConnectTimeout", proc.stderr):
            host = re.search(r"host='([^']+)'", proc.stderr)
            kind = re.search(r"(NameResolutionError|Connect\w*Timeout\w*|ReadTimeout\w*|ConnectionRefused\w*)",
                             proc.stderr)
            return Outcome(service, error=f"unreachable ({host.group(1) if host else 'network'}: "
                                          f"{kind.group(1) if kind else 'connection error'})")
        return Outcome(service, error=f"pip-audit failed: {last[:300]}")


def triaged_ids(readme: str) -> Dict[str, Set[str]]:
    """Advisory ids per package from the table under README's 'Dependency audit' heading."""
    section = readme.split(TRIAGE_HEADING, 1)[1].split("\n## ", 1)[0] if TRIAGE_HEADING in readme else ""
    table: Dict[str, Set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip(" `*") for c in line.strip().strip("|").split("|")]
        is_row = line.lstrip().startswith("|") and len(cells) >= 3
        if is_row and cells[0].lower() != "package" and not set(cells[0]) <= set("-: "):
            table.setdefault(normalise(cells[0]), set()).update(i.upper() for i in ADVISORY_ID.findall(line))
    return table


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def untriaged(findings: Sequence[Finding], table: Dict[str, Set[str]]) -> List[Finding]:
    known = lambda f: bool({i.upper() for i in f.ids} & table.get(normalise(f.package), set()))  # noqa: E731
    return [f for f in findings if not known(f)]


def audit(pip_audit: str, lock: Path, readme: Path, cache: Path, services: Sequence[str] = SERVICES) -> int:
    outcomes: List[Outcome] = []
    done: Optional[Outcome] = None
    for service in services:
        outcome = run_service(pip_audit, lock, service, cache)
        outcomes.append(outcome)
        print(f"audit [{service}]: " + (f"{outcome.audited}/{outcome.total} packages audited, "
                                        f"{len(outcome.findings)} finding(s)" if outcome.complete else outcome.error))
        if outcome.complete:
            done = outcome
            break
    if done is None:
        print("\n*** DEPENDENCY AUDIT NOT PERFORMED: no advisory database could check every package of "
              f"{lock.name} from this machine ({'; '.join(f'{o.service}: {o.error}' for o in outcomes)}). "
              "This is NOT a pass. Run 'make audit' where api.osv.dev is reachable; the last manual triage is in "
              "README.md ('Dependency audit'). ***", file=sys.stderr)
        return EXIT_NOT_AUDITED
    open_findings = untriaged(done.findings, triaged_ids(readme.read_text(encoding="utf-8")))
    for f in done.findings:
        mark = "UNTRIAGED" if f in open_findings else "triaged"
        print(f"  {mark:9} {f.package} {f.version}: {', '.join(f.ids)} (fixed in {', '.join(f.fix_versions) or '-'})")
    if open_findings:
        print(f"\n{len(open_findings)} finding(s) not triaged in README.md ('Dependency audit'): add a row per "
              "package with the advisory id, whether it affects stembot and the action.", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"audit passed ({done.service}): {done.audited} packages, {len(done.findings)} triaged finding(s).")
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default=str(ROOT / ".venv-audit" / "bin" / "pip-audit"))
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements" / "lock.txt")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--service", action="append", choices=SERVICES, help="default: osv, then pypi")
    args = parser.parse_args(argv)
    cache = ROOT / "var" / "pip-audit-cache"
    cache.mkdir(parents=True, exist_ok=True)
    return audit(args.pip_audit, args.lock, args.readme, cache, args.service or SERVICES)


if __name__ == "__main__":
    sys.exit(main())
