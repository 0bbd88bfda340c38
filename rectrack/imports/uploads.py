"""Uploads refused as they arrive: a file over its limit is never held in memory nor kept on
disk, and the form that receives it says why.

LimitedUploadHandler (settings.FILE_UPLOAD_HANDLERS, after Django's in-memory handler for
small requests) streams each file to a temporary file. Once more bytes arrive than the
limit allows, the temporary file is deleted and the rest of the file is counted but
discarded; the request's other fields are still read, so the page can answer with the
form and its message. The upload then arrives as a RefusedUpload: empty, its `size` the
bytes that came, its `refusal` the message to show.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext

# The pages and API calls that take a file to import: (URL namespace, URL name).
IMPORT_URLS = {("imports", "upload"), ("api-v1", "imports")}


def upload_limit(request: HttpRequest | None) -> tuple[int, str]:
    """The most bytes one file may have on this request, and the setting that says so: the
    import limit where files are imported, the evidence limit on the follow-up pages (the
    only others that take files), the larger of the two anywhere else."""
    imports = (settings.RECTRACK_IMPORT_MAX_BYTES, "RECTRACK_IMPORT_MAX_MB")
    evidence = (settings.RECTRACK_EVIDENCE_MAX_BYTES, "RECTRACK_EVIDENCE_MAX_MB")
    try:
        match = resolve(request.path_info) if request is not None else None
    except Resolver404:
        match = None
    if match is not None and (match.namespace, match.url_name) in IMPORT_URLS:
        return imports
    if match is not None and match.namespace == "followup":
        return evidence
    return max(imports, evidence)


def too_large_message(*, name: str, size: int, limit: int, setting: str) -> str:
    message = gettext(
        "%(name)s is %(size)s, over the limit of %(limit)s (%(setting)s); it was not stored."
    )
    return message % {
        "name": name,
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
        "setting": setting,
    }


class RefusedUpload(UploadedFile):
    """A file refused while it arrived: nothing of it is kept."""

    def __init__(self, *, name: str, size: int, refusal: str, content_type=None, charset=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)
        self.refusal = refusal


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Each file to a temporary file, until it passes its limit (upload_limit)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit, self.setting = upload_limit(self.request)
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.refused:
            return None
        if self.received > self.limit:
            self.refused = True
            self.file.close()  # a temporary file: closing deletes it
            return None
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        if not self.refused:
            return super().file_complete(file_size)
        refusal = too_large_message(
            name=self.file_name, size=self.received, limit=self.limit, setting=self.setting
        )
        return RefusedUpload(
            name=self.file_name,
            size=self.received,
            refusal=refusal,
            content_type=self.content_type,
            charset=self.charset,
        )
