"""Checks for what patients type: plain text without hidden characters, phone numbers in E.164."""

import re
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


LINE_BREAKS = frozenset("\r\n\t\v\f\x85\u2028\u2029")


def validate_single_line(value):
    """A name is one line: line breaks and tabs would be stored (and shown to staff) as typed."""
    if any(char in LINE_BREAKS for char in value or ""):
        raise ValidationError(_("Write this on one line, without line breaks or tabs."), code="line_break")


# "ext. 1234", "x1234", "#1234", "extension 12": an office extension after the number.
EXTENSION = re.compile(r"(?:(?<![^\W\d_])(?:ext|extn|extension|x)\.?|#|;ext=)\s*\d+\s*$", re.IGNORECASE)
PHONE_PUNCTUATION = frozenset(" \u00a0+-()./")


def normalize_phone(value, region=None):
    """The number in E.164 (`+6281234567890`); `region` (ISO code) helps read a national number.

    Nothing is silently changed: letters (which phonenumbers would read as a keypad's digits),
    extensions (a WhatsApp number has none, and E.164 cannot hold one) and other characters are refused.
    """
    text = (value or "").strip()
    if EXTENSION.search(text):
        raise ValidationError(
            _("Enter the number without an extension (such as “ext. 1234”); write the extension in the message."),
            code="phone_extension",
        )
    if any(unicodedata.category(char).startswith("L") for char in text):
        raise ValidationError(
            _("A phone number cannot contain letters. Enter digits only, for example +62 812 3456 7890."),
            code="phone_letters",
        )
    if any(not char.isdigit() and char not in PHONE_PUNCTUATION for char in text):
        raise ValidationError(
            _("Enter a valid phone number with its country code, for example +62 812 3456 7890."),
            code="invalid_phone",
        )
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
