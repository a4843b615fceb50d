"""Folding text for matching: case and Latin accents ignored, other scripts kept as written.

The same folding is applied to indexed documents and to queries, and `fold_with_map` keeps
the position of every folded character in the original so matches can be highlighted.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")


def _is_latin(char):
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code < 0x1F00 or 0x2C60 <= code < 0x2C80 or 0xA720 <= code < 0xA800


@lru_cache(maxsize=8192)
def _fold_char(char):
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and all(_is_latin(c) for c in base):
        return base.casefold(), True
    return unicodedata.normalize("NFKC", char).casefold(), False


def fold_with_map(text):
    """`(folded, origins)`: `origins[i]` is the index in `text` that folded character i came from."""
    out, origins = [], []
    after_latin = False
    for index, char in enumerate(text):
        if unicodedata.combining(char):
            if after_latin:  # a decomposed accent on a Latin letter: drop it
                continue
            piece = char
        else:
            piece, after_latin = _fold_char(char)
        out.append(piece)
        origins.extend([index] * len(piece))
    return "".join(out), origins


def fold(text):
    return fold_with_map(text or "")[0]


def clean_query(text):
    """Drop what cannot be searched for (control characters, unpaired surrogates); squeeze spaces."""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs", "Cf", "Co", "Cn"))
    return _SPACE.sub(" ", kept).strip()


def terms(folded_query, limit):
    """Distinct words of a folded query, longest first, at most `limit` of them."""
    words = []
    for word in folded_query.split():
        word = word.strip("\"'()[]{}<>.,;:!?-+*~^|&")
        if word and word not in words:
            words.append(word)
    return sorted(words, key=len, reverse=True)[:limit]


def plain_text(html):
    """Visible text of sanitised rich text, on one line."""
    return _SPACE.sub(" ", strip_tags(html or "").replace("&nbsp;", " ")).strip()
