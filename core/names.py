"""A name after a preposition, as each language writes it.

French elides "de" before a vowel sound: "d'Alice", "d'Yves", "d'IT & numérique", but
"de Bob". English says "from Alice" or "of Energy". The phrases are translated with a
context saying which case they are, so French gets the elision and English the word.
A leading "h" is left alone: "de Hugo" is never wrong, "d'Hugo" sometimes is.
"""

import unicodedata

from django.utils.translation import pgettext

VOWELS = frozenset("aeiouy")


def starts_with_vowel_sound(name: str) -> bool:
    for character in str(name).strip():
        base = unicodedata.normalize("NFD", character)[0].lower()
        if base.isalpha():
            return base in VOWELS
    return False


def from_name(name) -> str:
    """ "from Alice" in English; "d'Alice" or "de Bob" in French."""
    if starts_with_vowel_sound(name):
        phrase = pgettext("before a name starting with a vowel sound", "from %(name)s")
    else:
        phrase = pgettext("before a name", "from %(name)s")
    return phrase % {"name": name}


def of_name(name) -> str:
    """ "of Energy" in English; "d'Énergie" or "de Santé" in French."""
    if starts_with_vowel_sound(name):
        phrase = pgettext("before a name starting with a vowel sound", "of %(name)s")
    else:
        phrase = pgettext("before a name", "of %(name)s")
    return phrase % {"name": name}
