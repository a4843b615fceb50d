"""The back office's big lists on the scale dataset, in process: every filter and search timed.

    BENCH_DATA_DIR=/tmp/admin-bench .venv/bin/python bench/bench_admin.py
    BENCH_DATA_DIR=/tmp/admin-bench-pg DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_adminbench \
        .venv/bin/python bench/bench_admin.py

Production settings (debug off, as bench/bench_pages.py sets them). The first run loads the demo and
the scale dataset of bench/scale.py (200,000 consultation requests, 100,000 publications, 2,000
experts; no search index) into BENCH_DATA_DIR (SQLite) or the DATABASE_URL database (created if
missing); later runs reuse it. Without BENCH_DATA_DIR everything is thrown away at the end.

The test client signs in as a coordinator (the desk) and as a superuser (publications and experts),
both through two-factor, warms each URL once, then times BENCH_ROUNDS requests (default 10) of each
list: unfiltered, each filter on its own, all filters together, a search, a later page. Printed: p50,
p95, the median CPU time of this process per request (on SQLite it includes the database's work; it
says more than wall time on a busy machine) and the query count of each URL. BENCH_EXPLAIN=1 also
prints each query's plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) for the URLs
matching BENCH_EXPLAIN_ONLY. BENCH_PROFILE=<label> (e.g. "desk, overdue") prints a cProfile of five
requests of that list (BENCH_SORT, BENCH_LINES). BENCH_LISTS="desk;desk, overdue" measures only those.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import bench_pages  # noqa: E402  (the production-like environment)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 10))
EXPLAIN = os.environ.get("BENCH_EXPLAIN", "") == "1"
EXPLAIN_ONLY = os.environ.get("BENCH_EXPLAIN_ONLY", "")
PROFILE = os.environ.get("BENCH_PROFILE", "")
# BENCH_LISTS="desk, overdue;publications": only the lists with these labels (";"-separated).
LISTS = [name.strip() for name in os.environ.get("BENCH_LISTS", "").split(";") if name.strip()]


def prepare(database_url, data_dir, keep):
    """Build the dataset unless a previous run left it; returns nothing."""
    marker = data_dir / "built"
    if database_url:
        connect, name = bench_pages.pg_admin(database_url)
        with connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not marker.exists():
            sys.exit(f"Database {name!r} exists but was not built by this bench: drop it or pick another name.")
        if not exists:
            bench_pages.create_pg_database(database_url)
    import django

    django.setup()
    if marker.exists():
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # statistics for indexes that migrations added since the build
        print(f"reusing the dataset of {data_dir}")
        return
    import scale

    began = time.perf_counter()
    bench_pages.prepare_site()
    scale.build(sys.stdout, search_index=False)
    print(f"dataset built in {time.perf_counter() - began:.0f} s")
    if keep:
        marker.write_text("ok\n")


def urls():
    """(label, URL) of each list with each filter, from the dataset (ids looked up, never guessed)."""
    from django.utils import timezone

    from consultations.models import ConsultationRequest
    from experts.models import Expert
    from hospital.models import Hospital, Specialty

    desk = "/admin/consultations/consultationrequest/"
    first = ConsultationRequest.objects.exclude(cancer_type=None).exclude(preferred_expert=None).first()
    # As the "received" filter's own links give them: midnight in the site's time zone.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    week, tomorrow = (quote(str(day)) for day in (today - timedelta(days=7), today + timedelta(days=1)))
    filters = {
        "status": "status__exact=new",
        "overdue": "overdue=yes",
        "cancer type": f"cancer_type__id__exact={first.cancer_type_id}",
        "country": f"country={first.country}",
        "language": "preferred_language__exact=th",
        "expert": f"preferred_expert__id__exact={first.preferred_expert_id}",
        "received (7 days)": f"created_at__gte={week}&created_at__lt={tomorrow}",
    }
    yield "desk", desk
    for label, query in filters.items():
        yield f"desk, {label}", f"{desk}?{query}"
    yield "desk, every filter", f"{desk}?" + "&".join(filters.values())
    yield "desk, search reference", f"{desk}?q={first.reference}"
    yield "desk, search name", f"{desk}?q=Patient+1234"
    yield "desk, page 40", f"{desk}?p=40"
    yield "desk, by country", f"{desk}?o=6"

    publications = "/admin/experts/publication/"
    yield "publications", publications
    yield "publications, kind", f"{publications}?kind__exact=article"
    yield "publications, SCI", f"{publications}?sci_indexed__exact=1"
    yield "publications, year", f"{publications}?year=2010"
    yield "publications, every filter", f"{publications}?kind__exact=article&sci_indexed__exact=1&year=2010"
    yield "publications, search", f"{publications}?q=proton+survival"
    yield "publications, page 40", f"{publications}?p=40"

    experts = "/admin/experts/expert/"
    hospital = Hospital.objects.order_by("pk").first()
    specialty = Specialty.objects.order_by("pk").first()
    yield "experts", experts
    yield "experts, published", f"{experts}?published__exact=1"
    yield "experts, hospital", f"{experts}?hospital__id__exact={hospital.pk}"
    yield "experts, specialty", f"{experts}?specialties__id__exact={specialty.pk}"
    yield "experts, gap", f"{experts}?gap=photo"
    yield "experts, search", f"{experts}?q=Scale+Expert+12"
    yield "experts, by publications", f"{experts}?o=4"
    del Expert


def signed_in(role):
    from django.test import Client

    from hospital.roles import COORDINATOR
    from tests.hospital.factories import UserFactory, staff_in
    from tests.staff import verified_login

    if role == "coordinator":
        user = staff_in(COORDINATOR, username="bench.admin.coordinator")
    else:
        user = UserFactory(username="bench.admin.superuser", is_staff=True, is_superuser=True)
    return verified_login(Client(HTTP_HOST=bench_pages.HOST), user)


def recorder(captured):
    """An execute wrapper that appends (sql, params) of every query to `captured`."""

    def record(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    return record


def explain(captured):
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            began = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            print(f"    {(time.perf_counter() - began) * 1000:.1f} ms: {sql[:600]}")
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            for row in cursor.fetchall():
                print(f"      {row[-1]}")


def profile(client, url):
    """cProfile of 5 requests of `url` (CPU time), the top BENCH_LINES (40) by BENCH_SORT (cumulative)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
    stats.print_stats(int(os.environ.get("BENCH_LINES", 40)))


def main():
    data_dir = os.environ.get("BENCH_DATA_DIR")
    tmp = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="bench-admin-"))
    tmp.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    bench_pages.configure(tmp)
    try:
        prepare(database_url, tmp, keep=bool(data_dir))
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()
        get_user_model().objects.filter(username__startswith="bench.admin.").delete()
        clients = {"desk": signed_in("coordinator"), "other": signed_in("superuser")}
        print(f"database {connection.vendor}; {ROUNDS} requests per URL after one to warm up")
        print(f"{'list':34} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}")
        for label, url in urls():
            if LISTS and label not in LISTS:
                continue
            client = clients["desk" if label.startswith("desk") else "other"]
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            captured = []
            with connection.execute_wrapper(recorder(captured)):
                client.get(url)
            timings, cpu = [], []
            for _ in range(ROUNDS):
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings.sort()
            p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
            print(f"{label:34} {statistics.median(timings):8.1f} {p95:8.1f} {statistics.median(cpu):8.1f} "
                  f"{len(captured):8d}", flush=True)  # fmt: skip
            if EXPLAIN and EXPLAIN_ONLY in label:
                explain(captured)
            if PROFILE and label == PROFILE:
                profile(client, url)
        get_user_model().objects.filter(username__startswith="bench.admin.").delete()
    finally:
        from django.db import connections

        connections.close_all()
        if not data_dir:
            if database_url:
                bench_pages.drop_pg_database(database_url)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
