"""Benchmark: the cost of one public media URL on object storage, against botocore's own URL building.

    .venv/bin/python bench/bench_media_urls.py

A page of experts shows about a hundred rendition URLs (srcset in WebP and JPEG at three widths), so the
per-URL cost of PublicMediaStorage.url is multiplied by that. No request is made: an unsigned URL is
built locally, so the endpoint below is never contacted.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.update({
    "AWS_STORAGE_BUCKET_NAME": "bench-media", "AWS_PRIVATE_BUCKET_NAME": "bench-reports",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
})  # fmt: skip

import django  # noqa: E402

django.setup()

from django.core.files.storage import storages  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

URLS = 5000
PER_PAGE = 100


def per_url(build):
    names = [f"renditions/{n:012x}/photo-{n}-400.webp" for n in range(URLS)]
    build(names[0])  # first call builds the client and the prefix
    started = time.perf_counter()
    for name in names:
        build(name)
    return (time.perf_counter() - started) / URLS


def main():
    storage = storages["default"]
    assert storage.url("a/b.webp") == S3Storage.url(storage, "a/b.webp")
    ours = per_url(storage.url)
    botocore = per_url(lambda name: S3Storage.url(storage, name))
    for label, cost in (("PublicMediaStorage.url", ours), ("botocore (S3Storage)", botocore)):
        print(f"{label:24} {cost * 1e6:8.1f} µs per URL, {cost * PER_PAGE * 1e3:6.2f} ms per {PER_PAGE} URLs")
    print(f"ratio: {botocore / ours:.1f}x")


if __name__ == "__main__":
    main()
