"""The directory and the profile, seen by a visitor, with their query budgets."""

import json
import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from experts.models import Authorship, Expert, Publication
from tests.sitemaps import sitemap_text

from .factories import ExpertFactory, HospitalFactory, PublicationFactory, SpecialtyFactory, SpokenLanguageFactory

pytestmark = pytest.mark.django_db


def test_directory_searches_names_in_any_script(client):
    ExpertFactory(name_en="Wang Ligen", name_zh_hans="王立根", name_native="王立根")
    ExpertFactory(name_en="Chen Wei")
    for query in ("wang", "王立根", "立根"):
        html = client.get("/en/experts/", {"q": query}).content.decode()
        assert "Wang Ligen" in html and "Chen Wei" not in html, query


def test_directory_filters_by_specialty_hospital_and_language(client):
    lung, thai, hospital = SpecialtyFactory(slug="lung-cancer"), SpokenLanguageFactory(code="th"), HospitalFactory()
    match = ExpertFactory(name_en="Li Mei", hospital=hospital)
    match.specialties.add(lung)
    match.languages.add(thai)
    ExpertFactory(name_en="Huang Jun", hospital=hospital).specialties.add(lung)
    html = client.get("/en/experts/", {"specialty": "lung-cancer", "hospital": hospital.pk, "language": "th"}).content
    assert b"Li Mei" in html and b"Huang Jun" not in html


def test_directory_filters_follow_a_new_or_renamed_option_at_once(client, settings):
    """Options kept once per change (hospital.pagecache.memo), also for visitors the page cache does not serve."""
    settings.PAGE_CACHE_ENABLED = False
    ExpertFactory(name_en="Li Mei").specialties.add(SpecialtyFactory(slug="lung-cancer", name_en="Lung cancer"))
    assert "Lung cancer" in client.get("/en/experts/").content.decode()
    breast = SpecialtyFactory(slug="breast-cancer", name_en="Breast cancer")
    ExpertFactory(name_en="Huang Jun").specialties.add(breast)
    html = client.get("/en/experts/").content.decode()
    assert '<option value="breast-cancer">Breast cancer</option>' in html
    html = client.get("/en/experts/", {"specialty": "breast-cancer"}).content.decode()
    assert "Huang Jun" in html and "Li Mei" not in html
    breast.name_en = "Breast tumours"
    breast.save()
    assert '<option value="breast-cancer">Breast tumours</option>' in client.get("/en/experts/").content.decode()
    with override("zh-hans"):
        assert 'lang="en">Breast tumours</option>' in client.get("/zh-hans/experts/").content.decode()


def test_directory_ignores_unknown_filter_values_without_error(client):
    ExpertFactory(name_en="Li Mei")
    response = client.get("/en/experts/", {"specialty": "nope", "hospital": "x", "page": "999", "q": "x" * 500})
    assert response.status_code == 200


def test_directory_hides_unpublished_experts(client):
    ExpertFactory(name_en="Hidden Doctor", published=False)
    assert b"Hidden Doctor" not in client.get("/en/experts/").content


def test_directory_with_500_experts_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    hospital, lung, thai = HospitalFactory(), SpecialtyFactory(), SpokenLanguageFactory()
    Expert.objects.bulk_create([Expert(name_en=f"Doctor {n}", slug_en=f"doctor-{n}", published=True, hospital=hospital)
                                for n in range(500)])  # fmt: skip
    for expert in Expert.objects.all()[:50]:
        expert.specialties.add(lung)
        expert.languages.add(thai)
    with django_assert_max_num_queries(10):
        response = client.get("/en/experts/", {"page": 3})
    assert response.status_code == 200 and response.content.count(b'class="card h-100') == 24
    with django_assert_max_num_queries(10):
        assert client.get("/en/experts/", {"specialty": lung.slug, "language": "th", "q": "Doctor"}).status_code == 200


@pytest.fixture
def wang():
    expert = ExpertFactory(name_en="Wang Ligen", name_zh_hans="王立根", name_native="王立根", practice_since=1985,
                           biography_en="<p>Forty years of radiotherapy.</p><script>alert(1)</script>")  # fmt: skip
    PublicationFactory(
        title="Small Cell Carcinoma of the Uterine Cervix",
        year=2020,
        month=2,
        doi="10.1136/ijgc-2019-000612",
        pmid="31848120",
        journal="International Journal of Gynecological Cancer",
        sci_indexed=True,
        experts=[expert],
        authors=["LI Junyun", "OUYANG Yi", "TAO Yalan", "WANG Ligen", "LI Mingyi", "GAO Lei", "CAO Xinping"],
    )
    Authorship.objects.filter(name="WANG Ligen").update(expert=expert)
    PublicationFactory(title="Brain metastasis review", kind="review", year=2002, experts=[expert])
    return expert


def test_profile_shows_vancouver_citations_grouped_by_year_with_links(client, wang):
    html = client.get("/en/experts/wang-ligen/").content.decode()
    assert "Li J, Ouyang Y, Tao Y, <strong>Wang L</strong>, Li M, Gao L, et al." in html
    assert "International Journal of Gynecological Cancer. 2020 Feb;30(2):174-80." in html
    assert 'href="https://doi.org/10.1136/ijgc-2019-000612"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/31848120/"' in html
    assert "author 4 of 7" in html
    assert html.index(">2020</h3>") < html.index(">2002</h3>")
    assert "<script>alert" not in html


def test_each_citation_says_the_language_its_title_is_written_in(client, wang):
    PublicationFactory(title="颅内转移瘤的放射治疗", language="", year=2010, experts=[wang])
    # A Chinese paper listed under its English title: the title is English.
    PublicationFactory(title="Heavy-ion therapy for glioma", language="zh", year=2011, experts=[wang])
    html = client.get("/th/experts/wang-ligen/").content.decode()
    citations = dict(
        (title, lang)
        for lang, body in re.findall(r'<span class="citation" lang="([^"]+)">(.*?)</span>', html, re.S)
        for title in ("颅内转移瘤的放射治疗", "Heavy-ion therapy for glioma")
        if title in body
    )
    assert citations == {"颅内转移瘤的放射治疗": "zh", "Heavy-ion therapy for glioma": "en"}


def test_profile_filters_publications_by_type(client, wang):
    html = client.get("/en/experts/wang-ligen/", {"type": "review"}).content.decode()
    assert '<cite class="fst-normal">Brain metastasis review.</cite>' in html
    assert '<cite class="fst-normal">Small Cell' not in html
    assert "Review (1)" in html and "All (2)" in html


def test_profile_links_to_the_consultation_form_with_the_expert(client, wang):
    html = client.get("/en/experts/wang-ligen/").content.decode()
    assert f'href="{reverse("consultations:form")}?expert=wang-ligen"' in html


def test_profile_has_physician_json_ld_with_scholarly_articles(client, wang):
    html = client.get("/en/experts/wang-ligen/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Physician" and data["alternateName"] == "王立根"
    assert {article["@type"] for article in data["subjectOf"]} == {"ScholarlyArticle"}
    assert data["subjectOf"][0]["identifier"]["value"] == "10.1136/ijgc-2019-000612"


def test_profile_uses_the_translated_slug_and_redirects_other_languages_slugs(client, wang):
    assert client.get("/zh-hans/experts/王立根/").status_code == 200
    response = client.get("/zh-hans/experts/wang-ligen/")
    assert response.status_code == 301 and response["Location"] == "/zh-hans/experts/%E7%8E%8B%E7%AB%8B%E6%A0%B9/"
    with override("zh-hans"):
        assert wang.get_absolute_url() == "/zh-hans/experts/%E7%8E%8B%E7%AB%8B%E6%A0%B9/"


def test_profile_shows_fallback_notice_where_text_is_not_translated(client, wang):
    html = client.get("/th/experts/wang-ligen/").content.decode()
    assert "fallback-notice" in html and 'lang="en"' in html


def test_unpublished_and_unknown_profiles_are_not_found(client):
    ExpertFactory(name_en="Hidden Doctor", published=False)
    assert client.get("/en/experts/hidden-doctor/").status_code == 404
    assert client.get("/en/experts/nobody/").status_code == 404


def test_profile_with_300_publications_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    expert = ExpertFactory(name_en="Huang Jun", practice_since=1988)
    expert.specialties.add(SpecialtyFactory())
    expert.languages.add(SpokenLanguageFactory())
    colleague = ExpertFactory(name_en="Colleague")
    pubs = Publication.objects.bulk_create(
        [
            Publication(
                title=f"Paper {n}", year=1990 + n % 30, kind="article" if n % 3 else "review", doi=f"10.5555/p.{n}"
            )
            for n in range(300)
        ]
    )
    expert.publications.add(*pubs)
    Authorship.objects.bulk_create([Authorship(publication=p, position=i + 1, name=f"AUTHOR{i} Name",
                                               expert=expert if i == 2 else colleague if i == 0 else None)
                                    for p in pubs for i in range(8)])  # fmt: skip
    with django_assert_max_num_queries(10):
        response = client.get(expert.get_absolute_url())
    assert response.content.count(b'class="publication ') == 300
    with django_assert_max_num_queries(10):
        assert client.get(expert.get_absolute_url(), {"type": "review"}).content.count(b'class="publication ') == 100


@pytest.mark.parametrize("fmt, marker", [("bib", "@article{"), ("ris", "TY  - JOUR"), ("csv", "authors,title")])
def test_profile_publication_list_downloads(client, wang, fmt, marker):
    response = client.get(f"/en/experts/wang-ligen/publications.{fmt}")
    assert response.status_code == 200 and marker in response.content.decode()
    assert "attachment" in response["Content-Disposition"]
    assert client.get("/en/experts/wang-ligen/publications.xls").status_code == 404


def test_home_page_shows_featured_experts_in_fixed_queries(client, django_assert_max_num_queries):
    for n in range(8):
        ExpertFactory(name_en=f"Featured {n}", featured=True)
    ExpertFactory(name_en="Not Featured")
    with django_assert_max_num_queries(8):
        html = client.get("/en/").content.decode()
    assert html.count("Featured ") == 4 and "Not Featured" not in html


def test_sitemap_lists_published_experts_in_every_language(client, wang):
    ExpertFactory(name_en="Hidden Doctor", published=False)
    xml = sitemap_text(client)
    assert "/en/experts/wang-ligen/" in xml and "/zh-hans/experts/%E7%8E%8B%E7%AB%8B%E6%A0%B9/" in xml
    assert "hidden-doctor" not in xml


def test_expert_cards_show_photo_native_name_titles_hospital_and_fallback_language(client, settings, tmp_path):
    """The cards of the directory and the home page (expert_tags.expert_card)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 180, 160)).save(buffer, "JPEG")
    expert = ExpertFactory(name_en="Wang Ligen", name_native="王立根", titles_en="Chief Physician\nProfessor",
                           summary_en="Heavy-ion <therapy> " * 14, featured=True,
                           hospital=HospitalFactory(name_en="Modern Cancer Hospital Guangzhou"),
                           photo=SimpleUploadedFile("wang.jpg", buffer.getvalue()))  # fmt: skip
    with override("th"):
        address = expert.get_absolute_url()
    for url, level in (("/th/experts/", "h2"), ("/th/", "h3")):
        html = client.get(url).content.decode()
        card = html[html.index('<article class="card h-100 expert-card">') :]
        card = card[: card.index("</article>")]
        assert '<img src="' in card and 'alt="Wang Ligen"' in card and 'class="img-fluid rounded-start"' in card
        assert (
            f'<{level} class="h5 card-title mb-1"><a class="stretched-link" href="{address}" lang="en">Wang Ligen</a>'
            in card
        )
        assert '<p class="mb-1 text-body-secondary" lang="zh-Hans">王立根</p>' in card
        assert '<p class="small mb-1" lang="en">Chief Physician · Professor</p>' in card
        assert '<span lang="en">Modern Cancer Hospital Guangzhou</span>' in card
        assert "Heavy-ion &lt;therapy&gt;" in card and "…</p>" in card
