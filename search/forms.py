from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SearchEntry
from .text import clean_query

MAX_QUERY_LENGTH = 200


class QueryField(forms.CharField):
    def to_python(self, value):
        # Control characters and unpaired surrogates cannot be searched for: drop them quietly.
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Please use at most %(limit_value)d characters (you typed %(show_value)d).")},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("Everything")), *SearchEntry.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
