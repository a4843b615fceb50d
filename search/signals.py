"""Keep the search index in step with content saved through the ORM."""

from django.db.models.signals import post_delete, post_save


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .indexes import update_object

    update_object(instance)


def _deleted(sender, instance, **kwargs):
    from .indexes import remove_object

    remove_object(instance)


def connect():
    from .indexes import INDEXES

    for index in INDEXES:
        model = index.get_model()
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{index.model}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{index.model}")
