"""Citation styles: AMA and APA through CSL for "copy citation" and exports; Vancouver on the profile unchanged."""

import pytest
from django.urls import reverse

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    expert = ExpertFactory(name_en="Wang Ligen", slug_en="wang-ligen")
    pub = PublicationFactory(title="Small cell carcinoma of the uterine cervix", journal="Int J Gynecol Cancer",
                             year=2020, month=2, volume="30", issue="2", pages="174-180",
                             doi="10.1136/ijgc-2019-000612", experts=[expert],
                             authors=["LI Junyun", "Wang, Ligen", "Doe, Jeffrey, Jr."])  # fmt: skip
    return expert, pub


def cite(client, pub, style):
    return client.get(reverse("experts:cite", kwargs={"slug": "wang-ligen", "pk": pub.pk, "style": style}))


def test_copy_citation_in_ama_and_apa(client, paper):
    _expert, pub = paper
    ama = cite(client, pub, "ama")
    assert ama["Content-Type"] == "text/plain; charset=utf-8"
    assert ama.content.decode() == (
        "Li J, Wang L, Doe J Jr. Small cell carcinoma of the uterine cervix. Int J Gynecol Cancer. "
        "2020;30(2):174-180. doi:10.1136/ijgc-2019-000612"
    )
    apa = cite(client, pub, "apa").content.decode()
    assert apa.startswith("Li, J., Wang, L., & Doe, J., Jr. (2020). Small cell carcinoma of the uterine cervix.")
    assert apa.endswith("https://doi.org/10.1136/ijgc-2019-000612")


def test_vancouver_copy_is_the_profiles_citation(client, paper):
    _expert, pub = paper
    text = cite(client, pub, "vancouver").content.decode()
    assert (
        text == "Li J, Wang L, Doe J Jr. Small cell carcinoma of the uterine cervix. Int J Gynecol Cancer. "
        "2020 Feb;30(2):174-80."
    )


def test_unknown_style_or_unlisted_paper_is_404(client, paper):
    _expert, pub = paper
    assert cite(client, pub, "mla").status_code == 404
    other = PublicationFactory(experts=[ExpertFactory()])
    assert cite(client, other, "ama").status_code == 404


def test_profile_offers_copy_links_and_reference_list_exports(client, paper):
    expert, pub = paper
    html = client.get(expert.get_absolute_url()).content.decode()
    assert f'/publications/{pub.pk}/cite.ama"' in html and "js/cite.js" in html
    response = client.get(reverse("experts:export", kwargs={"slug": "wang-ligen", "format": "apa.txt"}))
    assert response.content.decode().startswith("1. Li, J., Wang, L., & Doe, J., Jr. (2020).")


def test_in_press_and_et_al_in_vancouver(client, paper):
    expert, pub = paper
    PublicationFactory(title="Soon", year=None, status="in_press", more_authors=True, journal="Lancet", volume="",
                       issue="", pages="",
                       experts=[expert], authors=["Wang L"])  # fmt: skip
    html = client.get(expert.get_absolute_url()).content.decode()
    assert ", et al. " in html and "Lancet. In press." in html


def test_profile_lists_co_authors_at_our_hospitals(client, paper):
    expert, pub = paper
    colleague = ExpertFactory(name_en="Li Junyun")
    pub.authorships.filter(name="LI Junyun").update(expert=colleague)
    html = client.get(expert.get_absolute_url()).content.decode()
    assert "Co-authors at our hospitals" in html and colleague.get_absolute_url() in html
    hidden = ExpertFactory(name_en="Doe Jeffrey", published=False)
    pub.authorships.filter(name__startswith="Doe").update(expert=hidden)
    assert hidden.get_absolute_url() not in client.get(expert.get_absolute_url()).content.decode()
