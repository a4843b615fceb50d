"""What the translation workflow stores: each translated field's state per language, and translators' languages."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MISSING = "missing", _("missing")
    CURRENT = "current", _("current")
    OUTDATED = "outdated", _("outdated")


class TranslationStateQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def to_do(self):
        """What a translator has to work on: missing or outdated."""
        return self.exclude(status=Status.CURRENT)

    def in_languages(self, languages):
        return self.filter(language__in=languages)


class TranslationState(models.Model):
    """One translated field of one object in one language (never English, the source).

    `source_hash` is the fingerprint of the English text the translation was made from (for a
    missing translation: of the current English text); `source_text` keeps that English text so
    the translator sees what changed since. Kept current by `translations.state.sync_object()`,
    which every write path reaches (post_save, or called by bulk paths).
    """

    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    source_text = models.TextField(_("English source of the translation"), blank=True)
    target_hash = models.CharField(max_length=64, blank=True, editable=False)
    translated_at = models.DateTimeField(_("translated"), null=True, blank=True)
    source_changed_at = models.DateTimeField(_("English changed"), db_index=True)

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="translation_state_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "status", "content_type"])]
        permissions = [("translate_content", _("Can translate content in own languages"))]

    def __str__(self):
        return f"{self.content_type.model}:{self.object_id} {self.field} [{self.language}] {self.status}"


class TranslatorLanguages(models.Model):
    """The languages a translator works in (their queue and the languages they may edit)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="translator_languages", verbose_name=_("user")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        verbose_name = _("translator's languages")
        verbose_name_plural = _("translators' languages")

    def __str__(self):
        return f"{self.user}: {', '.join(self.languages)}"
