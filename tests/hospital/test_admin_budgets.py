"""Every admin list page runs the same number of queries whatever the number of rows
(list_select_related, no per-row queries): every changelist of the admin registry, measured with a few
rows and with many, each row with related objects of its own so that a per-row query cannot hide."""

import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.models import SecurityEvent
from backoffice.models import StaffPreference
from consultations.models import AccessLogEntry, ConsultationRequest, MedicalReport, ReplyTemplate
from tests.experts.factories import ExpertFactory, PublicationFactory, SpokenLanguageFactory
from tests.news.factories import CategoryFactory, EventFactory, NewsItemFactory, TagFactory
from tests.staff import verified_login

from .factories import DepartmentFactory, HospitalFactory, PageFactory, SpecialtyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _consultation():
    request = ConsultationRequest.objects.create(
        patient_name="Budget Patient", phone="+6281234567890", preferred_language="id", country="ID",
        consent_notice_version="2026-01", consent_language="id", consent_at=timezone.now(),
        cancer_type=SpecialtyFactory(kind="cancer_type"), preferred_expert=ExpertFactory(),
        preferred_event=EventFactory(), assignee=UserFactory(),
    )  # fmt: skip
    MedicalReport.objects.create(consultation_request=request, original_name="report.pdf", kind="pdf",
                                 content_type="application/pdf", size=10, sha256="0" * 64,
                                 blob_name=uuid.uuid4().hex, key_id="k1")  # fmt: skip
    return request


def _axes(model_name, **values):
    from django.apps import apps

    model = apps.get_model("axes", model_name)
    return model.objects.create(username=f"u{uuid.uuid4().hex[:8]}", ip_address="192.0.2.1", user_agent="test",
                                http_accept="*/*", path_info="/admin/login/", **values)  # fmt: skip


def _task_result():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="hospital.tasks.nothing",
                                       backend_name="default", run_after=timezone.now(), exception_class_path="",
                                       traceback="")  # fmt: skip


def _device(model):
    def make():
        return model.objects.create(user=UserFactory(), name="Device", confirmed=True)

    return make


def _otp_models():
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {"otp_static.staticdevice": _device(StaticDevice), "otp_totp.totpdevice": _device(TOTPDevice)}


def _passkey():
    from accounts.models import Passkey

    return Passkey.objects.create(user=UserFactory(), name="Security key", confirmed=True,
                                  credential_id=uuid.uuid4().hex, public_key=b"\x00")  # fmt: skip


def _translator_languages():
    from translations.models import TranslatorLanguages

    return TranslatorLanguages.objects.create(user=UserFactory(), languages=["th"])


FACTORIES = {
    "accounts.passkey": _passkey,
    "accounts.securityevent": lambda: SecurityEvent.objects.create(kind="sign_in", username="someone"),
    "auth.group": lambda: Group.objects.create(name=uuid.uuid4().hex),
    "auth.user": lambda: UserFactory(roles=[]),
    "axes.accessattempt": lambda: _axes("AccessAttempt", get_data="", post_data="", failures_since_start=1),
    "axes.accessfailurelog": lambda: _axes("AccessFailureLog"),
    "axes.accesslog": lambda: _axes("AccessLog"),
    "backoffice.staffpreference": lambda: StaffPreference.objects.create(user=UserFactory(), admin_language="th"),
    "consultations.accesslogentry": lambda: AccessLogEntry.objects.create(
        username="someone", action="view", user=UserFactory()
    ),  # fmt: skip
    "consultations.consultationrequest": _consultation,
    "consultations.replytemplate": lambda: ReplyTemplate.objects.create(name_en=uuid.uuid4().hex, body_en="Hello"),
    "django_tasks_database.dbtaskresult": _task_result,
    "experts.expert": ExpertFactory,
    "experts.publication": lambda: PublicationFactory(experts=[ExpertFactory()]),
    "experts.spokenlanguage": lambda: SpokenLanguageFactory(code=uuid.uuid4().hex[:8]),
    "news.newsitem": NewsItemFactory,
    "news.event": EventFactory,
    "news.category": CategoryFactory,
    "news.tag": TagFactory,
    "hospital.page": PageFactory,
    "hospital.hospital": HospitalFactory,
    "hospital.department": DepartmentFactory,
    "hospital.specialty": SpecialtyFactory,
    "translations.translationstate": NewsItemFactory,  # each saved item records its fields' states
    "translations.translatorlanguages": _translator_languages,
}
# The translation states' list sends to the translators' queue, the page that lists them.
LIST_PAGES = {"translations.translationstate": "/admin/translations/translationstate/queue/"}
BUDGET = 25  # session, user, permissions, filters' choices, the page, its count: not one per row


def registered():
    return sorted(model._meta.label_lower for model in admin.site._registry)


def factory_for(label):
    return FACTORIES.get(label) or _otp_models()[label]


@pytest.fixture
def superuser(db):
    return verified_login(Client(), UserFactory(is_staff=True, is_superuser=True))


def changelist_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response


@pytest.mark.parametrize("label", registered())
def test_admin_list_queries_do_not_grow_with_rows(superuser, label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    url = LIST_PAGES.get(label, f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    make = factory_for(label)
    for _ in range(3):
        make()
    few, _response = changelist_queries(superuser, url)
    for _ in range(30):
        make()
    many, response = changelist_queries(superuser, url)
    if "cl" in response.context:
        assert response.context["cl"].result_list, label  # the rows are listed, not filtered away
    assert many <= few <= BUDGET, (label, few, many)


def test_every_registered_admin_list_is_measured():
    """A new admin list gets a budget here too: it needs a way to make its rows."""
    makers = set(FACTORIES) | set(_otp_models())
    assert set(registered()) <= makers, set(registered()) - makers
