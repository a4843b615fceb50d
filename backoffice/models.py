"""What the back office remembers about each staff member."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_preference", verbose_name=_("user")
    )
    admin_language = models.CharField(
        _("language of the back office"), max_length=10, blank=True, choices=settings.LANGUAGES,
        help_text=_("The back office speaks this language to you, whatever your browser asks for. "
                    "Leave empty to follow the browser."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return str(self.user)
