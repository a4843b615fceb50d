from django.core.management.base import BaseCommand

from translations.queue import overview
from translations.state import target_languages


class Command(BaseCommand):
    help = (
        "Show, per model and language, how many objects lack a translation of their text (missing) "
        "and how many have a translation older than their English text (outdated), as missing/outdated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", help="Only these languages (repeatable).")

    def handle(self, *args, language=None, **options):
        languages = [code for code in target_languages() if not language or code in language]
        self.stdout.write("model (objects)".ljust(32) + "".join(code.rjust(12) for code in languages))
        self.stdout.write(" " * 32 + "".join("miss/outdated".rjust(12) for _ in languages))
        for content_type, cells in overview(languages):
            model = content_type.model_class()
            label = f"{model._meta.label} ({model._default_manager.count()})"
            self.stdout.write(
                label.ljust(32) + "".join(f"{missing}/{outdated}".rjust(12) for _, missing, outdated in cells)
            )
