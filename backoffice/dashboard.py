"""The admin home: what needs the signed-in staff member's attention, as counts linking to filtered lists.

Each app says what it watches in its own `attention.py`: functions decorated with `@watch` take
the request and yield `Attention` lines (only what the user may see). Lines with a zero count
are kept out of the way; a section whose lines are all zero says "nothing to do".
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

_watchers = []


@dataclass(frozen=True)
class Attention:
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass
class Section:
    title: str
    lines: list = field(default_factory=list)

    @property
    def pending(self):
        return [line for line in self.lines if line.count]


def watch(function):
    """Register `function(request) -> iterable of (section title, Attention)` for the admin home."""
    _watchers.append(function)
    return function


def changelist_url(model, **filters):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def attention_for(request):
    """The sections of the admin home for this request's user, in INSTALLED_APPS order."""
    sections = {}
    for function in _watchers:
        for title, line in function(request) or ():
            sections.setdefault(str(title), Section(title)).lines.append(line)
    return list(sections.values())
