"""Personal names as printed in author lists: surname and given names, initials, matching.

Author lists mix conventions: "SHEN Qian" (surname first, in capitals), "Wang, Ligen",
MEDLINE's "Wang L", western "Ligen Wang" and names in Chinese script ("王立根").
"""

import functools
import re
import unicodedata

_INITIALS = re.compile(r"^[A-Z]{1,3}$")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"}


def suffix(name):
    """The generational suffix of a name written "Doe, Jeffrey, Jr." or "Doe, Jr., Jeffrey", else ""."""
    parts = [part.strip() for part in (name or "").split(",")]
    for part in parts[1:]:
        if part.rstrip(".").lower() in SUFFIXES:
            return part
    return ""


@functools.lru_cache(maxsize=65536)
def _has_cjk(text):
    return any(unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for char in text)


@functools.lru_cache(maxsize=65536)  # pure; a long list repeats its authors' names
def split_name(name):
    """`(surname, given)` for a name as printed; given is "" when there is none."""
    name = " ".join((name or "").split())
    if not name:
        return "", ""
    if "," in name:
        # "Doe, Jeffrey" and BibTeX's "Doe, Jr., Jeffrey"; CSL's "Doe, Jeffrey, Jr." keeps the suffix last.
        parts = [part.strip() for part in name.split(",")]
        if len(parts) >= 3 and parts[1].rstrip(".").lower() in SUFFIXES:
            return parts[0], parts[2]
        return parts[0], parts[1]
    if _has_cjk(name):
        return name, ""
    tokens = name.split(" ")
    if len(tokens) == 1:
        return name, ""
    if _INITIALS.match(tokens[-1]) and not tokens[0].isupper():
        return " ".join(tokens[:-1]), tokens[-1]  # MEDLINE: "Wang L", "Van der Berg JA"
    if len(tokens[0]) > 1 and tokens[0].isupper() and not tokens[1].isupper():
        return tokens[0], " ".join(tokens[1:])  # "SHEN Qian": surname first in capitals
    return tokens[-1], " ".join(tokens[:-1])


def initials(given):
    if _INITIALS.match(given.replace(" ", "").replace(".", "")) and " " not in given.strip():
        return given.replace(".", "")
    return "".join(part[0].upper() for part in re.split(r"[\s\-.]+", given) if part)


def vancouver_name(name):
    """ "SHEN Qian" -> "Shen Q", "Wang, Ligen" -> "Wang L"; names in CJK script are kept."""
    surname, given = split_name(name)
    if surname.isupper() and len(surname) > 1:
        surname = surname.title()
    text = f"{surname} {initials(given)}".strip() if given else surname
    generation = suffix(name)
    return f"{text} {generation.rstrip('.')}" if generation else text


@functools.lru_cache(maxsize=65536)
def _key(text):
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _readings(name):
    """Every (surname, given) a name may mean: "Wang Ligen" is Wang+Ligen or, western, Ligen+Wang."""
    surname, given = split_name(name)
    readings = [(surname, given)]
    tokens = " ".join((name or "").split()).split(" ")
    if "," not in name and len(tokens) > 1:
        readings += [(tokens[0], " ".join(tokens[1:])), (tokens[-1], " ".join(tokens[:-1]))]
    return readings


@functools.lru_cache(maxsize=65536)
def same_person(printed, known, initials_ok=True):
    """Whether the author name `printed` can be the person whose full name is `known`.

    `initials_ok=False` asks for the given names in full ("Wang Ligen", "Ligen Wang", "WANG Ligen"):
    "Wang L" is too common to link a paper to a colleague's profile unless it is one of their variants.
    """
    if _key(printed) == _key(known):
        return True
    p_surname, p_given = split_name(printed)
    if not p_given:
        return False
    for k_surname, k_given in _readings(known):
        if not k_given or _key(p_surname) != _key(k_surname):
            continue
        if _key(p_given) == _key(k_given):
            return True
        short = min(len(p_given.replace(".", "").replace(" ", "")), len(k_given.replace(" ", "")))
        if initials_ok and short <= 3 and initials(p_given) == initials(k_given):
            return True
    return False


def find_position(names, known_names):
    """Index of the first author in `names` who is one of `known_names`, or None."""
    known = [name for name in known_names if name]
    for index, printed in enumerate(names):
        if any(same_person(printed, name) for name in known):
            return index
    return None


def surname_key(name):
    """The surname of a printed name, reduced for comparison ("SHEN Qian", "Shen, Q." -> "shen")."""
    return _key(split_name(name)[0])


def overlap(names, others):
    """Whether two author lists share a surname; an empty list is no evidence either way."""
    if not names or not others:
        return True
    return bool({surname_key(n) for n in names} & {surname_key(n) for n in others})


def same_authors(names, others):
    """Whether two author lists name the same surnames in the same order."""
    return [surname_key(n) for n in names] == [surname_key(n) for n in others]


class Directory:
    """Every name under which the site's experts publish, to find them among a paper's authors.

    Built once per import: names indexed by each surname they may be read with, so that a
    10,000-entry file costs one dictionary look-up per printed author.
    """

    def __init__(self, names_by_expert):
        self.index = {}
        for expert, names in names_by_expert:
            for name in names:
                for surname, _given in _readings(name):
                    self.index.setdefault(_key(surname), []).append((expert, name))
                self.index.setdefault(_key(name), []).append((expert, name))

    def find(self, printed):
        """The expert whose name or variant `printed` is, or None (also None when two experts could be)."""
        found = set()
        for key in {_key(split_name(printed)[0]), _key(printed)}:
            for expert, name in self.index.get(key, ()):
                if expert not in found and same_person(printed, name, initials_ok=False):
                    found.add(expert)
        return found.pop() if len(found) == 1 else None
