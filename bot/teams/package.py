"""`python -m bot.teams.package`: the Teams app package (manifest.json + two icons, zipped) for the school's IT admin.

Teams wants a zip with the manifest and its icons at the top level; filling in the template by hand and drawing
icons of exactly 192×192 and 32×32 pixels is where uploads usually fail, so this does it from docs/teams/manifest.json.
Nothing secret goes in: only the (public) app id and the host name.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Dict, Optional, Sequence

from PIL import Image, ImageDraw

from bot.config import ROOT

TEMPLATE = ROOT / "docs" / "teams" / "manifest.json"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
HOST = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)
ACCENT = (27, 106, 201)


def manifest(app_id: str, host: str, school: str, template: Path = TEMPLATE) -> Dict:
    if not GUID.match(app_id):
        raise SystemExit(f"stembot: {app_id!r} is geen app-id; kopieer de 'Microsoft App ID' (een GUID) uit de "
                         "Azure Bot (Configuration).")
    if not HOST.match(host):
        raise SystemExit(f"stembot: {host!r} is geen hostnaam; geef alleen de naam, bv. stembot.school.be "
                         "(zonder https:// en zonder pad).")
    text = template.read_text(encoding="utf-8")
    for key, value in {"APP_ID": app_id.lower(), "HOST": host.lower(), "SCHOOL": school}.items():
        text = text.replace("{{" + key + "}}", json.dumps(value)[1:-1])
    left = re.findall(r"\{\{\w+\}\}", text)
    if left:
        raise SystemExit(f"stembot: {template} heeft nog onbekende plaatshouders: {', '.join(sorted(set(left)))}")
    return json.loads(text)


def icon(size: int, outline: bool) -> bytes:
    """A round 'S' badge: full colour for the app list, white on transparent for Teams' sidebar."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0) if outline else ACCENT + (255,))
    draw = ImageDraw.Draw(img)
    ink = (255, 255, 255, 255)
    margin, width = size // 8, max(2, size // 12)
    draw.ellipse([margin, margin, size - margin - 1, size - margin - 1], outline=ink, width=width)
    box = [size * 3 // 8, size * 5 // 16, size * 5 // 8, size * 11 // 16]
    draw.arc([box[0], box[1], box[2], (box[1] + box[3]) // 2], 90, 360, fill=ink, width=width)
    draw.arc([box[0], (box[1] + box[3]) // 2, box[2], box[3]], 270, 180, fill=ink, width=width)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def build(out: Path, app_id: str, host: str, school: str) -> Path:
    data = manifest(app_id, host, school)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr(data["icons"]["color"], icon(192, outline=False))
        zf.writestr(data["icons"]["outline"], icon(32, outline=True))
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    import os

    parser = argparse.ArgumentParser(prog="python -m bot.teams.package", description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", default=os.environ.get("STEMBOT_TEAMS_APP_ID", ""),
                        help="Microsoft App ID (default: STEMBOT_TEAMS_APP_ID)")
    parser.add_argument("--host", required=True, help="public host name of stembot, e.g. stembot.school.be")
    parser.add_argument("--school", default="stembot", help="name shown as the app's developer")
    parser.add_argument("--out", type=Path, default=Path("stembot-teams.zip"))
    args = parser.parse_args(argv)
    path = build(args.out, args.app_id.strip(), args.host.strip(), args.school)
    print(f"Teams-app geschreven naar {path}. Upload die in het Teams-beheercentrum (Teams-apps > Apps beheren > "
          "Uploaden) of via de Developer Portal; zie docs/teams.md, stap 6.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
