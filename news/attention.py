"""What the admin home shows about news items and events: drafts, items waiting for review, scheduled ones."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import Attention, changelist_url, watch

from .models import Event, NewsItem, Status


@watch
def editorial_workflow(request):
    now = timezone.now()
    for model in (NewsItem, Event):
        opts = model._meta
        if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        counts = model.objects.aggregate(
            drafts=Count("pk", filter=Q(status=Status.DRAFT)),
            review=Count("pk", filter=Q(status=Status.REVIEW)),
            scheduled=Count("pk", filter=Q(status=Status.PUBLISHED, publish_at__gt=now)),
        )
        # Items waiting for review are what a publisher has to act on.
        publisher = request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
        title = opts.verbose_name_plural
        yield title, Attention(_("Waiting for review"), counts["review"],
                               changelist_url(model, status__exact=Status.REVIEW), urgent=publisher)  # fmt: skip
        yield title, Attention(_("Drafts"), counts["drafts"], changelist_url(model, status__exact=Status.DRAFT))
        yield title, Attention(_("Scheduled for publication"), counts["scheduled"],
                               changelist_url(model, visibility="scheduled"))  # fmt: skip
