"""A small language guesser for messages that are not Dutch, to answer in the user's direction.

It only has to tell Dutch from a handful of languages pupils in Flanders write in; scripts decide
for Arabic/Cyrillic, function words for the rest.
"""

from __future__ import annotations

import re
from typing import Optional

from bot.nlp.normalize import fold

FUNCTION_WORDS = {
    "nl": {"de", "het", "een", "ik", "je", "jij", "wat", "is", "en", "van", "niet", "dat", "wil", "hoe", "ben",
           "mijn", "kan", "welke", "waar", "zijn", "ge", "gij", "wa", "da", "richting", "school", "studie",
           # short Dutch questions the model may be unsure of ("wie heeft die al gewonnen?", "kost dat iets?"):
           # words German shares count for Dutch too, since a tie goes to Dutch
           "wie", "die", "heeft", "heb", "hebt", "al", "er", "ook", "nog", "maar", "zo", "om", "te", "op", "met",
           "voor", "naar", "bij", "uit", "dan", "nu", "zit", "kost", "dit", "deze", "geen", "welk", "hoeveel",
           "waarom", "wanneer", "moet", "mag", "u", "uw", "jullie", "we", "wij", "ze", "zij", "hij", "haar",
           "hun", "was", "wordt", "worden", "gaat", "doen", "iets", "nie", "ni", "kzou", "graag", "echt"},
    "en": {"the", "what", "is", "i", "you", "how", "can", "my", "to", "do", "study", "want", "which", "school",
           "hello", "help", "please", "where", "are", "about", "me", "need", "find", "should", "this", "hi"},
    "fr": {"le", "la", "les", "je", "tu", "est", "que", "quoi", "comment", "des", "une", "un", "pour", "bonjour",
           "etudes", "ecole", "cherche", "voudrais", "quelle", "quel", "suis", "mon", "ma", "aide", "salut", "merci"},
    "de": {"ich", "der", "die", "das", "ist", "und", "nicht", "was", "wie", "ein", "eine", "mein", "hallo",
           "schule", "suche", "studium", "ausbildung", "bitte", "welche", "kann", "mochte", "guten", "tag"},
    "es": {"el", "la", "que", "como", "estudiar", "hola", "quiero", "escuela", "donde", "por", "para", "una",
           "es", "mi", "ayuda", "cual", "puedo", "gracias", "estudios", "buenos"},
    "tr": {"ne", "nasil", "merhaba", "okul", "bir", "ve", "bu", "icin", "istiyorum", "ben", "nedir", "bolum",
           "yardim", "mi", "musun", "selam", "tesekkur", "ederim", "universite", "hangi"},
    "pl": {"jak", "co", "jest", "nie", "czesc", "dzien", "dobry", "szkola", "chce", "studia", "gdzie", "prosze",
           "moge", "jaki", "jestem", "sie", "na", "czy", "pomoc", "szkole"},
}


# a Dutch message that asks for another language ("kan je ook in het frans antwoorden?") is about languages
LANGUAGE_NAMES = {"engels", "english", "frans", "francais", "french", "duits", "deutsch", "german", "spaans",
                  "turks", "arabisch", "pools", "russisch", "oekraiens", "roemeens", "italiaans", "portugees"}


def names_another_language(text: str) -> bool:
    return bool(LANGUAGE_NAMES & set(re.findall(r"\w+", fold(text))))


def clearly_dutch(text: str, lead: int = 3) -> bool:
    """Written in Dutch beyond doubt: at least `lead` Dutch function words and `lead` times as many as of any
    other language ("sorry ik kan ook nederlands, wat is stem?"; not "wat is STEM? sorry I only speak english")."""
    if re.search(r"[^\x00-\u024F\s\d\W]", text):
        return False
    words = re.findall(r"\w+", fold(text))
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    other = max(score for lang, score in scores.items() if lang != "nl")
    return scores["nl"] >= lead and scores["nl"] >= lead * other


def guess(text: str) -> Optional[str]:
    """ISO code of the most likely language among nl/en/fr/de/es/tr/pl/ar, 'other' for other scripts."""
    if re.search(r"[\u0600-\u06FF]", text):
        return "ar"
    if re.search(r"[\u0400-\u04FF\u0370-\u03FF\u4E00-\u9FFF\u3040-\u30FF\u0590-\u05FF]", text):
        return "other"
    if re.search(r"[şğı]", text.lower()):
        return "tr"
    if re.search(r"[ąęłńśźż]", text.lower()):
        return "pl"
    words = re.findall(r"\w+", fold(text))
    if not words:
        return None
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else None
