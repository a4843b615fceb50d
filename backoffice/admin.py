"""Superusers set staff members' preferences here; everyone sets their own at /admin/preferences/."""

from django.contrib import admin

from .models import StaffPreference


@admin.register(StaffPreference)
class StaffPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "admin_language")
    list_filter = ("admin_language",)
    search_fields = ("user__username", "user__email")
    autocomplete_fields = ("user",)
