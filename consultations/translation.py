"""Which fields of the consultations app are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ReplyTemplate


@register(ReplyTemplate)
class ReplyTemplateTranslationOptions(TranslationOptions):
    fields = ("name", "body")
