"""Virus scanning through ClamAV's clamd, spoken to directly with its INSTREAM protocol.

Configured by CLAMD_SOCKET (a unix socket) or CLAMD_HOST/CLAMD_PORT; with neither, files are
not scanned. clamd's StreamMaxLength must be at least CONSULTATION_MAX_FILE_BYTES.
"""

import socket
import struct

from django.conf import settings

CHUNK_SIZE = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not give a verdict."""


class InfectedFile(Exception):
    def __init__(self, signature):
        super().__init__(signature)
        self.signature = signature


def is_configured():
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect():
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        connection.connect(settings.CLAMD_SOCKET)
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def scan_chunks(chunks):
    """Send the byte chunks to clamd; raise InfectedFile or ScannerUnavailable unless clean."""
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK_SIZE):
                    piece = chunk[start : start + CHUNK_SIZE]
                    connection.sendall(struct.pack("!L", len(piece)) + piece)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = connection.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    verdict = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: <signature> FOUND" or "<reason> ERROR".
    if verdict.endswith("FOUND"):
        raise InfectedFile(verdict.removeprefix("stream:").removesuffix("FOUND").strip())
    if verdict != "stream: OK":
        raise ScannerUnavailable(verdict or "no reply")


def ping():
    """True when clamd answers PING."""
    try:
        with _connect() as connection:
            connection.sendall(b"zPING\0")
            return connection.recv(16).rstrip(b"\0") == b"PONG"
    except OSError:
        return False
