"""Many-to-many links (tags, related experts, specialties, languages spoken, publication and expert) are part of
each revision: one admin save makes one revision, the diff says what was added and removed, restore links again."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from experts.models import Publication
from experts.services import remove_publication
from tests.backoffice.test_revisions import admin_form, history_url
from tests.experts.factories import ExpertFactory, PublicationFactory, SpokenLanguageFactory
from tests.experts.test_admin import expert_form
from tests.experts.test_import import BIBTEX
from tests.hospital.factories import SpecialtyFactory, staff_in
from tests.news.factories import NewsItemFactory, TagFactory

pytestmark = pytest.mark.django_db

CELLS = r'<th scope="row">([^<]+)</th>\s*<td[^>]*><div class="revision-change">(.*?)</div>'


@pytest.fixture
def editor_client(client, roles):
    client.force_login(staff_in("Editor"))
    return client


def compare(client, obj, older, newer):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revision_compare", args=[obj.pk])
    html = client.get(url, {"older": older.history_id, "newer": newer.history_id}).content.decode()
    return dict(re.findall(CELLS, html))


def test_one_admin_save_of_text_and_tags_is_one_revision_with_what_was_added_and_removed(editor_client):
    proton, heavy, trial = TagFactory(name_en="Proton"), TagFactory(name_en="Heavy ions"), TagFactory(name_en="Trial")
    item = NewsItemFactory(title_en="Carbon ions", publish_at=timezone.now().replace(microsecond=0))
    item.tags.set([proton, trial])
    before = item.history.count()
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    response = editor_client.post(url, admin_form(item, body_en="<p>New text.</p>", tags=[heavy.pk, trial.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert item.history.count() == before + 1  # not one more per m2m_changed signal
    latest = item.history.latest()
    assert {row.tag_id for row in latest.tags.all()} == {heavy.pk, trial.pk}

    rows = compare(editor_client, item, item.history.all()[1], latest)
    assert set(rows) == {"Body (English)", "Tags"}
    assert rows["Tags"] == "added <ins>Heavy ions</ins>; removed <del>Proton</del>"
    listing = editor_client.get(history_url(item)).content.decode()
    assert re.search(r'<ul class="revision-fields">(?:(?!</ul>).)*<li>tags</li>', listing, re.S)


def test_a_save_that_changes_only_links_is_one_revision_too(editor_client):
    item = NewsItemFactory(publish_at=timezone.now().replace(microsecond=0))
    doctor = ExpertFactory(name_en="Doctor Zhang")
    before = item.history.count()
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    assert editor_client.post(url, admin_form(item, related_experts=[doctor.pk])).status_code == 302
    assert item.history.count() == before + 1
    rows = compare(editor_client, item, item.history.all()[1], item.history.latest())
    assert rows == {"Related experts": "added <ins>Doctor Zhang</ins>"}


def test_restore_puts_the_links_back_in_one_recorded_revision(editor_client):
    proton, heavy = TagFactory(name_en="Proton"), TagFactory(name_en="Heavy ions")
    item = NewsItemFactory()
    item.tags.set([proton])
    old = item.history.latest()
    item.tags.set([heavy])
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, old.history_id])
    confirm = editor_client.get(url).content.decode()
    assert "added <ins>Proton</ins>; removed <del>Heavy ions</del>" in confirm
    before = item.history.count()
    assert editor_client.post(url).status_code == 302
    assert list(item.tags.all()) == [proton]
    assert item.history.count() == before + 1
    restored = item.history.latest()
    assert restored.history_change_reason == f"restore:{old.history_id}"
    assert [row.tag_id for row in restored.tags.all()] == [proton.pk]
    assert LogEntry.objects.get(object_id=str(item.pk), action_flag=CHANGE).get_change_message() == "Changed tags."


def test_a_link_to_something_deleted_since_is_named_and_left_out(editor_client):
    proton, gone = TagFactory(name_en="Proton"), TagFactory(name_en="Gone tag")
    item = NewsItemFactory()
    item.tags.set([proton, gone])
    old = item.history.latest()
    item.tags.clear()
    gone.delete()
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, old.history_id])
    confirm = editor_client.get(url).content.decode()
    assert "These links are not restored" in confirm and "(deleted: " in confirm
    assert editor_client.post(url).status_code == 302
    assert list(item.tags.all()) == [proton]


def test_revisions_made_before_links_were_recorded_show_no_link_change(editor_client):
    tag = TagFactory(name_en="Proton")
    item = NewsItemFactory()
    item.tags.set([tag])
    # As the migration marks the revisions it found: their links are unknown, not "none".
    item.history.exclude(pk=item.history.latest().pk).update(history_links_recorded=False)
    older, newer = item.history.all()[1], item.history.latest()
    assert "Tags" not in compare(editor_client, item, older, newer)
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, older.history_id])
    editor_client.post(url)
    assert list(item.tags.all()) == [tag]  # restoring an old revision never clears links it did not record


def test_an_expert_save_records_specialties_and_languages_in_one_revision(editor_client):
    expert = ExpertFactory()
    lung, thai = SpecialtyFactory(name_en="Lung cancer"), SpokenLanguageFactory(name_en="Thai")
    before = expert.history.count()
    url = reverse("admin:experts_expert_change", args=[expert.pk])
    response = editor_client.post(url, expert_form(expert, specialties=[lung.pk], languages=[thai.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert expert.history.count() == before + 1
    rows = compare(editor_client, expert, expert.history.all()[1], expert.history.latest())
    assert rows["Specialties and conditions treated"] == "added <ins>Lung cancer</ins>"
    assert rows["Languages spoken"] == "added <ins>Thai</ins>"


def test_publication_and_expert_links_are_recorded_from_either_side(editor_client):
    first, second = ExpertFactory(name_en="Doctor One"), ExpertFactory(name_en="Doctor Two")
    publication = PublicationFactory()
    publication.experts.set([first])
    url = reverse("admin:experts_publication_change", args=[publication.pk])
    page = editor_client.get(url).content.decode()
    assert 'name="experts"' in page
    before = publication.history.count()
    second.publications.add(publication)  # from the expert's side
    assert publication.history.count() == before + 1
    assert {row.expert_id for row in publication.history.latest().experts.all()} == {first.pk, second.pk}
    second.publications.clear()
    assert {row.expert_id for row in publication.history.latest().experts.all()} == {first.pk}
    remove_publication(first, PublicationFactory())  # another publication, gone: nothing to record here
    rows = compare(editor_client, publication, publication.history.all()[2], publication.history.latest())
    assert rows == {}


def test_the_importer_records_the_links_it_writes_in_bulk(client, roles):
    editor = staff_in("Editor")
    expert, colleague = ExpertFactory(name_en="Ligen Wang"), ExpertFactory()
    existing = PublicationFactory(doi="10.1136/ijgc-2019-000612", title="Small Cell Carcinoma of the Uterine Cervix")
    existing.experts.set([colleague])
    client.force_login(editor)
    url = reverse("admin:experts_expert_import", args=[expert.pk])
    client.post(url, {"file": SimpleUploadedFile("list.bib", BIBTEX.encode())})
    assert client.post(url, {"confirm": "1"}).status_code == 302
    new = Publication.objects.exclude(pk=existing.pk).get()
    revision = new.history.get()
    assert revision.history_change_reason == "import"
    assert [row.expert_id for row in revision.experts.all()] == [expert.pk]
    linked = existing.history.latest()
    assert linked.history_change_reason == "import" and linked.history_user == editor
    assert {row.expert_id for row in linked.experts.all()} == {expert.pk, colleague.pk}
