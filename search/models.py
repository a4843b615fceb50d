"""The search index: one row per object and distinct language version of its text.

An object's English row also serves every language that has no text of its own (`covers`),
so a visitor finds fallback content too without the index holding eight copies of it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_public=True, visible_from__lte=timezone.now())

    def for_language(self, language):
        return self.filter(covers__contains=f"|{language}|")


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert")
        NEWS = "news", _("News")
        EVENT = "event", _("Event")
        PAGE = "page", _("Page")

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=15)
    # "|en|id|ms|": the languages whose visitors see this version.
    covers = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=600)
    text = models.TextField(blank=True)
    date = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    visible_from = models.DateTimeField()
    # Folded (case and Latin accents removed) copies that queries are matched against.
    title_folded = models.CharField(max_length=300)
    document = models.TextField()
    # The document's text in unspaced scripts and its one- and two-character pieces
    # (search.text.grams): the full-text indexes find Chinese, Japanese or Thai words through it.
    grams = models.TextField(blank=True, default="")

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="search_entry_unique")
        ]
        # Everything a search filters and ranks by: counting and ranking read this index, not the
        # wide rows (only the page's rows are read).
        indexes = [
            models.Index(
                fields=["is_public", "visible_from", "covers", "kind", "date", "title_folded"],
                name="search_entry_rank_idx",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"
