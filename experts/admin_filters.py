"""Admin list filters of the experts app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .completeness import PROFILE_GAPS, with_gap


class ProfileGapFilter(admin.SimpleListFilter):
    title = _("incomplete profile")
    parameter_name = "gap"

    def lookups(self, request, model_admin):
        return [(name, label) for name, (label, _q) in PROFILE_GAPS.items()]

    def queryset(self, request, queryset):
        if self.value() in PROFILE_GAPS:
            return with_gap(queryset, self.value())
        return queryset
