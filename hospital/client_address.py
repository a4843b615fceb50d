"""The real client address behind trusted reverse proxies, put where everything else reads it.

Django, django-ratelimit, django-axes and the access log all read `REMOTE_ADDR`. Behind a TLS
proxy that is the proxy's address, shared by every visitor. The proxies append the address they
received the request from to `X-Forwarded-For`; only the entries that trusted proxies added can be
believed (a client can send any `X-Forwarded-For` it likes), so the client is the entry just
before the last `TRUSTED_PROXY_COUNT` ones, or the right-most entry outside `TRUSTED_PROXY_NETWORKS`.
With neither setting, forwarded headers are ignored.
"""

import ipaddress

from django.conf import settings


def _parse(value):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def real_client_address(meta):
    """The client's address from a request's META, trusting only the configured proxies."""
    peer = _parse(meta.get("REMOTE_ADDR"))
    count = settings.TRUSTED_PROXY_COUNT
    networks = [ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXY_NETWORKS]
    if peer is None or not (count or networks):
        return str(peer) if peer else None
    hops = [_parse(part) for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if networks:
        # Walk from the nearest hop outwards while the hop is one of our proxies.
        chain = [*hops, peer]
        for address in reversed(chain):
            if address is None:
                return str(peer)
            if not any(address in net for net in networks):
                return str(address)
        return str(chain[0]) if chain[0] else str(peer)
    # The last `count` proxies each appended one entry; the peer is the nearest proxy itself.
    if len(hops) < count:
        return str(peer)  # not sent through all our proxies: a direct connection
    address = hops[-count]
    return str(address) if address else str(peer)


def client_ip(request, *args, **kwargs):
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the address the middleware settled on."""
    return request.META.get("REMOTE_ADDR") or None


class ClientAddressMiddleware:
    """Replace REMOTE_ADDR by the real client's address; keep the proxy's as PROXY_REMOTE_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        address = real_client_address(request.META)
        request.META["PROXY_REMOTE_ADDR"] = peer
        request.META["REMOTE_ADDR"] = address or ""
        return self.get_response(request)
