"""Small queries other apps ask of the experts app."""

from .models import Expert


def experts_to_consult():
    """The experts a patient may name in a consultation request, in directory order."""
    return Expert.objects.published().order_by("order", "name", "pk")
