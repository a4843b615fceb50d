"""Small queries other apps ask of the news app."""

from .models import Event


def events_to_attend():
    """Public events not yet over, soonest first: those a consultation request may name."""
    return Event.objects.published().upcoming()
