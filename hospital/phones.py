"""Phone numbers in E.164 (`+6281234567890`): what patients type and the hospitals' WhatsApp desks."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the database accepts (a CHECK constraint), so no write path stores anything else.
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"


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
