"""Which fields of the hospital app are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Department, Hospital, Page, Specialty


@register(Hospital)
class HospitalTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "city", "country", "address", "description")


@register(Department)
class DepartmentTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Specialty)
class SpecialtyTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "body", "seo_title", "seo_description", "url_path")
