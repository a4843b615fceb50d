"""The full-text indexes behind search (FTS5 on SQLite, tsvector and pg_trgm on PostgreSQL): short
Chinese words, prefixes, mixed scripts, and rows written by paths that send no signal."""

import pytest

from news.models import NewsItem, Status
from search.indexes import rebuild
from tests.news.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def _titles(client, language, query):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return sorted(entry.title for entry in response.context["page_obj"].object_list)


@pytest.fixture
def chinese(db):
    NewsItemFactory(title_en="Lung report", title_zh_hans="肺癌质子治疗报告", body_zh_hans="<p>早期肺癌</p>")
    NewsItemFactory(title_en="Liver report", title_zh_hans="肝癌重离子治疗", body_zh_hans="<p>肝脏肿瘤</p>")


@pytest.mark.parametrize(
    ("query", "found"),
    [("肺癌", ["肺癌质子治疗报告"]), ("肺", ["肺癌质子治疗报告"]), ("治疗", ["肝癌重离子治疗", "肺癌质子治疗报告"]),
     ("重离子", ["肝癌重离子治疗"]), ("重离子治疗", ["肝癌重离子治疗"]), ("癌重", ["肝癌重离子治疗"]),
     ("肺癌 质子", ["肺癌质子治疗报告"]), ("肺癌 重离子", []), ("离子治疗报告", []), ("胃", [])],
)  # fmt: skip
def test_chinese_words_of_any_length_match_anywhere_in_the_text(client, chinese, query, found):
    assert _titles(client, "zh-hans", query) == found


def test_words_match_from_their_start(client):
    NewsItemFactory(title_en="Glioblastoma outcomes", body_en="<p>Carbon-ion radiotherapy</p>")
    assert _titles(client, "en", "gliobl") == ["Glioblastoma outcomes"]
    assert _titles(client, "en", "carbon-ion") == ["Glioblastoma outcomes"]
    assert _titles(client, "en", "radio carb") == ["Glioblastoma outcomes"]
    assert _titles(client, "en", "blastoma") == []
    assert _titles(client, "en", "glioblastoma proton") == []


def test_a_word_mixing_scripts_is_found_whole(client):
    NewsItemFactory(title_en="PD-1", title_zh_hans="PD-1抑制剂联合放疗")
    NewsItemFactory(title_en="Other", title_zh_hans="抑制剂 PD-1 单独")
    assert _titles(client, "zh-hans", "pd-1抑制剂") == ["PD-1抑制剂联合放疗"]


def test_bengali_and_thai_words_keep_their_vowel_signs(client):
    NewsItemFactory(title_en="Cancer", title_bn="ক্যান্সার চিকিৎসা", title_th="การรักษามะเร็งปอด")
    assert _titles(client, "bn", "ক্যান্সার") == ["ক্যান্সার চিকিৎসা"]
    assert _titles(client, "th", "มะเร็ง") == ["การรักษามะเร็งปอด"]
    assert _titles(client, "th", "มะเร็งตับ") == []


def test_queryset_update_then_rebuild_is_searched_exactly(client):
    items = NewsItemFactory.create_batch(3, title_en="Proton week")
    NewsItem.objects.filter(pk=items[0].pk).update(title_en="Carbon week", status=Status.DRAFT)
    NewsItem.objects.filter(pk=items[1].pk).update(title_en="Carbon month")
    rebuild()
    assert _titles(client, "en", "carbon") == ["Carbon month"]
    assert _titles(client, "en", "proton") == ["Proton week"]


def test_bulk_created_rows_are_found_after_a_rebuild_and_rows_deleted_are_gone(client):
    NewsItem.objects.bulk_create(
        [NewsItem(title_en=f"Bulk glioma {n}", slug_en=f"bulk-{n}", status=Status.PUBLISHED) for n in range(3)]
    )
    assert _titles(client, "en", "glioma") == []
    rebuild()
    assert _titles(client, "en", "glioma") == ["Bulk glioma 0", "Bulk glioma 1", "Bulk glioma 2"]
    NewsItem.objects.filter(slug_en="bulk-1").delete()
    assert _titles(client, "en", "glioma") == ["Bulk glioma 0", "Bulk glioma 2"]


def test_an_edit_replaces_what_the_index_finds(client):
    item = NewsItemFactory(title_en="Glioma news", title_zh_hans="胶质瘤新闻")
    item.title_en, item.title_zh_hans = "Melanoma news", "黑色素瘤新闻"
    item.save()
    assert _titles(client, "en", "glioma") == [] and _titles(client, "en", "melanoma") == ["Melanoma news"]
    assert _titles(client, "zh-hans", "胶质") == [] and _titles(client, "zh-hans", "色素") == ["黑色素瘤新闻"]
