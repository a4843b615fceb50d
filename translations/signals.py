"""Every save or delete of translated content updates its translation states (admin, commands, demo, importers)."""

from django.db.models.signals import post_delete, post_save

from . import state


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: states are rebuilt with `manage.py sync_translation_state`
        return
    state.sync_object(instance)


def _deleted(sender, instance, **kwargs):
    state.forget_object(instance)


def connect():
    for model in state.tracked_models():
        uid = f"translation-state-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
