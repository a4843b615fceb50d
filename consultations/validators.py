"""Checks for what patients type: plain text without hidden characters, phone numbers in E.164."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hospital.phones import normalize_phone  # noqa: F401  (the form's phone check lives with the hospitals')

# Explicit embeddings, overrides and isolates: they can make text display differently from
# what it is (the "Trojan Source" trick). The marks LRM/RLM/ALM stay allowed: Arabic needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\n\r\t")


def validate_plain_text(value):
    """Reject control characters (other than line breaks and tabs) and bidirectional overrides."""
    for char in value or "":
        if char in BIDI_CONTROLS:
            raise ValidationError(
                _("Remove the hidden text-direction characters (such as U+202E) from this text."),
                code="bidi_control",
            )
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("Remove the invisible control characters (such as U+%(code)04X) from this text."),
                code="control_character",
                params={"code": ord(char)},
            )


LINE_BREAKS = frozenset("\r\n\t\v\f\x85\u2028\u2029")


def validate_single_line(value):
    """A name is one line: line breaks and tabs would be stored (and shown to staff) as typed."""
    if any(char in LINE_BREAKS for char in value or ""):
        raise ValidationError(_("Write this on one line, without line breaks or tabs."), code="line_break")
