"""Markup in bibliographic fields turned into plain Unicode text: LaTeX (BibTeX) and HTML/JATS (CSL, Crossref).

Readers see titles as text: `$\\beta$` becomes β, `DNA$_\\textrm{2}$` DNA₂, `<i>in vivo</i>` in vivo,
`H<sub>2</sub>O` H₂O. What cannot be converted is dropped rather than shown as code.
"""

import html
import re

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import get_default_latex_context_db

SUPERSCRIPT = str.maketrans("0123456789+-=()niabcdefghjklmoprstuvwxyz",
                            "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")  # fmt: skip
SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")


def script(text, table, marker):
    """`text` in Unicode super/subscript characters where every character has one, else `^(text)`."""
    converted = text.translate(table)
    if all(a != b or a.isspace() for a, b in zip(text, converted, strict=True)):
        return converted
    return f"{marker}{text}" if len(text) == 1 else f"{marker}({text})"


_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
_CONTEXT = get_default_latex_context_db()  # built once: pylatexenc would rebuild it for every value
# Commands whose first argument is a link target, not text: \href{url}{text} keeps only text.
_LINK = re.compile(r"\\href\s*\{[^{}]*\}\s*")
_URL = re.compile(r"\\(?:url|nolinkurl)\s*\{([^{}]*)\}")
_TEXT_IN_MATH = re.compile(r"\\(?:textrm|mathrm|text|mbox|textit|mathit|textbf|mathbf|textsf|mathsf|emph)\s*")
_SCRIPT = re.compile(r"([_^])\s*(?:\{([^{}]*)\}|(\\[A-Za-z]+)|(\S))")
_PERCENT = re.compile(r"(?<!\\)%")
_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)


def _math(match):
    body = next(group for group in match.groups() if group is not None)
    body = _TEXT_IN_MATH.sub("", body)

    def scripted(m):
        marker, braced, command, char = m.groups()
        inner = braced if braced is not None else command or char
        inner = _safe_latex(inner) if "\\" in inner else inner
        return script(inner.strip(), SUPERSCRIPT if marker == "^" else SUBSCRIPT, marker)

    previous = None
    while previous != body:
        previous, body = body, _SCRIPT.sub(scripted, body)
    return "{" + body + "}"


def _safe_latex(text):
    try:
        return _latex.latex_to_text(text, latex_context=_CONTEXT)
    except Exception:  # pylatexenc fails on some malformed input (IndexError, ValueError…)
        return re.sub(r"\\[A-Za-z]+\s*", "", text)


def latex_to_text(value):
    """A BibTeX field value as plain text."""
    text = str(value or "")
    if "\\" not in text and "$" not in text:
        # The common case, without pylatexenc (a few µs instead of a millisecond a value).
        # Dashes before braces: "-{}-" is how one writes a literal "--".
        text = text.replace("~", " ").replace("---", "—").replace("--", "–").replace("{", "").replace("}", "")
        return " ".join(text.split())
    text = _LINK.sub("", text)
    text = _URL.sub(r"{\1}", text)
    text = _MATH.sub(_math, text)
    # A bare % starts a LaTeX comment, which would swallow the rest of the line.
    text = _PERCENT.sub(r"\\%", text)
    # pylatexenc drops grouping braces and keeps escaped ones (\{ -> {).
    text = _safe_latex(text).replace("\u02c6", "^")
    return " ".join(text.replace("\u00a0", " ").split())


_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)[^>]*?>")
_BLOCK = {"p", "jats:p", "br", "div", "jats:sec", "sec", "jats:title", "title", "li"}


def html_to_text(value, *, paragraphs=False):
    """HTML or JATS (`<jats:p>`, `<i>`, `<sup>`) as text; `paragraphs` keeps blank lines between blocks."""
    text = str(value or "")
    if "<" not in text and "&" not in text:
        return text if paragraphs else " ".join(text.split())
    out, pos, stack = [], 0, []
    for match in _TAG.finditer(text):
        out.append(text[pos : match.start()])
        pos = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name in ("sup", "sub", "jats:sup", "jats:sub"):
            if not closing:
                stack.append((name, len(out)))
            elif stack:
                _open, start = stack.pop()
                inner = html.unescape("".join(out[start:]))
                del out[start:]
                out.append(script(inner, SUPERSCRIPT if name.endswith("sup") else SUBSCRIPT,
                                  "^" if name.endswith("sup") else "_"))  # fmt: skip
        elif name in _BLOCK:
            out.append("\n\n" if paragraphs else " ")
    out.append(text[pos:])
    text = html.unescape("".join(out))
    if paragraphs:
        blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
        return "\n\n".join(block for block in blocks if block)
    return " ".join(text.split())
