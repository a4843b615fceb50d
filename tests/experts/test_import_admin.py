"""The admin's import: a per-entry preview with each entry's fate, then an explicit choice to import the valid ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from experts.models import Publication

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db

MIXED = """@article{good, title = {Carbon ions for sacral chordoma}, author = {Wang, Ligen and Li, J}, year = 2020,
  journal = {Radiother Oncol}, volume = {30}, pages = {174--180}, doi = {10.1000/good}}
@article{bad, title = {Broken DOI}, author = {Wang, Ligen}, year = 2020, doi = {10.abc/nope}}
@article{other, title = {Someone else's paper}, author = {Zhou, Xin}, year = 2019}
@article{maybe, title = {Heavy ions}, author = {Wang, Ligen}, year = 2018}
@set{group, entryset = {good, other}}
"""


@pytest.fixture
def setup(editor_client):
    expert = ExpertFactory(name_en="Wang Ligen")
    existing = PublicationFactory(title="Heavy Ions", year=2018, authors=["Wang L"], experts=[ExpertFactory()])
    url = reverse("admin:experts_expert_import", args=[expert.pk])
    return editor_client, expert, existing, url


def preview(client, url, text=MIXED):
    return client.post(url, {"file": SimpleUploadedFile("list.bib", text.encode())})


def test_the_preview_lists_every_entry_with_its_fate_and_stores_nothing(setup):
    client, expert, existing, url = setup
    response = preview(client, url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<tr class="import-') == 5
    assert 'class="import-create" id="import-entry-1"' in html and "DOI 10.1000/good" in html
    assert "Radiother Oncol 2020; 30:174-180" in html and "author position 1" in html
    assert 'class="import-skip" id="import-entry-2"' in html and "is not a DOI" in html and "line 3" in html
    assert "Wang Ligen is not among the authors" in html.replace("&#x27;", "'")
    assert 'class="import-possible" id="import-entry-4"' in html and 'name="duplicate-4"' in html
    assert "@set" in html and "Import the 2 valid entries" in html and 'name="cancel"' in html
    assert Publication.objects.count() == 1


def test_importing_the_valid_entries_keeps_the_skipped_ones_out(setup):
    client, expert, existing, url = setup
    preview(client, url)
    response = client.post(url, {"confirm": "1"}, follow=True)
    html = response.content.decode()
    assert "3 entries were skipped" not in html and "2 entries were skipped" in html
    titles = set(Publication.objects.of_expert(expert).values_list("title", flat=True))
    assert titles == {"Carbon ions for sacral chordoma", "Someone else's paper"}
    assert expert not in existing.experts.all()


def test_the_physician_decides_a_possible_duplicate_is_the_same_paper(setup):
    client, expert, existing, url = setup
    preview(client, url)
    client.post(url, {"confirm": "1", "duplicate-4": "link"})
    assert expert in existing.experts.all() and Publication.objects.filter(title__iexact="heavy ions").count() == 1


def test_the_physician_decides_a_possible_duplicate_is_another_paper(setup):
    client, expert, existing, url = setup
    preview(client, url)
    client.post(url, {"confirm": "1", "duplicate-4": "new"})
    assert Publication.objects.filter(title__iexact="heavy ions").count() == 2


def test_import_nothing_stores_nothing_and_forgets_the_file(setup):
    client, expert, existing, url = setup
    preview(client, url)
    response = client.post(url, {"cancel": "1"}, follow=True)
    assert "Nothing was imported." in response.content.decode()
    assert Publication.objects.count() == 1
    assert "upload the file again" in client.post(url, {"confirm": "1"}, follow=True).content.decode()


def test_a_file_where_nothing_is_valid_offers_no_import(setup):
    client, expert, existing, url = setup
    html = preview(client, url, "@article{a, author = {X, Y}, year = 2020}").content.decode()
    assert "the entry has no title" in html and 'name="confirm"' not in html


def test_a_latex_decoder_crash_is_no_500(setup):
    client, expert, existing, url = setup
    response = preview(client, url, r"@article{a, title = {See \href{https://e.org}{here}}, year = 2020}")
    assert response.status_code == 200 and "See here" in response.content.decode()
