"""Every role × every model registered in the admin × view/add/change/delete, against DESIGN.md's roles.

The models come from the admin registry, so a new model is covered without editing this test;
its expected permissions follow from the roles table (which app it belongs to), written here as
`expected()`. Report downloads are checked over HTTP for every role.
"""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from tests.consultations.factories import FORM_URL, PDF, PNG, CancerTypeFactory, upload
from tests.experts.factories import ExpertFactory
from tests.hospital.factories import UserFactory, staff_in

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "add", "change", "delete")
ALL = set(ACTIONS)
CONTENT_APPS = {"hospital", "experts", "news"}  # "pages, news, events, experts"
ROLES = ("Editor", "Translator", "Physician", "Coordinator", "Superuser")
# Records that nobody edits: read by superusers only (the download log, sign-in events, task results).
RECORDS = {"consultations.accesslogentry", "accounts.securityevent", "django_tasks_database.dbtaskresult"}
# Translation states are kept by the system (translations.state): read, never edited, by superusers,
# editors (what lacks which language) and translators (their queue).
TRANSLATION_STATE = "translations.translationstate"
# Lockout entries and second-factor devices: superusers read them and remove one (unlock an
# account, reset a lost phone); nobody creates or edits them here.
REMOVABLE_RECORDS = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "otp_totp.totpdevice",
                     "otp_static.staticdevice", "accounts.passkey"}  # fmt: skip
# Content without text in languages: translators read it (a translation's context), never change it.
UNTRANSLATED_CONTENT = {"experts.publication", "experts.authorship"}
# Requests come from patients through the form, never typed in by staff.
CREATED_BY_PATIENTS = {"consultations.consultationrequest"}
# Lockout entries can be changed only to be reset (axes' own admin); that is not editing.
AXES_CHANGE = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def expected(role, model):
    label = model._meta.label_lower
    app = model._meta.app_label
    if label == TRANSLATION_STATE:
        return {"view"} if role in ("Superuser", "Editor", "Translator") else set()
    if role == "Superuser":
        if label in RECORDS:
            return {"view"}
        if label in REMOVABLE_RECORDS:
            return {"view", "delete"} | ({"change"} if label in AXES_CHANGE else set())
        if label in CREATED_BY_PATIENTS:
            return ALL - {"add"}
        return ALL
    if role == "Editor":  # pages, news, events, experts; publish
        return ALL if app in CONTENT_APPS else set()
    if role == "Translator":  # edit translations; not publish, not delete (nor add)
        if label in UNTRANSLATED_CONTENT:
            return {"view"}
        return {"view", "change"} if app in CONTENT_APPS else set()
    if role == "Physician":  # own profile text and own publications only
        if app != "experts":
            return set()
        return {"expert": {"view", "change"}, "spokenlanguage": {"view"}}.get(model._meta.model_name, ALL)
    if role == "Coordinator":  # consultation requests, their files and the conversation; nothing else
        # The conversation: the case's messages and the reply templates coordinators write them from.
        return {
            "consultations.consultationrequest": {"view", "change"},
            "consultations.medicalreport": {"view"},
            "consultations.internalnote": {"view", "add"},
            "consultations.replytemplate": ALL,
        }.get(label, set())
    raise AssertionError(role)


@pytest.fixture
def users(roles):
    physician = staff_in("Physician", username="physician")
    ExpertFactory(user=physician)
    return {
        "Editor": staff_in("Editor", username="editor"),
        "Translator": staff_in("Translator", username="translator"),
        "Physician": physician,
        "Coordinator": staff_in("Coordinator", username="coordinator"),
        "Superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }


def test_every_role_model_and_action_matches_the_roles_table(users):
    registry = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    assert len(registry) >= 15
    differences, cells = [], 0
    for model, model_admin in registry:
        for role in ROLES:
            request = RequestFactory().get("/admin/")
            request.user = users[role]
            actual = {action for action in ACTIONS if getattr(model_admin, f"has_{action}_permission")(request)}
            cells += len(ACTIONS)
            if actual != expected(role, model):
                differences.append(f"{role} × {model._meta.label}: has {sorted(actual)}, "
                                   f"roles table says {sorted(expected(role, model))}")  # fmt: skip
    assert not differences, "\n".join(differences)
    assert cells == len(registry) * len(ROLES) * len(ACTIONS)


def test_admin_index_shows_no_role_a_model_it_may_not_see(users, verified_login):
    for role in ROLES:
        client = verified_login(Client(), users[role])
        html = client.get("/admin/").content.decode()
        for model in admin.site._registry:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            if url in html:
                assert "view" in expected(role, model), (role, url)
            if "view" not in expected(role, model):
                assert client.get(url).status_code in (302, 403), (role, url)


def test_report_downloads_by_role(users, verified_login, consultation_settings):
    from consultations.models import AccessLogEntry, MedicalReport

    lung = CancerTypeFactory(name="Lung cancer", slug="lung-cancer")
    Client().post(FORM_URL, {
        "patient_name": "Siti", "cancer_type": str(lung.pk), "phone": "+6281234567890", "preferred_language": "id",
        "consent": "on", "form_token": "6f1d3c9e-1111-4a4a-9b9b-123456789abc",
        "reports": [upload("r.pdf", PDF, "application/pdf"), upload("s.png", PNG, "image/png")],
    })  # fmt: skip
    report = MedicalReport.objects.first()
    may_download = {"Coordinator", "Superuser"}
    for role in ROLES:
        response = verified_login(Client(), users[role]).get(report.get_download_url())
        assert response.status_code == (200 if role in may_download else 403), role
        if role not in may_download:
            assert "Access denied" in response.content.decode()  # the site's translated page, not Django's
    assert AccessLogEntry.objects.filter(action="download").count() == len(may_download)
    assert Client().get(report.get_download_url()).status_code == 302  # anonymous: to the sign-in


def test_the_sites_own_records_share_one_read_only_admin():
    """The access log, sign-in events and second-factor devices: one mixin decides who reads them."""
    from django.apps import apps

    from backoffice.records_admin import ReadOnlyAdminMixin

    for label in ("consultations.AccessLogEntry", "accounts.SecurityEvent", "otp_totp.TOTPDevice",
                  "otp_static.StaticDevice"):  # fmt: skip
        assert isinstance(admin.site._registry[apps.get_model(label)], ReadOnlyAdminMixin), label
