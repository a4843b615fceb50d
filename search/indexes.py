"""What the site search indexes: each app registers one small class per kind of its content.

An app's `search_indexes.py` (found by `autodiscover_modules` when the search app is ready)
registers a `SearchIndex` per model, as `translation.py` registers translated fields:

    @register(Expert)
    class ExpertIndex(SearchIndex):
        kind = SearchEntry.Kind.EXPERT
        ...

Each index names the translated fields that make up its text and the queryset of the public
objects; `entries()` turns an object into its search rows.
"""

from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import override

from hospital.i18n import DEFAULT_LANGUAGE, field_in_language, language_codes

from .models import SearchEntry
from .text import fold, grams, plain_text

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TEXT_LIMIT = 20_000

_registry = {}


def register(model):
    """Class decorator: index `model` with this `SearchIndex` subclass."""

    def decorate(index_class):
        index = index_class()
        index.model = model
        _registry[model] = index
        return index_class

    return decorate


def registered_indexes():
    return list(_registry.values())


def index_for(model):
    return _registry.get(model)


class SearchIndex:
    model = None  # set by @register
    kind = None
    title_field = "title"
    text_fields = ()  # translated fields, plain or rich text
    untranslated_fields = ()  # shown in every language (e.g. a name in its native script)

    def get_queryset(self):
        return self.model._default_manager.all()

    def public_queryset(self):
        """The objects visitors may find (from `visible_from()` on): the model's published queryset."""
        return self.model._default_manager.published()

    def visible_from(self, obj):
        return EPOCH

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

    def entries(self, obj, is_public):
        visible_from = self.visible_from(obj)
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
            document = fold(f"{title} {text}")
            yield SearchEntry(
                content_type=content_type, object_id=obj.pk, language=language,
                covers="|" + "|".join(covers) + "|", kind=self.kind, title=title[:300], url=url[:600],
                text=text, date=self.date(obj), is_public=is_public, visible_from=visible_from,
                title_folded=fold(title)[:300], document=document, grams=grams(document),
            )  # fmt: skip


def update_object(obj):
    """Replace the search rows of `obj`."""
    update_objects(type(obj), [obj])


def update_objects(model, objects):
    """Replace the search rows of `objects` (all of `model`) in three queries."""
    index = index_for(model)
    if index is None or not objects:
        return
    public = set(index.public_queryset().filter(pk__in=[obj.pk for obj in objects]).values_list("pk", flat=True))
    rows = [row for obj in objects for row in index.entries(obj, obj.pk in public)]
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    with transaction.atomic():
        SearchEntry.objects.filter(content_type=content_type, object_id__in=[obj.pk for obj in objects]).delete()
        SearchEntry.objects.bulk_create(rows)


def remove_object(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild(batch_size=500):
    """Rebuild the whole index; returns the number of rows written."""
    written = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for index in registered_indexes():
            rows = []
            public = set(index.public_queryset().values_list("pk", flat=True))
            for obj in index.get_queryset().iterator(chunk_size=batch_size):
                rows.extend(index.entries(obj, obj.pk in public))
                if len(rows) >= batch_size:
                    SearchEntry.objects.bulk_create(rows)
                    written, rows = written + len(rows), []
            SearchEntry.objects.bulk_create(rows)
            written += len(rows)
    return written
