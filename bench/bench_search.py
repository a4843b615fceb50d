"""Site search latency, against a trivial view measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_news .venv/bin/python bench/bench_search.py
    BENCH_DATA_DIR=/tmp/scale .venv/bin/python bench/bench_search.py --scale

By default over 10,000 news items in a throwaway test database (test_<name>). With --scale, on
`make bench`'s scale dataset (bench/scale.py) under its production settings, page cache off: reused
from BENCH_DATA_DIR when `bench/bench_site.py --build-only` left a SQLite database there, otherwise
built first (a PostgreSQL database named by DATABASE_URL is created and dropped, as make bench does).
Through the full Django stack (test client: middleware, URL routing, templates); prints p50/p95 per
query and the ratio to /robots.txt.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
SCALE = "--scale" in sys.argv[1:]

if SCALE:
    import tempfile

    import bench_pages

    DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR") or tempfile.mkdtemp(prefix="bench-search-"))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    bench_pages.configure(DATA_DIR)
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_PAGE_CACHE_DIR=str(DATA_DIR / "cache"),
                      PAGE_CACHE="0", FRAGMENT_CACHE="0", DJANGO_ALLOWED_HOSTS="testserver")  # fmt: skip
else:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL", "")
CREATED_DB = SCALE and DATABASE_URL.startswith(("postgres", "pgsql")) and bench_pages.create_pg_database(DATABASE_URL)
django.setup()

from datetime import timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", 10_000))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 60))
WORDS = (
    "tumour radiotherapy carbon proton patient survival glioma pancreatic lung liver cervical breast "
    "ablation seed implantation hospital conference report clinical trial dose fraction imaging"
).split()
CJK = "重离子治疗 胶质瘤 胰腺癌 肺癌 质子 微创 冷冻消融 粒子植入 放疗 临床".split()
QUERIES = [("en", "glioma"), ("en", "carbon ion survival"), ("en", "pancreatic"), ("en", "xyzzy-nothing"),
           ("zh-hans", "重离子"), ("zh-hans", "胶质瘤"), ("en", "Ye Yancheng")]  # fmt: skip
# On the scale dataset (bench/scale.py's vocabulary): common and rare words, two-character Chinese words.
SCALE_QUERIES = [("en", "proton"), ("en", "heavy ion survival"), ("en", "pancreas trial"), ("en", "xyzzy-nothing"),
                 ("en", "radiotherapy 4242"), ("zh-hans", "重离子"), ("zh-hans", "肺癌"), ("zh-hans", "重离子 肝癌"),
                 ("th", "มะเร็งปอด"), ("vi", "ung thư phổi")]  # fmt: skip


def populate():
    from news.models import Category, NewsItem, Status
    from search.indexes import rebuild

    rng = random.Random(4)
    category = Category.objects.create(name_en="Clinical results", slug="clinical-results")
    now = timezone.now()
    items = []
    for n in range(ITEMS):
        words = " ".join(rng.choices(WORDS, k=120))
        item = NewsItem(
            title_en=f"{' '.join(rng.choices(WORDS, k=6)).capitalize()} {n}", slug_en=f"item-{n}",
            summary_en=" ".join(rng.choices(WORDS, k=25)), body_en=f"<p>{words}</p>", category=category,
            status=Status.PUBLISHED, publish_at=now - timedelta(minutes=n),
        )  # fmt: skip
        if n % 5 == 0:  # a fifth also in Chinese
            item.title_zh_hans = "".join(rng.choices(CJK, k=4)) + str(n)
            item.slug_zh_hans = f"条目-{n}"
            item.body_zh_hans = "<p>" + "，".join(rng.choices(CJK, k=80)) + "</p>"
        items.append(item)
    NewsItem.objects.bulk_create(items, batch_size=1000)  # no signals: index in one pass below
    return rebuild()


def measure(client, url, params, rounds):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def report(queries):
    client = Client()
    for language, q in queries:  # warm up connections, caches and template loading
        client.get(f"/{language}/search/", {"q": q})
    client.get("/robots.txt")
    base_p50, base_p95 = measure(client, "/robots.txt", {}, ROUNDS)
    print(f"{'trivial view /robots.txt':42} p50 {base_p50:7.2f} ms  p95 {base_p95:7.2f} ms")
    worst = 0.0
    for language, q in queries:
        p50, p95 = measure(client, f"/{language}/search/", {"q": q}, ROUNDS)
        worst = max(worst, p95)
        found = client.get(f"/{language}/search/", {"q": q}).context["page_obj"].paginator.count
        label = f"/{language}/search/?q={q}"
        print(f"{label:42} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  ({p95 / base_p95:5.1f}x trivial)  {found:6d} found")
    print(f"worst p95: {worst:.1f} ms (target < 150 ms): {'OK' if worst < 150 else 'TOO SLOW'}")


def scale_main():
    import scale
    from django.core.management import call_command

    from search.models import SearchEntry

    try:
        setup_test_environment()
        if CREATED_DB or not SearchEntry.objects.exists():
            began = time.perf_counter()
            bench_pages.prepare_site()
            timings = scale.build(sys.stdout)
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            print(f"built in {time.perf_counter() - began:.1f} s ({steps})")
        else:
            call_command("migrate", interactive=False, verbosity=0)
        print(f"{connection.vendor}: {SearchEntry.objects.count()} search rows in {DATA_DIR}")
        report(SCALE_QUERIES)
    finally:
        if CREATED_DB:
            from django.db import connections

            connections.close_all()
            bench_pages.drop_pg_database(DATABASE_URL)


def main():
    if SCALE:
        return scale_main()
    if connection.vendor != "postgresql":
        print("Warning: this benchmark is meant for PostgreSQL (set DATABASE_URL).")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        rows = populate()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE search_searchentry")
        print(f"{ITEMS} news items, {rows} search rows, built in {time.perf_counter() - started:.1f} s")
        report(QUERIES)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
