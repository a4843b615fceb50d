"""Every admin list page of the content runs the same number of queries whatever the number of rows
(list_select_related, no per-row queries): measured with a few rows and with many."""

import pytest
from django.contrib import admin
from django.test import Client

from tests.experts.factories import ExpertFactory, PublicationFactory
from tests.news.factories import CategoryFactory, EventFactory, NewsItemFactory, TagFactory
from tests.staff import verified_login

from .factories import DepartmentFactory, HospitalFactory, PageFactory, SpecialtyFactory, UserFactory

pytestmark = pytest.mark.django_db

FACTORIES = {
    "experts.expert": ExpertFactory,
    "experts.publication": lambda: PublicationFactory(experts=[ExpertFactory()]),
    "news.newsitem": NewsItemFactory,
    "news.event": EventFactory,
    "news.category": CategoryFactory,
    "news.tag": TagFactory,
    "hospital.page": PageFactory,
    "hospital.hospital": HospitalFactory,
    "hospital.department": DepartmentFactory,
    "hospital.specialty": SpecialtyFactory,
}
BUDGET = 25  # session, user, permissions, filters' choices, the page, its count: not one per row


@pytest.fixture
def superuser(db):
    return verified_login(Client(), UserFactory(is_staff=True, is_superuser=True))


def changelist_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("label", sorted(FACTORIES))
def test_admin_list_queries_do_not_grow_with_rows(superuser, label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    make = FACTORIES[label]
    for _ in range(3):
        make()
    few = changelist_queries(superuser, url)
    for _ in range(30):
        make()
    many = changelist_queries(superuser, url)
    assert many <= few <= BUDGET, (label, few, many)


def test_every_content_admin_list_is_measured():
    """A new admin list of public content gets a budget here too."""
    content_apps = {"experts", "news", "hospital"}
    registered = {m._meta.label_lower for m in admin.site._registry if m._meta.app_label in content_apps}
    assert registered - set(FACTORIES) <= {"experts.spokenlanguage"}, registered - set(FACTORIES)
