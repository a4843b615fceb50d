"""Folding text for matching: case and Latin accents ignored, other scripts kept as written.

The same folding is applied to indexed documents and to queries, and `fold_with_map` keeps
the position of every folded character in the original so matches can be highlighted.
`grams` keeps the text of scripts written without spaces and its one- and two-character pieces,
so that Chinese, Japanese or Thai words, even short ones, can be looked up in an index.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, CJK, Hangul).
UNSPACED_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
UNSPACED = re.compile(f"[{UNSPACED_CHARS}]")
UNSPACED_RUN = re.compile(f"[{UNSPACED_CHARS}]+")


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


def fold_with_map(text, after_latin=False):
    """`(folded, origins)`: `origins[i]` is the index in `text` that folded character i came from.
    ASCII runs are only lower-cased (one character each, in place); the rest is folded one
    character at a time."""
    out, origins, position = [], [], 0
    for part, run in enumerate(_NON_ASCII.split(text)):
        if part % 2 == 0:  # ASCII (every ASCII character counts as Latin)
            out.append(run.lower())
            origins.extend(range(position, position + len(run)))
            after_latin = after_latin if not run else True
        else:
            for index, char in enumerate(run, position):
                if unicodedata.combining(char):
                    if after_latin:  # a decomposed accent on a Latin letter: drop it
                        continue
                    piece = char
                else:
                    piece, after_latin = _fold_char(char)
                out.append(piece)
                origins.extend([index] * len(piece))
        position += len(run)
    return "".join(out), origins


def fold(text):
    """`fold_with_map(text)[0]`, quicker: ASCII runs only need lower case (every ASCII character
    counts as Latin, so an accent right after one is dropped)."""
    text = text or ""
    if text.isascii():
        return text.lower()
    parts = _NON_ASCII.split(text)
    for i in range(1, len(parts), 2):
        parts[i] = fold_with_map(parts[i], after_latin=bool(parts[i - 1]))[0]
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].lower()
    return "".join(parts)


def is_unspaced(word):
    """Whether every character of `word` is of a script written without spaces."""
    return bool(word) and UNSPACED_RUN.fullmatch(word) is not None


def grams(folded):
    """ " run … a b ab … ": the document's runs of unspaced scripts, then every distinct character and
    pair of neighbouring characters in them, each between spaces (empty when there are none).

    A word of such characters is in the document exactly when it is a substring of a run (three
    characters or more) or, shorter, one of the pieces between two spaces."""
    runs, pieces = {}, {}
    for run in UNSPACED_RUN.findall(folded):
        runs[run] = None
        for i, char in enumerate(run):
            pieces[char] = None
            if i + 1 < len(run):
                pieces[run[i : i + 2]] = None
    return f" {' '.join(runs)} {' '.join(pieces)} " if runs else ""


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
