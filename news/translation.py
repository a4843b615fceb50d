"""Which fields of the news app are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Event, KeyFigure, NewsItem, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "editors_note", "body", "hero_image_alt")


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label", "value")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "description", "venue")
