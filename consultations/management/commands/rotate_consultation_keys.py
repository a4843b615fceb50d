from django.core.management.base import BaseCommand

from consultations.services import rotate_report_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt stored medical reports with the current key (the first of CONSULTATION_FILE_KEYS). "
        "Afterwards older keys can be removed from CONSULTATION_FILE_KEYS."
    )

    def handle(self, *args, **options):
        count = rotate_report_keys()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} report(s) with the current key."))
