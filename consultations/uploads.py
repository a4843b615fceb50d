"""An upload handler that enforces the consultation size and count limits while the body is read.

A file past the per-file limit, or past the per-request total, is skipped before it reaches
the disk; the handler remembers which, so the form can say so and keep every other answer.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .files import clean_name


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.max_file = settings.CONSULTATION_MAX_FILE_BYTES
        self.max_total = settings.CONSULTATION_MAX_REQUEST_BYTES
        self.total = 0
        self.current = 0
        self.oversized = []
        self.total_exceeded = False
        self.max_count = settings.CONSULTATION_MAX_FILES
        self.count = 0

    @property
    def too_many_files(self):
        return self.count > self.max_count

    @property
    def rejected(self):
        return bool(self.oversized or self.total_exceeded or self.too_many_files)

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current = 0
        self.count += 1
        if self.total_exceeded or self.too_many_files:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.current > self.max_file:
            self.oversized.append(clean_name(self.file_name) or "report")
            raise SkipFile
        if self.total > self.max_total:
            self.total_exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        # Let the next handler (memory or temporary file) build the uploaded file.
        return None
