"""Keep the search index in step with content saved through the ORM."""

from django.db.models.signals import post_delete, post_save

from hospital.signals import pages_moved


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .indexes import update_object

    update_object(instance)


def _deleted(sender, instance, **kwargs):
    from .indexes import remove_object

    remove_object(instance)


def _pages_moved(sender, pages, **kwargs):
    # Their addresses changed in one bulk update, which sends no post_save.
    from .indexes import update_objects

    update_objects(sender, pages)


def connect():
    from .indexes import registered_indexes

    for index in registered_indexes():
        label = index.model._meta.label
        post_save.connect(_saved, sender=index.model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(_deleted, sender=index.model, dispatch_uid=f"search-delete-{label}")
    pages_moved.connect(_pages_moved, dispatch_uid="search-pages-moved")
