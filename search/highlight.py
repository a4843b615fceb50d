"""Highlighting: escape everything, then wrap what matched the query in <mark>."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold_with_map


def _spans(text, words):
    folded, origins = fold_with_map(text)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((origins[start], origins[end - 1] + 1))
            start = folded.find(word, end)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, words):
    """`text` as safe HTML with every occurrence of `words` (folded) marked."""
    text = text or ""
    pieces, position = [], 0
    for start, end in _spans(text, words):
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def excerpt(text, words, length=240):
    """A window of `text` around the first match (or its start), highlighted."""
    text = text or ""
    spans = _spans(text, words)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = spans[0][0] - length // 3
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 and start - space < 30 else start
    window = text[start : start + length]
    result = highlight(window, words)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{result}{suffix}")
