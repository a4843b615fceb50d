"""`make bench`: the site at scale under a real load generator, against a bare Django view in the same run.

    make bench                      # SQLite in a temporary folder
    BENCH_DATA_DIR=/tmp/scale .venv/bin/python bench/bench_site.py --build-only   # only build (and time) it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_bench REDIS_URL=redis://127.0.0.1:6379/6 make bench

1. A scale dataset on top of the demo content, with bulk inserts (bench/scale.py): 10,000 news items
   in eight languages, 2,000 experts, 100,000 publications (one expert holds 300), 1,000 pages,
   200,000 consultation requests.
2. gunicorn (BENCH_WORKERS sync workers, default 2) serves the site under production settings
   (bench/settings.py: hospital.settings, debug off; no mail server, no rate limit), once without
   and once with the anonymous page cache; a third gunicorn serves the floor (bench/floor.py: a
   bare Django view returning "ok", no middleware), measured in the same run, before and after.
3. wrk (Debian's package, installed when missing) drives each URL for BENCH_DURATION seconds at
   each concurrency of BENCH_CONCURRENCY (default "8,32"), one thread, as a browser asks
   (Accept-Encoding: gzip).

Printed: one table per concurrency (req/s, p50/p95/p99 ms, errors, share of the floor, body size);
written: BENCH_JSON (default var/bench/bench-<time>.json) with the same figures, the peak RSS of
every worker (VmHWM) and the machine's load average. Everything the site writes goes to a temporary
folder; a PostgreSQL database named by DATABASE_URL is created (it must not exist) and dropped; Redis
keys get a prefix of their own and are removed.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import bench_pages  # noqa: E402  (the production-like environment and server helpers)

DURATION = int(os.environ.get("BENCH_DURATION", 8))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "8,32").split(",")]
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
HOST = bench_pages.HOST
LUA = BENCH / "wrk_report.lua"
FLOOR_PATH = "/floor"
# --build-only (or BENCH_BUILD_ONLY=1): build the dataset, print how long each step took, and stop
# (with BENCH_DATA_DIR, to measure it later, e.g. with bench/bench_search.py --scale).
BUILD_ONLY = "--build-only" in sys.argv[1:] or bool(os.environ.get("BENCH_BUILD_ONLY"))


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    print("installing Debian's wrk (load generator)")
    for command in (["apt-get", "install", "-y", "wrk"], ["apt-get", "update"], ["apt-get", "install", "-y", "wrk"]):
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if shutil.which("wrk"):
            return shutil.which("wrk")
    sys.exit("wrk is required: apt-get install wrk")


def start(app, port, log, env):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--chdir",
        str(ROOT),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--backlog",
        "2048",
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    probe = FLOOR_PATH if app.startswith("bench.floor") else "/healthz"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn {app} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{probe}", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn {app} did not answer within 60 s")


def worker_peak_rss(server):
    """Peak resident memory (VmHWM, MB) of each worker of a gunicorn master."""
    peaks = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status")
        match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text()) if status.exists() else None
        if match:
            peaks.append(round(int(match.group(1)) / 1024, 1))
    return peaks


def wrk(port, target, concurrency, duration=None):
    """One wrk run: figures from the Lua report, plus the first response's size."""
    env = {**os.environ}
    args = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{duration or DURATION}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        "-H",
        "Accept-Encoding: gzip",
    ]
    for header in target.get("headers", []):
        args += ["-H", header]
    if target.get("body_file"):
        env.update(WRK_METHOD="POST", WRK_BODY_FILE=str(target["body_file"]), WRK_CONTENT_TYPE=target["content_type"])
    result = subprocess.run(
        [*args, f"http://{HOST}:{port}{target['path']}"], env=env, capture_output=True, text=True, timeout=DURATION + 60
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        sys.exit(f"wrk failed for {target['path']}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("WRK_JSON ") :])
    seconds = data["duration_us"] / 1e6
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": data["p50"] / 1000,
        "p95_ms": data["p95"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "errors": errors,
        "requests": data["requests"],
    }


def drain(port, limit=180):
    """Wait until the server answers promptly again: requests still queued from a slow page's run
    would otherwise be measured as part of the next page."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=limit) as response:
                response.read()
        except OSError:
            pass
        if time.monotonic() - began < 0.5:
            return
        time.sleep(0.5)


def response_size(port, target):
    """(bytes on the wire with gzip, bytes uncompressed) of one GET, as the bench's client sees it."""
    if target.get("body_file"):
        return None, None
    request = urllib.request.Request(
        f"http://{HOST}:{port}{target['path']}",
        headers={"Accept-Encoding": "gzip", **dict(h.split(": ", 1) for h in target.get("headers", []))},
    )
    with urllib.request.urlopen(request, timeout=180) as response:
        body = response.read()
        if response.status != 200 or urllib.parse.urlsplit(response.geturl()).path != target["path"].split("?")[0]:
            sys.exit(f"{target['path']} answered {response.status}")
        if response.headers.get("Content-Encoding") == "gzip":
            import gzip

            return len(body), len(gzip.decompress(body))
        return len(body), len(body)


def discover(tmp):
    """The URLs measured, found in the database (never guessed), and what POST and the admin need."""
    import scale
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils import translation

    from hospital.models import Specialty
    from hospital.roles import COORDINATOR

    targets, _objects = scale.sample_pages()
    with translation.override("zh-hans"):
        search_zh = reverse("search:results") + "?q=" + urllib.parse.quote("重离子")
    with translation.override("en"):
        targets += [
            ("search en ?q=proton", reverse("search:results") + "?q=proton"),
            ("search zh-hans ?q=重离子", search_zh),
            ("consultation form GET", reverse("consultations:form")),
            ("news feed", reverse("news:feed")),
            ("sitemap index", reverse("sitemap")),
            ("sitemap news, page 2", reverse("sitemap-section", kwargs={"section": "news"}) + "?p=2"),
        ]
    targets = [{"label": label, "path": path} for label, path in targets]
    targets.insert(0, {"label": "/robots.txt (full middleware)", "path": "/robots.txt"})

    # The form's POST: a valid CSRF pair (cookie + token) reused, a new double-submit token each time.
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    boundary = "----benchboundary16"
    fields = {
        "csrfmiddlewaretoken": _mask_cipher_secret(secret),
        "patient_name": "Bench Patient",
        "age": "54",
        "country": "ID",
        "cancer_type": str(Specialty.objects.cancer_types().first().pk),
        "phone": "+62 812-3456-7890",
        "email": "bench@example.com",
        "preferred_language": "id",
        "message": "Benchmark request.",
        "consent": "on",
        "website": "",
        "form_token": "@FORM_TOKEN@",
    }
    from consultations.demo import make_pdf

    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="reports"; filename="report.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + make_pdf(["Bench report"])
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    body_file = tmp / "consultation-post.txt"
    body_file.write_bytes(b"".join(parts))
    from django.conf import settings

    with translation.override("en"):
        targets.append(
            {
                "label": "consultation form POST",
                "path": reverse("consultations:form"),
                "body_file": body_file,
                "content_type": f"multipart/form-data; boundary={boundary}",
                "headers": [f"Cookie: {settings.CSRF_COOKIE_NAME}={secret}", f"Referer: http://{HOST}/"],
            }
        )

    # The coordinators' list, signed in: a session made as the login view makes it.
    user = get_user_model().objects.create_user("bench.coordinator", "coordinator@example.com", is_staff=True)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=COORDINATOR))
    # Coordinators sign in with a second factor: a confirmed device, and a session verified with it.
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.policy import enrol_totp

    device, _codes = enrol_totp(user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    targets.append(
        {
            "label": "admin consultation list (coordinator)",
            "path": "/admin/consultations/consultationrequest/",
            "headers": [f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"],
            "admin": True,
        }
    )
    return targets


def measure(port, targets, label):
    rows = []
    for target in targets:
        wire, raw = response_size(port, target)
        for concurrency in CONCURRENCY:
            if concurrency == CONCURRENCY[0]:
                wrk(port, target, concurrency, duration=2)  # warm every worker
            drain(port)
            figures = wrk(port, target, concurrency)
            drain(port)
            rows.append(
                {
                    "server": label,
                    "page": target["label"],
                    "path": target["path"],
                    "concurrency": concurrency,
                    "gzip_bytes": wire,
                    "bytes": raw,
                    **figures,
                }
            )
            print(
                f"  {label:9} c={concurrency:<3} {target['label']:40} {figures['rps']:8.1f} req/s "
                f"p95 {figures['p95_ms']:7.1f} ms  errors {figures['errors']}",
                flush=True,
            )
    return rows


def print_tables(rows, floors):
    for concurrency in CONCURRENCY:
        floor = floors[concurrency]
        print(
            f"\nconcurrency {concurrency}: floor (bare Django view) {floor['rps']:.0f} req/s,"
            f" p95 {floor['p95_ms']:.1f} ms"
        )
        header = (
            f"{'page':40} {'cache':>6} {'req/s':>8} {'floor %':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>8}"
            f" {'errors':>6} {'gzip KB':>8} {'KB':>7}"
        )
        print(header + "\n" + "-" * len(header))
        by_page = {}
        for row in rows:
            if row["concurrency"] == concurrency:
                by_page.setdefault(row["page"], []).append(row)
        for page, entries in by_page.items():
            for row in entries:
                size = (
                    f"{row['gzip_bytes'] / 1024:8.1f} {row['bytes'] / 1024:7.1f}" if row["bytes"] else f"{'':8} {'':7}"
                )
                print(
                    f"{page:40} {row['server']:>6} {row['rps']:8.1f} {row['ratio_to_floor'] * 100:7.2f}%"
                    f" {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} {row['p99_ms']:8.1f} {row['errors']:6d} {size}"
                )


def main():
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, bench_pages.interrupted)  # clean up (servers, database) when stopped
    if not BUILD_ONLY:
        ensure_wrk()
    database_url = os.environ.get("DATABASE_URL", "")
    # BENCH_DATA_DIR keeps the database and files for another run (built once, measured many times).
    keep = os.environ.get("BENCH_DATA_DIR")
    tmp = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-site-"))
    tmp.mkdir(parents=True, exist_ok=True)
    reuse = keep and (tmp / "db.sqlite3").exists() and not database_url
    created_db, servers = None, []
    try:
        bench_pages.configure(tmp)
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["DJANGO_PAGE_CACHE_DIR"] = str(tmp / "cache")
        if database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            created_db = bench_pages.create_pg_database(database_url)
        import django

        django.setup()
        import scale
        from django.conf import settings
        from django.db import connection, connections

        if reuse:
            summary, demo_seconds, scale_seconds, timings = ["reused " + str(tmp)], 0.0, 0.0, {}
            from django.contrib.auth import get_user_model

            get_user_model().objects.filter(username="bench.coordinator").delete()
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        else:
            began = time.perf_counter()
            summary = bench_pages.prepare_site()
            demo_seconds = time.perf_counter() - began
            began = time.perf_counter()
            timings = scale.build(sys.stdout)
            scale_seconds = time.perf_counter() - began
        print(
            f"demo content and static files: {demo_seconds:.1f} s; scale dataset: {scale_seconds:.1f} s "
            f"({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})"
        )
        if BUILD_ONLY:
            return
        targets = discover(tmp)
        connections.close_all()
        machine = {
            "cpus": os.cpu_count(),
            "load_before": os.getloadavg(),
            "database": connection.vendor,
            "cache": settings.CACHES["pages"]["BACKEND"].rsplit(".", 1)[-1],
            "workers": WORKERS,
            "duration_s": DURATION,
            "concurrency": CONCURRENCY,
        }
        print(
            f"machine: {machine['cpus']} CPUs, load average {bench_pages.load_average()}; database "
            f"{machine['database']}; page cache {machine['cache']}; gunicorn {WORKERS} sync workers; wrk -t1 "
            f"-d{DURATION}s at concurrency {', '.join(map(str, CONCURRENCY))}",
            flush=True,
        )

        env = os.environ.copy()
        floor_rows, rows, rss = [], [], {}
        port = bench_pages.free_port()
        floor = start("bench.floor:application", port, tmp / "floor.log", env)
        servers.append(floor)
        floor_target = [{"label": "floor (bare Django view)", "path": FLOOR_PATH}]
        floor_rows += measure(port, floor_target, "floor")
        bench_pages.stop_gunicorn(floor)

        modes = os.environ.get("BENCH_MODES", "off,on").split(",")
        for mode, flag in [(mode, flag) for mode, flag in (("off", "0"), ("on", "1")) if mode in modes]:
            port = bench_pages.free_port()
            server = start("hospital.wsgi", port, tmp / f"site-{mode}.log", {**env, "PAGE_CACHE": flag})
            servers.append(server)
            rows += measure(port, targets, mode)
            rss[f"site, page cache {mode}"] = worker_peak_rss(server)
            bench_pages.stop_gunicorn(server)

        port = bench_pages.free_port()
        floor = start("bench.floor:application", port, tmp / "floor.log", env)
        servers.append(floor)
        floor_rows += measure(port, floor_target, "floor")
        rss["floor"] = worker_peak_rss(floor)
        bench_pages.stop_gunicorn(floor)

        floors = {}
        for concurrency in CONCURRENCY:
            runs = [row for row in floor_rows if row["concurrency"] == concurrency]
            floors[concurrency] = {
                "rps": sum(r["rps"] for r in runs) / len(runs),
                "p95_ms": sum(r["p95_ms"] for r in runs) / len(runs),
                "runs": [r["rps"] for r in runs],
            }
        for row in rows:
            row["ratio_to_floor"] = round(row["rps"] / floors[row["concurrency"]]["rps"], 4)
        print_tables(rows, floors)
        print(f"\npeak RSS per worker (MB): {json.dumps(rss)}")
        print(f"floor runs (req/s, start and end of the run): {json.dumps({c: f['runs'] for c, f in floors.items()})}")
        machine["load_after"] = os.getloadavg()
        print(
            f"load average after the run: {bench_pages.load_average()} (server, wrk and anything else share the CPUs)"
        )
        out = Path(
            os.environ.get("BENCH_JSON") or ROOT / "var" / "bench" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "setup": {
                        "demo_s": demo_seconds,
                        "scale_s": scale_seconds,
                        **{f"{k}_s": v for k, v in timings.items()},
                        "demo": summary,
                    },
                    "floor": floors,
                    "pages": rows,
                    "peak_rss_mb": rss,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        print(f"JSON: {out}")
        if any(row["errors"] for row in rows):
            sys.exit("some requests failed (see the errors column)")
    finally:
        for server in servers:
            bench_pages.stop_gunicorn(server)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if os.environ.get("CACHE_KEY_PREFIX", "").startswith("benchpages-"):
            bench_pages.clear_cache_prefix(os.environ["CACHE_KEY_PREFIX"])
        if created_db:
            bench_pages.drop_pg_database(database_url)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
