"""Editors who may add and delete see what was deleted and restore it: every language, links, old id, a revision."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from experts.models import Publication
from hospital.models import Specialty
from news.models import NewsItem
from tests.experts.factories import ExpertFactory, PublicationFactory
from tests.hospital.factories import SpecialtyFactory, staff_in, translator_for
from tests.news.factories import NewsItemFactory, TagFactory

pytestmark = pytest.mark.django_db

DELETED = "admin:news_newsitem_deleted"


@pytest.fixture
def editor(roles):
    return staff_in("Editor")


def delete_in_admin(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def deletion_of(obj):
    return type(obj).history.filter(id=obj.pk, history_type="-").latest()


def test_a_deleted_news_item_comes_back_with_its_languages_links_and_id(client, editor):
    tag = TagFactory(name_en="Proton")
    item = NewsItemFactory(title_en="Carbon ions", title_zh_hans="碳离子", body_ar="<p>أيونات الكربون</p>")
    item.tags.set([tag])
    pk, slugs = item.pk, (item.slug_en, item.slug_zh_hans)
    client.force_login(editor)
    changelist = client.get(reverse("admin:news_newsitem_changelist")).content.decode()
    assert f'href="{reverse(DELETED)}"' in changelist and "Deleted items" in changelist
    delete_in_admin(client, item)

    listing = client.get(reverse(DELETED)).content.decode()
    assert "1 deleted item, most recently deleted first" in listing and "Carbon ions" in listing
    record = deletion_of(item)
    url = reverse("admin:news_newsitem_deleted_restore", args=[record.history_id])
    assert "Restore this item" in client.get(url).content.decode()
    assert not NewsItem.objects.exists()  # looking stores nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:news_newsitem_change", args=[pk])
    assert "was restored" in response.content.decode()
    restored = NewsItem.objects.get()
    assert restored.pk == pk and (restored.slug_en, restored.slug_zh_hans) == slugs
    assert restored.title_zh_hans == "碳离子" and restored.body_ar == "<p>أيونات الكربون</p>"
    assert list(restored.tags.all()) == [tag]
    revision = restored.history.latest()
    assert revision.history_type == "+" and revision.history_user == editor
    assert revision.history_change_reason == f"restore-deleted:{record.history_id}"
    assert [row.tag_id for row in revision.tags.all()] == [tag.pk]
    assert LogEntry.objects.get(object_id=str(pk), action_flag=ADDITION).user == editor
    history = client.get(reverse("admin:news_newsitem_history", args=[pk])).content.decode()
    assert f"Restored after it was deleted (revision {record.history_id})" in history
    assert "Nothing has been deleted." in client.get(reverse(DELETED)).content.decode()
    assert client.post(url).status_code == 404  # restored once, not twice


def test_an_address_taken_since_gets_a_suffix_and_a_message(client, editor):
    item = NewsItemFactory(title_en="Carbon ions")
    client.force_login(editor)
    delete_in_admin(client, item)
    NewsItemFactory(title_en="Carbon ions")  # takes "carbon-ions"
    url = reverse("admin:news_newsitem_deleted_restore", args=[deletion_of(item).history_id])
    assert "carbon-ions → carbon-ions-2" in client.get(url).content.decode()
    html = client.post(url, follow=True).content.decode()
    assert "The address carbon-ions (slug (English)) is taken by another item now" in html
    assert NewsItem.objects.get(pk=item.pk).slug_en == "carbon-ions-2"


def test_a_unique_value_taken_since_is_refused_with_a_clear_message(client, editor):
    specialty = SpecialtyFactory(name_en="Lung cancer", slug="lung-cancer")
    client.force_login(editor)
    delete_in_admin(client, specialty)
    SpecialtyFactory(name_en="Lung tumours", slug="lung-cancer")
    url = reverse("admin:hospital_specialty_deleted_restore", args=[deletion_of(specialty).history_id])
    html = client.post(url).content.decode()
    assert "Specialty or cancer type with this Slug already exists." in html
    assert Specialty.objects.count() == 1


def test_links_to_objects_deleted_too_are_named_and_left_out(client, editor):
    kept, gone = ExpertFactory(name_en="Doctor Kept"), ExpertFactory(name_en="Doctor Gone")
    publication = PublicationFactory()
    publication.experts.set([kept, gone])
    client.force_login(editor)
    delete_in_admin(client, publication)
    gone.delete()
    url = reverse("admin:experts_publication_deleted_restore", args=[deletion_of(publication).history_id])
    page = client.get(url).content.decode()
    assert "These links are not restored" in page and "(deleted: " in page
    assert client.post(url).status_code == 302
    assert list(Publication.objects.get().experts.all()) == [kept]


def test_only_those_who_may_add_and_delete_see_or_restore_deleted_items(client, roles):
    item = NewsItemFactory()
    item.delete()
    deleted = NewsItem.history.get(history_type="-")
    url = reverse("admin:news_newsitem_deleted_restore", args=[deleted.history_id])
    client.force_login(translator_for("zh-hans"))
    assert "Deleted items" not in client.get(reverse("admin:news_newsitem_changelist")).content.decode()
    assert client.get(reverse(DELETED)).status_code == 403
    assert client.post(url).status_code == 403
    physician = staff_in("Physician")
    ExpertFactory(user=physician)
    client.force_login(physician)
    assert client.get(reverse("admin:experts_publication_deleted")).status_code == 403
    assert not NewsItem.objects.exists()


def test_nonsense_restore_addresses_are_not_found(client, editor):
    client.force_login(editor)
    alive = NewsItemFactory()
    assert client.get(reverse("admin:news_newsitem_deleted_restore", args=[999999])).status_code == 404
    saved = alive.history.latest()  # a revision that is not a deletion
    assert client.get(reverse("admin:news_newsitem_deleted_restore", args=[saved.history_id])).status_code == 404
    assert client.get(reverse(DELETED), {"page": "x"}).status_code == 200
