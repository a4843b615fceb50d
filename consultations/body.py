"""Reading the consultation form's body so that a body Django would refuse whole loses only the excess.

Django refuses a whole multipart body past DATA_UPLOAD_MAX_NUMBER_FIELDS fields, past
DATA_UPLOAD_MAX_MEMORY_SIZE of field data, past DATA_UPLOAD_MAX_NUMBER_FILES files, or without a
boundary in its Content-Type, and every answer typed is lost. For the form only, `FormBody`
gives the request a parser (`request.multipart_parser_class`) whose input is filtered first:
the parts are walked at the boundaries, the form's own fields within Django's limits and the
files pass unchanged, anything else is left out, and each problem is recorded. A missing
boundary is taken from the body's first line (`--xxxx`). Django's parser, with the request's
upload handlers, then reads a body it accepts, and CSRF is checked on it as on any other.

Memory stays bounded: files stream through in chunks; only a field of the form is held, and only
up to what DATA_UPLOAD_MAX_MEMORY_SIZE still allows. A body with problems is never stored: the
view shows the form again with what could be read.
"""

import functools
import re

from django.conf import settings
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.http import parse_header_parameters

CHUNK_SIZE = 64 * 1024
MAX_HEADER_SIZE = 8 * 1024  # Django refuses a part's headers past 1 KB; a part past this is dropped here
FIRST_LINE = re.compile(rb"--([ -~]{0,200}[!-~])\r\n")


class FormBody:
    """One request's reading: what was kept and what was left out (`problems`, `oversized`)."""

    def __init__(self, field_names):
        self.field_names = frozenset(field_names)
        self.problems = set()  # "too_many_fields", "too_large", "too_many_files", "no_boundary", "damaged"
        self.oversized = []  # the form's fields whose value was left out for its size
        self.had_files = False

    @property
    def parser(self):
        """For `request.multipart_parser_class`."""
        return functools.partial(TolerantMultiPartParser, body=self)


class TolerantMultiPartParser(MultiPartParser):
    def __init__(self, META, input_data, upload_handlers, encoding=None, *, body):
        _value, params = parse_header_parameters(META.get("CONTENT_TYPE", ""))
        boundary = params.get("boundary")
        first = b""
        if not boundary or not self.boundary_re.fullmatch(boundary):
            first = input_data.read(256)
            found = FIRST_LINE.match(first)
            if not found:
                raise MultiPartParserError("No boundary, and none at the start of the body")
            boundary = found.group(1).decode("ascii")
            META = {**META, "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}"}
            body.problems.add("no_boundary")
        filtered = _FilteredBody(input_data, boundary.encode("ascii"), body, first)
        super().__init__(META, filtered, upload_handlers, encoding)


class _FilteredBody:
    """A file-like view of the body with only the parts that pass (see the module docstring)."""

    def __init__(self, source, boundary, body, first):
        self.source, self.body = source, body
        self.separator = b"--" + boundary
        self.delimiter = b"\r\n" + self.separator
        # The body starts with a separator; a CRLF in front makes every delimiter look alike.
        self.buffer = bytearray(b"\r\n" + first)
        self.pieces = self._pieces()
        self.max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        self.max_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.max_files = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        # What Django counts over every field (the limits), and over the fields kept.
        self.fields = self.field_bytes = self.kept_fields = self.kept_bytes = self.files = 0

    def read(self, size=-1):
        for piece in self.pieces:
            if piece:
                return bytes(piece)
        return b""

    def _fill(self):
        chunk = self.source.read(CHUNK_SIZE)
        self.buffer += chunk
        return bool(chunk)

    def _pieces(self):
        buffer, delimiter = self.buffer, self.delimiter
        while (start := buffer.find(delimiter)) < 0:  # the preamble, if any, is left out
            del buffer[: max(0, len(buffer) - len(delimiter))]
            if not self._fill():
                self.body.problems.add("damaged")
                return
        del buffer[: start + len(delimiter)]
        while True:
            while len(buffer) < 2 and self._fill():
                pass
            if buffer[:2] == b"--" or not buffer:
                yield self.separator + b"--\r\n"
                return
            while (end := buffer.find(b"\r\n\r\n")) < 0 and len(buffer) <= MAX_HEADER_SIZE and self._fill():
                pass
            if end < 0 or end > MAX_HEADER_SIZE:
                self.body.problems.add("damaged")
                action, header, name = "drop", b"", ""
            else:
                header = bytes(buffer[: end + 4])
                del buffer[: end + 4]
                action, name = self._decide(header)
            if action == "pass":
                yield self.separator + header
            kept = bytearray()
            size = 0
            allowance = self.max_bytes - self.kept_bytes - len(name) - 2 if self.max_bytes is not None else None
            while True:
                found = buffer.find(delimiter)
                upto = found if found >= 0 else len(buffer) - len(delimiter) + 1
                if upto > 0:
                    piece = bytes(buffer[:upto])
                    del buffer[:upto]
                    size += len(piece)
                    if action == "pass":
                        yield piece
                    elif action == "keep":
                        if allowance is not None and size > allowance:
                            action, kept = "oversized", bytearray()
                        else:
                            kept += piece
                if found >= 0:
                    del buffer[: len(delimiter)]
                    break
                if not self._fill():  # the body ends inside a part: it was cut off
                    self.body.problems.add("damaged")
                    if action == "pass":
                        yield b"\r\n"
                    yield self.separator + b"--\r\n"
                    return
            self._finish(action, header, name, size, kept)
            if action == "pass":
                yield b"\r\n"
            elif action == "keep":
                yield self.separator + header + kept + b"\r\n"

    def _decide(self, header):
        """ "pass" (a file), "keep" (a field of the form, if it fits) or "drop", and the field's name."""
        disposition = None
        for line in header.split(b"\r\n"):
            header_name, _colon, value = line.partition(b":")
            if header_name.strip().lower() == b"content-disposition":
                disposition = value.decode("utf-8", "replace").strip()
        if disposition is None:
            return "drop", ""
        _value, params = parse_header_parameters(disposition)
        if params.get("filename"):
            self.body.had_files = True
            self.files += 1
            if self.max_files is not None and self.files > self.max_files:
                self.body.problems.add("too_many_files")
                return "drop", ""
            return "pass", ""
        name = params.get("name", "")
        self.fields += 1
        if self.max_fields is not None and self.fields > self.max_fields:
            self.body.problems.add("too_many_fields")
        if name in self.body.field_names and (self.max_fields is None or self.kept_fields < self.max_fields):
            return "keep", name
        return "drop", name

    def _finish(self, action, header, name, size, kept):
        if not header:
            return
        self.field_bytes += len(name) + 2 + size if name else 0
        if self.max_bytes is not None and self.field_bytes > self.max_bytes:
            self.body.problems.add("too_large")
        if action == "oversized":
            self.body.oversized.append(name)
        elif action == "keep":
            self.kept_fields += 1
            self.kept_bytes += len(name) + 2 + len(kept)
