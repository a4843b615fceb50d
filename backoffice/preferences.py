"""Each staff member's language for the back office, looked up once per user and cached."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

CACHE_SECONDS = 300


def _cache_key(user_pk):
    return f"backoffice:admin-language:{user_pk}"


def admin_language(user):
    """The language `user` chose for the back office, or None to follow the browser."""
    if not (user.is_authenticated and user.is_staff):
        return None
    key = _cache_key(user.pk)
    language = cache.get(key)
    if language is None:
        from .models import StaffPreference

        language = StaffPreference.objects.filter(user=user).values_list("admin_language", flat=True).first() or ""
        cache.set(key, language, CACHE_SECONDS)
    return language or None


def _forget(sender, instance, **kwargs):
    cache.delete(_cache_key(instance.user_id))


def connect_signals():
    from .models import StaffPreference

    post_save.connect(_forget, sender=StaffPreference, dispatch_uid="backoffice-forget-language")
    post_delete.connect(_forget, sender=StaffPreference, dispatch_uid="backoffice-forget-language-delete")
