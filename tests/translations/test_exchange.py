"""XLIFF 2 and PO files go to an agency and come back: previewed, stale segments refused, applied as revisions."""

import re
import xml.etree.ElementTree as ET

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.news.factories import NewsItemFactory
from translations.formats import XLIFF_NS
from translations.models import TranslationState

pytestmark = pytest.mark.django_db
NS = {"x": XLIFF_NS}


def export(client, kind="xliff", language="zh-hans"):
    response = client.post(reverse("admin:translations_export"), {"language": language, "format": kind})
    assert response.status_code == 200, response.content[:500]
    return response.content


def translate_xliff(content, translations):
    """What an agency's tool does: fill in each unit's target."""
    root = ET.fromstring(content)
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        field = unit.get("id").rsplit(".", 1)[1]
        if field in translations:
            unit.find("x:segment/x:target", NS).text = translations[field]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def upload(client, content, name="back.xlf", language="zh-hans"):
    return client.post(reverse("admin:translations_import"),
                       {"language": language, "file": SimpleUploadedFile(name, content)})  # fmt: skip


def confirm(client, preview):
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    return client.post(reverse("admin:translations_import"), {"token": token, "confirm": "1"})


def test_xliff_export_translated_by_a_script_imports_back_after_preview(zh_client, translator):
    item = NewsItemFactory(title_en="Proton therapy", body_en="<p>Dose of {dose} Gy in <em>five</em> sessions.</p>")
    content = export(zh_client)
    root = ET.fromstring(content)
    assert root.get("version") == "2.0" and root.get("trgLang") == "zh-Hans"
    unit = root.find(f".//x:unit[@id='news.newsitem.{item.pk}.body']", NS)
    assert unit.get("{urn:x-international-cancer-care:translation}fingerprint")
    assert unit.find("x:segment/x:source", NS).text == item.body_en
    returned = translate_xliff(content, {"title": "质子治疗", "body": "<p>{dose} Gy 剂量，分<em>五</em>次。</p>"})
    preview = upload(zh_client, returned)
    assert preview.status_code == 200
    assert "will be applied" in preview.text
    item.refresh_from_db()
    assert not item.title_zh_hans  # nothing written before confirmation
    response = confirm(zh_client, preview)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_zh_hans == "质子治疗"
    assert item.body_zh_hans == "<p>{dose} Gy 剂量，分<em>五</em>次。</p>"
    states = TranslationState.objects.for_object(item).filter(language="zh-hans", field__in=["title", "body"])
    assert {s.status for s in states} == {"current"}
    revision = item.history.order_by("-history_date").first()
    assert revision.history_change_reason == "translation-import" and revision.history_user == translator


def test_import_against_a_changed_source_is_refused_as_stale(zh_client):
    item = NewsItemFactory(title_en="Proton therapy")
    returned = translate_xliff(export(zh_client), {"title": "质子治疗"})
    item.title_en = "Proton therapy in 2026"
    item.save()
    preview = upload(zh_client, returned)
    assert "stale" in preview.text
    assert 'name="confirm"' not in preview.text or "质子治疗" not in preview.text.split("outcome-apply")[-1]
    item.refresh_from_db()
    assert not item.title_zh_hans


def test_source_changing_between_preview_and_confirmation_is_not_applied(zh_client):
    item = NewsItemFactory(title_en="Proton therapy")
    preview = upload(zh_client, translate_xliff(export(zh_client), {"title": "质子治疗"}))
    item.title_en = "Proton therapy, revised"
    item.save()
    confirm(zh_client, preview)
    item.refresh_from_db()
    assert not item.title_zh_hans


def test_po_round_trip_keeps_fingerprints_and_markup(zh_client):
    item = NewsItemFactory(body_en='<p>See <a href="https://example.org/">the study</a>.</p>')
    po = polib.pofile(export(zh_client, "po").decode())
    entry = next(e for e in po if e.msgctxt.startswith(f"news.newsitem.{item.pk}.body|"))
    assert len(entry.msgctxt.split("|")[1]) == 64
    entry.msgstr = '<p>见<a href="https://example.org/" onclick="steal()">该研究</a>。</p>'
    preview = upload(zh_client, str(po).encode(), "back.po")
    confirm(zh_client, preview)
    item.refresh_from_db()
    assert item.body_zh_hans.startswith('<p>见<a href="https://example.org/"')
    assert "onclick" not in item.body_zh_hans


def test_unknown_malformed_and_broken_segments_are_reported_with_their_position(zh_client):
    item = NewsItemFactory(body_en="<p>{dose} Gy</p>")
    content = export(zh_client)
    root = ET.fromstring(content)
    units = list(root.iter(f"{{{XLIFF_NS}}}unit"))
    units[0].set("id", "news.newsitem.999999.title")
    body = root.find(f".//x:unit[@id='news.newsitem.{item.pk}.body']", NS)
    body.find("x:segment/x:target", NS).text = "<p>Gy</p>"  # the placeholder was lost
    preview = upload(zh_client, ET.tostring(root, encoding="utf-8"))
    assert "unit 1" in preview.text and "unknown segment" in preview.text
    assert "Placeholders of the source are missing: {dose}" in preview.text
    broken = upload(zh_client, b"<xliff version='2.0'><file><unit></file>")
    assert broken.status_code == 200 and "not well-formed XML (line 1" in broken.text
    hostile = upload(zh_client, b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    assert "DOCTYPE" in hostile.text
    wrong_language = upload(zh_client, content.replace(b'trgLang="zh-Hans"', b'trgLang="th"'))
    assert "not “zh-Hans”" in wrong_language.text
    not_po = upload(zh_client, b'msgid "a"\nmsgstr ', "x.po")
    assert not_po.status_code == 200 and "PO file cannot be read" in not_po.text
    item.refresh_from_db()
    assert not item.body_zh_hans


def test_translator_cannot_import_into_a_language_not_theirs(zh_client):
    NewsItemFactory()
    response = upload(zh_client, b"<x/>", language="ar")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_export_of_a_selection_from_the_queue(zh_client):
    from django.contrib.contenttypes.models import ContentType

    chosen, other = NewsItemFactory(title_en="Chosen"), NewsItemFactory(title_en="Other")
    queue = zh_client.get(reverse("admin:translations_queue") + "?language=zh-hans").text
    content_type = ContentType.objects.get_for_model(chosen).pk
    assert f'name="object" value="{content_type}-{chosen.pk}"' in queue
    response = zh_client.post(reverse("admin:translations_export"), {
        "language": "zh-hans", "format": "po", "object": [f"{content_type}-{chosen.pk}", "junk"]})  # fmt: skip
    po = polib.pofile(response.content.decode())
    keys = {entry.msgctxt.split("|")[0] for entry in po}
    assert f"news.newsitem.{chosen.pk}.title" in keys
    assert not any(key.startswith(f"news.newsitem.{other.pk}.") for key in keys)
    assert response["Content-Disposition"] == 'attachment; filename="translations-zh-hans.po"'
