from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from news.models import Status

from .factories import NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/en/news/feed/", "/en/news/feed/atom/"])
def test_feed_is_valid_and_lists_only_public_items(client, url):
    NewsItemFactory(title_en="Public report", summary_en="Survival <doubled>")
    NewsItemFactory(title_en="Draft report", status=Status.DRAFT)
    NewsItemFactory(title_en="Future report", publish_at=timezone.now() + timedelta(days=1))
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("rss20" if "atom" not in url else "atom10")
    assert [entry.title for entry in feed.entries] == ["Public report"]
    assert feed.entries[0].link.startswith("http://testserver/en/news/")
    assert feed.feed.language == "en"


def test_feed_of_a_language_has_only_items_in_that_language(client):
    NewsItemFactory(title_en="Heavy-ion report", title_zh_hans="重离子报告")
    NewsItemFactory(title_en="English only")
    feed = feedparser.parse(client.get("/zh-hans/news/feed/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["重离子报告"]
    assert "/zh-hans/news/" in feed.entries[0].link
    assert feed.feed.language == "zh-hans"


def test_feed_query_count_is_fixed(client, uncached_pages, django_assert_max_num_queries):
    NewsItemFactory.create_batch(3)
    with django_assert_max_num_queries(1):
        client.get("/en/news/feed/")
    NewsItemFactory.create_batch(20)
    with django_assert_max_num_queries(1):
        client.get("/en/news/feed/atom/")
