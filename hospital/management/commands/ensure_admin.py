import os
import secrets

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
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = password if generated else "(from DJANGO_ADMIN_PASSWORD)"
        self.stdout.write(self.style.SUCCESS(f"Admin account created: username '{username}', password {shown}"))
