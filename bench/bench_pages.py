"""Public pages under load through a real WSGI server (gunicorn), against a trivial view in the same run.

    .venv/bin/python bench/bench_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_benchpages .venv/bin/python bench/bench_pages.py

Production-like: debug off, a secret key, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect, static files
collected with WhiteNoise's compressed manifest storage. Everything the site writes (SQLite database,
media, private files, static root, key file) goes to a temporary folder (DJANGO_VAR_DIR), never to
the repository's var/. With DATABASE_URL the PostgreSQL database is created here (it must not exist
yet) and dropped at the end. REDIS_URL, if set, is used with a key prefix of its own, removed at the end;
otherwise each worker has its local-memory cache (the embedded default).

The demo content is loaded (migrate, setup_roles, load_demo), page addresses are taken from the
database (slugs through the ORM, never guessed), gunicorn (hospital.wsgi) is started on a free port,
and every page must answer 200 before it is measured. Each page then gets BENCH_REQUESTS GETs from
BENCH_CONCURRENCY client threads (http.client, keep-alive off by default: one connection per request,
as gunicorn's sync workers close each one anyway). Printed per page: p50/p95 latency (connect to last
byte), requests/s, p95 and throughput relative to /robots.txt measured the same way in the same run,
the body size, its gzip size (the site does not compress HTML itself: estimated here at level 6 unless
the server sent Content-Encoding: gzip) and the database queries of one warm request (test client,
same settings, same database).

Options (environment): BENCH_REQUESTS (200), BENCH_CONCURRENCY (8), BENCH_WORKERS (2), BENCH_THREADS
(1: sync workers; more: gthread), BENCH_KEEPALIVE (0), BENCH_WARMUP (requests per page before measuring,
default 2 x concurrency), BENCH_SLOW_RATIO (20: p95 ratio flagged as slow).
"""

import base64
import gzip
import http.client
import io
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 8))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 1))
KEEPALIVE = os.environ.get("BENCH_KEEPALIVE", "0").strip().lower() in {"1", "true", "yes", "on"}
WARMUP = int(os.environ.get("BENCH_WARMUP", 2 * CONCURRENCY))
SLOW_RATIO = float(os.environ.get("BENCH_SLOW_RATIO", 20))
HOST = "127.0.0.1"
TRIVIAL = "/robots.txt"
# Every place the site writes files, forced into the temporary folder (whatever the shell has set).
FILE_SETTINGS = {"DJANGO_VAR_DIR": "", "DJANGO_MEDIA_ROOT": "media", "DJANGO_PRIVATE_MEDIA_ROOT": "private",
                 "DJANGO_STATIC_ROOT": "static", "CONSULTATION_FILE_KEY_FILE": "consultation-file.key"}  # fmt: skip


def configure(tmp):
    """Production-like settings, with every file the site writes inside `tmp`."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "hospital.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
    for name, sub in FILE_SETTINGS.items():
        os.environ[name] = str(tmp / sub)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + secrets.token_hex(16))
    os.environ.setdefault("CONSULTATION_FILE_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("SITE_URL", f"http://{HOST}")
    if os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL"):
        os.environ["CACHE_KEY_PREFIX"] = f"benchpages-{uuid.uuid4().hex[:12]}"


def pg_admin(url):
    """(connect to the maintenance database, database name) for a PostgreSQL DATABASE_URL."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
              "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}  # fmt: skip
    return (lambda: psycopg.connect(dbname="postgres", autocommit=True, **params)), config["NAME"]


def create_pg_database(url):
    from psycopg import sql

    connect, name = pg_admin(url)
    with connect() as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            sys.exit(f"Database {name!r} already exists: drop it (or pick another name); this bench creates its own.")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_pg_database(url):
    from psycopg import sql

    connect, name = pg_admin(url)
    with connect() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def prepare_site():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    call_command("setup_roles", stdout=out)
    call_command("load_demo", stdout=out)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=out)
    return [line for line in out.getvalue().splitlines() if ": " in line and "permissions" not in line]


def discover_urls():
    """(label, path) of the pages to measure, from the demo content in the database."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from experts.models import Expert
    from hospital.models import Page
    from news.models import Event, NewsItem

    with translation.override("en"):
        expert = Expert.objects.published().annotate(n=Count("publications")).order_by("-n", "pk").first()
        item = NewsItem.objects.published().newest_first().first()
        event = Event.objects.published().order_by("pk").first()
        pages = list(Page.objects.published().order_by("sort_key"))
        page = next((p for p in pages if "/" in p.url_path_en), pages[0] if pages else None)
        assert expert and item and event and page, "demo content is missing (load_demo)"
        search = reverse("search:results")
        urls = [
            ("home en", reverse("hospital:home")),
            ("expert directory", reverse("experts:list")),
            (f"expert profile ({expert.n} publications)", expert.get_absolute_url()),
            ("news list", reverse("news:list")),
            ("news item", item.get_absolute_url()),
            ("events list", reverse("events:list")),
            ("event", event.get_absolute_url()),
            ("news feed (RSS)", reverse("news:feed")),
            ("search en ?q=heavy", f"{search}?q=heavy"),
            ("CMS page", page.get_absolute_url()),
        ]
    with translation.override("zh-hans"):
        urls.insert(1, ("home zh-hans", reverse("hospital:home")))
        urls.append(("search zh-hans ?q=重离子", f"{reverse('search:results')}?q={urllib.parse.quote('重离子')}"))
    with translation.override("ar"):
        urls.insert(2, ("home ar", reverse("hospital:home")))
    urls.append(("sitemap.xml", reverse("sitemap")))
    return urls


def count_queries(paths):
    """Queries of one warm request per path (the second: caches filled as in a running worker)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    counts = {}
    for path in paths:
        cold = CaptureQueriesContext(connection)
        with cold:
            client.get(path)
        with CaptureQueriesContext(connection) as warm:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = (len(cold.captured_queries), len(warm.captured_queries))
    return counts


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, log):
    command = [sys.executable, "-m", "gunicorn", "hospital.wsgi", "--chdir", str(ROOT), "--bind", f"{HOST}:{port}",
               "--workers", str(WORKERS), "--threads", str(THREADS), "--timeout", "120", "--graceful-timeout", "5",
               "--error-logfile", str(log), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip


def stop_gunicorn(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_healthy(server, port, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            status, _, _ = fetch(http.client.HTTPConnection(HOST, port, timeout=5), "/healthz", keepalive=False)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"/healthz did not answer 200 within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def fetch(conn, path, keepalive):
    headers = {"Accept-Encoding": "gzip", "Connection": "keep-alive" if keepalive else "close"}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if not keepalive:
        conn.close()
    return response.status, response.getheader("Content-Encoding", ""), body


def load(port, path, total, concurrency):
    """`total` GETs of `path` from `concurrency` threads: (sorted latencies in ms, requests/s, errors, sample)."""
    tickets = iter(range(total))
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    timings, errors, sample = [], [], []

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        start.wait()
        while True:
            with lock:
                if next(tickets, None) is None:
                    break
            if not KEEPALIVE:
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            began = time.perf_counter()
            try:
                status, encoding, body = fetch(conn, path, KEEPALIVE)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                errors.append(repr(exc))
                continue
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                timings.append(elapsed)
                if status != 200:
                    errors.append(f"HTTP {status}: {body[:300]!r}")
                elif not sample:
                    sample.append((encoding, body))
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    timings.sort()
    return timings, len(timings) / wall, errors, sample[0] if sample else ("", b"")


def percentiles(timings):
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def sizes(encoding, body):
    """(uncompressed bytes, gzip bytes, whether the server compressed)."""
    if encoding == "gzip":
        return len(gzip.decompress(body)), len(body), True
    return len(body), len(gzip.compress(body, compresslevel=6)), False


def run(port, urls, queries):
    paths = [TRIVIAL, *[path for _, path in urls]]
    for path in paths:  # warm up every worker's caches and templates; each page must answer 200 first
        _, _, errors, _ = load(port, path, max(WARMUP, 1), CONCURRENCY)
        if errors:
            sys.exit(f"{path} does not answer 200 through gunicorn: {errors[0]}")
    rows = [("trivial view", TRIVIAL, load(port, TRIVIAL, REQUESTS, CONCURRENCY))]
    rows += [(label, path, load(port, path, REQUESTS, CONCURRENCY)) for label, path in urls]
    rows.append(("trivial view (again, drift check)", TRIVIAL, load(port, TRIVIAL, REQUESTS, CONCURRENCY)))

    base_p50, base_p95 = percentiles(rows[0][2][0])
    base_rps = rows[0][2][1]
    header = (f"{'page':38} {'bytes':>8} {'gzip':>8} {'queries':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}"
              f" {'p95 x triv':>10} {'req/s x triv':>12}  path")  # fmt: skip
    print(header)
    print("-" * len(header))
    slow, failed, compressed = [], 0, False
    for label, path, (timings, rps, errors, sample) in rows:
        failed += len(errors)
        p50, p95 = percentiles(timings) if timings else (float("nan"), float("nan"))
        raw, zipped, by_server = sizes(*sample)
        compressed |= by_server
        cold, warm = queries.get(path, (0, 0))
        count = f"{warm}" if cold == warm else f"{warm} ({cold})"
        flag = ""
        if p95 / base_p95 > SLOW_RATIO:
            flag = "  SLOW"
            slow.append(label)
        if errors:
            flag += f"  {len(errors)} ERRORS, e.g. {errors[0][:120]}"
        print(f"{label:38} {raw:8d} {zipped:8d}{'' if by_server else '*'} {count:>8} {p50:8.1f} {p95:8.1f}"
              f" {rps:8.1f} {p95 / base_p95:9.1f}x {rps / base_rps:11.2f}x  {path}{flag}")  # fmt: skip
    print(
        ("* gzip size estimated by the bench (level 6): the server sent it uncompressed." if not compressed else "")
        + "\nqueries: one warm request (a first, cold one in parentheses when different; sitemap.xml is"
        " cached by cache_page for 10 minutes)."
    )
    if slow:
        print(f"p95 above {SLOW_RATIO:g}x the trivial view: {', '.join(slow)}")
    return failed


def interrupted(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # runs main's clean-up (finally), unlike the default action


def main():
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    database_url = os.environ.get("DATABASE_URL", "")
    created_db = server = None
    try:
        configure(tmp)
        if database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            created_db = create_pg_database(database_url)

        import django

        django.setup()
        from django.conf import settings
        from django.db import connection, connections

        started = time.perf_counter()
        summary = prepare_site()
        urls = discover_urls()
        queries = count_queries([TRIVIAL, *[path for _, path in urls]])
        connections.close_all()
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(f"setup: migrate, setup_roles, load_demo, collectstatic in {time.perf_counter() - started:.1f} s"
              f" ({'; '.join(summary)})")  # fmt: skip
        print(f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), load average {load_average()}"
              f" before the run; database: {connection.vendor} ({settings.DATABASES['default']['NAME']});"
              f" cache: {cache}; DEBUG={settings.DEBUG}")  # fmt: skip

        port = free_port()
        log = tmp / "gunicorn.log"
        server = start_gunicorn(port, log)
        wait_healthy(server, port, log)
        worker = "sync" if THREADS == 1 else "gthread"
        print(f"gunicorn hospital.wsgi on {HOST}:{port}: {WORKERS} {worker} workers x {THREADS} threads; client:"
              f" {CONCURRENCY} threads, {REQUESTS} requests per page after {WARMUP} warm-up,"
              f" keep-alive {'on' if KEEPALIVE else 'off (a new connection per request)'}\n")  # fmt: skip
        failed = run(port, urls, queries)
        print(f"load average after the run: {load_average()} (the server, the client and anything else share the CPUs)")
        if server.poll() is not None:
            sys.exit(f"gunicorn died during the run:\n{log.read_text(errors='replace')[-3000:]}")
        if failed:
            sys.exit(f"{failed} requests failed.")
    finally:
        if server is not None:
            stop_gunicorn(server)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if os.environ.get("CACHE_KEY_PREFIX", "").startswith("benchpages-"):
            clear_cache_prefix(os.environ["CACHE_KEY_PREFIX"])
        if created_db:
            drop_pg_database(database_url)
        shutil.rmtree(tmp, ignore_errors=True)


def clear_cache_prefix(prefix):
    """Remove this run's keys from a shared Redis (never FLUSHDB: the database may hold others' keys)."""
    import redis
    from django.conf import settings

    if not settings.configured or "Redis" not in settings.CACHES["default"]["BACKEND"]:
        return
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


if __name__ == "__main__":
    main()
