"""What makes an expert profile incomplete: one definition for the admin filter and the admin home."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hospital.i18n import language_codes, localized


def _missing_translation():
    missing = Q()
    for code in language_codes():
        field = localized("biography", code)
        missing |= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    return missing


def _no_publications():
    from .models import Publication

    return ~Exists(Publication.experts.through.objects.filter(expert=OuterRef("pk")))


#: gap name -> (label, function returning the Q of profiles with that gap)
PROFILE_GAPS = {
    "photo": (_("Missing photo"), lambda: Q(photo="")),
    "translation": (_("Biography missing in a language"), _missing_translation),
    "publications": (_("No publications"), _no_publications),
}


def with_gap(queryset, gap):
    return queryset.filter(PROFILE_GAPS[gap][1]())
