"""The Teams app package the IT admin uploads: a valid manifest for our app id and icons of the sizes Teams demands."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest
from PIL import Image

from bot.teams import package


def test_package_has_manifest_and_icons(tmp_path):
    app_id = str(uuid.uuid4())
    path = package.build(tmp_path / "stembot-teams.zip", app_id, "stembot.school.be", 'GO! "Atheneum"')
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        color = Image.open(io.BytesIO(zf.read("color.png")))
        outline = Image.open(io.BytesIO(zf.read("outline.png")))
    assert manifest["id"] == manifest["bots"][0]["botId"] == app_id
    assert manifest["developer"]["name"] == 'GO! "Atheneum"'
    assert manifest["validDomains"] == ["stembot.school.be"]
    assert manifest["developer"]["privacyUrl"].startswith("https://stembot.school.be")
    assert color.size == (192, 192) and outline.size == (32, 32)
    alpha = outline.getchannel("A")
    assert alpha.getextrema() == (0, 255), "outline icon: white on transparent"
    assert "{{" not in json.dumps(manifest)


@pytest.mark.parametrize("app_id, host, word", [("not-a-guid", "stembot.school.be", "app-id"),
                                                (str(uuid.uuid4()), "https://stembot.school.be/", "hostnaam")])
def test_bad_input_is_explained(tmp_path, app_id, host, word):
    with pytest.raises(SystemExit, match=word):
        package.build(tmp_path / "x.zip", app_id, host, "school")
