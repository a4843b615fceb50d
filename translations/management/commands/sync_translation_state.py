from django.core.management.base import BaseCommand

from translations.state import sync_queryset, tracked_models


class Command(BaseCommand):
    help = "Rebuild the translation state (missing/current/outdated) of all translated content, e.g. after loaddata."

    def handle(self, *args, **options):
        for model in tracked_models():
            sync_queryset(model._default_manager.all())
            self.stdout.write(f"{model._meta.label}: {model._default_manager.count()}")
