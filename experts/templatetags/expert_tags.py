"""Template tags of the experts app: the home page section and a profile's JSON-LD."""

from django import template
from django.conf import settings

from ..jsonld import expert_jsonld
from ..models import Expert

register = template.Library()


@register.inclusion_tag("experts/includes/_featured_experts.html", takes_context=True)
def featured_experts(context, limit=None):
    limit = limit or settings.EXPERTS_FEATURED_ON_HOME
    experts = list(Expert.objects.published().featured().for_listing()[:limit])
    return {"experts": experts, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def expert_json_ld(context, expert, publications):
    return expert_jsonld(context["request"], expert, publications)
