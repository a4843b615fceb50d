"""What the site search indexes: one small class per kind of content.

Each `SearchIndex` names its model, the translated fields that make up its text and when
an object is visible; `index_object()` turns an object into its search rows.
"""

from datetime import UTC, datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils.translation import override

from hospital.i18n import DEFAULT_LANGUAGE, field_in_language, language_codes

from .models import SearchEntry
from .text import fold, plain_text

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TEXT_LIMIT = 20_000


class SearchIndex:
    model = None  # "app_label.ModelName"
    kind = None
    title_field = "title"
    text_fields = ()  # translated fields, plain or rich text
    untranslated_fields = ()  # shown in every language (e.g. a name in its native script)

    def get_model(self):
        return apps.get_model(self.model)

    def get_queryset(self):
        return self.get_model()._default_manager.all()

    def visibility(self, obj):
        """`(is_public, visible_from)`: rows are found only when public and from that time on."""
        return bool(getattr(obj, "published", False)), EPOCH

    def date(self, obj):
        return getattr(obj, "updated_at", None)

    def own_languages(self, obj):
        """Languages with text of their own; the others fall back to the default language."""
        fields = (self.title_field, *self.text_fields)
        own = [DEFAULT_LANGUAGE]
        for code in language_codes():
            if code != DEFAULT_LANGUAGE and any(not field_in_language(obj, f, code).is_fallback and
                                                field_in_language(obj, f, code) for f in fields):  # fmt: skip
                own.append(code)
        return own

    def entries(self, obj):
        try:
            with override(DEFAULT_LANGUAGE):
                obj.get_absolute_url()
        except NoReverseMatch:  # not addressable yet (e.g. a page between its two saves)
            return
        is_public, visible_from = self.visibility(obj)
        own = self.own_languages(obj)
        fallback_for = [code for code in language_codes() if code not in own]
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        for language in own:
            covers = [language, *fallback_for] if language == DEFAULT_LANGUAGE else [language]
            title = str(field_in_language(obj, self.title_field, language))
            parts = [str(getattr(obj, name) or "") for name in self.untranslated_fields]
            parts += [plain_text(field_in_language(obj, name, language)) for name in self.text_fields]
            text = " ".join(p for p in parts if p)[:TEXT_LIMIT]
            with override(language):
                url = obj.get_absolute_url()
            yield SearchEntry(
                content_type=content_type, object_id=obj.pk, language=language,
                covers="|" + "|".join(covers) + "|", kind=self.kind, title=title[:300], url=url[:600],
                text=text, date=self.date(obj), is_public=is_public, visible_from=visible_from,
                title_folded=fold(title)[:300], document=fold(f"{title} {text}"),
            )  # fmt: skip


class PageIndex(SearchIndex):
    model = "hospital.Page"
    kind = SearchEntry.Kind.PAGE
    text_fields = ("seo_description", "body")


class ExpertIndex(SearchIndex):
    model = "experts.Expert"
    kind = SearchEntry.Kind.EXPERT
    title_field = "name"
    text_fields = ("titles", "positions", "summary", "biography")
    untranslated_fields = ("name_native",)


class NewsItemIndex(SearchIndex):
    model = "news.NewsItem"
    kind = SearchEntry.Kind.NEWS
    text_fields = ("summary", "editors_note", "body")

    def visibility(self, obj):
        return obj.status == "published", obj.publish_at

    def date(self, obj):
        return obj.publish_at


class EventIndex(NewsItemIndex):
    model = "news.Event"
    kind = SearchEntry.Kind.EVENT
    text_fields = ("summary", "venue", "description")

    def date(self, obj):
        return obj.start


INDEXES = [PageIndex(), ExpertIndex(), NewsItemIndex(), EventIndex()]


def index_for(model):
    label = model._meta.label
    return next((index for index in INDEXES if index.model == label), None)


def update_object(obj):
    """Replace the search rows of `obj`."""
    index = index_for(type(obj))
    if index is None:
        return
    rows = list(index.entries(obj))
    with transaction.atomic():
        remove_object(obj)
        SearchEntry.objects.bulk_create(rows)


def remove_object(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild(batch_size=500):
    """Rebuild the whole index; returns the number of rows written."""
    written = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for index in INDEXES:
            rows = []
            for obj in index.get_queryset().iterator(chunk_size=batch_size):
                rows.extend(index.entries(obj))
                if len(rows) >= batch_size:
                    SearchEntry.objects.bulk_create(rows)
                    written, rows = written + len(rows), []
            SearchEntry.objects.bulk_create(rows)
            written += len(rows)
    return written
