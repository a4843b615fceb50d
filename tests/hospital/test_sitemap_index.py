"""/sitemap.xml is an index of paginated sections: a crawler's requests cost the same number of
queries however much content there is, and every public address is listed once per language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hospital.sitemaps import TranslatedSitemap
from tests.experts.factories import ExpertFactory
from tests.news.factories import NewsItemFactory
from tests.sitemaps import NS, section_addresses, sitemap_pages

from .factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(TranslatedSitemap, "items_per_page", 3)


def _crawl_queries(client, django_assert_max_num_queries):
    counts = {}
    with django_assert_max_num_queries(12):
        addresses = section_addresses(client)
    for address in addresses:
        with django_assert_max_num_queries(2) as captured:  # a COUNT and the page's items
            assert client.get(address).status_code == 200
        counts[address] = len(captured)
    return addresses, counts


def test_sections_are_paginated_with_a_query_budget_independent_of_content(
    client, small_pages, uncached_pages, django_assert_max_num_queries, settings
):
    NewsItemFactory.create_batch(4)
    ExpertFactory.create_batch(2)
    few, _ = _crawl_queries(client, django_assert_max_num_queries)
    NewsItemFactory.create_batch(8)
    ExpertFactory.create_batch(5)
    PageFactory.create_batch(4)
    many, counts = _crawl_queries(client, django_assert_max_num_queries)
    assert "/sitemap-news.xml?p=4" in many and "/sitemap-news.xml?p=5" not in many
    assert "/sitemap-news.xml?p=2" in few and "/sitemap-news.xml?p=3" not in few
    assert counts["/sitemap-news.xml?p=4"] == counts["/sitemap-news.xml"] == 2
    languages = len(settings.LANGUAGES)
    news = [page for address, page in zip(many, sitemap_pages(client), strict=True) if "news" in address]
    locations = [loc.text for page in news for loc in page.findall("s:url/s:loc", NS)]
    assert len(locations) == len(set(locations)) == 12 * languages


def test_index_gives_each_section_its_last_change(client):
    item = NewsItemFactory()
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-news.xml</loc><lastmod>" in index.replace("\n", "")
    assert timezone.localtime(item.updated_at).strftime("%Y-%m-%d") in index  # the site's day, not UTC's


def test_a_page_past_the_end_is_not_found(client):
    NewsItemFactory()
    assert client.get("/sitemap-news.xml?p=2").status_code == 404
    assert client.get("/sitemap-news.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_index_and_page_counts_are_kept_until_a_section_changes(
    client, small_pages, settings, django_assert_num_queries
):
    """Counts and last changes are read once per change (hospital.pagecache.memo), pages rendered every time."""
    settings.PAGE_CACHE_ENABLED, settings.FRAGMENT_CACHE_ENABLED = False, True
    items = NewsItemFactory.create_batch(3)
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml").status_code == 200
    assert "/sitemap-news.xml?p=2" not in client.get("/sitemap.xml").content.decode()
    NewsItemFactory()
    assert "/sitemap-news.xml?p=2" in client.get("/sitemap.xml").content.decode()
    assert client.get("/sitemap-news.xml?p=2").status_code == 200
    type(items[0]).objects.filter(pk=items[0].pk).update(updated_at=timezone.now() + timedelta(days=400))
    later = timezone.localtime(timezone.now() + timedelta(days=400)).strftime("%Y-%m-%d")
    assert later in client.get("/sitemap.xml").content.decode()


def test_section_pages_are_written_as_djangos_sitemap_template_writes_them(rf, small_pages):
    """hospital.sitemaps.SITEMAP_XML replaces the template engine, not what crawlers read."""
    from django.contrib.sitemaps.views import sitemap
    from django.template.loader import get_template

    from hospital.sitemaps import SITEMAP_XML, collect_sitemaps

    NewsItemFactory.create_batch(2, title_en="Fish & <chips> “quoted”")
    PageFactory()
    for section in ("news", "pages", "home"):
        response = sitemap(rf.get(f"/sitemap-{section}.xml"), collect_sitemaps(), section=section,
                           template_name=SITEMAP_XML)  # fmt: skip
        urlset = response.context_data["urlset"]
        assert urlset and response.render().content.decode() == get_template("sitemap.xml").render({"urlset": urlset})
