"""What a web worker loads at start-up: each worker pays for every module in memory, so libraries
that only some requests need are imported by those requests (bench/bench_site.py reports RSS)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The object-storage client (only with AWS_STORAGE_BUCKET_NAME), the report checks' parsers (only when
# a report arrives), phone photos' HEIF decoder, the passkey ceremonies' WebAuthn stack, and psycopg
# (only with a PostgreSQL DATABASE_URL).
LOADED_ON_DEMAND = ["boto3", "botocore", "storages.backends.s3", "pypdf", "pydicom", "numpy", "pillow_heif",
                    "webauthn", "OpenSSL", "psycopg"]  # fmt: skip


def test_a_worker_starts_without_the_libraries_of_rare_requests(tmp_path):
    code = (
        "import json, sys; from hospital.wsgi import application; "
        f"print(json.dumps([name for name in {LOADED_ON_DEMAND!r} if name in sys.modules]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hospital.settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "worker-start-test-" + "x" * 40, "DJANGO_VAR_DIR": str(tmp_path)}  # fmt: skip
    for name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_BUCKET_NAME"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
