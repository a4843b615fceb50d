"""Phone numbers in E.164 (`+6281234567890`): what patients type and the hospitals' WhatsApp desks."""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the database accepts (a CHECK constraint), so no write path stores anything else.
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"


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


def validate_phone(value):
    """Field validator: an international number (with its country code) that exists."""
    normalize_phone(value)


def international_format(e164):
    """`+8613922291866` -> `+86 139 2229 1866`, as people read it."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
