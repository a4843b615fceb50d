"""The client's address, in one place: the access log and the case page's rate limits ask here.

`hospital.client_address.ClientAddressMiddleware` has already replaced `REMOTE_ADDR` with the real
client's address when the request came through trusted proxies (`DJANGO_TRUSTED_PROXY_COUNT` /
`DJANGO_TRUSTED_PROXY_NETWORKS`); forwarded headers are never read here, so nobody can forge one.
"""


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None
