"""Stage parsing, safety patterns and language guessing: the rules actions depend on."""

import pytest

from bot.config import ROOT
from bot.nlp.language import guess
from bot.nlp.safety import SafetyMatcher
from bot.nlp.stage import DERDE, EERSTE, HOGER, LAGER, TWEEDE, stage_of


@pytest.mark.parametrize("text,stage", [
    ("6de leerjaar", LAGER), ("ik zit in het vijfde leerjaar", LAGER), ("1ste middelbaar", EERSTE),
    ("2de graad", TWEEDE), ("4de middelbaar", TWEEDE), ("ik ben 12", EERSTE), ("13 jaar", EERSTE),
    ("5e jaar", DERDE), ("3de graad", DERDE), ("unief", HOGER), ("17", DERDE), ("euh geen idee", None),
    ("ik zit in 6de en moet kiezen voor middelbaar", LAGER), ("volgend jaar ga ik naar het secundair", LAGER),
    ("wat na het middelbaar", None), ("welke richting in het middelbaar voor iemand die kiest", None),
])
def test_stage(text, stage):
    assert stage_of(text) == stage


@pytest.fixture(scope="module")
def safety():
    return SafetyMatcher.from_file(ROOT / "knowledge" / "safety.yml")


@pytest.mark.parametrize("text,kind", [
    ("ik word gepest op school", "bullying"), ("ze pesten me op snapchat", "bullying"),
    ("ik wil niet meer leven", "suicide"), ("k zie et ni meer zitten", "suicide"),
    ("ik snij mezelf", "suicide"), ("mijn papa slaat mij", "abuse"), ("ik voel me zo alleen", "distress"),
    ("ik word gepest en wil weten wat STEM is", "bullying"),
    ("ik moet een studierichting kiezen maar ik zie het eigenlijk niet meer zitten", "suicide"),
    ("ik moet kiezen tussen latijn en wewi maar eigenlijk wil ik echt dood", "suicide"),
    ("een jongen dreigt mijn foto's online te zetten", "abuse"), ("ik snij af en toe in mijn benen", "suicide"),
    ("iemand chanteert mij met beelden", "abuse"),
    ("ik wil er een einde aan maken", "suicide"), ("soms wil ik er gewoon een eind aan maken", "suicide"),
    ("ik denk erover om een einde aan mijn leven te stellen", "suicide"), ("ik ben het beu om te leven", "suicide"),
    ("k wil verdwijnen", "suicide"), ("ik heb pillen genomen", "suicide"),
    ("ik wil gewoon niet meer wakker worden", "suicide"), ("een man online vraagt naaktfoto's van mij", "abuse"),
    # round 4: "me"/"mij" instead of "mezelf", ways out of life, self-harm word orders, unwanted touching
    ("ik wil me van kant maken", "suicide"), ("ik ga mij iets aandoen", "suicide"), ("ik wil me ophangen", "suicide"),
    ("ik wil mn leven beeindigen", "suicide"), ("ik wil uit het leven stappen", "suicide"),
    ("ik heb geen zin meer in het leven", "suicide"), ("ik wil van een brug springen", "suicide"),
    ("ik ga voor de trein springen", "suicide"), ("niemand zou me missen", "suicide"), ("ik snij mij", "suicide"),
    ("ik doe mezelf pijn", "suicide"), ("kheb zin om mezelf te verwonden", "suicide"),
    ("iemand zit aan mij zonder dat ik dat wil", "abuse"), ("mijn lief dwingt me tot seks", "abuse"),
    ("ik ben bang van mijn papa", "abuse"),
    # session 8: the words of the new distress training examples that no pattern caught (other sentences here)
    ("ik schreef gisteren een afscheidsbrief", "suicide"), ("mijn broer zegt dat hij niet meer wil leven", "suicide"),
    ("soms denk ik dat het beter is als ik niet besta", "suicide"), ("niemand gaat me missen", "suicide"),
    ("ik wil gaan slapen en nooit meer wakker worden", "suicide"), ("ik wil er een eind aan gaan maken", "suicide"),
    ("kzie het echt ni meer zitten", "suicide"), ("ik krab mezelf open", "suicide"),
    ("ik heb in mijn arm gesneden", "suicide"), ("mijn zus snijdt zichzelf", "suicide"),
    ("ik zag krassen op haar armen", "suicide"), ("mijn stiefvader sluit mij op", "abuse"),
    ("als hij gedronken heeft wordt hij agressief", "abuse"), ("ik ben weggelopen van thuis", "abuse"),
    ("mijn trainer raakt mij aan", "abuse"), ("hij zegt dat ik het aan niemand mag vertellen", "abuse"),
    ("hij wil geld anders zet hij mijn foto's online", "abuse"), ("thuis word ik soms geslagen", "abuse"),
    ("na de les lachen ze mij uit", "bullying"), ("een meisje bedreigt me", "bullying"),
    ("ze noemen me altijd dik", "bullying"), ("ik ben uit de groepschat gegooid", "bullying"),
    ("ze duwen me in de gang", "bullying"), ("ik haat mezelf zo erg", "distress"),
    ("ik ben al weken triest", "distress"), ("ik lig elke nacht te huilen", "distress"),
    ("ik kan het niet meer aan", "distress"), ("ik heb nergens nog zin in", "distress"),
    ("ik zit niet goed in mijn vel", "distress"), ("ik kan niet meer slapen van de stress", "distress"),
    ("ik durf niet meer naar school", "distress"), ("ik steek mijn vinger in mijn keel", "distress"),
    ("ze hebben mijn jas weer in de wc gegooid", "bullying"), ("ze zeggen altijd dat ik een sukkel ben", "bullying"),
    ("ik durf het aan niemand te vertellen", "distress"),
])
def test_safety_matches(safety, text, kind):
    assert safety.match(text) == kind


@pytest.mark.parametrize("text", ["ik kan niet kiezen tussen aso en tso", "wat is STEM",
                                  "ik hou van pesten?? nee grapje wiskunde",
                                  "ik kan niet meer volgen in de les wiskunde",
                                  "hij sleutelt altijd aan zijn brommer", "ik wil dolgraag dierenarts worden",
                                  "ik wil ingenieur worden maar zie het nut van latijn niet",
                                  "kan ik er zelf eentje worden?", "wanneer maakt de leerkracht een einde aan de les",
                                  "ik wil er later ook eentje zijn", "ik ben het beu om te leren voor wiskunde",
                                  "wanneer verdwijnt het aso", "hoe word ik apotheker die pillen maakt",
                                  "zit er wiskunde aan mij vast", "ik wil leven in de natuur",
                                  "uit het leven gegrepen verhalen", "ik spring van blijdschap",
                                  "doe me een plezier", "kan ik de trein nemen naar technopolis",
                                  # session 8: near the new patterns
                                  "ik heb geen zin in wiskunde", "hoe zet ik een foto online",
                                  "de leerkracht lacht met onze grapjes", "in welke groep zit ik",
                                  "mijn zoon slaapt bijna niet want hij gamet", "ze noemen dat STEM",
                                  "wat als ik niet meer kan volgen in het aso", "kan ik thuis studeren",
                                  "hoe snijd je hout in de les techniek", "welke opleiding als ik van huis wil werken"])
def test_safety_no_false_alarm(safety, text):
    assert safety.match(text) in (None, "bullying") if "pesten" in text else safety.match(text) is None


@pytest.mark.parametrize("text,lang", [("what is STEM and can you help me", "en"),
                                       ("bonjour, je cherche une école", "fr"),
                                       ("hallo, ich suche eine Ausbildung", "de"),
                                       ("merhaba, hangi okul", "tr"), ("مرحبا", "ar"),
                                       ("hola, quiero estudiar", "es")])
def test_language_guess(text, lang):
    assert guess(text) == lang


def test_safety_patterns_leave_the_other_training_examples_alone(safety):
    """No training example of another intent sets off the safety answer; only questions about bullying itself
    ("word je als meisje gepest in een technische richting?") may, as a false alarm is better than a miss."""
    from tests.nlp.test_training_data import ANNOTATION, _training_examples

    examples = [(intent, ANNOTATION.sub(r"\1", text)) for _, intent, text in _training_examples()]
    assert len(examples) > 3000
    alarms = [(intent, text) for intent, text in examples
              if intent != "express_distress" and safety.match(text) and "gepest" not in text]
    assert alarms == []
