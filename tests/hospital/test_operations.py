"""Operational endpoints: health, robots, sitemap, localized error pages, home."""

import pytest
from django.db import OperationalError, connection

from tests.sitemaps import NS as SITEMAP_NS
from tests.sitemaps import sitemap_pages

from .factories import HospitalFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "up", "database": "ok"}


def test_healthz_reports_unreachable_database(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down" and response["Retry-After"]


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_sitemap_lists_published_pages_in_every_language_with_alternates(client, settings):
    PageFactory(title_en="About", title_zh_hans="关于我们")
    PageFactory(title_en="Secret draft", published=False)
    urls = [url for page in sitemap_pages(client) for url in page.findall("s:url", SITEMAP_NS)]
    locations = [url.find("s:loc", SITEMAP_NS).text for url in urls]
    for code, _name in settings.LANGUAGES:
        assert any(loc.startswith(f"http://testserver/{code}/") for loc in locations), code
    assert "http://testserver/zh-hans/%E5%85%B3%E4%BA%8E%E6%88%91%E4%BB%AC/" in locations
    assert not any("secret-draft" in loc for loc in locations)
    about = next(url for url in urls if url.find("s:loc", SITEMAP_NS).text.endswith("/en/about/"))
    hreflangs = {link.get("hreflang") for link in about.findall("x:link", SITEMAP_NS)}
    assert {"x-default", "en", "ar", "zh-hans"} <= hreflangs


@pytest.mark.parametrize(
    ("path", "text"), [("/en/no-such-page/", "Page not found"), ("/ar/no-such-page/", 'dir="rtl"')]
)
def test_404_is_localized(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.text


def test_500_page_renders_without_database(rf):
    from hospital.views import server_error

    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_home_lists_hospital_contacts_and_menu(client, django_assert_max_num_queries):
    HospitalFactory(name_en="Modern Cancer Hospital Guangzhou", email="info@example-mchg.org")
    PageFactory(title_en="About")
    with django_assert_max_num_queries(12):
        response = client.get("/en/")
    assert response.status_code == 200
    html = response.text
    assert "Modern Cancer Hospital Guangzhou" in html
    assert 'href="/en/about/"' in html
    assert 'href="#main"' in html and '<main id="main"' in html


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_security_headers(client):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_no_asset_comes_from_another_host(client):
    import re

    html = client.get("/en/").text
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
    assert assets
    assert all(url.startswith("/static/") for url in assets), assets


def test_home_page_transfers_under_200_kb_before_images(client):
    """HTML + CSS + JS as a browser receives them (gzip, as WhiteNoise serves them)."""
    import gzip
    import re

    from django.contrib.staticfiles import finders

    HospitalFactory()
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    total = len(response.content)
    html = gzip.decompress(response.content)
    assets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assets += re.findall(rb'<script src="/static/([^"]+)"', html)
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    print(f"home page transfers {total / 1024:.1f} KB before images")
    assert total < 200 * 1024, f"home page transfers {total / 1024:.0f} KB"


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    import gzip

    HospitalFactory(name_en="Gansu Wuwei Cancer Hospital")
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert b"Gansu Wuwei Cancer Hospital" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/en/")  # a client that did not ask gets plain HTML


def test_admin_404_is_not_redirected_into_a_language(admin_client):
    response = admin_client.get("/admin/hospital/page/999999/change/nonsense/")
    assert response.status_code == 404 or response["Location"].startswith("/admin/")


def test_csrf_failure_is_explained_in_the_visitors_language():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/consultation/", {"patient_name": "x"})
    assert response.status_code == 403
    assert 'dir="rtl"' in response.text
    assert "csrf" not in response.text.lower()
