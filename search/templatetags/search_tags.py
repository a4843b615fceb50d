from django import template

from search.highlight import excerpt, highlight

register = template.Library()


@register.simple_tag
def highlighted(text, words):
    """`{% highlighted entry.title words %}`: escaped text with matches in <mark>."""
    return highlight(text, words)


@register.simple_tag
def highlighted_excerpt(text, words, length=240):
    return excerpt(text, words, length)
