from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.indexes import rebuild


class Command(BaseCommand):
    help = _("Rebuild the site search index from experts, news, events and pages.")

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(_("Search index rebuilt: %(count)d entries.") % {"count": count})
