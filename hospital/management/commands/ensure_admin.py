import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first superuser if there is none. Username and password come from "
        "DJANGO_ADMIN_USERNAME / DJANGO_ADMIN_PASSWORD, else 'admin' and a printed random password."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_ADMIN_USERNAME", "admin")
        password = os.environ.get("DJANGO_ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Admin account '{username}': password set from DJANGO_ADMIN_PASSWORD.")
            else:
                self.stdout.write(f"Admin account '{username}' exists; its password is unchanged "
                                  "(set DJANGO_ADMIN_PASSWORD to reset it).")  # fmt: skip
            self._debug_two_factor(user)
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        shown = password if generated else "(from DJANGO_ADMIN_PASSWORD)"
        self.stdout.write(self.style.SUCCESS(f"Admin account created: username '{username}', password {shown}"))
        self._debug_two_factor(user)

    def _debug_two_factor(self, user):
        """Superusers need a second factor; in debug only, enrol one and print its recovery codes.

        With debug off nothing is enrolled: the admin sets up an authenticator at first sign-in.
        """
        if not settings.DEBUG:
            self.stdout.write("Two-factor sign-in: set up an authenticator app at the first sign-in.")
            return
        from django_otp.plugins.otp_static.models import StaticToken

        from accounts.policy import RECOVERY_DEVICE_NAME, enrol_totp, has_two_factor, new_recovery_codes

        if not has_two_factor(user):
            enrol_totp(user)
        remaining = StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME)
        codes = list(remaining.values_list("token", flat=True)) or new_recovery_codes(user)
        self.stdout.write(
            "Two-factor sign-in (debug only): enter one of these recovery codes as the authentication code "
            "(each works once; set up your own authenticator under 'Two-factor sign-in'): " + " ".join(codes)
        )
