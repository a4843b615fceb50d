from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Load realistic demo content. Idempotent: running it again changes nothing."

    def handle(self, *args, **options):
        # Each app's demo module has a `load(stdout)`; apps load in INSTALLED_APPS order,
        # so experts exist before the news that names them.
        for config in apps.get_app_configs():
            if config.name.startswith("django") or not module_has_submodule(config.module, "demo"):
                continue
            module = import_module(f"{config.name}.demo")
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
