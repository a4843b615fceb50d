from django.core.management.base import BaseCommand
from django.db import transaction

from hospital.registry import app_modules


class Command(BaseCommand):
    help = "Load realistic demo content. Idempotent: running it again changes nothing."

    def handle(self, *args, **options):
        # Each app's demo module has a `load(stdout)`; apps load in INSTALLED_APPS order,
        # so experts exist before the news that names them.
        for module in app_modules("demo"):
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
