"""The translated-content kernel: content with a translated title and slug, an address and a state.

`Expert`, `NewsItem`, `Event` and `Page` subclass `TranslatedContent`, which owns the slug rules
once: slugs made from the source text in every language, unique per language (a second
"Same title" gets "same-title-2"), checked in `clean()`, `current_slug` and the address from a URL
name. Their querysets mix in `TranslatedSlugQuerySet` (`by_slug()`, `find_by_slug()`,
`get_by_slug_or_404()`); content published by a flag uses `PublishedFlagQuerySet`.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import DEFAULT_LANGUAGE, current_slug, fill_translated_slugs, language_codes, localized, slug_q


def other_language_columns(model, language=None, keep=(), prefix=""):
    """The translated columns of `model` a page in `language` never shows: those of every language
    other than `language` and the fallback (DEFAULT_LANGUAGE). The fields in `keep` stay in every
    language (a detail page links to itself in every language: its slugs)."""
    return list(_other_language_columns(model, language or get_language() or DEFAULT_LANGUAGE, tuple(keep), prefix))


@functools.cache
def _other_language_columns(model, language, keep, prefix):
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    shown = {language, DEFAULT_LANGUAGE}
    return tuple(
        prefix + field.name
        for name, fields in options.all_fields.items()
        if name not in keep
        for field in fields
        if field.language not in shown
    )


class LanguageColumnsQuerySet:
    """Queryset mixin: `for_language()` loads the visitor's and the fallback language's columns only.

    A row holds each translated text in eight languages; a page shows one (or the fallback). Models
    joined with select_related() lose their other languages too; slugs (`address_fields`) stay in
    every language, for the language switcher and hreflang links. Call it last: it reads the
    select_related() of the queryset so far."""

    def for_language(self, language=None):
        keep = getattr(self.model, "address_fields", ())
        deferred = other_language_columns(self.model, language, keep=keep)
        related = self.query.select_related
        if isinstance(related, dict):
            deferred += self._related_other_language_columns(self.model, related, language, "")
        # QuerySet.defer() without modeltranslation's rewriting of each name (these are already
        # the columns' own names), which cost more than the query it trims.
        clone = self._chain()
        clone.query.add_deferred_loading(deferred)
        return clone

    @classmethod
    def _related_other_language_columns(cls, model, related, language, prefix):
        columns = []
        for name, nested in related.items():
            target = model._meta.get_field(name).related_model
            columns += other_language_columns(target, language, prefix=f"{prefix}{name}__")
            columns += cls._related_other_language_columns(target, nested, language, f"{prefix}{name}__")
        return columns


class TranslatedSlugQuerySet(LanguageColumnsQuerySet):
    """Queryset mixin: find translated content by the slug in the visitor's language."""

    def by_slug(self, slug, field="slug"):
        """Objects with `slug` in the active language (the default language's slug where it has none)."""
        return self.filter(slug_q(slug, field))

    def find_by_slug(self, slug, field="slug"):
        """The object with `slug` in the visitor's language, else the one with that default-language slug.

        The second case is an old or shared link; the view redirects it to `obj.current_slug`.
        """
        return self.by_slug(slug, field).first() or self.filter(**{localized(field, DEFAULT_LANGUAGE): slug}).first()

    def get_by_slug_or_404(self, slug, field="slug"):
        obj = self.find_by_slug(slug, field)
        if obj is None:
            raise Http404
        return obj


def redirect_to_current_slug(obj, slug, field="slug"):
    """A permanent redirect when `slug` (from the URL) is not `obj`'s slug in the visitor's language, else None.

    Old links and links in another language's slugs lead to this language's address.
    """
    if slug != current_slug(obj, field):
        return redirect(obj, permanent=True)
    return None


class PublishedFlagQuerySet(TranslatedSlugQuerySet, models.QuerySet):
    """Translated content that an editor publishes with a `published` checkbox."""

    def published(self):
        return self.filter(published=True)


class TranslatedContent(models.Model):
    """Abstract base of content with a translated `slug` made from a translated source field.

    Subclasses declare their own `slug` field (modeltranslation registers it) and set:
    - `slug_source`: the translated field the slug is made from ("title", "name");
    - `url_name`: the URL name whose `slug` argument is `current_slug` (`get_absolute_url()`);
    - `unique_slugs`: whether a slug is unique per language among the model's objects
      (pages are unique by their whole path instead, see `Page.clean()`);
    - `source_required_message` and `slug_taken_message`: the errors `clean()` reports.
    """

    slug_source = "title"
    url_name = None
    unique_slugs = True
    # Translated fields loaded in every language by `for_language()` (links in every language).
    address_fields = ("slug",)
    source_required_message = _("Enter a title in English.")
    slug_taken_message = _("Another item already uses this address.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slugs()
        if self.unique_slugs:
            self.make_slugs_unique()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.current_slug})

    def clean(self):
        super().clean()
        self.fill_slugs()
        if not self.default_slug:
            raise ValidationError({localized(self.slug_source, DEFAULT_LANGUAGE): self.source_required_message})
        if self.unique_slugs:
            errors = {field: self.slug_taken_message for field, slug in self._slugs() if self._slug_taken(field, slug)}
            if errors:
                raise ValidationError(errors)

    @property
    def current_slug(self):
        """The slug in the active language, else the default language's one."""
        return current_slug(self)

    @property
    def default_slug(self):
        """The default language's slug: the stable name of the object (file names, `?expert=` links)."""
        return getattr(self, localized("slug", DEFAULT_LANGUAGE))

    def fill_slugs(self):
        fill_translated_slugs(self, source=self.slug_source)

    def make_slugs_unique(self):
        """A slug another object has in the same language gets "-2", "-3"… rather than a database error."""
        for field, slug in self._slugs():
            max_length = self._meta.get_field(field).max_length
            candidate, number = slug, 2
            while self._slug_taken(field, candidate):
                suffix = f"-{number}"
                candidate, number = slug[: max_length - len(suffix)] + suffix, number + 1
            setattr(self, field, candidate)

    def _slugs(self):
        for code in language_codes():
            field = localized("slug", code)
            if slug := getattr(self, field):
                yield field, slug

    def _slug_taken(self, field, slug):
        return type(self)._default_manager.exclude(pk=self.pk).filter(**{field: slug}).exists()
