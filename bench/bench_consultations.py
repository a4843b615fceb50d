"""Consultation form: page, submissions with files, and the coordinators' download, against a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hospital_consultations .venv/bin/python bench/bench_consultations.py

Runs in a throwaway test database through the full Django stack (test client: middleware,
upload handlers, type sniffing, hashing, encryption, storage), with private files in a temporary
folder, and prints p50/p95 and the ratio to /robots.txt measured in the same run.
"""

import base64
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-private-"))
os.environ.setdefault("CONSULTATION_FILE_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
os.environ.setdefault("CONSULTATION_RATE_LIMIT", "100000/h")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 30))
BIG_MB = int(os.environ.get("BENCH_BIG_MB", 20))


def timed(rounds, call):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    from consultations.demo import make_pdf, make_png
    from consultations.models import MedicalReport
    from hospital.models import Specialty
    from tests.consultations.factories import coordinator

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from hospital.roles import setup_roles

        setup_roles()
        lung = Specialty.objects.create(kind="cancer_type", name="Lung cancer", slug="lung-cancer")
        pdf, png = make_pdf(["Pathology report"]), make_png("CT")
        big = pdf.replace(b"%%EOF", b"%" + secrets.token_hex(BIG_MB * 512 * 1024).encode() + b"\n%%EOF")
        client = Client()

        def submit(files):
            data = {"patient_name": "Bench", "cancer_type": lung.pk, "phone": "+6281234567890",
                    "preferred_language": "en", "consent": "on", "form_token": str(uuid.uuid4()),
                    "reports": [SimpleUploadedFile(name, content) for name, content in files]}  # fmt: skip
            response = client.post("/en/consultation/", data)
            assert response.status_code == 302, response.content[:500]

        for _ in range(3):
            client.get("/robots.txt"), client.get("/en/consultation/"), submit([("a.pdf", pdf)])
        rows = [("trivial view /robots.txt", timed(ROUNDS, lambda: client.get("/robots.txt")))]
        rows.append(("GET /en/consultation/", timed(ROUNDS, lambda: client.get("/en/consultation/"))))
        rows.append(("POST form + PDF + PNG (small)", timed(ROUNDS, lambda: submit([("a.pdf", pdf), ("b.png", png)]))))
        rows.append((f"POST form + {len(big) / 1e6:.0f} MB PDF", timed(5, lambda: submit([("big.pdf", big)]))))
        desk = Client()
        desk.force_login(coordinator(username="bench-desk"))
        report = MedicalReport.objects.filter(size=len(big)).first()
        rows.append((f"download {len(big) / 1e6:.0f} MB (decrypt)",
                     timed(5, lambda: b"".join(desk.get(report.get_download_url()).streaming_content))))  # fmt: skip
        base_p50, base_p95 = rows[0][1]
        for label, (p50, p95) in rows:
            print(f"{label:36} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  ({p50 / base_p50:7.1f}x trivial p50)")
        big_p50 = rows[3][1][0] / 1000
        print(f"upload+sniff+hash+encrypt+store throughput: {len(big) / 1e6 / big_p50:.0f} MB/s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
