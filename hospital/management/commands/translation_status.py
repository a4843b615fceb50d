from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from modeltranslation.translator import translator

from hospital.i18n import DEFAULT_LANGUAGE, localized


class Command(BaseCommand):
    help = "Show, per model and language, how many objects lack a translation of their text."

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", help="Only these languages (repeatable).")

    def handle(self, *args, language=None, **options):
        languages = [code for code, _ in settings.LANGUAGES if code != DEFAULT_LANGUAGE]
        if language:
            languages = [code for code in languages if code in language]
        self.stdout.write("model".ljust(32) + "".join(code.rjust(9) for code in languages))
        for model in sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label):
            fields = [f for f in translator.get_options_for_model(model).fields if not f.endswith("url_path")]
            # An object lacks a language when a field has English text but nothing in that language.
            counts = []
            for code in languages:
                missing = Q()
                for field in fields:
                    english, own = localized(field, DEFAULT_LANGUAGE), localized(field, code)
                    missing |= (~Q(**{english: ""}) & Q(**{f"{english}__isnull": False})) & (
                        Q(**{own: ""}) | Q(**{f"{own}__isnull": True})
                    )
                counts.append(model._default_manager.filter(missing).count())
            total = model._default_manager.count()
            self.stdout.write(f"{model._meta.label} ({total})".ljust(32) + "".join(str(n).rjust(9) for n in counts))
