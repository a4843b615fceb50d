"""The coordinators' workflow: statuses, the steps allowed between them, the reply-time target."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    RECORDS_REQUESTED = "records_requested", _("Records requested")
    REPLIED = "replied", _("Replied")
    APPOINTMENT_SCHEDULED = "appointment_scheduled", _("Appointment scheduled")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


# Which status may follow which.
TRANSITIONS = {
    Status.NEW: (Status.IN_REVIEW, Status.RECORDS_REQUESTED, Status.REPLIED, Status.CLOSED, Status.SPAM),
    Status.IN_REVIEW: (Status.RECORDS_REQUESTED, Status.REPLIED, Status.CLOSED, Status.SPAM),
    Status.RECORDS_REQUESTED: (Status.IN_REVIEW, Status.REPLIED, Status.CLOSED),
    Status.REPLIED: (Status.IN_REVIEW, Status.RECORDS_REQUESTED, Status.APPOINTMENT_SCHEDULED, Status.CLOSED),
    Status.APPOINTMENT_SCHEDULED: (Status.REPLIED, Status.CLOSED),
    Status.CLOSED: (Status.IN_REVIEW,),
    Status.SPAM: (Status.NEW,),
}
# Until one of these is left the patient is still waiting for a first answer.
AWAITING_REPLY = (Status.NEW, Status.IN_REVIEW)
# Reaching one of these counts as the first reply.
ANSWERED = (Status.RECORDS_REQUESTED, Status.REPLIED, Status.APPOINTMENT_SCHEDULED)
# Only finished requests may be purged by the retention command.
PURGEABLE = (Status.CLOSED, Status.SPAM)


def add_business_days(start, days):
    """`start` plus `days` working days (Monday to Friday) in the site's time zone.

    A request received at the weekend is due at the end of the last counted day.
    """
    local = timezone.localtime(start)
    current = local
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    if local.weekday() >= 5:
        # Received at the weekend: the clock starts on Monday at 00:00, so count to that day's end.
        current = current.replace(hour=23, minute=59, second=59, microsecond=0)
    return current
