"""Every public page type answers a conditional GET with 304: ETag and Last-Modified from the page
cache for visitors without a session, ETag (ConditionalGetMiddleware) for everyone else."""

import pytest
from django.test import Client

from tests.experts.factories import ExpertFactory, PublicationFactory
from tests.news.factories import EventFactory, NewsItemFactory

from .factories import PageFactory, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(db):
    expert = ExpertFactory()
    PublicationFactory(experts=[expert])
    item, event = NewsItemFactory(title_en="Proton news"), EventFactory()
    page = PageFactory(title_en="About us", slug_en="about")
    return ["/en/", "/zh-hans/", "/en/experts/", expert.get_absolute_url(), "/en/news/", item.get_absolute_url(),
            "/en/events/", event.get_absolute_url(), page.get_absolute_url(), "/en/search/?q=proton",
            "/en/news/feed/", "/sitemap.xml", "/sitemap-news.xml"]  # fmt: skip


def test_anonymous_pages_answer_304_by_etag_and_by_date(client, urls):
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200 and first.has_header("ETag") and first.has_header("Last-Modified"), url
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304, url
        assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304, url


def test_a_changed_page_is_sent_again(client, urls):
    first = client.get("/en/news/")
    NewsItemFactory(title_en="A newer report")
    again = client.get("/en/news/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and "A newer report" in again.content.decode()


def test_signed_in_visitors_get_304_too(urls, roles):
    editor = Client()
    editor.force_login(staff_in("Editor"))
    for url in urls:
        first = editor.get(url)
        assert first.status_code == 200 and first.has_header("ETag"), url
        assert editor.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304, url
