"""Benchmark: import a generated 10,000-entry BibTeX file into a profile that already lists 300 papers.

Prints the time (target under 20 s), the re-import time and the ratio to a trivial view.

    DJANGO_DEBUG=1 .venv/bin/python bench/bench_import.py

Runs against a throwaway SQLite database (or DATABASE_URL) created by Django's test runner.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import get_runner, setup_test_environment  # noqa: E402

ENTRIES = 10_000
EXISTING = 300
COLLEAGUES = 50
LIMIT_SECONDS = 20


def main():
    # Debug off, as in production: with DEBUG on, Django keeps and quotes every SQL statement it runs
    # (with 10,000 publications, each INSERT carries thousands of values), which is not the import's cost.
    setup_test_environment(debug=False)
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        from experts.demo import generated_bibtex
        from experts.models import Authorship, Expert, Publication
        from experts.services import import_publications

        expert = Expert.objects.create(name_en="Huang Jun", published=True, name_variants="Huang J\nHUANG Jun")
        for number in range(COLLEAGUES):  # co-authors to look for among every author of every entry
            Expert.objects.create(name_en=f"Colleague Number{number}", published=True)
        # The profile's 300 papers are the first 300 of the file (same DOIs): linked, not duplicated.
        import_publications(expert, generated_bibtex("HUANG Jun", count=EXISTING, seed=7).encode())
        text = generated_bibtex("HUANG Jun", count=ENTRIES, seed=7)
        client = Client()
        client.get("/healthz")
        start = time.perf_counter()
        for _ in range(100):
            client.get("/healthz")
        trivial = (time.perf_counter() - start) / 100

        start, cpu_start = time.perf_counter(), time.process_time()
        plan = import_publications(expert, text.encode())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        assert plan.created == ENTRIES - EXISTING and Publication.objects.count() == ENTRIES, plan.summary()
        assert plan.count("already") == EXISTING, plan.summary()
        # The bulk path keeps its promises: one revision per new publication, authors all written.
        assert Publication.history.filter(history_type="+").count() == ENTRIES
        assert Authorship.objects.filter(expert=expert).count() == ENTRIES

        start = time.perf_counter()
        again = import_publications(expert, text.encode())
        second = time.perf_counter() - start
        assert again.created == 0
    finally:
        runner.teardown_databases(old)
    size = len(text.encode()) / 1024
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"import of {ENTRIES} BibTeX entries ({size:.0f} KiB) into a profile with {EXISTING} papers, "
          f"{COLLEAGUES + 1} experts on the site: {elapsed:.2f} s "
          f"({'OK' if elapsed < LIMIT_SECONDS else 'TOO SLOW'}, limit {LIMIT_SECONDS} s); "
          f"CPU time of this process {cpu:.2f} s (wall time includes waiting for a shared machine)")  # fmt: skip
    print(f"re-import of the same file (all duplicates): {second:.2f} s")
    print(f"trivial view (/healthz): {trivial * 1000:.2f} ms; import = {elapsed / trivial:.0f}× a trivial request")
    return 0 if elapsed < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
