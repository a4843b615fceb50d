"""Admin list filters of the news app."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VisibilityFilter(admin.SimpleListFilter):
    """Whether the public sees an item now, will see it at `publish_at`, or not at all."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("public", _("Public now")), ("scheduled", _("Scheduled")), ("hidden", _("Not published"))]

    def queryset(self, request, queryset):
        from .models import Status

        value = self.value()
        if value == "public":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())
        if value == "hidden":
            return queryset.exclude(status=Status.PUBLISHED)
        return queryset
