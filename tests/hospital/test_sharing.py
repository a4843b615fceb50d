"""Share action on profiles, news items and events: plain links, a self-hosted script, no tracker."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from tests.experts.factories import ExpertFactory
from tests.news.factories import EventFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

NETWORKS = {"wa.me", "www.facebook.com", "social-plugins.line.me", "x.com"}


def share_links(html):
    section = html.split("data-share ", 1)[1].split("</section>", 1)[0]
    return [part.split('"', 1)[0].replace("&amp;", "&") for part in section.split('href="')[1:]]


@pytest.fixture(params=["expert", "news item", "event"])
def shared_object(request):
    return {"expert": ExpertFactory, "news item": NewsItemFactory, "event": EventFactory}[request.param]()


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_each_page_shares_its_own_url_in_the_visitors_language(client, shared_object, language):
    with translation.override(language):
        path = shared_object.get_absolute_url()
    html = client.get(path).content.decode()
    page_url = f"http://testserver{path}"
    links = share_links(html)
    hosts = {urlsplit(link).netloc for link in links if link.startswith("https://")}
    assert hosts == NETWORKS
    assert any(link.startswith("mailto:?") for link in links)
    assert page_url in links  # "copy link" is the page itself without JavaScript
    whatsapp = next(link for link in links if link.startswith("https://wa.me/"))
    assert parse_qs(urlsplit(whatsapp).query)["text"][0].endswith(page_url)
    facebook = next(link for link in links if "facebook" in link)
    assert parse_qs(urlsplit(facebook).query)["u"] == [page_url]


def test_the_script_is_served_by_the_site_and_allowed_by_the_csp(client):
    response = client.get(NewsItemFactory().get_absolute_url())
    html = response.content.decode()
    assert '<script src="/static/js/share.js" defer></script>' in html
    assert finders.find("js/share.js")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # No script of a network: the links are plain links.
    assert "connect.facebook.net" not in html and "platform.twitter.com" not in html


def test_labels_are_translated(client):
    html = client.get(ExpertFactory().get_absolute_url().replace("/en/", "/zh-hans/", 1)).content.decode()
    assert "分享" in html and "复制链接" in html
