"""The publication and expert lists of the back office: filter choices, search by author, counts."""

import pytest

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db
PUBLICATIONS = "/admin/experts/publication/"


def year_choices(response):
    year_filter = next(spec for spec in response.context["cl"].filter_specs if spec.field_path == "year")
    return [choice["display"] for choice in year_filter.choices(response.context["cl"])][1:]  # after "All"


def test_the_year_filter_offers_each_year_once_and_the_empty_choice(editor_client, physician):
    other = ExpertFactory()
    for year in (2019, 2021, 2021, None):
        PublicationFactory(year=year, experts=[other])
    PublicationFactory(year=2015, experts=[physician.expert_profile])
    response = editor_client.get(PUBLICATIONS)
    assert year_choices(response) == ["2015", "2019", "2021", "-"]
    assert editor_client.get(f"{PUBLICATIONS}?year=2021").context["cl"].result_count == 2


def test_a_physician_sees_only_the_years_of_their_own_publications(physician_client, physician):
    PublicationFactory(year=2019, experts=[ExpertFactory()])
    PublicationFactory(year=2015, experts=[physician.expert_profile])
    assert year_choices(physician_client.get(PUBLICATIONS)) == ["2015"]


def test_search_finds_publications_by_any_word_in_title_journal_or_an_authors_name(editor_client):
    expert = ExpertFactory()
    found = PublicationFactory(title="Proton therapy of the liver", authors=["WANG Ligen", "YE Ling"], experts=[expert])
    PublicationFactory(title="Proton therapy of the lung", authors=["SHEN Qian"], experts=[expert])
    PublicationFactory(title="Heavy ions", journal="Liver Journal", authors=["Wang Ligen"], experts=[expert])
    response = editor_client.get(f"{PUBLICATIONS}?q=proton+wang")
    assert list(response.context["cl"].result_list) == [found]
    assert editor_client.get(f"{PUBLICATIONS}?q=liver").context["cl"].result_count == 2
    assert editor_client.get(f'{PUBLICATIONS}?q="ye ling"').context["cl"].result_count == 1


def test_the_expert_list_counts_each_experts_publications_and_sorts_by_them(editor_client):
    busy, quiet = ExpertFactory(name_en="Busy Expert"), ExpertFactory(name_en="Quiet Expert")
    for _ in range(3):
        PublicationFactory(experts=[busy])
    PublicationFactory(experts=[busy, quiet])
    response = editor_client.get("/admin/experts/expert/?o=-4")
    rows = list(response.context["cl"].result_list)
    assert [(expert.pk, expert.publication_count) for expert in rows[:2]] == [(busy.pk, 4), (quiet.pk, 1)]
