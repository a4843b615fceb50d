"""A profile's publication list and its JSON-LD are built once per change, also for visitors the
page cache does not serve (staff, visitors with a session), and follow every change at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from experts.models import Expert, Publication
from tests.hospital.factories import staff_in

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(roles):
    """A visitor the page cache never serves: pages render, their fragments may come from the cache."""
    visitor = Client()
    visitor.force_login(staff_in("Editor"))
    return visitor


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries], response.content.decode()


def test_publication_list_is_not_rebuilt_while_nothing_changed(signed_in):
    expert = ExpertFactory(name_en="Dr Shen Qian")
    PublicationFactory.create_batch(30, experts=[expert])
    first, html = queries(signed_in, expert.get_absolute_url())
    second, again = queries(signed_in, expert.get_absolute_url())
    # The list's own queries (its publications, their authors) run once; co-authors are not cached.
    listing = [sql for sql in first if '"experts_publication"."title"' in sql]
    assert listing and not [sql for sql in second if '"experts_publication"."title"' in sql]
    assert len(second) < len(first)
    assert again.count("Carbon-ion radiotherapy outcomes") == html.count("Carbon-ion radiotherapy outcomes") > 30


def test_a_new_publication_shows_at_once(signed_in, client):
    expert = ExpertFactory()
    PublicationFactory(experts=[expert], title="First paper")
    for visitor in (signed_in, client):
        assert "First paper" in visitor.get(expert.get_absolute_url()).content.decode()
    PublicationFactory(experts=[expert], title="Second paper")
    for visitor in (signed_in, client):
        assert "Second paper" in visitor.get(expert.get_absolute_url()).content.decode()
    Publication.objects.filter(title="First paper").update(title="Renamed paper")
    for visitor in (signed_in, client):
        html = visitor.get(expert.get_absolute_url()).content.decode()
        assert "Renamed paper" in html and "First paper" not in html


def test_json_ld_follows_a_change_of_the_expert_made_outside_the_fragment(signed_in):
    """The fragment works on the expert the view fetched: it depends on that row too."""
    expert = ExpertFactory(name_en="Dr Old Name")
    PublicationFactory(experts=[expert])
    assert '"name":"Dr Old Name"' in signed_in.get(expert.get_absolute_url()).content.decode()
    Expert.objects.filter(pk=expert.pk).update(name_en="Dr New Name")
    html = signed_in.get(expert.get_absolute_url()).content.decode()
    assert '"name":"Dr New Name"' in html and "Dr Old Name" not in html


def test_filter_by_type_is_its_own_fragment(signed_in):
    expert = ExpertFactory()
    PublicationFactory(experts=[expert], title="An article", kind=Publication.Kind.ARTICLE)
    PublicationFactory(experts=[expert], title="A review", kind=Publication.Kind.REVIEW)
    assert "A review" in signed_in.get(expert.get_absolute_url()).content.decode()
    html = signed_in.get(expert.get_absolute_url() + "?type=article").content.decode()
    assert "An article.</cite>" in html and "A review.</cite>" not in html
