"""Saving pages: one save per page, a subtree moved or renamed in one bulk update, searched at its new address."""

import pytest
from django.db.models.signals import post_save

from hospital.models import Page
from search.models import SearchEntry

from .factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def saves():
    saved = []

    def record(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(record, sender=Page, dispatch_uid="test-page-saves")
    yield saved
    post_save.disconnect(sender=Page, dispatch_uid="test-page-saves")


@pytest.fixture
def subtree():
    about = PageFactory(title_en="About", title_zh_hans="关于")
    treatments = PageFactory(parent=about, title_en="Treatments", title_zh_hans="治疗技术")
    heavy = PageFactory(parent=treatments, title_en="Heavy-ion therapy", title_zh_hans="重离子治疗")
    proton = PageFactory(parent=treatments, title_en="Proton therapy", order=2)
    carbon = PageFactory(parent=heavy, title_en="Carbon ions")
    return about, treatments, heavy, proton, carbon


def _search_urls(page):
    return set(SearchEntry.objects.filter(object_id=page.pk, kind=SearchEntry.Kind.PAGE).values_list("url", flat=True))


def test_a_new_page_is_saved_once_with_its_whole_place(saves):
    root = PageFactory(title_en="About")
    saves.clear()
    page = Page.objects.create(parent=root, title_en="Our team", title_zh_hans="我们的团队", published=True)
    assert saves == [page.pk]
    stored = Page.objects.get(pk=page.pk)
    assert stored.url_path_en == "about/our-team" and stored.url_path_zh_hans == "about/我们的团队"
    assert stored.sort_key == f"{root.sort_key}/00000.{page.pk:08d}"
    assert stored.depth == 2 and stored.ancestor_ids == [root.pk]
    assert "/en/about/our-team/" in _search_urls(page)


def test_renaming_a_page_updates_its_descendants_in_one_bulk_update(subtree, saves, django_assert_max_num_queries):
    _about, treatments, heavy, proton, carbon = subtree
    for n in range(10):
        PageFactory(parent=carbon, title_en=f"Detail {n}")
    saves.clear()
    treatments.refresh_from_db()
    treatments.title_en, treatments.slug_en = "Therapies", ""
    # Whatever the size of the subtree: its old state, the parent, the page and its search rows;
    # the subtree, one bulk update and the subtree's search rows; savepoints.
    with django_assert_max_num_queries(17):
        treatments.save()
    assert saves == [treatments.pk]
    assert Page.objects.get(pk=carbon.pk).url_path_en == "about/therapies/heavy-ion-therapy/carbon-ions"
    assert Page.objects.get(pk=proton.pk).url_path_en == "about/therapies/proton-therapy"
    assert Page.objects.get(pk=heavy.pk).url_path_zh_hans == "关于/治疗技术/重离子治疗"
    assert _search_urls(carbon) >= {"/en/about/therapies/heavy-ion-therapy/carbon-ions/"}
    assert not any("/treatments/" in url for url in _search_urls(carbon))


def test_moving_a_page_moves_its_subtree(client, subtree):
    about, _treatments, heavy, _proton, carbon = subtree
    heavy.refresh_from_db()
    heavy.parent = about
    heavy.full_clean()
    heavy.save()
    carbon.refresh_from_db()
    assert carbon.url_path_en == "about/heavy-ion-therapy/carbon-ions"
    assert carbon.depth == 3 and carbon.ancestor_ids == [about.pk, heavy.pk]
    assert carbon.sort_key.startswith(f"{about.sort_key}/{heavy.sort_key.rsplit('/', 1)[-1]}/")
    assert client.get("/en/about/heavy-ion-therapy/carbon-ions/").status_code == 200
    assert client.get("/en/about/treatments/heavy-ion-therapy/carbon-ions/").status_code == 404


def test_saving_a_page_without_moving_it_leaves_the_subtree_alone(subtree, django_assert_max_num_queries):
    _about, treatments, *_rest = subtree
    treatments.refresh_from_db()
    treatments.body_en = "<p>New text</p>"
    with django_assert_max_num_queries(10):
        treatments.save()
