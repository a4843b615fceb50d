from datetime import timedelta

import pytest
from django.utils import timezone, translation

from news.models import NewsItem, Status

from .factories import CategoryFactory, ExpertFactory, KeyFigureFactory, NewsItemFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_items_only(client):
    NewsItemFactory(title_en="Visible report")
    NewsItemFactory(title_en="Draft report", status=Status.DRAFT)
    NewsItemFactory(title_en="Report in review", status=Status.REVIEW)
    NewsItemFactory(title_en="Scheduled report", publish_at=timezone.now() + timedelta(hours=1))
    html = client.get("/en/news/").content.decode()
    assert "Visible report" in html
    assert "Draft report" not in html and "Report in review" not in html and "Scheduled report" not in html


def test_scheduled_item_appears_at_its_time_without_any_job(client):
    item = NewsItemFactory(title_en="Scheduled report", publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(item.get_absolute_url()).status_code == 404
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get(item.get_absolute_url()).status_code == 200


def test_list_filters_by_category_tag_and_year(client):
    conference, results = CategoryFactory(name_en="Conference"), CategoryFactory(name_en="Results")
    tag = TagFactory(name_en="Glioma")
    tagged = NewsItemFactory(title_en="Glioma survival", category=results)
    tagged.tags.add(tag)
    NewsItemFactory(title_en="Annual meeting", category=conference)
    NewsItemFactory(title_en="Old report", category=conference, publish_at=timezone.now().replace(year=2019))

    html = client.get(f"/en/news/?category={conference.slug}").content.decode()
    assert "Annual meeting" in html and "Glioma survival" not in html
    html = client.get(f"/en/news/?tag={tag.slug}").content.decode()
    assert "Glioma survival" in html and "Annual meeting" not in html
    html = client.get("/en/news/2019/").content.decode()
    assert "Old report" in html and "Annual meeting" not in html
    assert client.get("/en/news/?category=no-such-category").status_code == 404
    assert client.get("/en/news/?page=999").status_code == 200
    assert client.get("/en/news/?page=abc").status_code == 200


def test_list_is_paginated(client):
    NewsItemFactory.create_batch(12)
    response = client.get("/en/news/")
    assert len(response.context["page_obj"].object_list) == 10
    assert 'rel="next"' in response.content.decode()


def test_list_query_count_does_not_grow(client, uncached_pages, django_assert_max_num_queries):
    NewsItemFactory.create_batch(3)
    with django_assert_max_num_queries(6):
        client.get("/en/news/")
    NewsItemFactory.create_batch(20)
    with django_assert_max_num_queries(6):
        client.get("/en/news/?page=2")


def test_item_page_shows_key_figures_related_experts_and_neighbours(client):
    older = NewsItemFactory(title_en="Older item")
    item = NewsItemFactory(title_en="Heavy-ion results", editors_note_en="<p>Editor says</p>")
    newer = NewsItemFactory(title_en="Newer item")
    item.publish_at, older.publish_at, newer.publish_at = (timezone.now() - timedelta(days=d) for d in (2, 3, 1))
    for obj in (item, older, newer):
        obj.save()
    KeyFigureFactory(news_item=item, label_en="Median overall survival", value_en="28 months")
    expert = ExpertFactory(name_en="Ye Yancheng", published=True)
    hidden = ExpertFactory(name_en="Unpublished Doctor", published=False)
    item.related_experts.add(expert, hidden)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "28 months" in html and "Median overall survival" in html
    assert "Editor says" in html
    assert "Ye Yancheng" in html and expert.get_absolute_url() in html
    assert "Unpublished Doctor" not in html
    assert 'rel="prev"' in html and "Older item" in html
    assert 'rel="next"' in html and "Newer item" in html


def test_item_page_query_count_is_fixed(client, uncached_pages, django_assert_max_num_queries):
    item = NewsItemFactory()
    with django_assert_max_num_queries(9):
        client.get(item.get_absolute_url())
    KeyFigureFactory.create_batch(5, news_item=item)
    item.tags.add(*TagFactory.create_batch(4))
    item.related_experts.add(*ExpertFactory.create_batch(4, published=True))
    with django_assert_max_num_queries(9):
        assert client.get(item.get_absolute_url()).status_code == 200


def test_item_has_share_tags_and_json_ld(client):
    item = NewsItemFactory(title_en="Heavy <ion> report", summary_en="Survival doubled")
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Heavy &lt;ion&gt; report">' in html
    assert 'property="og:url" content="http://testserver/en/news/' in html
    assert '<meta name="twitter:card"' in html
    assert '"@type":"NewsArticle"' in html
    # The JSON-LD cannot close its script element early.
    assert "Heavy \\u003Cion\\u003E report" in html


def test_translated_slug_and_fallback(client):
    item = NewsItemFactory(title_en="Heavy-ion report", title_zh_hans="重离子报告", body_en="<p>English only</p>")
    assert item.slug_zh_hans == "重离子报告"
    response = client.get("/zh-hans/news/重离子报告/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "重离子报告" in html and 'lang="en"' in html  # body shown in English, marked
    # The English slug under the Chinese prefix leads to the Chinese address.
    response = client.get(f"/zh-hans/news/{item.slug_en}/")
    assert (
        response.status_code == 301
        and response["Location"] == "/zh-hans/news/%E9%87%8D%E7%A6%BB%E5%AD%90%E6%8A%A5%E5%91%8A/"
    )
    # An item without a Chinese title is reachable by its English slug in Chinese.
    english_only = NewsItemFactory(title_en="English only item")
    assert client.get(f"/zh-hans/news/{english_only.slug_en}/").status_code == 200


def test_unknown_item_is_404(client):
    assert client.get("/en/news/no-such-item/").status_code == 404
    assert client.get("/en/news/%00%ff/").status_code == 404
    assert client.get("/en/news/?category=%00").status_code == 404
    assert client.get("/en/news/?tag=a%00b").status_code == 404
    assert client.get("/en/events/%00/").status_code == 404
    assert client.get("/en/events/%00/calendar.ics").status_code == 404


def test_rich_text_is_sanitised_on_save():
    item = NewsItemFactory(body_en='<p onclick="x()">Hi<script>alert(1)</script></p>')
    item.refresh_from_db()
    assert "script" not in item.body_en and "onclick" not in item.body_en


def test_slugs_are_unique_per_language():
    first, second = NewsItemFactory(title_en="Same title"), NewsItemFactory(title_en="Same title")
    assert first.slug_en == "same-title" and second.slug_en == "same-title-2"


def test_home_page_shows_latest_news_and_upcoming_events(client, django_assert_max_num_queries):
    from .factories import EventFactory

    NewsItemFactory(title_en="Home news")
    NewsItemFactory(title_en="Hidden draft", status=Status.DRAFT)
    EventFactory(title_en="Home event")
    html = client.get("/en/").content.decode()
    assert "Home news" in html and "Home event" in html and "Hidden draft" not in html
    NewsItemFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        client.get("/en/")


def test_cards_show_picture_category_date_and_fallback_language(client, settings, tmp_path):
    """The cards of the news list and the home page (news_tags.news_card)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (30, 90, 160)).save(buffer, "JPEG")
    item = NewsItemFactory(title_en="Proton centre opens", summary_en="A summary <b>with</b> text",
                           category=CategoryFactory(name_en="Announcements"), hero_image_alt_en="The new gantry",
                           hero_image=SimpleUploadedFile("gantry.jpg", buffer.getvalue()))  # fmt: skip
    when = timezone.localtime(item.publish_at).replace(microsecond=0).isoformat()
    with translation.override("zh-hans"):
        address = item.get_absolute_url()
    assert address.startswith("/zh-hans/")
    for url, level in (("/zh-hans/news/", "h2"), ("/zh-hans/", "h3")):
        html = client.get(url).content.decode()
        card = html[html.index('<article class="card h-100 news-card">') :]
        card = card[: card.index("</article>")]
        assert '<img src="' in card and 'alt="The new gantry"' in card and 'class="card-img-top"' in card
        assert '<span lang="en">Announcements</span>' in card
        assert f'<{level} class="h5 card-title"><a class="stretched-link" href="{address}" lang="en">' in card
        assert f'<time datetime="{when}">' in card
        assert '<p class="card-text" lang="en">A summary &lt;b&gt;with&lt;/b&gt; text</p>' in card
