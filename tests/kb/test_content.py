"""The curated content holds everything the sources say, and broken files are explained precisely."""

import pytest

from bot.kb.content import ContentError, read_content

INITIATIVES = ["stemhelden", "das-geniaal", "stempact", "stempact-award", "stem-charter", "stem-platform",
               "stem-actieplan", "stem-monitor", "wetenschapsbarometer", "stem-academies", "brightlab",
               "amper-slim", "technopolis", "vrt"]
HERO_THEMES = ["robotbreinen", "drones-werven", "zeemijnen", "cyberaanvallen", "batterijen-elektrische-autos",
               "zonnecellen", "ramen-deuren-recyclage", "rode-kruis", "defensie", "autosector", "bouwsector",
               "vti-torhout"]
# (value, dimensions that must match) for every number of the sources
FIGURES = [
    (34.23, {"graad": "2"}), (24, {"graad": "2", "gender": "meisjes"}),
    (53, {"onderwijsvorm": "aso"}), (48, {"onderwijsvorm": "aso", "gender": "meisjes"}),
    (35.57, {"onderwijsvorm": "bso"}), (4, {"onderwijsvorm": "bso", "gender": "meisjes"}),
    (21.14, {"onderwijsvorm": "kso"}), (61.08, {"onderwijsvorm": "kso", "gender": "meisjes"}),
    (39.87, {"onderwijsvorm": "tso"}), (16, {"onderwijsvorm": "tso", "gender": "meisjes"}),
    (44.61, {"stroom": "uitstroom"}), (56, {"doelgroep": "ouders"}),
]
DESTINATIONS = {"onderwijskiezer": None, "beroepenhuis": None, "vdab": None, "clb": None, "awel": "102",
                "zelfmoordlijn": "1813"}


def test_every_initiative_is_there_with_a_source(content):
    for ini in INITIATIVES:
        assert ini in content.initiatives, ini
        assert content.initiatives[ini].source


def test_every_hero_theme_is_there_and_invents_nobody(content):
    for theme in HERO_THEMES:
        hero = content.heroes[theme]
        assert hero.video_url.lower().endswith("technopolis.be/stemhelden")
        assert hero.name is None and hero.company is None and hero.quote is None


@pytest.mark.parametrize("value,dims", FIGURES)
def test_every_figure_is_there_with_its_dimensions(content, value, dims):
    matching = [f for f in content.figures.values() if abs(f.value - value) < 0.01
                and all(getattr(f.dimensions, k) in ((v,) if k != "gender" else ("meisjes", "vrouwen"))
                        for k, v in dims.items())]
    assert matching, f"no figure {value} with {dims}"
    assert all(f.year for f in matching)


def test_stem_monitor_figures_carry_the_reference_year(content):
    monitor = [f for f in content.figures.values() if f.study == "STEM-monitor"]
    assert len(monitor) >= 12
    assert {f.year for f in monitor} == {"2011-2012"}


def test_higher_education_and_action_plan_figures(content):
    statements = " ".join(f.statement for f in content.figures.values())
    assert "1 op 4" in statements or "een op vier" in statements.lower()
    assert any(f.measure == "doel_meisjes" for f in content.figures.values())
    assert any(f.dimensions.niveau == "hoger" and f.dimensions.gender in ("vrouwen", "meisjes")
               for f in content.figures.values())


def test_hand_off_destinations(content):
    for dest, phone in DESTINATIONS.items():
        assert dest in content.destinations
        if phone:
            assert content.destinations[dest].phone == phone
            assert content.destinations[dest].safety


def test_tracks_cover_each_onderwijsvorm_and_higher_education(content):
    tracks = content.tracks.values()
    for vorm in ("aso", "tso", "bso"):
        assert any(t.onderwijsvorm == vorm and t.stem for t in tracks), vorm
    assert any(t.level == "hoger" and t.stem for t in tracks)
    assert any(not t.stem for t in tracks), "need non-STEM tracks to answer 'is X STEM?' with no"


def test_real_people_only_as_quoted(content):
    charter = content.initiatives["stem-charter"]
    assert charter.contact and charter.contact.email == "info@stemcharter.be"


def _problems(directory):
    with pytest.raises(ContentError) as err:
        read_content(directory)
    return err.value.problems


def test_broken_field_names_file_entry_and_field(knowledge_copy):
    path = knowledge_copy / "initiatives.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: das-geniaal\n", "  - id: das-geniaal\n    sumary: x\n", 1), encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any(p.file == "initiatives.yml" and p.entry == "das-geniaal" and p.field == "sumary" for p in problems)
    assert "initiatives.yml" in str(problems[0]) and "das-geniaal" in str(problems[0])


def test_yaml_syntax_error_gives_the_line(knowledge_copy):
    path = knowledge_copy / "figures.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert problems[0].file == "figures.yml" and problems[0].line and problems[0].line >= 5
    assert "YAML" in problems[0].message


def test_missing_required_field_and_bad_year(knowledge_copy):
    path = knowledge_copy / "figures.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('year: "2011-2012"', 'year: "vorig jaar"', 1), encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any(p.field == "year" for p in problems)


def test_duplicate_id_across_files(knowledge_copy):
    path = knowledge_copy / "topics.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: wat-is-stem", "- id: stempact", 1), encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any(p.entry == "stempact" and "bestaat al" in p.message for p in problems)


def test_hero_study_must_exist(knowledge_copy):
    path = knowledge_copy / "heroes.yml"
    text = path.read_text(encoding="utf-8")
    import re
    text = re.sub(r"studies: \[", "studies: [bestaat-niet, ", text, count=1)
    path.write_text(text, encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any(p.file == "heroes.yml" and p.field == "studies" and "bestaat-niet" in p.message for p in problems)
