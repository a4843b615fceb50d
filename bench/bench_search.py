"""Site search latency over 10,000 news items, against a trivial view measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_news .venv/bin/python bench/bench_search.py

Runs in a throwaway test database (test_<name>), through the full Django stack (test client:
middleware, URL routing, templates), and prints p50/p95 per query and the ratio to /robots.txt.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

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


def main():
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
        client = Client()
        for language, q in QUERIES:  # warm up connections, caches and template loading
            client.get(f"/{language}/search/", {"q": q})
        client.get("/robots.txt")
        base_p50, base_p95 = measure(client, "/robots.txt", {}, ROUNDS)
        print(f"{'trivial view /robots.txt':42} p50 {base_p50:7.2f} ms  p95 {base_p95:7.2f} ms")
        worst = 0.0
        for language, q in QUERIES:
            p50, p95 = measure(client, f"/{language}/search/", {"q": q}, ROUNDS)
            worst = max(worst, p95)
            label = f"/{language}/search/?q={q}"
            print(f"{label:42} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  ({p95 / base_p95:5.1f}x trivial)")
        print(f"worst p95: {worst:.1f} ms (target < 150 ms): {'OK' if worst < 150 else 'TOO SLOW'}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
