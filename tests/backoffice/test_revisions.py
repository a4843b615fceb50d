"""Every change to content is recorded with who, when and what; the admin compares and restores revisions."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from experts.models import Publication
from hospital.models import Page
from news.models import NewsItem, Status
from tests.experts.factories import ExpertFactory
from tests.experts.test_import import BIBTEX
from tests.hospital.factories import PageFactory, staff_in, translator_for
from tests.news.factories import NewsItemFactory, TagFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db


def admin_form(item, **changes):
    """The news item's change form as the admin posts it, with `changes`."""
    data = {
        "title_en": item.title_en, "slug_en": item.slug_en, "summary_en": item.summary_en, "body_en": item.body_en,
        "status": item.status, "category": item.category_id,
        "publish_at_0": timezone.localtime(item.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": timezone.localtime(item.publish_at).strftime("%H:%M:%S"),
        "key_figures-TOTAL_FORMS": "0", "key_figures-INITIAL_FORMS": "0",
        "key_figures-MIN_NUM_FORMS": "0", "key_figures-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def editor(roles):
    return staff_in("Editor")


@pytest.fixture
def item():
    return NewsItemFactory(title_en="Proton therapy report", body_en="<p>Twelve patients were treated.</p>",
                           status=Status.DRAFT, publish_at=timezone.now().replace(microsecond=0))  # fmt: skip


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def test_admin_edits_are_recorded_with_who_and_what_per_language(client, editor, item):
    client.force_login(editor)
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    response = client.post(url, admin_form(item, body_en="<p>Twenty patients were treated.</p>",
                                           body_ar="<p>عولج عشرون مريضًا.</p>"))  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = item.history.latest()
    assert latest.history_user == editor and latest.history_type == "~"
    assert latest.body_ar == "<p>عولج عشرون مريضًا.</p>"

    html = client.get(history_url(item)).content.decode()
    assert "2 revisions, newest first" in html
    assert "body (العربية)" in html and "body (English)" in html
    older, newer = item.history.order_by("history_date", "history_id")
    compare = client.get(reverse("admin:news_newsitem_revision_compare", args=[item.pk]),
                         {"older": older.history_id, "newer": newer.history_id}).content.decode()  # fmt: skip
    cells = r'<th scope="row">([^<]+)</th>\s*<td[^>]*><div class="revision-change">(.*?)</div>'
    rows = dict(re.findall(cells, compare))
    assert set(rows) == {"Body (English)", "Body (العربية)"}
    assert "<del>Twelve</del><ins>Twenty</ins>" in rows["Body (English)"]
    assert "&lt;p&gt;" in rows["Body (English)"]  # markup is shown as text, never rendered
    assert "<ins>&lt;p&gt;عولج" in rows["Body (العربية)"]


def test_comparing_revisions_of_another_object_or_nonsense_is_refused(client, editor, item):
    other = NewsItemFactory()
    client.force_login(editor)
    url = reverse("admin:news_newsitem_revision_compare", args=[item.pk])
    mine, theirs = item.history.get().history_id, other.history.get().history_id
    assert client.get(url, {"older": theirs, "newer": mine}).status_code == 404
    response = client.get(url, {"older": "x", "newer": "1;drop"}, follow=True)
    assert response.status_code == 200 and "Choose two revisions to compare." in response.content.decode()


def test_restoring_a_revision_brings_back_its_text_and_is_recorded(client, editor, item):
    client.force_login(editor)
    first = item.history.get()
    item.title_en, item.body_en = "Proton therapy report (corrected)", "<p>Wrong text.</p>"
    item.save()
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, first.history_id])
    confirm = client.get(url).content.decode()
    assert "<del>Wrong" in confirm and "Restore this revision" in confirm
    assert NewsItem.objects.get().body_en == "<p>Wrong text.</p>"  # looking stores nothing

    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.body_en == "<p>Twelve patients were treated.</p>" and item.title_en == "Proton therapy report"
    restored = item.history.latest()
    assert restored.history_user == editor and restored.history_change_reason == f"restore:{first.history_id}"
    assert f"Restored from revision {first.history_id}" in client.get(history_url(item)).content.decode()


def test_a_translator_restores_their_language_but_never_a_publish_state_or_the_english(client, roles, item):
    translator = translator_for("zh-hans")
    item.body_zh_hans = "<p>十二名患者接受了治疗。</p>"
    item.save()
    first = item.history.latest()  # a draft, with the Chinese text
    item.status, item.body_en, item.body_zh_hans = Status.PUBLISHED, "<p>Published text.</p>", "<p>改过的。</p>"
    item.save()
    client.force_login(translator)
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, first.history_id])
    confirm = client.get(url).content.decode()
    assert "because you may not change them" in confirm and "Status" in confirm and "Body (English)" in confirm
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.body_zh_hans == "<p>十二名患者接受了治疗。</p>"
    assert item.body_en == "<p>Published text.</p>"  # the English source is the editors'
    assert item.status == Status.PUBLISHED  # the publish state stays as the editor left it


def test_restore_needs_the_change_permission(client, roles, item):
    first = item.history.get()
    item.body_en = "<p>Newer.</p>"
    item.save()
    verified_login(client, staff_in("Coordinator"))
    url = reverse("admin:news_newsitem_revision_restore", args=[item.pk, first.history_id])
    assert client.post(url).status_code == 403
    assert client.get(history_url(item)).status_code == 403
    item.refresh_from_db()
    assert item.body_en == "<p>Newer.</p>"


def test_a_revision_whose_related_object_is_gone_is_refused_cleanly(client, editor):
    page = PageFactory(title_en="About")
    child = PageFactory(title_en="Team", parent=page)
    first = child.history.earliest()
    child.parent = None
    child.save()
    Page.objects.filter(pk=page.pk).delete()
    client.force_login(editor)
    response = client.post(reverse("admin:hospital_page_revision_restore", args=[child.pk, first.history_id]),
                           follow=True)  # fmt: skip
    assert response.status_code == 200 and "no longer exists" in response.content.decode()
    child.refresh_from_db()
    assert child.parent is None


def test_admin_bulk_actions_leave_revisions(client, editor):
    items = NewsItemFactory.create_batch(3, status=Status.DRAFT)
    client.force_login(editor)
    response = client.post(reverse("admin:news_newsitem_changelist"),
                           {"action": "publish", "_selected_action": [i.pk for i in items]})  # fmt: skip
    assert response.status_code == 302
    for item in items:
        latest = item.history.latest()
        assert latest.status == Status.PUBLISHED and latest.history_user == editor


def test_admin_delete_is_recorded(client, editor, item):
    client.force_login(editor)
    client.post(reverse("admin:news_newsitem_delete", args=[item.pk]), {"post": "yes"})
    assert not NewsItem.objects.exists()
    deleted = NewsItem.history.filter(id=item.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == editor


def test_the_importer_leaves_a_revision_for_each_new_publication(client, editor):
    expert = ExpertFactory()
    client.force_login(editor)
    url = reverse("admin:experts_expert_import", args=[expert.pk])
    client.post(url, {"file": SimpleUploadedFile("list.bib", BIBTEX.encode())})
    assert client.post(url, {"confirm": "1"}).status_code == 302
    publications = Publication.objects.all()
    assert publications.count() == 2
    for publication in publications:
        revision = publication.history.get()
        assert revision.history_type == "+" and revision.history_user == editor
        assert revision.history_change_reason == "import"
    html = client.get(history_url(publications[0])).content.decode()
    assert "Imported from a publication file" in html


def test_a_management_command_leaves_revisions(tmp_path):
    ExpertFactory(name_en="Wang Ligen", slug_en="wang-ligen")
    path = tmp_path / "list.bib"
    path.write_text(BIBTEX)
    call_command("import_publications", "wang-ligen", str(path))
    assert Publication.history.filter(history_type="+", history_user=None).count() == 2


def test_an_imported_publications_first_revision_holds_every_field_as_stored(tmp_path):
    ExpertFactory(name_en="Wang Ligen", slug_en="wang-ligen")
    path = tmp_path / "list.bib"
    path.write_text(BIBTEX + "\n@incollection{c, title={Ions}, author={Wang, Ligen}, editor={Durante, Marco},"
                    " booktitle={Particle Therapy}, year=2021, doi={10.1000/ions}, pages={1--9}}")  # fmt: skip
    started = timezone.now()
    call_command("import_publications", "wang-ligen", str(path))
    tracked = Publication.history.model.tracked_fields
    for publication in Publication.objects.all():
        revision = publication.history.get()
        assert {f.attname: getattr(revision, f.attname) for f in tracked} == {
            f.attname: getattr(publication, f.attname) for f in tracked
        }
        assert revision.history_type == "+" and revision.history_change_reason == "import"
        assert revision.history_date >= started and revision.history_user is None
    assert Publication.objects.get(doi="10.1000/ions").history.get().editors == "Durante, Marco"


def test_load_demo_records_the_content_it_creates(db):
    call_command("load_demo", verbosity=0)
    assert NewsItem.history.exists() and Page.history.exists()


def test_the_revision_list_runs_a_fixed_number_of_queries(client, editor, item, django_assert_max_num_queries):
    for n in range(20):
        item.body_en = f"<p>Version {n}</p>"
        item.publish_at = timezone.now() + timedelta(minutes=n)
        item.save()
        item.tags.add(TagFactory())  # each revision with more links
    client.force_login(editor)
    # 12, plus one query for each many-to-many field whose links revisions keep (tags, related experts).
    with django_assert_max_num_queries(14):
        assert client.get(history_url(item)).status_code == 200
