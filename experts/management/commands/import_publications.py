from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from experts.importers import ImportFormatError
from experts.models import Expert
from experts.services import check_size, import_publications, plan_import


class Command(BaseCommand):
    help = (
        "Import an expert's publications from a BibTeX, RIS, PubMed/MEDLINE (.nbib), CSL-JSON or CSV file "
        "(format detected from the content). All or nothing; duplicates are linked, not created."
    )

    def add_arguments(self, parser):
        parser.add_argument("expert", help="The expert's English slug (or any language's slug).")
        parser.add_argument("file", help="Path of the file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; store nothing.")

    def handle(self, *args, expert, file, dry_run=False, **options):
        found = Expert.objects.find_by_slug(expert)
        if found is None:
            raise CommandError(_("No expert has the slug “%(slug)s”.") % {"slug": expert})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
            plan = plan_import(found, data) if dry_run else import_publications(found, data)
        except ImportFormatError as error:
            raise CommandError(
                _("%(file)s: %(error)s Nothing was imported.") % {"file": file, "error": error}
            ) from None
        for item in plan.items:
            if item.action != "create":
                self.stdout.write(f"  {item.record.entry}: {item.action_label} ({item.matched_by}): "
                                  f"{item.record.title[:80]}")  # fmt: skip
        prefix = _("Dry run, nothing stored. ") if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))
