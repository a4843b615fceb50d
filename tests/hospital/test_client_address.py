"""The real client address behind trusted proxies: rate limit, access log and lockout all use it."""

import pytest
from django.test import Client

from accounts.models import SecurityEvent
from hospital.client_address import real_client_address

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "networks", "meta", "expected"),
    [
        # No trusted proxy: forwarded headers are ignored, whatever they say.
        (0, [], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "10.0.0.2"),
        # One proxy appends the client; anything the client sent before that is not believed.
        (1, [], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}, "203.0.113.5"),
        (2, [], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5, 10.0.0.1"},
         "203.0.113.5"),
        # A direct connection (no header) where a proxy was expected: the peer itself.
        (1, [], {"REMOTE_ADDR": "198.51.100.3"}, "198.51.100.3"),
        (1, [], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not-an-address"}, "10.0.0.2"),
        (1, [], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:4431"}, "2001:db8::7"),
        # Networks: the right-most address that is not one of ours.
        (0, ["10.0.0.0/8"], {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5, 10.1.1.1"},
         "203.0.113.5"),
        (0, ["10.0.0.0/8"], {"REMOTE_ADDR": "198.51.100.3", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "198.51.100.3"),
    ],
)  # fmt: skip
def test_real_client_address(settings, count, networks, meta, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_PROXY_NETWORKS = networks
    assert real_client_address(meta) == expected


def test_lockout_counts_the_real_client_behind_the_proxy(settings, roles):
    """Behind one proxy, one guesser is locked out; other patients' and staff's addresses are not."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(5):
        Client().post("/admin/login/", {"username": f"guess{number}", "password": "x"},
                      HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)  # fmt: skip
    blocked = Client().post("/admin/login/", {"username": "other", "password": "x"},
                            HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)  # fmt: skip
    assert blocked.status_code == 429
    other = Client().post("/admin/login/", {"username": "other", "password": "x"},
                          HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)  # fmt: skip
    assert other.status_code == 200
    assert set(SecurityEvent.objects.values_list("ip_address", flat=True)) == {"203.0.113.66", "198.51.100.20"}


def test_forged_header_without_trusted_proxies_changes_nothing(settings, roles):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        Client().post("/admin/login/", {"username": f"guess{number}", "password": "x"},
                      HTTP_X_FORWARDED_FOR=f"192.0.2.{number}", REMOTE_ADDR="203.0.113.66")  # fmt: skip
    response = Client().post("/admin/login/", {"username": "z", "password": "x"},
                             HTTP_X_FORWARDED_FOR="192.0.2.200", REMOTE_ADDR="203.0.113.66")  # fmt: skip
    assert response.status_code == 429
