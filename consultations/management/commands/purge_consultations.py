import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consultations.services import purge_consultations


class Command(BaseCommand):
    help = (
        "Delete closed and spam consultation requests, with their medical reports, whose status has not "
        "changed for DAYS days; also remove stored report files that belong to no request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS",
                            help="Only requests closed or marked as spam at least this many days ago.")  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="Show what would be deleted, delete nothing.")

    def handle(self, *args, older_than, dry_run, **options):
        if older_than < 0:
            raise CommandError("--older-than must be zero or more days.")
        cutoff = timezone.now() - datetime.timedelta(days=older_than)
        result = purge_consultations(cutoff, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for row in result.requests:
            changed = timezone.localtime(row["status_changed_at"]).date().isoformat()
            self.stdout.write(f"{verb} {row['reference']} ({row['status']} since {changed}, "
                              f"{row['reports']} report file(s))")  # fmt: skip
        for name in result.orphans:
            self.stdout.write(f"{verb} orphan file {name}")
        summary = (f"{verb} {len(result.requests)} request(s), {result.reports} report file(s) and "
                   f"{len(result.orphans)} orphan file(s).")  # fmt: skip
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
