"""An S3-compatible server for the tests: moto's standalone server in its own process, over HTTP.

Ceph's radosgw (Debian's `radosgw`) needs a running Ceph cluster (monitor, manager and object store
daemons) behind it, too heavy for a test run on a shared two-core machine, so the tests use moto's
server: boto3 talks HTTP to a real socket, nothing is mocked in process. `FaultyEndpoint` sits
between the site and that server to make the bucket fail on chosen requests.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from botocore.config import Config

ACCESS_KEY = "tests-access-key"
SECRET_KEY = "tests-secret-key"
REGION = "us-east-1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process=None, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class S3Server:
    """`moto_server` on a free local port, started once per test session."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "1"},
        )
        wait_for_port(self.port, self.process, timeout=120)
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def client(self, endpoint=None):
        return boto3.client(
            "s3",
            endpoint_url=endpoint or self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(retries={"mode": "standard", "max_attempts": 1}),
        )

    def create_buckets(self, prefix="hospital"):
        """A fresh public bucket (anonymous reads allowed by policy) and a fresh private one."""
        suffix = uuid.uuid4().hex[:10]
        public, private = f"{prefix}-media-{suffix}", f"{prefix}-reports-{suffix}"
        client = self.client()
        client.create_bucket(Bucket=public)
        client.create_bucket(Bucket=private)
        client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
        return public, private

    def keys(self, bucket, prefix=""):
        paginator = self.client().get_paginator("list_objects_v2")
        return sorted(item["Key"] for page in paginator.paginate(Bucket=bucket, Prefix=prefix)
                      for item in page.get("Contents", ()))  # fmt: skip

    def environ(self, public, private, endpoint=None):
        """The environment an operator sets for these buckets (as for an app server)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": public,
            "AWS_PRIVATE_BUCKET_NAME": private,
            "AWS_S3_ENDPOINT_URL": endpoint or self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_URL_PROTOCOL": "http:",
        }


def public_read_policy(bucket):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/*"}],
    })  # fmt: skip


def storages_for(endpoint, public, private, base=None, max_attempts=2):
    """settings.STORAGES as hospital/settings.py builds it from `S3Server.environ()`."""
    from botocore.config import Config

    common = {
        "endpoint_url": endpoint,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "client_config": Config(connect_timeout=2, read_timeout=5,
                                retries={"mode": "standard", "max_attempts": max_attempts}),
    }  # fmt: skip
    return {
        **(base or {}),
        "default": {
            "BACKEND": "hospital.object_storage.PublicMediaStorage",
            "OPTIONS": {**common, "bucket_name": public, "url_protocol": "http:",
                        "object_parameters": {"CacheControl": "public, max-age=31536000"}},
        },  # fmt: skip
        "private": {"BACKEND": "hospital.object_storage.PrivateReportStorage",
                    "OPTIONS": {**common, "bucket_name": private}},
    }  # fmt: skip


def anonymous_get(url):
    """GET a URL as any browser would: no credentials. Returns (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class FaultyEndpoint:
    """An HTTP relay in front of the S3 server whose `fail` predicate turns chosen requests into 503s.

    `fail(method, path)` is asked for every request; True answers 503 ServiceUnavailable (what an
    overloaded or failing store says) without passing the request on.
    """

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.fail = lambda method, path: False
        self.seen = []
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                relay.seen.append((self.command, self.path))
                if relay.fail(self.command, self.path):
                    error = b"<Error><Code>ServiceUnavailable</Code><Message>Failing on purpose</Message></Error>"
                    self.send_response(503)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(error)))
                    self.end_headers()
                    self.wfile.write(error)
                    return
                upstream = http.client.HTTPConnection("127.0.0.1", relay.upstream_port, timeout=30)
                headers = {key: value for key, value in self.headers.items() if key.lower() != "expect"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                        self.send_header(key, value)
                length = response.getheader("Content-Length", "0") if self.command == "HEAD" else len(data)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
