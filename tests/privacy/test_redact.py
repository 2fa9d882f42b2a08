"""Redaction of personal data in Flemish chat text: what must be masked, and ordinary chat that must stay."""

import re

import pytest
import yaml

from bot.config import ROOT
from bot.privacy.redact import TAGS, redact, redact_any

MASKED = [
    # e-mail
    ("mijn mail is jan.peeters@telenet.be", "mijn mail is [e-mail]"),
    ("Mail: Lotte.Janssens2009@Hotmail.COM. Bedankt!", "Mail: [e-mail]. Bedankt!"),
    ("stuur naar an_de.smet+stem@leerling.sint-jozef.be aub", "stuur naar [e-mail] aub"),
    ("lotte (at) gmail.com", "[e-mail]"),
    ("jan[at]skynet[dot]be", "[e-mail]"),
    # phone numbers (Belgian formats)
    ("mijn gsm 0478 12 34 56", "mijn gsm [telefoon]"),
    ("bel me op 0478/12.34.56!", "bel me op [telefoon]!"),
    ("0478-12-34-56", "[telefoon]"),
    ("0478123456", "[telefoon]"),
    ("04 78 12 34 56 is mijn nummer", "[telefoon] is mijn nummer"),
    ("+32 478 12 34 56", "[telefoon]"),
    ("+32478123456", "[telefoon]"),
    ("0032 478 123456", "[telefoon]"),
    ("+32 (0)478 12 34 56", "[telefoon]"),
    ("thuis: 09 264 11 11", "thuis: [telefoon]"),
    ("tel. 09/264.11.11", "tel. [telefoon]"),
    ("(09) 264 11 11", "[telefoon]"),
    ("02/123.45.67", "[telefoon]"),
    ("053/70.12.34", "[telefoon]"),
    ("0471 23 45 67 of 0472 34 56 78", "[telefoon] of [telefoon]"),
    ("mijn Nederlandse nummer is +31 6 12345678", "mijn Nederlandse nummer is [telefoon]"),
    # national register number (rijksregisternummer)
    ("mijn rijksregisternummer is 85.07.30-033.28", "mijn rijksregisternummer is [rijksregisternummer]"),
    ("rrn 85073003328", "rrn [rijksregisternummer]"),
    ("85 07 30 033 28", "[rijksregisternummer]"),
    ("nr 09.02.15-123.45 (fout getypt)", "nr [rijksregisternummer] (fout getypt)"),
    # IBAN
    ("IBAN BE71 0961 2345 6769 graag", "IBAN [IBAN] graag"),
    ("BE68539007547034", "[IBAN]"),
    ("be71096123456769", "[IBAN]"),
    ("rekening BE71 0961 2345 6760 (typfout)", "rekening [IBAN] (typfout)"),
    ("NL91 ABNA 0417 1643 00 is van mijn oma", "[IBAN] is van mijn oma"),
    # street addresses
    ("ik woon in de Kerkstraat 12", "ik woon in de [adres]"),
    ("Kerkstraat 12a", "[adres]"),
    ("kerkstraat 12 in Lier", "[adres] in Lier"),
    ("Sint-Pietersnieuwstraat 33 bus 2", "[adres]"),
    ("Sint-Pietersnieuwstraat 33 bus 2, 9000 Gent", "[adres]"),
    ("Grote Markt 1, 9000 Gent", "[adres]"),
    ("grote markt 1", "[adres]"),
    ("ik woon Lange Lozanastraat 14 in Antwerpen", "ik woon [adres] in Antwerpen"),
    ("Koning Albertlaan 5", "[adres]"),
    ("Burgemeester Van Gansberghelaan 92, 9820 Merelbeke", "[adres]"),
    ("Vrijdagmarkt 10", "[adres]"),
    ("Sint-Jansvest 5 b3", "[adres]"),
    ("in de Veldstraat 2-4", "in de [adres]"),
    ("Antwerpsesteenweg 120/3, 2800 Mechelen", "[adres]"),
    ("Frankrijklei 5", "[adres]"),
    ("Meir 50, 2000 Antwerpen", "[adres]"),
    ("Rue de la Loi 16, 1000 Brussel", "[adres]"),
    ("Avenue Louise 54", "[adres]"),
    # names someone introduces
    ("ik heet Lotte Van den Broeck en ik ben 15", "ik heet [naam] en ik ben 15"),
    ("mijn naam is jan", "mijn naam is [naam]"),
    ("Ik heet Jan. Wat is STEM?", "Ik heet [naam]. Wat is STEM?"),
    # several at once
    ("mijn mail is jan.peeters@telenet.be en mijn gsm 0478 12 34 56",
     "mijn mail is [e-mail] en mijn gsm [telefoon]"),
    ("Kerkstraat 12 en mijn gsm is +32 478 12 34 56", "[adres] en mijn gsm is [telefoon]"),
]

UNCHANGED = [
    "ik zit in het 5de jaar",
    "ik zit in het 5e jaar aso",
    "3de graad",
    "wat is de 2de graad?",
    "6 uur per week wiskunde",
    "ik heb 8 uur wiskunde en 4 uur fysica",
    "STEM-actieplan 2012-2020",
    "het STEM-agenda 2030",
    "61,08% van de leerlingen",
    "4% meisjes in het bso",
    "in 2021 waren er 1234 leerlingen",
    "Ik haalde 12 op 20 voor wiskunde",
    "ik ben 15 jaar",
    "ik ben 12",
    "hoeveel meisjes zitten er in stem in het bso?",
    "en in het kso?",
    "ik speel 3 keer per week op het voetbalveld",
    "onderweg 2 uur",
    "op de speelplaats 3 vrienden",
    "wat is de loopbaan 2 van STEM",
    "ik woon op de markt 3 hoog",
    "bel 102 als je gepest wordt",
    "Awel: 102, Tele-Onthaal: 106",
    "les van 8u30 tot 15u20",
    "op 01/02/2024 om 09:30",
    "op 01-02-2024",
    "code 1234 5678",
    "STEM-academie heeft 120 partners",
    "in leerjaar 1A en 1B",
    "klas 6B van meneer Peeters",
    "ik wil ingenieur worden",
    "wat doet een data scientist?",
]


@pytest.mark.parametrize("text,expected", MASKED)
def test_personal_data_is_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_chat_is_left_alone(text):
    assert redact(text) == text


def test_tags_hold_no_digits_so_redaction_is_idempotent():
    assert not any(c.isdigit() for tag in TAGS.values() for c in tag)
    for text, expected in MASKED:
        assert redact(expected) == expected


def test_redact_any_walks_json_and_keeps_keys_and_numbers():
    value = {"email": "jan@telenet.be", "items": ["0478 12 34 56", 3, None, {"k": "Kerkstraat 12"}], "n": 1.5}
    assert redact_any(value) == {"email": "[e-mail]", "items": ["[telefoon]", 3, None, {"k": "[adres]"}], "n": 1.5}


def _nlu_examples():
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    # [value](entity) / [value]{"entity": …} annotations → the plain text a user types
                    yield re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])


def test_no_training_example_is_touched():
    """Thousands of real Flemish chat sentences without personal data: not one may change."""
    examples = list(_nlu_examples())
    assert len(examples) > 1000
    changed = [(e, redact(e)) for e in examples if redact(e) != e]
    assert changed == []


def test_knowledge_texts_only_lose_their_e_mail_addresses(content):
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in (ROOT / "knowledge").glob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert len(texts) > 1000
    for text in texts:
        masked = redact(text)
        if masked != text:
            assert "@" in text and re.sub(r"\S+@\S+", "", text) == re.sub(r"\S*\[e-mail\]\S*", "", masked), text
