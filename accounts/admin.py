"""The security record in the back office: read by superusers, changed by nobody."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.records_admin import ReadOnlyAdminMixin

from .models import Passkey, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created", "kind", "username", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "created"
    list_select_related = ()
    show_full_result_count = False


class DeviceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers see who has which second factor and can remove one (a lost phone); nobody sees
    or edits a secret here: each user sets up their own under "Two-factor sign-in"."""

    list_display = ("user", "name", "confirmed")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed")
    readonly_fields = fields
    removable = True


# django-otp's own admin pages show secrets and QR codes to any superuser (and answer 500 for
# an unknown device); replace them.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, DeviceAdmin)
admin.site.register(Passkey, DeviceAdmin)
