"""`{% share_links obj title %}`: the share action of profiles, news items and events."""

from django import template

from hospital.sharing import share_for

register = template.Library()


@register.inclusion_tag("includes/_share.html", takes_context=True)
def share_links(context, obj, title):
    return {"share": share_for(context["request"], obj, title)}
