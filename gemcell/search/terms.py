"""Words, stems and the stored form of a term.

Stems come from the Snowball stemmers: Hindi for words in Devanagari, English for words in Latin letters; numbers are
kept as they are. A stem in Devanagari is stored as ``h`` followed by its UTF-8 bytes in hex, which both databases'
tokenizers keep as one word.
"""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

#: a word: letters and digits of any script, with the Devanagari vowel signs, viramas and nuktas inside it
#: (U+0900–U+0963 and U+0966–U+097F: the whole block but the dandas)
WORD = re.compile(r'(?:[^\W_]|[\u0900-\u0963\u0966-\u097F])+')
DEVANAGARI = re.compile(r'[\u0900-\u097F]')
#: Devanagari digits read as Latin ones
DIGITS = str.maketrans('०१२३४५६७८९', '0123456789')


@lru_cache(maxsize=None)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize('NFC', text or '').translate(DIGITS).lower())


@lru_cache(maxsize=65536)
def term(word: str) -> str:
    """The stored form of one word's stem."""
    if DEVANAGARI.search(word):
        return 'h' + _stemmer('hindi').stemWord(word).encode().hex()
    if word.isascii() and not word.isdigit():
        return _stemmer('english').stemWord(word)
    return word if word.isascii() else 'u' + word.encode().hex()


def terms(text: str) -> list[str]:
    return [term(word) for word in words(text)]
