"""Responses compressed once per change of their costly parts, not once per request.

A kept fragment ({% cachedfragment %}) is stored with its text compressed on its own: raw deflate
ending on a full flush, so nothing in it refers to the text around it. While a page renders, a
large fragment stands in the page as a short reference; GZipMiddleware (in Django's place in
MIDDLEWARE) then compresses only the text between references and joins it with the stored pieces
into one gzip member. A profile with 300 papers or a form listing 2,000 experts thus costs the
deflate of a few kilobytes instead of the whole page. Clients that do not take gzip get the text.

The references are content tokens, made once per fragment version, so an ETag computed on the page
below this middleware (ConditionalGetMiddleware) changes when a fragment changes. A fragment's
secrets (a CSRF token) are never in a stored piece: they are holes, filled per request into the
text between pieces, as Django's own middleware would compress them. The gzip header gets the
random padding of Django's GZipMiddleware ("Heal The Breach").
"""

import gzip
import re
import secrets
import struct
import zlib

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

# Smaller pieces are left in the page's text: a reference costs more than compressing them.
MIN_PIECE = 1024
REFERENCE = "\x00precompressed:%s\x00"
REFERENCE_RE = re.compile(rb"\x00precompressed:(\w+)\x00")
_ATTRIBUTE = "_precompressed"


def deflate(data):
    """`data` as raw deflate ending on a full flush: a piece to join with others."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


class Piece:
    """Text kept with its compressed form (and a token naming this version of it)."""

    __slots__ = ("text", "deflated", "token")

    def __init__(self, text):
        self.text = text
        self.deflated = deflate(text.encode())
        self.token = secrets.token_hex(8)

    def __getstate__(self):
        return (self.text, self.deflated, self.token)

    def __setstate__(self, state):
        self.text, self.deflated, self.token = state

    @classmethod
    def worth_it(cls, text):
        return len(text) >= MIN_PIECE

    def in_page(self, request):
        """A reference the middleware replaces, where it will (else the text itself)."""
        pieces = getattr(request, _ATTRIBUTE, None)
        if pieces is None:
            return self.text
        pieces[self.token.encode()] = self
        return REFERENCE % self.token


def gzip_member(chunks):
    """One gzip member of `chunks`, each `(bytes, its deflate() or None)`; None is compressed here."""
    out, crc, size = [], 0, 0
    for text, deflated in chunks:
        if not text:
            continue
        out.append(deflated if deflated is not None else deflate(text))
        crc = zlib.crc32(text, crc)
        size += len(text)
    out.append(b"\x03\x00")  # the last block: empty, final
    # 1 to 100 random characters, as Django's GZipMiddleware pads (from one read of urandom).
    padding = secrets.token_hex(50)[: secrets.randbelow(100) + 1].encode()
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff" + padding + b"\x00"
    return header + b"".join(out) + struct.pack("<II", crc, size & 0xFFFFFFFF)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's GZipMiddleware, joining the stored pieces a page references (see above)."""

    def process_request(self, request):
        setattr(request, _ATTRIBUTE, {})

    def process_response(self, request, response):
        # Taken off the request: a request is part of reference cycles (its lazy user), so what it
        # holds would otherwise wait for the garbage collector, not leave with the response.
        pieces = request.__dict__.pop(_ATTRIBUTE, None)
        if pieces and not response.streaming and REFERENCE_RE.search(response.content):
            return self.join(request, response, pieces)
        return super().process_response(request, response)

    def join(self, request, response, pieces):
        parts = REFERENCE_RE.split(response.content)
        chunks = [(part, None) if index % 2 == 0 else self.piece(pieces, part) for index, part in enumerate(parts)]
        plain_size = sum(len(text) for text, _ in chunks)
        compress = (
            plain_size >= 200
            and not response.has_header("Content-Encoding")
            and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        )
        if not compress:
            # As the text: Django's middleware then does what it does with any page.
            response.content = b"".join(text for text, _ in chunks)
            response.headers["Content-Length"] = str(len(response.content))
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        response.content = gzip_member(chunks)
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response

    @staticmethod
    def piece(pieces, token):
        piece = pieces.get(token)
        if piece is None:  # not one of ours (text a visitor typed, say): left as it was
            return (REFERENCE % token.decode()).encode(), None
        return piece.text.encode(), piece.deflated
