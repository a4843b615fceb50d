"""The client's address, in one place: the access log and the case page's rate limits ask here.

Behind a proxy, `RATELIMIT_IP_META_KEY` names the header that holds the real address.
"""

from django.conf import settings


def client_ip(request):
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = (request.META.get(key) or request.META.get("REMOTE_ADDR") or "").split(",")[0].strip()
    return value or None
