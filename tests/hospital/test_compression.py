"""Kept fragments are compressed once and joined so into each page (hospital.compression): the
page a browser inflates is the page as rendered, in either encoding, and follows every change."""

import gzip
import urllib.parse

import pytest

from experts.models import Publication
from tests.experts.factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db
GZIP = {"accept-encoding": "gzip, deflate"}


@pytest.fixture
def fragments_only(settings):
    """Pages rendered every time (no page cache), their costly parts kept as in production."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def profile():
    expert = ExpertFactory(name_en="Dr Shen Qian")
    PublicationFactory.create_batch(40, experts=[expert])
    return expert.get_absolute_url()


def test_a_profile_inflates_to_the_page_as_rendered(fragments_only, profile, client, referenced_pieces):
    plain = client.get(profile)
    first = client.get(profile, headers=GZIP)
    referenced_pieces.clear()
    kept = client.get(profile, headers=GZIP)
    assert plain.status_code == first.status_code == kept.status_code == 200
    assert "Content-Encoding" not in plain and "\x00" not in plain.content.decode()
    for response in (first, kept):
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert gzip.decompress(response.content) == plain.content
    # The kept publication list went out as it was compressed when it was kept.
    pieces = referenced_pieces
    assert pieces and all(piece.deflated in kept.content for piece in pieces)
    assert any("Carbon-ion radiotherapy outcomes" in piece.text for piece in pieces)
    assert len(kept.content) < len(plain.content) / 3


def test_an_edit_changes_the_page_and_its_etag(fragments_only, profile, client):
    before = client.get(profile, headers=GZIP)
    assert client.get(profile, headers={**GZIP, "if-none-match": before["ETag"]}).status_code == 304
    Publication.objects.filter(pk=Publication.objects.order_by("pk")[0].pk).update(title="A renamed paper")
    after = client.get(profile, headers={**GZIP, "if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "A renamed paper" in gzip.decompress(after.content).decode()


def test_a_reference_typed_by_a_visitor_is_shown_as_typed(fragments_only, client):
    query = urllib.parse.quote("\x00precompressed:deadbeefdeadbeef\x00 proton")
    for headers in ({}, GZIP):
        response = client.get(f"/en/search/?q={query}", headers=headers)
        assert response.status_code in (200, 400)
        body = gzip.decompress(response.content) if response.get("Content-Encoding") else response.content
        assert b"deadbeefdeadbeef" in body or response.status_code == 400


def test_without_kept_fragments_pages_are_compressed_as_django_does(settings, profile, client, referenced_pieces):
    settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = False
    plain, compressed = client.get(profile), client.get(profile, headers=GZIP)
    assert not referenced_pieces
    assert gzip.decompress(compressed.content) == plain.content
