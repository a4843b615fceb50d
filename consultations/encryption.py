"""Encryption at rest for medical reports: AES-256-GCM in segments, with a key ring for rotation.

Stored format (version 1)::

    b"HCRE" | version (1 byte) | key id (8 bytes) | salt (16 bytes)
    segment 0 | segment 1 | ... | last segment

Each file gets its own key, derived with HKDF from the master key and the file's random salt.
Each segment holds up to SEGMENT_SIZE bytes of plaintext plus a 16-byte tag; its nonce is its
number plus a "last segment" flag, so segments cannot be reordered, dropped or truncated
unnoticed (the STREAM construction). Files are processed a segment at a time, never whole.

Short values that must leave the request for a while (a one-time code in a mail task's arguments,
which a task backend stores in its table) are sealed with the same keys: `seal(text, purpose)` gives
URL-safe text ``"HCSV" | version | key id | salt | AES-GCM(text)``, bound to `purpose` so that it
opens for nothing else; `unseal(sealed, purpose)` gives the text back.

Keys are 32 random bytes, written as URL-safe base64. `CONSULTATION_FILE_KEYS` lists them,
newest first: the first encrypts, every listed key decrypts. Without any, a key file under
VAR_DIR is created (mode 0600) so the embedded default works out of the box.
"""

import base64
import binascii
import functools
import hashlib
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"HCRE"
VERSION = 1
KEY_ID_SIZE = 8
SALT_SIZE = 16
HEADER_SIZE = len(MAGIC) + 1 + KEY_ID_SIZE + SALT_SIZE
SEGMENT_SIZE = 64 * 1024
TAG_SIZE = 16
HKDF_INFO = b"hospital medical report v1"
SEALED_MAGIC = b"HCSV"
SEALED_INFO = b"hospital sealed value v1"
SEALED_HEADER_SIZE = len(SEALED_MAGIC) + 1 + KEY_ID_SIZE + SALT_SIZE


class DecryptionError(Exception):
    """The stored bytes are not an intact file encrypted with a key we hold."""


def generate_key():
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(text):
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured("A consultation file key must be 32 bytes in URL-safe base64 (44 characters).")
    return raw


def read_or_create_key_file(path):
    """The key in `path`, creating the file (mode 0600) with a new key when it does not exist."""
    path = os.fspath(path)
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    key = generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process created it first: use theirs.
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


@dataclass(frozen=True)
class MasterKey:
    raw: bytes

    @property
    def id_bytes(self):
        return hashlib.sha256(self.raw).digest()[:KEY_ID_SIZE]

    @property
    def id(self):
        return self.id_bytes.hex()

    def file_cipher(self, salt, info=HKDF_INFO):
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(self.raw)
        return AESGCM(derived)


class KeyRing:
    def __init__(self, keys):
        if not keys:
            raise ImproperlyConfigured("No consultation file key is configured.")
        self.keys = [MasterKey(parse_key(text)) for text in keys]
        self.by_id = {key.id_bytes: key for key in self.keys}

    @property
    def current(self):
        return self.keys[0]


@functools.lru_cache(maxsize=4)
def _key_ring(configured, key_file):
    keys = list(configured) or [read_or_create_key_file(key_file)]
    return KeyRing(keys)


def key_ring():
    """The key ring for the current settings (cached per configuration)."""
    return _key_ring(tuple(settings.CONSULTATION_FILE_KEYS), str(settings.CONSULTATION_FILE_KEY_FILE))


def _nonce(counter, last):
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_exactly(handle, size):
    parts = []
    while size:
        part = handle.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def encrypt_to(chunks, out, ring=None):
    """Encrypt the byte chunks from the iterable `chunks` into the binary file `out`.

    Returns the id of the key used.
    """
    key = (ring or key_ring()).current
    salt = secrets.token_bytes(SALT_SIZE)
    header = MAGIC + bytes([VERSION]) + key.id_bytes + salt
    cipher = key.file_cipher(salt)
    out.write(header)
    buffer = bytearray()
    counter = 0
    for chunk in chunks:
        buffer += chunk
        # Keep at least one byte back so the last segment is known when the input ends.
        while len(buffer) > SEGMENT_SIZE:
            out.write(cipher.encrypt(_nonce(counter, False), bytes(buffer[:SEGMENT_SIZE]), header))
            del buffer[:SEGMENT_SIZE]
            counter += 1
    out.write(cipher.encrypt(_nonce(counter, True), bytes(buffer), header))
    return key.id


def decrypt_from(handle, ring=None):
    """Yield the plaintext of the encrypted binary file `handle`, a segment at a time.

    Raises DecryptionError (possibly after some segments were yielded) when the file was
    altered, truncated or encrypted with a key that is not in the ring.
    """
    ring = ring or key_ring()
    header = _read_exactly(handle, HEADER_SIZE)
    if len(header) != HEADER_SIZE or not header.startswith(MAGIC) or header[len(MAGIC)] != VERSION:
        raise DecryptionError("Not an encrypted medical report.")
    key_id = header[len(MAGIC) + 1 : len(MAGIC) + 1 + KEY_ID_SIZE]
    key = ring.by_id.get(key_id)
    if key is None:
        raise DecryptionError(f"The key {key_id.hex()} is not in CONSULTATION_FILE_KEYS.")
    cipher = key.file_cipher(header[-SALT_SIZE:])
    counter = 0
    segment = _read_exactly(handle, SEGMENT_SIZE + TAG_SIZE)
    while True:
        following = _read_exactly(handle, SEGMENT_SIZE + TAG_SIZE)
        last = not following
        try:
            yield cipher.decrypt(_nonce(counter, last), segment, header)
        except InvalidTag:
            raise DecryptionError("The encrypted file is damaged or was altered.") from None
        if last:
            return
        segment = following
        counter += 1


# Sealed values: each gets its own key (random salt), so a fixed nonce is safe.
_SEALED_NONCE = bytes(12)


def seal(text, purpose, ring=None):
    """`text` encrypted with the current key, bound to `purpose`, as URL-safe ASCII."""
    key = (ring or key_ring()).current
    salt = secrets.token_bytes(SALT_SIZE)
    header = SEALED_MAGIC + bytes([VERSION]) + key.id_bytes + salt
    sealed = key.file_cipher(salt, SEALED_INFO).encrypt(_SEALED_NONCE, text.encode(), header + purpose.encode())
    return base64.urlsafe_b64encode(header + sealed).decode("ascii")


def unseal(sealed, purpose, ring=None):
    """The text `seal(text, purpose)` sealed; DecryptionError for anything else (altered, other
    purpose, a key no longer configured)."""
    ring = ring or key_ring()
    try:
        raw = base64.urlsafe_b64decode(str(sealed).encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    header = raw[:SEALED_HEADER_SIZE]
    if len(raw) <= SEALED_HEADER_SIZE or not header.startswith(SEALED_MAGIC) or header[len(SEALED_MAGIC)] != VERSION:
        raise DecryptionError("Not a sealed value.")
    key = ring.by_id.get(header[len(SEALED_MAGIC) + 1 : len(SEALED_MAGIC) + 1 + KEY_ID_SIZE])
    if key is None:
        raise DecryptionError("The sealed value's key is not in CONSULTATION_FILE_KEYS.")
    cipher = key.file_cipher(header[-SALT_SIZE:], SEALED_INFO)
    try:
        return cipher.decrypt(_SEALED_NONCE, raw[SEALED_HEADER_SIZE:], header + purpose.encode()).decode()
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionError("The sealed value was altered or is for something else.") from None
