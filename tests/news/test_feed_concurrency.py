"""Feeds in different languages requested at the same time from a threaded server.

The URLconf creates one feed instance for every request; if it kept the request's language on
itself, a Chinese request could get the English feed (or English items with Chinese guids)
when two requests overlap, as they do under threaded workers (gunicorn's gthread).

Each pair of requests is made to overlap for sure: both wait for each other in the feed's
`title()`, after anything a request sets up and before the items are read. The items are then
read one request at a time, because the live server shares the SQLite test database's single
in-memory connection between its threads (PostgreSQL gives each thread its own).
"""

import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import feedparser
import pytest

from news.feeds import LatestNewsFeed

from .factories import NewsItemFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
PAIRS = 10


@pytest.fixture
def overlapping_feeds(monkeypatch, settings):
    # Every request must render its feed: the page cache would answer a repeated URL without
    # calling `title()`, and the other request of the pair would wait at the barrier alone.
    settings.PAGE_CACHE_ENABLED = False
    both_running = threading.Barrier(2, timeout=20)
    one_query_at_a_time = threading.Lock()
    title, items = LatestNewsFeed.title, LatestNewsFeed.items

    def waiting_title(self):
        both_running.wait()
        return title(self)

    def serial_items(self, language):
        with one_query_at_a_time:
            return list(items(self, language))

    monkeypatch.setattr(LatestNewsFeed, "title", waiting_title)
    monkeypatch.setattr(LatestNewsFeed, "items", serial_items)


def _fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return url, feedparser.parse(response.read())


def test_feeds_in_two_languages_at_once_each_get_their_own(live_server, overlapping_feeds):
    for n in range(5):
        NewsItemFactory(title_en=f"Report {n}", title_zh_hans=f"报告 {n}")
    NewsItemFactory(title_en="English only")
    urls = [f"{live_server.url}/{language}/news/feed/" for _ in range(PAIRS) for language in ("en", "zh-hans")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_fetch, urls))
    assert len(results) == 2 * PAIRS
    for url, feed in results:
        assert not feed.bozo, feed.get("bozo_exception")
        language = "zh-hans" if "/zh-hans/" in url else "en"
        assert feed.feed.language == language
        titles = [entry.title for entry in feed.entries]
        if language == "en":
            assert len(titles) == 6 and "English only" in titles
        else:
            assert len(titles) == 5 and all(title.startswith("报告") for title in titles)
        assert all(entry.id.endswith(f"-{language}") for entry in feed.entries)
        assert all(f"/{language}/news/" in entry.link for entry in feed.entries)
