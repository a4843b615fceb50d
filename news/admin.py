"""Back office for news items, events and their taxonomy, with a preview in every language."""

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from backoffice.revisions_admin import RevisionsAdminMixin
from hospital.admin import EditorialAdmin
from translations.access import TranslatorAdminMixin

from .admin_filters import VisibilityFilter
from .models import Category, Event, KeyFigure, NewsItem, Status, Tag


class PublishableAdmin(EditorialAdmin):
    """Status workflow (draft, in review, published at a time) instead of a published flag."""

    publish_fields = ("status", "publish_at")
    actions = ["publish", "unpublish"]
    preview_url_name = None

    def mark_published(self, obj, value):
        obj.status = Status.PUBLISHED if value else Status.DRAFT

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the item first to preview it.")
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                links.append((reverse(self.preview_url_name, kwargs={"pk": obj.pk}), code, name))
        return format_html_join(" · ", '<a href="{}" hreflang="{}" target="_blank" rel="noopener">{}</a>', links)

    @admin.display(description=_("visible to the public"), boolean=True)
    def is_public(self, obj):
        return obj.is_public


class KeyFigureInline(TranslatorAdminMixin, TranslationTabularInline):
    model = KeyFigure
    extra = 0
    fields = ("label", "value", "order")
    structural_fields_for_translators = ("order",)


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    preview_url_name = "news:preview"
    list_display = ("title", "category", "status", "publish_at", "is_public", "updated_at", "preview_link")
    list_filter = ("status", VisibilityFilter, "category", "hospital", "tags")
    list_select_related = ("category",)
    search_fields = ("title", "summary")
    date_hierarchy = "publish_at"
    autocomplete_fields = ("related_experts", "tags")
    filter_horizontal = ()
    readonly_fields = ("preview_links",)
    inlines = [KeyFigureInline]
    structural_fields_for_translators = ("category", "tags", "related_experts", "hospital", "author", "hero_image")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "editors_note", "body")}),
        (_("Image"), {"fields": ("hero_image", "hero_image_alt")}),
        (_("Classification"), {"fields": ("category", "tags", "hospital", "related_experts", "author")}),
        (_("Publishing"), {"fields": ("status", "publish_at", "preview_links")}),
    )

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>',
                           reverse("news:preview", kwargs={"pk": obj.pk}), _("preview"))  # fmt: skip

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    preview_url_name = "events:preview"
    list_display = ("title", "start", "end", "hospital", "status", "publish_at", "is_public")
    list_filter = ("status", VisibilityFilter, "hospital", "online")
    list_select_related = ("hospital",)
    search_fields = ("title", "venue")
    date_hierarchy = "start"
    readonly_fields = ("preview_links",)
    structural_fields_for_translators = ("start", "end", "hospital", "online", "online_url")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description")}),
        (_("When and where"), {
            "fields": ("start", "end", "hospital", "venue", "online", "online_url"),
            "description": _("Enter times in the site's time zone; the public page shows them in the hospital's "
                             "time zone, with the zone named."),
        }),
        (_("Publishing"), {"fields": ("status", "publish_at", "preview_links")}),
    )  # fmt: skip


@admin.register(Category)
class CategoryAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    structural_fields_for_translators = ("slug", "order")


@admin.register(Tag)
class TagAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    structural_fields_for_translators = ("slug",)
