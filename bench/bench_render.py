"""Uncached rendering in process: each page through the full WSGI handler against a bare view, same process.

    .venv/bin/python bench/bench_render.py                   # every page, 40 requests each
    BENCH_PAGES="profile,form" BENCH_PROFILE=profile .venv/bin/python bench/bench_render.py

A cheap companion of `make bench` for a shared machine: no server, no load generator, one process.
The scale dataset (bench/scale.py on top of the demo content) is built once into an SQLite file
under var/bench/render/ (BENCH_RENDER_DIR) and reused by later runs (delete the folder to rebuild).
Settings are production's (bench/settings.py, debug off), with the anonymous page cache off
(PAGE_CACHE=0) unless BENCH_PAGE_CACHE=1; fragments (memo) stay on, as in production.

Each page gets BENCH_REQUESTS GETs (after BENCH_WARMUP) through `get_wsgi_application()`, as
gunicorn calls it (Accept-Encoding: gzip, the body consumed); the floor is a bare Django view
returning "ok" through a handler without middleware, the same way. Times are the process's CPU
time (time.process_time), so other work on a shared machine inflates them less than wall time
would. Printed per page: the median and minimum ms, the queries of one request, the Python
function calls of one request (cProfile's count: the same on a busy machine, so it compares
versions of the code where milliseconds do not), the multiple of the in-process floor, and the
expected share of the gunicorn floor: `floor / (floor + page)` with BENCH_FLOOR_MS (0.25 ms, what
one request of bench/floor.py costs under gunicorn on this kind of machine; the page pays that
server cost too). BENCH_PROFILE=<label prefix> prints a cProfile of 10 requests of that page
(BENCH_SORT, default "cumulative"; BENCH_LINES, default 40). The garbage collector is tuned as in
a worker (hospital.startup.tune_garbage_collection), unless BENCH_GC=default.
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 40))
WARMUP = int(os.environ.get("BENCH_WARMUP", 5))
FLOOR_MS = float(os.environ.get("BENCH_FLOOR_MS", 0.25))
DATA = Path(os.environ.get("BENCH_RENDER_DIR", ROOT / "var" / "bench" / "render"))
HOST = "127.0.0.1"


def configure():
    import bench_pages

    DATA.mkdir(parents=True, exist_ok=True)
    bench_pages.configure(DATA)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{DATA / 'render.sqlite3'}"
    os.environ["DJANGO_PAGE_CACHE_DIR"] = str(DATA / "cache")
    os.environ["PAGE_CACHE"] = os.environ.get("BENCH_PAGE_CACHE", "0")
    # The same secret key in every run: the key file and sessions of the kept database stay valid.
    os.environ["DJANGO_SECRET_KEY"] = "bench-render-only-not-a-secret-0123456789abcdef"
    key = DATA / "file-key"
    if not key.exists():
        import base64
        import secrets

        key.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["CONSULTATION_FILE_KEYS"] = key.read_text()


def prepare():
    import bench_pages
    import scale

    marker = DATA / "built"
    if marker.exists():
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # the branch's migrations, if any are new
        return
    began = time.perf_counter()
    bench_pages.prepare_site()
    scale.build(sys.stdout)
    marker.write_text("ok")
    print(f"dataset built in {time.perf_counter() - began:.0f} s")


def targets():
    import scale
    from django.urls import reverse
    from django.utils import translation

    found, objects = scale.sample_pages()
    found.append(("consultation form GET", reverse("consultations:form")))
    with translation.override("th"):
        found.append(("news item th", objects["item"].get_absolute_url()))
    found += [
        ("search en ?q=proton", reverse("search:results") + "?q=proton"),
        ("search zh-hans ?q=重离子", "/zh-hans/search/?q=%E9%87%8D%E7%A6%BB%E5%AD%90"),
        ("news feed", reverse("news:feed")),
        ("sitemap index", reverse("sitemap")),
        ("sitemap news, page 2", reverse("sitemap-section", kwargs={"section": "news"}) + "?p=2"),
    ]
    return found


def environ(path):
    from django.test import RequestFactory

    factory = RequestFactory(SERVER_NAME=HOST, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip, deflate")
    return factory.get(path).environ


def call(app, path):
    status = []
    body = b"".join(app(environ(path), lambda s, h, exc_info=None: status.append(s)))
    return status[0], body


def timed(app, path, requests=REQUESTS, warmup=WARMUP):
    for _ in range(warmup):
        status, _body = call(app, path)
        if not status.startswith("200"):
            sys.exit(f"{path} answered {status}")
    times = []
    for _ in range(requests):
        began = time.process_time()
        call(app, path)
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times), min(times)


def floor_app():
    """A bare view behind a handler without middleware, like bench/floor.py under gunicorn."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    overridden = override_settings(MIDDLEWARE=[], ROOT_URLCONF="bench.floor_urls")
    overridden.enable()
    handler = WSGIHandler()
    overridden.disable()

    def app(environ, start_response):
        with override_settings(ROOT_URLCONF="bench.floor_urls"):
            return handler(environ, start_response)

    return app


def queries(app, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call(app, path)
    return len(captured.captured_queries)


def calls(app, path, requests=3):
    """Python function calls per request: the work of a page, steady however loaded the machine is."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call(app, path)
    profiler.disable()
    return pstats.Stats(profiler).total_calls // requests


def main():
    configure()
    import django

    django.setup()
    prepare()
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    floor = floor_app()
    if os.environ.get("BENCH_GC") != "default":
        from hospital.startup import tune_garbage_collection

        tune_garbage_collection()  # as hospital/wsgi.py does in every worker
    wanted = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]
    pages = [(label, path) for label, path in targets() if not wanted or any(label.startswith(w) for w in wanted)]
    floor_ms, _ = timed(floor, "/floor", requests=2000, warmup=100)
    print(f"floor (bare view, no middleware, in process): {floor_ms:.3f} ms; gunicorn floor taken as {FLOOR_MS} ms")
    floor_calls = calls(floor, "/floor")
    print(
        f"{'page':32} {'median ms':>10} {'min ms':>8} {'queries':>8} {'calls':>8} {'× floor':>8} {'share of floor':>15}"
    )
    for label, path in pages:
        median, fastest = timed(app, path)
        count = queries(app, path)
        work = calls(app, path)
        share = FLOOR_MS / (FLOOR_MS + median)
        print(f"{label:32} {median:10.2f} {fastest:8.2f} {count:8d} {work:8d} {median / floor_ms:8.0f} {share:14.1%}")
    print(f"(calls: Python function calls per request, the floor makes {floor_calls})")
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        label, path = next((label, path) for label, path in pages if label.startswith(profile))
        profiler = cProfile.Profile(time.process_time)  # CPU time, as the timings
        profiler.enable()
        for _ in range(10):
            call(app, path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("BENCH_LINES", 40)))
        print(f"\ncProfile of {label} ({path}), 10 requests:\n{out.getvalue()}")


if __name__ == "__main__":
    main()
