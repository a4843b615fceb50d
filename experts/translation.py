"""Which fields of the experts app are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Certificate, Expert, SpokenLanguage, TrainingEntry


@register(Expert)
class ExpertTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "titles", "positions", "summary", "biography")


@register(SpokenLanguage)
class SpokenLanguageTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(TrainingEntry)
class TrainingEntryTranslationOptions(TranslationOptions):
    fields = ("institution", "description")


@register(Certificate)
class CertificateTranslationOptions(TranslationOptions):
    fields = ("caption",)
