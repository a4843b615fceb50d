"""Template tags of the consultations app: the home page's consultation section."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("consultations/includes/_home_section.html")
def consultation_steps():
    return {"reply_days": settings.CONSULTATION_REPLY_TARGET_BUSINESS_DAYS}
