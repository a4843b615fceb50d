"""50 simultaneous submissions with files against a live server: 50 requests, intact files.

On PostgreSQL all 50 run at once (plus 10 double clicks racing their twins). The SQLite test
database is a shared-cache in-memory database whose table locks fail at once instead of waiting,
so there the same submissions run one after another: that still checks the files and tokens.

The server is Django's live server with a production-sized listen backlog: its default queue of
10 pending connections overflows when 60 browsers connect at once, and the kernel then resets
some of them, which says nothing about the application (gunicorn's backlog is 2048).
"""

import hashlib
import http.client
import re
import secrets
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from consultations.demo import make_pdf
from consultations.files import open_report
from consultations.models import ConsultationRequest

from .factories import PNG, CancerTypeFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
SUBMISSIONS = 50
DOUBLE_CLICKS = 10


class BacklogWSGIServer(ThreadedWSGIServer):
    request_queue_size = 2048


@pytest.fixture
def server_url(transactional_db, settings):
    # pytest-django's live server (it shares an in-memory SQLite database with its thread), with the
    # server class swapped before it starts; its host allowed, as the live_server fixture does.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    server = LiveServer("localhost", start=False)
    server.thread.server_class = BacklogWSGIServer
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, content_type in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Patient:
    """One browser: gets the form (cookie, CSRF token, form token), then posts it."""

    def __init__(self, base_url, cancer_type_id, number):
        self.host = urlsplit(base_url).netloc
        self.cancer_type_id = cancer_type_id
        self.number = number
        # Unique files, so each stored report can be matched to what was sent.
        self.files = [
            ("reports", f"report-{number}.pdf", make_pdf([f"Report {number}", secrets.token_hex(2048)]),
             "application/pdf"),
            ("reports", f"scan-{number}.png", PNG + secrets.token_bytes(2048), "image/png"),
        ]  # fmt: skip

    def _request(self, method, path, body=None, headers=None, start=None):
        conn = http.client.HTTPConnection(self.host, timeout=120)
        try:
            # Connect first, then wait for the others: the requests themselves start together.
            conn.connect()
            if start is not None:
                start.wait(timeout=60)
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            conn.close()

    def load_form(self):
        status, headers, html = self._request("GET", "/en/consultation/")
        assert status == 200
        self.cookie = re.search(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", headers["Set-Cookie"]).group(1)
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)

    def submit(self, start=None):
        fields = {
            "csrfmiddlewaretoken": self.csrf, "form_token": self.token, "patient_name": f"Patient {self.number}",
            "cancer_type": self.cancer_type_id, "phone": "+6281234567890", "preferred_language": "en",
            "consent": "on", "website": "", "message": f"Request number {self.number}",
        }  # fmt: skip
        body, content_type = multipart(fields, self.files)
        status, headers, html = self._request("POST", "/en/consultation/", body, {
            "Content-Type": content_type, "Cookie": f"{settings.CSRF_COOKIE_NAME}={self.cookie}", "Referer": "http://testserver/",
        }, start)  # fmt: skip
        assert status == 302, html[:2000]
        return headers["Location"]


def test_fifty_simultaneous_submissions(server_url, settings):
    on_postgres = connection.vendor == "postgresql"
    workers = SUBMISSIONS + DOUBLE_CLICKS if on_postgres else 1
    settings.CONSULTATION_RATE_LIMIT = "10000/h"
    cancer_type = CancerTypeFactory(name="Lung cancer", slug="lung-cancer")
    patients = [Patient(server_url, cancer_type.pk, n) for n in range(SUBMISSIONS)]
    for patient in patients:
        patient.load_form()
    # Ten patients click twice: both posts race each other with the same form token.
    jobs = patients + patients[:DOUBLE_CLICKS]
    start = threading.Barrier(len(jobs)) if workers >= len(jobs) else None

    def run(patient):
        return patient, patient.submit(start)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, jobs))

    assert ConsultationRequest.objects.count() == SUBMISSIONS
    locations = {}
    for patient, location in results:
        locations.setdefault(patient.number, set()).add(location)
    assert all(len(found) == 1 for found in locations.values())  # a double click lands on one request
    for patient in patients:
        consultation = ConsultationRequest.objects.get(form_token=patient.token)
        assert consultation.message == f"Request number {patient.number}"
        reports = list(consultation.reports.order_by("pk"))
        assert len(reports) == 2
        for report, (_field, _name, data, _type) in zip(reports, patient.files, strict=True):
            assert report.sha256 == hashlib.sha256(data).hexdigest()
            assert hashlib.sha256(b"".join(open_report(report))).hexdigest() == report.sha256
