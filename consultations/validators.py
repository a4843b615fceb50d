"""Checks for what patients type: plain text without hidden characters, phone numbers in E.164."""

import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


def normalize_phone(value, region=None):
    """The number in E.164 (`+6281234567890`); `region` (ISO code) helps read a national number."""
    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number with its country code, for example +62 812 3456 7890."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
