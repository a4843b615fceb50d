"""Signals of the hospital app for work that bypasses `save()`."""

from django.dispatch import Signal

# Sent after a page moved or was renamed, with its descendants (`pages`) updated in one bulk
# update: their addresses changed, but no `post_save` was sent for them.
pages_moved = Signal()
