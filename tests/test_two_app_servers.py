"""Two app servers, one state: two gunicorn instances on their own ports share one PostgreSQL database,
one Redis and one S3 bucket pair (moto's server, tests/s3.py); two tasks workers run as processes of their own.

This is what DESIGN.md promises a hospital group that outgrows one machine: any number of stateless app
processes behind a load balancer. Each request below goes to the server a load balancer could have
picked, and a browser's cookies travel with it from one server to the other.

Slow (about half a minute: a database migrated from scratch, three processes started); it runs in the
PostgreSQL pass of `make test`, in its own database `<DATABASE_URL's name>_twoservers`.
"""

import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.consultations.factories import PDF, PNG, TEST_KEY
from tests.s3 import S3Server, free_port, wait_for_port
from tests.smtp import SMTPSink

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = "redis://127.0.0.1:6379/4"
PASSWORD = "Two-servers-" + uuid.uuid4().hex
RATE_LIMIT = 6

pytestmark = [
    pytest.mark.slow,
    pytest.mark.object_storage,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL: runs in the PostgreSQL pass of make test (DATABASE_URL=postgres://...)",
    ),
]


# --- the cluster ---------------------------------------------------------------------------------


def own_database_url():
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_twoservers")), parts.path.strip(
        "/"
    ) + "_twoservers"


def recreate_database(name, drop_only=False):
    import psycopg

    parts = urlsplit(DATABASE_URL)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Cluster:
    environ: dict
    database_url: str
    logs: Path
    s3: S3Server
    buckets: tuple
    smtp: SMTPSink
    servers: list = field(default_factory=list)
    processes: list = field(default_factory=list)
    workers: list = field(default_factory=list)
    ids: dict = field(default_factory=dict)

    def manage(self, *args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.environ,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def spawn(self, name, args):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(args, cwd=ROOT, env=self.environ, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def start_server(self, name):
        port = free_port()
        process = self.spawn(name, [sys.executable, "-m", "gunicorn", "hospital.wsgi", "--bind", f"127.0.0.1:{port}",
                                    "--workers", "2", "--preload", "--graceful-timeout", "2"])  # fmt: skip
        wait_for_port(port, process, timeout=120)
        self.servers.append(port)
        return port

    def start_workers(self, count=2):
        """`db_worker` processes beside the app servers; two, so that each task is seen to run once."""
        while len(self.workers) < count:
            self.workers.append(self.spawn(f"db_worker-{len(self.workers) + 1}", [
                sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
            ]))  # fmt: skip
        return self.workers

    def log_tail(self):
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in sorted(self.logs.glob("*.log")))  # fmt: skip

    def query(self, sql, *params):
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def stop(self):
        for process, _log in self.processes:
            # SIGINT: gunicorn's quick shutdown (SIGTERM waits out its graceful timeout); db_worker stops too.
            process.send_signal(signal.SIGINT)
        for process, log in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


SETUP_SCRIPT = """
import json, os
from django.contrib.auth.models import Group, User
from hospital.models import Page, Specialty
from accounts.policy import enrol_totp
from hospital.roles import COORDINATOR, setup_roles
setup_roles()
desk = User.objects.create_user("desk", "desk@hospital.example", os.environ["TWO_SERVERS_PASSWORD"], is_staff=True)
desk.groups.add(Group.objects.get(name=COORDINATOR))
chief = User.objects.create_superuser("chief", "chief@hospital.example", os.environ["TWO_SERVERS_PASSWORD"])
# Coordinators and superusers sign in with a second factor: here one of their recovery codes.
codes = {user.username: enrol_totp(user)[1] for user in (desk, chief)}
User.objects.create_user("editor", "editor@hospital.example", os.environ["TWO_SERVERS_PASSWORD"], is_staff=True)
lung = Specialty.objects.create(kind="cancer_type", name_en="Lung cancer", slug="lung-cancer")
page = Page.objects.create(title_en="Visiting hours", slug_en="visiting-hours", body_en="<p>Open daily.</p>",
                           published=True)
print(json.dumps({"lung": lung.pk, "page": page.pk, "codes": codes}))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = time.monotonic()
    database_url, database_name = own_database_url()
    recreate_database(database_name)
    s3 = S3Server().start()
    buckets = s3.create_buckets("twoservers")
    cache_prefix = f"twoservers-{uuid.uuid4().hex[:8]}"
    harness = {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    with SMTPSink() as smtp:
        environ = {
            **{key: value for key, value in os.environ.items() if key not in harness},
            **s3.environ(*buckets),
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": cache_prefix,
            "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DJANGO_SECRET_KEY": "two-servers-" + "x9c8v7b6n5m4" * 4,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "CONSULTATION_FILE_KEYS": TEST_KEY,
            "CONSULTATION_RATE_LIMIT": f"{RATE_LIMIT}/d",  # a day: no window boundary during the test
            "CONSULTATION_NOTIFY_EMAILS": "",
            "CLAMD_SOCKET": "",
            "CLAMD_HOST": "",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "0",
            "SITE_URL": "https://hospital.example",
            "TWO_SERVERS_PASSWORD": PASSWORD,
        }
        cluster = Cluster(environ, database_url, tmp_path_factory.mktemp("two-servers"), s3, buckets, smtp)
        try:
            cluster.manage("migrate", "--noinput")
            cluster.ids = json.loads(cluster.manage("shell", "-c", SETUP_SCRIPT).strip().splitlines()[-1])
            cluster.start_server("server-a")
            cluster.start_server("server-b")
            print(f"\ntwo-server cluster ready in {time.monotonic() - started:.1f} s")
            yield cluster
        finally:
            cluster.stop()
            s3.stop()
            recreate_database(database_name, drop_only=True)
            _forget_cache(cache_prefix)


def _forget_cache(prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


# --- a browser ------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """One visitor: cookies kept across requests, whichever server (port) a request goes to."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        result = Response(response.status, response.headers, response.read())
        connection.close()
        for cookie in result.headers.get_all("Set-Cookie") or ():
            name, _sep, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "max-age=0" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return result

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, fields, files=()):
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request(port, "POST", path, body, {"Content-Type": content_type})

    def sign_in(self, port, username, code):
        """Through the real admin sign-in form with the second factor, as a person does."""
        form = self.get(port, "/admin/login/?next=/admin/")
        assert form.status == 200
        fields = FormFields.of(form.text, form_id="login-form")
        fields.update(username=[username], password=[PASSWORD], otp_token=[code])
        response = self.post(port, "/admin/login/?next=/admin/", fields)
        assert response.status == 302 and response.headers["Location"] == "/admin/", response.text[:500]


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, content_type in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class FormFields(HTMLParser):
    """What a browser sends for one form of a page (`form_id`, or every form): inputs, checked boxes,
    selected options (the first one when none is), textareas."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = {}
        self._select = None
        self._textarea = None

    @classmethod
    def of(cls, page, form_id=None):
        parser = cls(form_id)
        parser.feed(page)
        return parser.fields

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id in (None, attrs.get("id")):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            self.fields.setdefault(select["name"], []).extend(chosen)
        elif tag == "textarea" and self._textarea:
            value = self.fields[self._textarea][-1]
            self.fields[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "form":
            self.inside = False


def consultation_fields(page_html, cluster):
    fields = FormFields.of(page_html)
    assert "form_token" in fields and "csrfmiddlewaretoken" in fields
    return {
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"][0],
        "form_token": fields["form_token"][0],
        "patient_name": "Nguyễn Thị Lan",
        "age": "61",
        "country": "VN",
        "cancer_type": str(cluster.ids["lung"]),
        "phone": "+84 91 234 56 78",
        "email": "lan@example.com",
        "preferred_language": "vi",
        "message": "Can proton therapy help?",
        "consent": "on",
        "website": "",
    }


REPORTS = [("reports", "ct-report.pdf", PDF, "application/pdf"), ("reports", "scan.png", PNG, "image/png")]


@pytest.fixture(scope="module")
def submission(cluster):
    """A patient's request sent through server A, then the same form sent again through server B."""
    a, b = cluster.servers
    patient = Browser()
    form = patient.get(a, "/vi/consultation/")
    assert form.status == 200, cluster.log_tail()
    fields = consultation_fields(form.text, cluster)
    first = patient.post(a, "/vi/consultation/", fields, REPORTS)
    assert first.status == 302, first.text[:2000] + cluster.log_tail()
    # The back button and "send" again, this time answered by the other server: the one-time form
    # token is known there too, so it leads to the same request instead of a second one.
    again = patient.post(b, "/vi/consultation/", fields, REPORTS)
    assert again.status == 302 and again.headers["Location"] == first.headers["Location"]
    reference = re.search(r"/received/([A-Z0-9-]+)/", first.headers["Location"]).group(1)
    return reference


# --- the promises ---------------------------------------------------------------------------------


def test_both_servers_are_healthy_for_the_load_balancer(cluster):
    for port in cluster.servers:
        response = Browser().get(port, "/healthz")
        assert response.status == 200 and json.loads(response.body) == {"status": "up", "database": "ok"}


def test_request_sent_through_one_server_is_downloaded_by_a_coordinator_signed_in_on_the_other(cluster, submission):
    a, b = cluster.servers
    assert cluster.query("SELECT count(*) FROM consultations_consultationrequest") == [(1,)]
    assert len(cluster.s3.keys(cluster.buckets[1], "reports/")) == 2

    desk = Browser()
    desk.sign_in(b, "desk", cluster.ids["codes"]["desk"][0])
    pk = cluster.query("SELECT id FROM consultations_consultationrequest WHERE reference = %s", submission)[0][0]
    page = desk.get(b, f"/admin/consultations/consultationrequest/{pk}/change/")
    assert page.status == 200 and submission in page.text
    links = dict(re.findall(r'href="(/[a-z-]+/consultation/reports/[0-9a-f-]{36}/)"[^>]*>([^<]+)<', page.text))
    assert sorted(links.values()) == ["ct-report.pdf", "scan.png"]
    by_name = {html.unescape(name): url for url, name in links.items()}

    download = desk.get(b, by_name["ct-report.pdf"])
    assert download.status == 200 and download.body == PDF
    assert download.headers["Content-Disposition"] == 'attachment; filename="ct-report.pdf"'
    # The same signed-in browser, sent to the other server by the load balancer: still signed in.
    download = desk.get(a, by_name["scan.png"])
    assert download.status == 200 and download.body == PNG
    logged = cluster.query("SELECT username, reference FROM consultations_accesslogentry WHERE action = 'download'")
    assert logged == [("desk", submission), ("desk", submission)]
    # Anyone else is sent to the sign-in page, on either server.
    assert Browser().get(a, by_name["scan.png"]).status == 302


def test_the_tasks_workers_in_their_own_processes_send_each_mail_once(cluster, submission):
    if not cluster.workers:
        # The app servers only queue the mail: nothing leaves until the worker runs.
        time.sleep(0.5)
        assert cluster.smtp.messages == []
        queued = cluster.query("SELECT status FROM django_tasks_database_dbtaskresult")
        assert sorted(queued) == [("READY",), ("READY",)]
    cluster.start_workers(2)
    cluster.smtp.wait_for(2, timeout=60)
    time.sleep(1.0)  # more passes of both workers must not send them again
    messages = cluster.smtp.messages
    recipients = sorted(to for to, _message in messages)
    assert recipients == [("desk@hospital.example",), ("lan@example.com",)], cluster.log_tail()
    for _to, message in messages:
        assert submission in message["Subject"] + message.get_content()
        assert "Nguyễn" not in message.get_content()  # mail carries the reference, never the patient
    done = cluster.query("SELECT status FROM django_tasks_database_dbtaskresult")
    assert sorted(done) == [("SUCCESSFUL",), ("SUCCESSFUL",)]


def test_an_edit_published_through_one_server_is_on_the_very_next_request_to_the_other(cluster):
    a, b = cluster.servers
    visitor = Browser()
    before = visitor.get(b, "/en/visiting-hours/")
    assert before.status == 200 and "Visiting hours" in before.text
    visitor.get(a, "/en/visiting-hours/")  # both servers have rendered (and could have kept) the old page

    chief = Browser()
    chief.sign_in(a, "chief", cluster.ids["codes"]["chief"][0])
    change = f"/admin/hospital/page/{cluster.ids['page']}/change/"
    form = chief.get(a, change)
    assert form.status == 200
    fields = FormFields.of(form.text, form_id="page_form")
    assert fields["title_en"] == ["Visiting hours"]
    fields["title_en"] = ["Visiting hours and parking"]
    fields["_save"] = ["Save"]
    saved = chief.post(a, change, fields)
    assert saved.status == 302, saved.text[:3000]

    after = visitor.get(b, "/en/visiting-hours/")
    assert after.status == 200
    assert cluster.s3.endpoint in after.headers["Content-Security-Policy"]  # photos come from the bucket
    assert "Visiting hours and parking" in after.text
    assert "Visiting hours and parking" in Browser().get(b, "/en/").text  # the menu of every page too


def test_the_submission_rate_limit_counts_across_both_servers(cluster, submission):
    """Accepted new requests count, wherever they arrive; the limit is reached on whichever server is next."""
    a, b = cluster.servers
    patient = Browser()
    statuses = []
    for attempt in range(RATE_LIMIT + 1):
        server = (b, a)[attempt % 2]
        form = patient.get(server, "/en/consultation/")
        assert form.status == 200
        statuses.append(patient.post(server, "/en/consultation/", consultation_fields(form.text, cluster),
                                     REPORTS).status)  # fmt: skip
    # The submission fixture's request (sent twice, stored once) was the first of the quota.
    used = 1
    assert statuses[: RATE_LIMIT - used] == [302] * (RATE_LIMIT - used), statuses
    assert set(statuses[RATE_LIMIT - used :]) == {429}, statuses
    assert cluster.query("SELECT count(*) FROM consultations_consultationrequest") == [(RATE_LIMIT,)]


def test_a_sign_in_lockout_counts_across_both_servers(cluster):
    """Wrong passwords sent to both servers add up to one lockout (django-axes' state is in the database)."""
    a, b = cluster.servers
    guesser = Browser()
    statuses = []
    for attempt in range(5):
        server = (a, b)[attempt % 2]
        form = guesser.get(server, "/admin/login/?next=/admin/")
        fields = FormFields.of(form.text, form_id="login-form")
        fields.update(username=["editor"], password=["not the password"])
        statuses.append(guesser.post(server, "/admin/login/?next=/admin/", fields).status)
    assert statuses[:4] == [200] * 4, statuses  # the fifth failure is the one that locks
    form = guesser.get(a, "/admin/login/?next=/admin/")
    fields = FormFields.of(form.text, form_id="login-form")
    fields.update(username=["editor"], password=[PASSWORD])
    locked = guesser.post(b, "/admin/login/?next=/admin/", fields)
    assert locked.status == 429 and "sessionid" not in "".join(guesser.cookies), locked.text[:500]
