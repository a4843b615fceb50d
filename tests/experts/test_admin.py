"""The back office: physicians' self-service and its boundaries, editors, translators, import upload."""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from experts.models import Authorship, Expert, Publication
from hospital.models import Page
from tests.hospital.factories import staff_in

from .factories import ExpertFactory, HospitalFactory, PublicationFactory
from .test_import import BIBTEX, RIS

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def expert_form(expert, **changes):
    """The POST data of the expert change form as it stands, with `changes`."""
    data = {
        "name_en": expert.name_en, "name_native": expert.name_native, "slug_en": expert.slug_en,
        "summary_en": expert.summary_en or "", "biography_en": expert.biography_en or "",
        "titles_en": expert.titles_en or "", "positions_en": expert.positions_en or "",
        "hospital": expert.hospital_id or "", "order": expert.order, "published": "on" if expert.published else "",
    }  # fmt: skip
    for prefix in ("training", "certificates"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 1200), (40, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


# Physicians: their own profile and publications, nothing else.


def test_physician_sees_only_their_own_expert(physician_client, physician):
    other = ExpertFactory(name_en="Other Doctor")
    html = physician_client.get(reverse("admin:experts_expert_changelist")).content.decode()
    assert "Wang Ligen" in html and "Other Doctor" not in html
    assert physician_client.get(change_url(other)).status_code in (302, 403, 404)
    assert physician_client.post(change_url(other), expert_form(other, biography_en="<p>Hacked</p>")).status_code in (
        302, 403, 404)  # fmt: skip
    other.refresh_from_db()
    assert "Hacked" not in (other.biography_en or "")
    # The rest of the site knows they exist only if published; the admin never shows them.
    unpublished = ExpertFactory(name_en="Unpublished Colleague", published=False)
    assert physician_client.get(change_url(unpublished)).status_code in (302, 403, 404)


def test_physician_edits_their_biography_and_the_html_is_sanitised(physician_client, physician):
    expert = physician.expert_profile
    data = expert_form(expert, biography_en='<p onclick="x()">Forty years.</p><script>1</script>')
    response = physician_client.post(change_url(expert), data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.biography_en == "<p>Forty years.</p>"


def test_physician_cannot_change_official_fields(physician_client, physician):
    expert = physician.expert_profile
    hospital = HospitalFactory()
    page = physician_client.get(change_url(expert)).content.decode()
    assert 'name="titles_en"' not in page and 'name="published"' not in page and 'name="hospital"' not in page
    physician_client.post(change_url(expert), expert_form(
        expert, titles_en="Nobel Laureate", positions_en="President", hospital=hospital.pk, published="",
        featured="on", order=1, biography_en="<p>Mine</p>",
    ))  # fmt: skip
    expert.refresh_from_db()
    assert expert.titles_en == "Chief Physician" and expert.positions_en.startswith("Director")
    assert expert.hospital_id != hospital.pk and expert.published and not expert.featured and expert.order == 0
    assert expert.biography_en == "<p>Mine</p>"


def test_physician_cannot_add_or_delete_experts(physician_client, physician):
    assert physician_client.get(reverse("admin:experts_expert_add")).status_code == 403
    expert = physician.expert_profile
    assert (
        physician_client.post(reverse("admin:experts_expert_delete", args=[expert.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Expert.objects.filter(pk=expert.pk).exists()


def test_physician_sees_only_their_own_publications(physician_client, physician):
    mine = PublicationFactory(title="My paper", experts=[physician.expert_profile])
    theirs = PublicationFactory(title="Their paper", experts=[ExpertFactory()])
    html = physician_client.get(reverse("admin:experts_publication_changelist")).content.decode()
    assert "My paper" in html and "Their paper" not in html
    assert physician_client.get(change_url(mine)).status_code == 200
    assert physician_client.get(change_url(theirs)).status_code in (302, 403, 404)


def test_physician_adds_a_publication_that_joins_their_list(physician_client, physician):
    data = {"title": "New paper", "kind": "article", "doi": "https://doi.org/10.1000/NEW.1", "year": 2024,
            "authorships-TOTAL_FORMS": 2, "authorships-INITIAL_FORMS": 0,
            "authorships-0-position": 1, "authorships-0-name": "WANG Ligen",
            "authorships-0-expert": physician.expert_profile.pk,
            "authorships-1-position": 2, "authorships-1-name": "LI Mei"}  # fmt: skip
    response = physician_client.post(reverse("admin:experts_publication_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    pub = Publication.objects.get(title="New paper")
    assert pub.doi == "10.1000/new.1" and list(pub.experts.all()) == [physician.expert_profile]
    assert pub.author_names == ["WANG Ligen", "LI Mei"]


def test_physician_cannot_credit_an_unpublished_colleague(physician_client, physician):
    hidden = ExpertFactory(name_en="Hidden Colleague", published=False)
    html = physician_client.get(reverse("admin:experts_publication_add")).content.decode()
    assert "Hidden Colleague" not in html
    data = {"title": "Paper", "kind": "article", "authorships-TOTAL_FORMS": 1, "authorships-INITIAL_FORMS": 0,
            "authorships-0-position": 1, "authorships-0-name": "X", "authorships-0-expert": hidden.pk}  # fmt: skip
    assert physician_client.post(reverse("admin:experts_publication_add"), data).status_code == 200
    assert not Publication.objects.exists()


def test_physician_invalid_doi_gets_a_clear_error(physician_client):
    data = {"title": "Paper", "kind": "article", "doi": "not a doi", "authorships-TOTAL_FORMS": 0,
            "authorships-INITIAL_FORMS": 0}  # fmt: skip
    html = physician_client.post(reverse("admin:experts_publication_add"), data).content.decode()
    assert "is not a DOI" in html and not Publication.objects.exists()


def test_physician_removing_a_shared_publication_only_unlinks_it(physician_client, physician):
    colleague = ExpertFactory()
    shared = PublicationFactory(experts=[physician.expert_profile, colleague])
    own = PublicationFactory(experts=[physician.expert_profile])
    for pub in (shared, own):
        url = reverse("admin:experts_publication_delete", args=[pub.pk])
        assert physician_client.post(url, {"post": "yes"}).status_code == 302
    assert list(Publication.objects.all()) == [shared]
    assert list(shared.experts.all()) == [colleague]


def test_physician_cannot_reach_pages_news_or_consultations(physician_client):
    page = Page.objects.create(title_en="About", published=True)
    assert physician_client.get(reverse("admin:hospital_page_changelist")).status_code == 403
    assert physician_client.get(change_url(page)).status_code == 403
    # Whatever other apps register (news, events, consultations…), none of it is theirs.
    for model in admin.site._registry:
        if model._meta.app_label in ("experts",):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert physician_client.get(url).status_code == 403, url
    index = physician_client.get(reverse("admin:index")).content.decode()
    assert "/admin/hospital/" not in index and "/admin/news/" not in index and "/admin/consultations/" not in index


def test_physician_imports_into_their_own_profile_only(physician_client, physician):
    other = ExpertFactory()
    assert physician_client.get(reverse("admin:experts_expert_import", args=[other.pk]), follow=True).status_code == 404
    url = reverse("admin:experts_expert_import", args=[physician.expert_profile.pk])
    preview = physician_client.post(url, {"file": SimpleUploadedFile("list.bib", BIBTEX.encode())})
    assert preview.status_code == 200 and 'id="import-preview"' in preview.content.decode()
    assert not Publication.objects.exists()  # the preview stores nothing
    assert physician_client.post(url, {"confirm": "1"}).status_code == 302
    assert Publication.objects.of_expert(physician.expert_profile).count() == 2


def test_a_user_without_an_expert_profile_sees_nothing(client, roles):

    client.force_login(staff_in("Physician"))
    ExpertFactory(name_en="Someone")
    PublicationFactory(title="Some paper")
    assert b"Someone" not in client.get(reverse("admin:experts_expert_changelist")).content
    assert b"Some paper" not in client.get(reverse("admin:experts_publication_changelist")).content
    assert client.get(reverse("admin:experts_publication_add")).status_code == 403


# Editors and translators.


def test_editor_sees_and_publishes_every_expert(editor_client):
    hidden = ExpertFactory(name_en="Hidden Doctor", published=False)
    assert b"Hidden Doctor" in editor_client.get(reverse("admin:experts_expert_changelist")).content
    editor_client.post(reverse("admin:experts_expert_changelist"),
                       {"action": "publish", "_selected_action": [hidden.pk]})  # fmt: skip
    hidden.refresh_from_db()
    assert hidden.published


def test_editor_uploads_a_photo_and_renditions_are_made(editor_client):
    expert = ExpertFactory(name_en="Photo Doctor")
    photo = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    response = editor_client.post(change_url(expert), expert_form(expert, photo=photo))
    assert response.status_code == 302
    expert.refresh_from_db()
    assert [item["width"] for item in expert.photo_renditions["items"]] == [160, 400, 800]
    html = editor_client.get(expert.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html and 'width="400"' in html and 'alt="Portrait of Photo Doctor"' in html


def test_a_photo_that_is_not_an_image_is_refused(editor_client):
    expert = ExpertFactory()
    fake = SimpleUploadedFile("portrait.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    html = editor_client.post(change_url(expert), expert_form(expert, photo=fake)).content.decode()
    assert "Upload a valid image" in html
    expert.refresh_from_db()
    assert not expert.photo


def test_translator_edits_text_but_cannot_publish_add_or_delete(translator_client):
    expert = ExpertFactory(published=False)
    assert translator_client.get(reverse("admin:experts_expert_add")).status_code == 403
    page = translator_client.get(change_url(expert)).content.decode()
    assert 'name="biography_zh_hans"' in page and 'name="published"' not in page
    translator_client.post(change_url(expert), expert_form(expert, name_zh_hans="专家", published="on"))
    expert.refresh_from_db()
    assert expert.name_zh_hans == "专家" and not expert.published
    assert translator_client.post(reverse("admin:experts_expert_delete", args=[expert.pk]),
                                  {"post": "yes"}).status_code == 403  # fmt: skip


# Import and export through the admin.


def test_import_preview_reports_duplicates_and_errors_store_nothing(editor_client):
    expert = ExpertFactory()
    PublicationFactory(doi="10.1136/ijgc-2019-000612")
    url = reverse("admin:experts_expert_import", args=[expert.pk])
    html = editor_client.post(url, {"file": SimpleUploadedFile("a.ris", RIS.encode())}).content.decode()
    assert "already on the site: linked" in html and "same DOI" in html
    bad = RIS.replace("ER  - ", "")
    html = editor_client.post(url, {"file": SimpleUploadedFile("a.ris", bad.encode())}).content.decode()
    assert "not closed with an ER line" in html and "line 1" in html
    empty = editor_client.post(url, {"file": SimpleUploadedFile("a.bib", b"")}).content.decode()
    assert "empty" in empty
    assert Publication.objects.count() == 1


def test_confirm_without_a_preview_is_refused_cleanly(editor_client):
    expert = ExpertFactory()
    response = editor_client.post(reverse("admin:experts_expert_import", args=[expert.pk]), {"confirm": "1"},
                                  follow=True)  # fmt: skip
    assert "upload the file again" in response.content.decode()


@override_settings(PUBLICATION_IMPORT_MAX_BYTES=5 * 1024 * 1024)
def test_a_50_mb_upload_is_refused_with_a_clear_error(editor_client):
    expert = ExpertFactory()
    big = SimpleUploadedFile("huge.bib", b"@" + b" " * (50 * 1024 * 1024))
    html = editor_client.post(reverse("admin:experts_expert_import", args=[expert.pk]), {"file": big}).content.decode()
    assert "The file is too large (50.0 MB); the limit is 5.0 MB." in html
    assert not Publication.objects.exists()


@pytest.mark.parametrize("fmt", ["bib", "ris", "csv"])
def test_admin_exports_any_experts_list(editor_client, fmt):
    expert = ExpertFactory(published=False)
    PublicationFactory(title="Exported paper", experts=[expert])
    response = editor_client.get(reverse("admin:experts_expert_export", args=[expert.pk, fmt]))
    assert response.status_code == 200 and "Exported paper" in response.content.decode()


def test_authorship_positions_are_unique_per_publication(editor_client):
    pub = PublicationFactory()
    data = {"title": pub.title, "kind": "article", "authorships-TOTAL_FORMS": 2, "authorships-INITIAL_FORMS": 0,
            "authorships-0-position": 1, "authorships-0-name": "A", "authorships-1-position": 1,
            "authorships-1-name": "B"}  # fmt: skip
    Authorship.objects.filter(publication=pub).delete()
    assert editor_client.post(change_url(pub), data).status_code == 200
    assert not Authorship.objects.filter(publication=pub).exists()


def test_a_translator_changes_text_only_not_names_relations_or_papers(translator_client):
    expert = ExpertFactory(name_native="王立根")
    paper = PublicationFactory(title="Carbon-ion radiotherapy for pancreatic cancer")
    page = translator_client.get(change_url(expert)).content.decode()
    assert 'name="name_zh_hans"' in page
    for closed in ("name_native", "name_variants", "specialties", "languages", "hospital", "featured"):
        assert f'name="{closed}"' not in page, closed
    translator_client.post(change_url(expert), expert_form(expert, name_zh_hans="王医生", name_native="Someone else"))
    expert.refresh_from_db()
    assert expert.name_zh_hans == "王医生" and expert.name_native == "王立根"
    url = reverse("admin:experts_publication_change", args=[paper.pk])
    assert translator_client.get(url).status_code == 200  # to read, as a translation's context
    translator_client.post(url, {"title": "Changed", "year": 2020})
    paper.refresh_from_db()
    assert paper.title == "Carbon-ion radiotherapy for pancreatic cancer"
