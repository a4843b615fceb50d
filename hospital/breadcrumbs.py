"""Breadcrumb trails: what `includes/_breadcrumbs.html` shows between "Home" and the current page."""

from dataclasses import dataclass

from .i18n import inline_text


@dataclass(frozen=True)
class Crumb:
    url: str
    label: str  # plain text, or inline HTML from `inline_text()` (fallback text in a `<span lang>`)


def crumb_to(obj, field="title"):
    """A crumb linking to `obj`, labelled with its `field` in the visitor's language."""
    return Crumb(obj.get_absolute_url(), inline_text(obj, field))


def page_trail(page):
    """The ancestors of a CMS page, root first (one query)."""
    return [crumb_to(ancestor) for ancestor in page.ancestors()]
