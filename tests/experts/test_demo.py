"""load_demo: the reference expert with his three papers as printed, and idempotence."""

import pytest
from django.core.management import call_command

from experts.models import Expert, Publication

pytestmark = pytest.mark.django_db


def test_demo_has_the_reference_profile_and_is_idempotent(client):
    call_command("setup_roles")
    call_command("load_demo")
    counts = (Expert.objects.count(), Publication.objects.count())
    call_command("load_demo")
    assert (Expert.objects.count(), Publication.objects.count()) == counts
    wang = Expert.objects.get(slug_en="wang-ligen")
    assert wang.name_native == "王立根" and wang.photo_renditions["items"] and wang.user.username == "wang.ligen"
    papers = {p.title[:20]: p for p in Publication.objects.of_expert(wang).for_listing()}
    assert len(papers) == 3
    cervix = papers["Small Cell Carcinoma"]
    assert (cervix.journal, cervix.year, cervix.month, cervix.volume, cervix.issue, cervix.pages, cervix.doi) == (
        "International Journal of Gynecological Cancer",
        2020,
        2,
        "30",
        "2",
        "174-180",
        "10.1136/ijgc-2019-000612",
    )
    shen = papers["Californium-252 (²⁵²"]
    assert shen.author_names[:4] == ["SHEN Qian", "YE Ling", "TIAN Yunhong", "WANG Ligen"]
    assert len(shen.author_names) == 12 and shen.authorships.get(expert=wang).position == 4
    huang = Expert.objects.get(slug_en="huang-jun")
    assert huang.publications.count() == 300
    assert client.get("/zh-hans/experts/").status_code == 200
    assert "王立根" in client.get("/zh-hans/experts/王立根/").content.decode()


def test_physician_demo_account_gets_a_password_printed_once(monkeypatch):
    from io import StringIO

    from django.contrib.auth import get_user_model

    monkeypatch.delenv("DJANGO_PHYSICIAN_PASSWORD", raising=False)
    call_command("setup_roles")
    first = StringIO()
    call_command("load_demo", stdout=first)
    line = next(line for line in first.getvalue().splitlines() if "Physician demo account created" in line)
    password = line.rsplit(" ", 1)[1]
    user = get_user_model().objects.get(username="wang.ligen")
    assert user.check_password(password) and user.groups.filter(name="Physician").exists()

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert password not in again.getvalue() and "unchanged" in again.getvalue()
    user.refresh_from_db()
    assert user.check_password(password)

    monkeypatch.setenv("DJANGO_PHYSICIAN_PASSWORD", "Chosen-by-the-operator-2026")
    call_command("load_demo", stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("Chosen-by-the-operator-2026")


def test_the_physician_account_is_linked_through_a_revision(monkeypatch):
    monkeypatch.delenv("DJANGO_PHYSICIAN_PASSWORD", raising=False)
    call_command("load_demo")
    wang = Expert.objects.get(slug_en="wang-ligen")
    latest = wang.history.latest()
    assert wang.user.username == "wang.ligen" and latest.user_id == wang.user_id
    revisions = wang.history.count()
    call_command("load_demo")
    assert wang.history.count() == revisions  # linked once; a second run writes nothing
