"""Back office for hospitals, the taxonomy and pages, and the editorial admin base class."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from backoffice.revisions_admin import RevisionsAdminMixin
from translations.access import TranslatorAdminMixin

from .models import Department, Hospital, Page, Specialty


class EditorialAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    """Admin for translated, publishable content.

    Who may publish is the model's `publish_<model>` permission: without it (translators)
    the publish fields are read-only and the publish actions are hidden. Users who may
    change but not add content (translators) edit only translated text (TranslatorAdminMixin).
    """

    publish_fields = ("published",)

    def can_publish(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            readonly += [f for f in self.publish_fields if f not in readonly]
        return readonly

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not self.can_publish(request):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    @admin.action(description=_("Publish selected items"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected items"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def mark_published(self, obj, value):
        """Set the publish state of one object (models with a status workflow override this)."""
        obj.published = value

    def _set_published(self, request, queryset, value):
        count = 0
        for obj in queryset:
            self.mark_published(obj, value)
            obj.save()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", count) % {"count": count},
            messages.SUCCESS,
        )


class DepartmentInline(TranslatorAdminMixin, TranslationTabularInline):
    model = Department
    extra = 0
    fields = ("name", "order")
    structural_fields_for_translators = ("order",)


@admin.register(Hospital)
class HospitalAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "city", "country", "email", "order")
    list_editable = ("order",)
    search_fields = ("name", "city", "country")
    inlines = [DepartmentInline]
    structural_fields_for_translators = ("phones", "email", "whatsapp", "website", "time_zone", "logo", "order")


@admin.register(Department)
class DepartmentAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "hospital", "order")
    list_filter = ("hospital",)
    list_select_related = ("hospital",)
    search_fields = ("name",)
    structural_fields_for_translators = ("hospital", "order")


@admin.register(Specialty)
class SpecialtyAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "kind", "slug", "order")
    list_filter = ("kind",)
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    structural_fields_for_translators = ("kind", "slug", "order")


@admin.register(Page)
class PageAdmin(EditorialAdmin):
    list_display = ("tree_title", "url", "in_menu", "published", "updated_at")
    list_filter = ("published", "in_menu")
    search_fields = ("title", "body")
    ordering = ("sort_key",)
    actions = ["publish", "unpublish"]
    autocomplete_fields = ("parent",)
    structural_fields_for_translators = ("parent", "order", "in_menu")
    fieldsets = (
        (None, {"fields": ("title", "slug", "parent", "order", "in_menu", "published", "body")}),
        (_("Search engines"), {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("title"), ordering="sort_key")
    def tree_title(self, page):
        return format_html('<span style="padding-inline-start:{}em">{}{}</span>', (page.depth - 1) * 1.5,
                           "└ " if page.depth > 1 else "", page.title)  # fmt: skip

    @admin.display(description=_("address"))
    def url(self, page):
        return format_html('<a href="{0}">{0}</a>', page.get_absolute_url())
