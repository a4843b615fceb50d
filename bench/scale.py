"""The benchmark's scale dataset, built with bulk inserts on top of the demo content.

10,000 news items across the eight languages, 2,000 experts, 100,000 publications (one expert
holds 300 of them), 1,000 CMS pages and 200,000 consultation requests, then the search index.
Rows are written as the models' save() would write them (slugs, derived tree fields, title keys),
but in batches, so the whole set takes well under three minutes on SQLite.
"""

import random
import time
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

BATCH = 2000
SIZES = {"news": 10_000, "experts": 2_000, "publications": 100_000, "pages": 1_000, "consultations": 200_000}
# Titles in each language, so that every language has text of its own script (CJK, Thai, Bengali, Arabic).
WORDS = {
    "en": "heavy ion proton therapy lung liver pancreas tumour survival trial outcome radiotherapy centre",
    "zh-hans": "重离子 质子 治疗 肺癌 肝癌 胰腺癌 肿瘤 生存 临床 研究 放疗 中心",
    "id": "terapi ion berat proton kanker paru hati pankreas tumor kelangsungan hidup uji klinis",
    "ms": "terapi ion berat proton kanser paru-paru hati pankreas tumor kemandirian ujian klinikal",
    "th": "การรักษา ไอออนหนัก โปรตอน มะเร็งปอด มะเร็งตับ เนื้องอก การรอดชีวิต การทดลอง",
    "vi": "liệu pháp ion nặng proton ung thư phổi gan tụy khối u sống sót thử nghiệm",
    "bn": "ভারী আয়ন প্রোটন থেরাপি ফুসফুস ক্যান্সার যকৃৎ টিউমার বেঁচে থাকা পরীক্ষা",
    "ar": "العلاج بالأيونات الثقيلة البروتون سرطان الرئة الكبد الورم البقاء التجربة السريرية",
}


_POOL = {}


def _text(rng, code, words):
    """Text of `words` words in the language `code`, from a small pool (random words are slow to make)."""
    key = (code, words)
    if key not in _POOL:
        vocabulary = WORDS[code].split()
        _POOL[key] = [" ".join(rng.choice(vocabulary) for _ in range(words)) for _ in range(64)]
    return _POOL[key][rng.randrange(64)]


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def _insert(model, rows):
    """INSERT dicts of field values with executemany: for the largest tables, where building model
    instances would be most of the time. Fields not given take their default, as in save()."""
    if not rows:
        return
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key or field.attname in rows[0]]
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.attname not in rows[0]:
            defaults[field.attname] = field.get_default()
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    prepared = [
        [field.get_db_prep_save(row.get(field.attname, defaults.get(field.attname)), connection) for field in fields]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 10 * BATCH):
            cursor.executemany(sql, prepared[start : start + 10 * BATCH])


def build(stdout=None, search_index=True):
    """Add the scale dataset; returns {what: seconds}. Run once, on a database with the demo content.
    `search_index=False` leaves the search index out (the admin benchmark does not read it)."""
    from hospital.i18n import language_codes, localized

    rng = random.Random(16)
    codes = language_codes()
    timings = {}
    with transaction.atomic():
        for name, step in (
            ("news", _news),
            ("experts", _experts),
            ("publications", _publications),
            ("pages", _pages),
            ("consultations", _consultations),
        ):
            began = time.perf_counter()
            step(rng, codes, localized)
            timings[name] = time.perf_counter() - began
            if stdout:
                stdout.write(f"  {name}: {SIZES[name]:,} in {timings[name]:.1f} s\n")
    if search_index:
        began = time.perf_counter()
        from search.indexes import rebuild

        rebuild(batch_size=BATCH)
        timings["search index"] = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return timings


def _news(rng, codes, localized):
    from hospital.models import Hospital
    from news.models import Category, NewsItem, Status

    categories = list(Category.objects.all())
    hospitals = list(Hospital.objects.all())
    now = timezone.now()
    rows = []
    for i in range(SIZES["news"]):
        home = codes[i % len(codes)]
        values = {}
        for code in codes:
            # Every item in English, most also in its own language, a quarter in all eight.
            if code == "en" or code == home or i % 4 == 0:
                values[localized("title", code)] = f"{_text(rng, code, 7)} {i}"
                values[localized("slug", code)] = f"{code}-scale-news-{i}"
                values[localized("summary", code)] = _text(rng, code, 30)
        values[localized("body", "en")] = "".join(f"<p>{_text(rng, 'en', 80)}</p>" for _ in range(4))
        if home != "en":
            values[localized("body", home)] = "".join(f"<p>{_text(rng, home, 80)}</p>" for _ in range(4))
        rows.append(
            NewsItem(
                category=rng.choice(categories) if categories else None,
                hospital=rng.choice(hospitals) if hospitals else None,
                status=Status.PUBLISHED if i % 50 else Status.DRAFT,
                publish_at=now - timedelta(hours=i + 1),
                **values,
            )
        )
    _bulk(NewsItem, rows)


def _experts(rng, codes, localized):
    from experts.models import Expert
    from hospital.models import Department, Hospital

    hospitals = list(Hospital.objects.all())
    departments = list(Department.objects.all())
    rows = []
    for i in range(SIZES["experts"]):
        values = {localized("name", "en"): f"Dr Scale Expert {i}", localized("slug", "en"): f"scale-expert-{i}"}
        values[localized("summary", "en")] = _text(rng, "en", 14)
        values[localized("titles", "en")] = "Chief Physician\nProfessor"
        values[localized("biography", "en")] = f"<p>{_text(rng, 'en', 120)}</p>"
        home = codes[i % len(codes)]
        if home != "en":
            values[localized("name", home)] = f"{_text(rng, home, 2)} {i}"
            values[localized("summary", home)] = _text(rng, home, 14)
        rows.append(
            Expert(
                hospital=rng.choice(hospitals) if hospitals else None,
                department=rng.choice(departments) if departments else None,
                name_native=f"专家{i}",
                practice_since=1980 + i % 40,
                published=True,
                order=i,
                **values,
            )
        )
    _bulk(Expert, rows)


def _publications(rng, codes, localized):
    from experts.identifiers import title_key
    from experts.models import Authorship, Expert, Publication

    experts = list(
        Expert.objects.filter(slug_en__startswith="scale-expert-").order_by("pk").values_list("pk", flat=True)
    )
    holder = experts[0]  # scale-expert-0 holds 300 publications
    total = SIZES["publications"]
    first_pk = (Publication.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    publications, links, authorships = [], [], []
    through = Publication.experts.through
    for i in range(total):
        pk = first_pk + i
        title = f"{_text(rng, 'en', 12).capitalize()} ({i})"
        publications.append(
            dict(
                id=pk,
                title=title,
                title_key=title_key(title),
                journal="Int J Radiat Oncol Biol Phys",
                year=1995 + i % 31,
                month=1 + i % 12,
                volume=str(80 + i % 40),
                issue=str(1 + i % 6),
                pages=f"{100 + i % 900}-{110 + i % 900}",
                doi=f"10.1016/scale.{i}",
                pmid=str(30_000_000 + i),
                abstract=_text(rng, "en", 60),
                sci_indexed=bool(i % 3),
                language="en",
            )
        )
        owner = holder if i < 300 else experts[1 + (i % (len(experts) - 1))]
        links.append({"publication_id": pk, "expert_id": owner})
        for position in range(3):
            authorships.append(
                {
                    "publication_id": pk,
                    "position": position + 1,
                    "name": f"Author{position} {chr(65 + i % 26)}",
                    "expert_id": owner if position == 0 else None,
                }
            )
    _insert(Publication, publications)
    _insert(through, links)
    _insert(Authorship, authorships)


def _pages(rng, codes, localized):
    from hospital.models import Page

    # Ten sections, each with 99 children: one bulk insert per level, tree fields derived as save() does.
    sections = []
    for s in range(10):
        slug = f"scale-section-{s}"
        values = {localized("title", "en"): f"Section {s}"}
        for code in codes:
            values[localized("slug", code)] = slug
            values[localized("url_path", code)] = slug
        sections.append(
            Page(
                order=1000 + s,
                published=True,
                in_menu=False,
                depth=1,
                ancestor_ids=[],
                body_en=f"<p>{_text(rng, 'en', 100)}</p>",
                **values,
            )
        )
    _bulk(Page, sections)
    sections = list(Page.objects.filter(slug_en__startswith="scale-section-").order_by("order"))
    for page in sections:
        page.sort_key = f"{page.order:05d}.{page.pk:08d}"
    Page.objects.bulk_update(sections, ["sort_key"])
    children = []
    per_section = (SIZES["pages"] - len(sections)) // len(sections)
    for page in sections:
        for c in range(per_section):
            slug = f"scale-page-{c}"
            values = {localized("title", code): _text(rng, code, 4) for code in ("en", codes[c % len(codes)])}
            for code in codes:
                values[localized("slug", code)] = slug
                values[localized("url_path", code)] = f"{page.slug_en}/{slug}"
            children.append(
                Page(
                    parent=page,
                    order=c,
                    published=True,
                    in_menu=False,
                    depth=2,
                    ancestor_ids=[page.pk],
                    sort_key=f"{page.sort_key}/{c:05d}.{0:08d}",
                    body_en=f"<p>{_text(rng, 'en', 200)}</p>",
                    **values,
                )
            )
    _bulk(Page, children)


def _consultations(rng, codes, localized):
    from consultations.models import ConsultationRequest
    from consultations.workflow import Status
    from experts.models import Expert
    from hospital.models import Specialty

    cancer_types = list(Specialty.objects.cancer_types().values_list("pk", flat=True)) or [None]
    experts = list(Expert.objects.values_list("pk", flat=True)[:200]) or [None]
    statuses = [value for value, _label in Status.choices]
    now = timezone.now()
    rows = []
    for i in range(SIZES["consultations"]):
        created = now - timedelta(minutes=3 * i)
        rows.append(
            dict(
                reference=f"HC-S{i:011d}"[:20],
                form_token=uuid.UUID(int=rng.getrandbits(128)),
                patient_name=f"Patient {i}",
                cancer_type_id=rng.choice(cancer_types),
                phone=f"+6281{i:08d}",
                age=20 + i % 70,
                email=f"patient{i}@example.com",
                country=rng.choice(["ID", "MY", "TH", "VN", "BD"]),
                preferred_language=codes[i % len(codes)],
                preferred_expert_id=rng.choice(experts),
                message=_text(rng, "en", 25),
                consent_notice_version="2026-01",
                consent_language="en",
                consent_at=created,
                status=statuses[i % len(statuses)],
                created_at=created,
                status_changed_at=created,
                reply_due_at=created + timedelta(days=2),
            )
        )
        if len(rows) == 20_000:
            _insert(ConsultationRequest, rows)
            rows = []
    _insert(ConsultationRequest, rows)


def sample_pages():
    """The page types every benchmark measures, found in the scale dataset (never guessed).

    Returns `(pages, objects)`: `(label, path)` pairs in table order, and the objects behind them
    ("item", "big", ...) for a script that measures one of them in another language too.
    """
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from experts.models import Expert
    from hospital.models import Page
    from news.models import Event, NewsItem

    with translation.override("en"):
        big = Expert.objects.get(slug_en="scale-expert-0")
        short = Expert.objects.published().annotate(n=Count("publications")).filter(n__lte=5).order_by("pk").first()
        item = NewsItem.objects.published().newest_first().first()
        event = Event.objects.published().upcoming().first() or Event.objects.published().first()
        page = Page.objects.published().filter(depth=2).order_by("sort_key").first()
        pages = [
            ("home en", reverse("hospital:home")),
            ("expert directory", reverse("experts:list")),
            ("short profile", short.get_absolute_url()),
            (f"profile, {big.publications.count()} publications", big.get_absolute_url()),
            ("news list", reverse("news:list")),
            ("news item", item.get_absolute_url()),
            ("events list", reverse("events:list")),
            ("event", event.get_absolute_url()),
            ("CMS page", page.get_absolute_url()),
        ]
    with translation.override("zh-hans"):
        pages.insert(1, ("home zh-hans", reverse("hospital:home")))
    return pages, {"big": big, "short": short, "item": item, "event": event, "page": page}
