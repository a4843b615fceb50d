"""What the admin home shows coordinators: new and overdue consultation requests."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import Attention, changelist_url, watch

from .models import ConsultationRequest
from .workflow import AWAITING_REPLY, Status


@watch
def consultation_desk(request):
    if not request.user.has_perm("consultations.change_consultationrequest"):
        return
    counts = ConsultationRequest.objects.aggregate(
        new=Count("pk", filter=Q(status=Status.NEW)),
        overdue=Count("pk", filter=Q(status__in=AWAITING_REPLY, reply_due_at__lt=timezone.now())),
        mine=Count("pk", filter=Q(status__in=AWAITING_REPLY, assignee=request.user)),
    )
    title = ConsultationRequest._meta.verbose_name_plural
    yield title, Attention(_("Overdue replies"), counts["overdue"], changelist_url(ConsultationRequest, overdue="yes"),
                           urgent=True)  # fmt: skip
    yield title, Attention(_("New requests"), counts["new"],
                           changelist_url(ConsultationRequest, status__exact=Status.NEW))  # fmt: skip
    yield title, Attention(_("Assigned to you, awaiting reply"), counts["mine"],
                           changelist_url(ConsultationRequest, assignee__id__exact=request.user.pk,
                                          status__in=",".join(AWAITING_REPLY)))  # fmt: skip
