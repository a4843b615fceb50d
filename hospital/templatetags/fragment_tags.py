"""`{% cachedfragment name part ... %}...{% endcachedfragment %}`: a costly part of a page rendered
once per change of what it shows (hospital.pagecache.memo), per language and site address.

A fragment may hold a form: its CSRF token and per_visitor() values are kept as holes and filled
for each request (hospital.pagecache.with_holes/Fragment), so no visitor gets another's token.
Its large pieces are kept compressed too, and joined so into the page (hospital.compression)."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hospital import pagecache

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        request = context.get("request")
        if request is None or not settings.FRAGMENT_CACHE_ENABLED:
            return self.nodelist.render(context)
        fragment = pagecache.memo(
            "fragment-pieces",
            self.name,
            get_language(),
            request.get_host(),
            *map(str, parts),
            inherit=True,
            compute=lambda: pagecache.Fragment(pagecache.with_holes(request, self.nodelist.render(context))),
        )
        return mark_safe(fragment.render(request))


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% cachedfragment %} needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])
