"""`make screenshots` draws full pages at the requested widths (tools/screenshots.py's capture())."""

from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from tools.screenshots import PAGE_TYPES, capture

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("consultation_settings"),  # load_demo creates consultation requests
]


def test_every_page_type_of_the_demo_is_drawn_at_phone_width_in_arabic(live_server, browser, tmp_path):
    call_command("setup_roles", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    written = capture(browser, live_server.url, tmp_path, languages=["ar"], widths=[390])
    assert sorted(path.name for path in written) == sorted(f"{p.name}-390.png" for p in PAGE_TYPES)
    for path in written:
        with Image.open(path) as image:
            # The whole page, and no sideways scrolling (wider than the phone would be a defect).
            assert image.width == 390, path.name
            assert image.height >= 600, path.name
