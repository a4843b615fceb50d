from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from experts.importers import ImportFormatError
from experts.models import Expert
from experts.services import Action, Decision, apply_plan, check_size, plan_import


class Command(BaseCommand):
    help = (
        "Import an expert's publications from a BibTeX, RIS, PubMed/MEDLINE (.nbib or XML), CSL-JSON, Crossref or "
        "ORCID JSON, Scopus CSV, Web of Science or CSV file (format detected from the content). Prints what happens "
        "to every entry; imports the valid ones; exits with an error only when nothing could be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("expert", help="The expert's English slug (or any language's slug).")
        parser.add_argument("file", help="Path of the file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; store nothing.")
        parser.add_argument(
            "--possible-duplicates", choices=[Decision.SKIP, Decision.LINK, Decision.NEW], default=Decision.SKIP,
            help="What to do with entries that only share a title and year with another paper (default: skip).",
        )  # fmt: skip

    def handle(self, *args, expert, file, dry_run=False, possible_duplicates=Decision.SKIP, **options):
        found = Expert.objects.find_by_slug(expert)
        if found is None:
            raise CommandError(_("No expert has the slug “%(slug)s”.") % {"slug": expert})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            check_size(path.stat().st_size)
            plan = plan_import(found, path.read_bytes())
            plan.decide({item.number: possible_duplicates for item in plan.possible_duplicates})
        except ImportFormatError as error:
            message = _("%(file)s: %(error)s Nothing was imported.") % {"file": file, "error": error}
            raise CommandError(message) from None
        for item in plan.items:
            self.stdout.write(self.describe(item))
        if not plan.readable:
            raise CommandError(_("%(file)s: no entry could be read. Nothing was imported.") % {"file": file})
        if not dry_run:
            try:
                apply_plan(plan)
            except ImportFormatError as error:
                raise CommandError(f"{file}: {error}") from None
        prefix = _("Dry run, nothing stored. ") if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))
        skipped = plan.skipped
        if skipped:
            self.stderr.write(self.style.WARNING(_("Skipped entries:")))
            for item in skipped:
                self.stderr.write(f"  {item.where}: {item.reason}")

    def describe(self, item):
        text = f"  {item.where}: {item.action_label}"
        detail = item.reason if item.action == Action.SKIP else item.matched_by
        if detail:
            text += f" ({detail})"
        if item.title:
            text += f": {item.title[:80]}"
        if item.expert_not_found:
            text += " — " + _("the expert is not among its authors")
        return text
