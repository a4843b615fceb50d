"""Public pages read only the visitor's and the fallback language's columns of translated content
(`for_language()`), never a query per row for a column left out, and show the same text and links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.experts.factories import ExpertFactory
from tests.hospital.factories import PageFactory
from tests.news.factories import EventFactory, NewsItemFactory

pytestmark = pytest.mark.django_db
# Columns of languages that a Thai page neither shows nor falls back to.
OTHER_LANGUAGES = ("_vi", "_ms", "_ar", "_bn", "_zh_hans", "_ind")


@pytest.fixture
def content(db):
    experts = [ExpertFactory(name_en=f"Expert {n}", name_th=f"แพทย์ {n}" if n % 2 else "", featured=True)
               for n in range(6)]  # fmt: skip
    items = [NewsItemFactory(title_th="ข่าว" if n % 2 else "") for n in range(6)]
    event = EventFactory(title_th="งาน")
    page = PageFactory(title_en="About us", title_th="เกี่ยวกับเรา")
    return {"experts": experts, "items": items, "event": event, "page": page}


def shared_across_languages(sql):
    """The menu and the footer's hospitals: values kept once for every language (hospital.pagecache.memo)."""
    return '"in_menu"' in sql or ' FROM "hospital_hospital"' in sql


def other_language_columns(queries, table):
    """Columns of `table` in another language than th/en that the queries selected."""
    found = set()
    for sql in queries:
        if shared_across_languages(sql):
            continue
        select = sql.split(" FROM ", 1)[0]
        found.update(re.findall(rf'"{table}"\."(\w+?(?:{"|".join(OTHER_LANGUAGES)}))"', select))
    return {column for column in found if not column.startswith(("slug_", "url_path_"))}


def fetch(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("page", ["home", "experts", "expert", "news", "news item", "events", "event", "cms page"])
def test_thai_pages_read_thai_and_english_columns_only(client, content, uncached_pages, page):
    with_th = {
        "home": "/th/",
        "experts": "/th/experts/",
        "news": "/th/news/",
        "events": "/th/events/",
    }
    objects = {"expert": content["experts"][1], "news item": content["items"][1], "event": content["event"],
               "cms page": content["page"]}  # fmt: skip
    if page in with_th:
        path = with_th[page]
    else:
        from django.utils import translation

        with translation.override("th"):
            path = objects[page].get_absolute_url()
    response, queries = fetch(client, path)
    for table in ("experts_expert", "news_newsitem", "news_event", "hospital_page", "hospital_hospital",
                  "news_category"):  # fmt: skip
        assert other_language_columns(queries, table) == set(), (table, path)
    # The same number of queries whatever the amount of content: no column is loaded row by row.
    assert len(queries) <= 10


def test_fallback_text_and_links_in_every_language_stay(client, content, uncached_pages):
    expert = content["experts"][0]  # no Thai name: the English one, marked
    response, _ = fetch(client, "/th/experts/")
    html = response.content.decode()
    assert re.search(
        rf'href="{re.escape(expert.get_absolute_url().replace("/en/", "/th/", 1))}" lang="en">Expert 0<', html
    )
    assert "แพทย์ 1" in html
    from django.utils import translation

    with translation.override("th"):
        path = content["experts"][1].get_absolute_url()
    html = fetch(client, path)[0].content.decode()
    for code in ("en", "zh-hans", "vi", "ar"):  # the language switcher and hreflang, every language's address
        with translation.override(code):
            assert f'href="{content["experts"][1].get_absolute_url()}"' in html
