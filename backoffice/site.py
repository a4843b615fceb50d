"""The admin site: Django's, with a home page that says what needs attention and a preferences page."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .dashboard import attention_for
from .forms import StaffPreferenceForm
from .models import StaffPreference


class BackOfficeSite(admin.AdminSite):
    site_header = _("International Cancer Care — back office")
    site_title = _("Back office")
    index_title = _("What needs your attention")
    index_template = "backoffice/index.html"

    def get_urls(self):
        return [
            path("preferences/", self.admin_view(self.preferences_view), name="preferences"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        return super().index(request, {"attention": attention_for(request), **(extra_context or {})})

    def preferences_view(self, request):
        preference = StaffPreference.objects.filter(user=request.user).first() or StaffPreference(user=request.user)
        form = StaffPreferenceForm(request.POST or None, instance=preference)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Your preferences were saved."))
            return redirect("admin:index")
        context = {**self.each_context(request), "title": _("Your preferences"), "form": form}
        return TemplateResponse(request, "backoffice/preferences.html", context)
