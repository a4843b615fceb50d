"""Every rich-text field of the admin is edited with the editor, in its language; nh3 stays the authority."""

import json
import re

import pytest
from django.urls import reverse

from hospital.editor import EXTENSIONS
from news.models import NewsItem, Status
from tests.experts.factories import ExpertFactory
from tests.hospital.factories import HospitalFactory, PageFactory, staff_in
from tests.news.factories import EventFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

LANGUAGE_FIELDS = {"en": "en", "zh-hans": "zh_hans", "id": "ind", "ms": "ms", "th": "th", "vi": "vi", "bn": "bn",
                   "ar": "ar"}  # fmt: skip


def textareas(html):
    return {m.group("name"): m.group(0) for m in re.finditer(r'<textarea name="(?P<name>[\w-]+)"[^>]*>', html)}


@pytest.mark.parametrize(
    "make, url_name, field",
    [
        (NewsItemFactory, "admin:news_newsitem_change", "body"),
        (NewsItemFactory, "admin:news_newsitem_change", "editors_note"),
        (EventFactory, "admin:news_event_change", "description"),
        (PageFactory, "admin:hospital_page_change", "body"),
        (ExpertFactory, "admin:experts_expert_change", "biography"),
        (HospitalFactory, "admin:hospital_hospital_change", "description"),
    ],
)
def test_each_rich_text_field_has_the_editor_in_each_language(client, roles, make, url_name, field):
    client.force_login(staff_in("Editor"))
    obj = make()
    response = client.get(reverse(url_name, args=[obj.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    fields = textareas(html)
    for code, suffix in LANGUAGE_FIELDS.items():
        tag = fields[f"{field}_{suffix}"]
        assert "data-django-prose-editor-configurable" in tag
        assert f'lang="{code}"' in tag and f'dir="{"rtl" if code == "ar" else "ltr"}"' in tag
    # The editor's JavaScript and CSS come from the site itself, with the page's CSP nonce.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for src in ("/static/django_prose_editor/editor.js", "/static/admin-editor/richtext.js"):
        assert re.search(rf'<script src="{src}" nonce="{nonce}" type="module">', html)
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "cdn" not in html.lower()


def test_the_editor_offers_only_the_markup_the_site_renders(client, roles):
    client.force_login(staff_in("Editor"))
    html = client.get(reverse("admin:news_newsitem_add")).content.decode()
    config = json.loads(re.search(r'data-django-prose-editor-configurable="([^"]+)"', html).group(1)
                        .replace("&quot;", '"'))  # fmt: skip
    offered = set(config["extensions"])
    assert {"Heading", "Bold", "Italic", "BulletList", "OrderedList", "Link", "Blockquote", "Table"} <= offered
    assert not offered & {"Image", "Figure", "HTML", "TextAlign", "Color", "Highlight", "Underline", "CodeBlock"}
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]} == EXTENSIONS["Heading"]


def test_the_server_sanitises_whatever_the_browser_sends(client, roles):
    client.force_login(staff_in("Editor"))
    item = NewsItemFactory(status=Status.DRAFT)
    data = {"title_en": item.title_en, "summary_en": "", "status": Status.DRAFT, "category": item.category_id,
            "publish_at_0": "2026-01-01", "publish_at_1": "10:00:00",
            "body_en": '<h2 style="color:red" onclick="x()">Results</h2><script>alert(1)</script><p>'
                       '<a href="javascript:alert(1)">bad</a> <a href="https://example.org" target="_blank">ok</a></p>',
            "body_ar": "<p></p>", "editors_note_en": "<p><br></p>",
            "key_figures-TOTAL_FORMS": "0", "key_figures-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(reverse("admin:news_newsitem_change", args=[item.pk]), data)
    assert response.status_code == 302
    item = NewsItem.objects.get(pk=item.pk)
    assert item.body_en == (
        '<h2>Results</h2><p><a rel="noopener noreferrer">bad</a> '
        '<a href="https://example.org" rel="noopener noreferrer">ok</a></p>'
    )
    # An editor left empty stores nothing, so the Arabic page falls back to English (and says so).
    assert item.body_ar in ("", None) and item.editors_note_en in ("", None)
