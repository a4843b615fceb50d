"""Small queries other apps ask of the experts app."""

from hospital.i18n import DEFAULT_LANGUAGE, localized

from .models import Expert


def experts_to_consult():
    """The experts a patient may name in a consultation request, in directory order.

    Only the columns an option shows (the name in the visitor's language and in English): the form
    lists every published expert, and whole rows in eight languages were most of its time."""
    return (
        Expert.objects.published()
        .order_by("order", "name", "pk")
        .only("pk", "order", localized("name"), localized("name", DEFAULT_LANGUAGE))
    )
