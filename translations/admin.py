"""The translation workflow in the admin: the workspace's pages hang off the TranslationState admin."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path

from . import admin_views
from .forms import TranslatorLanguagesForm
from .models import TranslationState, TranslatorLanguages


@admin.register(TranslationState)
class TranslationStateAdmin(admin.ModelAdmin):
    """States are kept by the system (translations.state); people read them through the queue and overview."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect("admin:translations_queue")

    def get_urls(self):
        site = self.admin_site

        def view(function):
            return site.admin_view(lambda request, *args, **kwargs: function(site, request, *args, **kwargs))

        return [
            path("queue/", view(admin_views.queue_view), name="translations_queue"),
            path("overview/", view(admin_views.overview_view), name="translations_overview"),
            path("export/", view(admin_views.export_view), name="translations_export"),
            path("import/", view(admin_views.import_view), name="translations_import"),
            path(
                "translate/<int:content_type_id>/<int:object_id>/<str:language>/",
                view(admin_views.translate_view),
                name="translations_translate",
            ),  # fmt: skip
            *super().get_urls(),
        ]


@admin.register(TranslatorLanguages)
class TranslatorLanguagesAdmin(admin.ModelAdmin):
    """Who translates into which languages: set by superusers (a translator cannot widen their own languages)."""

    form = TranslatorLanguagesForm
    list_display = ("user", "language_list")
    autocomplete_fields = ()
    raw_id_fields = ("user",)

    @admin.display(description=TranslatorLanguages._meta.get_field("languages").verbose_name)
    def language_list(self, obj):
        return ", ".join(obj.languages)

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_superuser
    )
