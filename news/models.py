"""News items and events: translated, scheduled editorial content with its taxonomy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.content import LanguageColumnsQuerySet, TranslatedContent, TranslatedSlugQuerySet
from hospital.i18n import DEFAULT_LANGUAGE, language_codes, localized
from hospital.images import Picture, sync_renditions, validate_image_file
from hospital.richtext import RichTextField


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(TranslatedSlugQuerySet, models.QuerySet):
    """Visibility is computed at query time, so scheduled items appear at `publish_at` without a cron job."""

    def released(self):
        """Items an editor published, including those scheduled for later: public from `publish_at` on."""
        return self.filter(status=Status.PUBLISHED)

    def published(self):
        return self.released().filter(publish_at__lte=timezone.now())


class Publishable(TranslatedContent):
    """Fields and behaviour shared by news items and events: a status and the time they become public."""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        _("publish at"), default=timezone.now, db_index=True,
        help_text=_("The item becomes public at this time once its status is Published."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_released(self):
        return self.status == Status.PUBLISHED

    @property
    def is_public(self):
        return self.is_released and self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.is_released and not self.is_public


class CategoryQuerySet(LanguageColumnsQuerySet, models.QuerySet):
    pass


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("display order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:list") + f"?category={self.slug}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:list") + f"?tag={self.slug}"


def _heavy_fields(*names):
    return [name for name in names] + [localized(name, code) for name in names for code in language_codes()]


class NewsItemQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_listing(self):
        return self.select_related("category").defer(*_heavy_fields("body", "editors_note"))

    def before(self, item):
        """Items published before `item` (newest first): its "previous" neighbours."""
        earlier = Q(publish_at__lt=item.publish_at) | Q(publish_at=item.publish_at, pk__lt=item.pk)
        return self.filter(earlier).order_by("-publish_at", "-pk").defer(*_heavy_fields("body", "editors_note"))

    def after(self, item):
        later = Q(publish_at__gt=item.publish_at) | Q(publish_at=item.publish_at, pk__gt=item.pk)
        return self.filter(later).order_by("publish_at", "pk").defer(*_heavy_fields("body", "editors_note"))

    def for_detail(self):
        from experts.models import Expert

        return self.select_related("category", "hospital", "author").prefetch_related(
            "tags",
            "key_figures",
            Prefetch("related_experts", queryset=Expert.objects.published().order_by("order", "pk").for_language()),
        )


class NewsItem(Publishable):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=250, allow_unicode=True, blank=True,
        help_text=_("Part of the address; made from the title when left empty."),
    )  # fmt: skip
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and shares."))
    editors_note = RichTextField(_("editor's note"), blank=True)
    body = RichTextField(_("body"), blank=True)
    hero_image = models.ImageField(_("main image"), upload_to="news/", blank=True, validators=[validate_image_file])
    hero_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    hero_image_alt = models.CharField(_("main image description"), max_length=250, blank=True)
    category = models.ForeignKey(
        Category, models.PROTECT, null=True, blank=True, related_name="items", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="items", verbose_name=_("tags"))
    related_experts = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="news_items", verbose_name=_("related experts")
    )
    hospital = models.ForeignKey(
        "hospital.Hospital", models.SET_NULL, null=True, blank=True, related_name="news_items",
        verbose_name=_("hospital"),
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="news_items",
        verbose_name=_("author"),
    )  # fmt: skip

    objects = NewsItemQuerySet.as_manager()

    url_name = "news:detail"

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", _("Can publish news items"))]
        indexes = [models.Index(fields=["status", "-publish_at"], name="news_item_visible_idx")]

    def save(self, *args, **kwargs):
        sync_renditions(self, "hero_image", "hero_image_renditions")
        super().save(*args, **kwargs)

    @property
    def updated_after_publication(self):
        """Edited on a later day than it was published (in the current time zone): the page says so."""
        return timezone.localdate(self.updated_at) > timezone.localdate(self.publish_at)

    @property
    def hero_picture(self):
        return Picture(self.hero_image_renditions)


class KeyFigure(models.Model):
    """A highlighted label/value pair of a news item, e.g. "Median overall survival" / "28 months"."""

    news_item = models.ForeignKey(NewsItem, models.CASCADE, related_name="key_figures", verbose_name=_("news item"))
    label = models.CharField(_("label"), max_length=200)
    value = models.CharField(_("value"), max_length=60)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.label}: {self.value}"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Events not yet over, soonest first."""
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")

    def for_listing(self):
        return self.select_related("hospital")


class Event(Publishable):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=250, allow_unicode=True, blank=True,
        help_text=_("Part of the address; made from the title when left empty."),
    )  # fmt: skip
    summary = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    hospital = models.ForeignKey(
        "hospital.Hospital", models.PROTECT, related_name="events", verbose_name=_("hospital"),
        help_text=_("Times are shown in this hospital's time zone."),
    )  # fmt: skip
    venue = models.CharField(_("venue"), max_length=250, blank=True, help_text=_("Leave empty for online events."))
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online address"), blank=True)

    objects = EventQuerySet.as_manager()

    url_name = "events:detail"

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish events"))]
        indexes = [models.Index(fields=["status", "end"], name="news_event_visible_idx")]

    def get_calendar_url(self):
        return reverse("events:ical", kwargs={"slug": self.current_slug})

    def get_consultation_url(self):
        return reverse("consultations:form") + f"?event={self.current_slug}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        venue = localized("venue", DEFAULT_LANGUAGE)
        if not self.online and not getattr(self, venue):
            raise ValidationError({venue: _("Enter a venue, or mark the event as online.")})

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def local_tz(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.hospital.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.local_tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.local_tz)
