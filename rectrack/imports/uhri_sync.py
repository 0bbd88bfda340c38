"""Keeping one State's recommendations in step with the Universal Human Rights Index: UHRI's
public full export (JSON, some 400 MB) is downloaded to a temporary file in chunks, checked,
and streamed through the import with only that State's records kept. The import matches by
UHRI annotation id, so a second sync of the same export creates and updates nothing; the
report says what changed since the previous sync of the same address and State."""

import hashlib
import logging
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from rectrack.core.errors import ApplicationError
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.reviews import state_resolve
from rectrack.imports.services import ImportReport, Progress, import_file

CHUNK = 1 << 20
TIMEOUT = 60  # seconds without a byte before a download counts as failed
logger = logging.getLogger(__name__)


class SyncError(ApplicationError):
    """The export could not be had or is not a UHRI JSON export; nothing was written."""


@dataclass
class SyncReport:
    url: str
    state: str
    report: ImportReport
    downloaded: int = 0  # bytes
    sha256: str = ""
    previous: ImportRun | None = None  # the last successful sync of this address and State
    same_file: bool = False  # the export is byte for byte the one the previous sync read
    changes: list[dict] = field(default_factory=list)


def uhri_sync(
    *,
    state: str,
    url: str = "",
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Download UHRI's full export (RECTRACK_UHRI_EXPORT_URL unless `url`) and import the
    State's records in one transaction; SyncError when the download fails or is not JSON,
    and then nothing is written."""
    url = url or settings.RECTRACK_UHRI_EXPORT_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise SyncError(_("%(url)s: not an http or https address.") % {"url": url})
    try:
        chosen = state_resolve(state)
    except FileError as error:
        raise SyncError(str(error)) from None
    if chosen is None:
        raise SyncError(_("Choose the State to synchronise (--state CODE)."))
    folder = Path(tempfile.mkdtemp(prefix="uhri-sync-", dir=_temporary_dir()))
    try:
        name = PurePosixPath(urlsplit(url).path).name or "uhri-export.json"
        if not name.lower().endswith(".json"):
            name += ".json"
        path = folder / name
        size, sha256 = _download(url, path)
        _check_json(url, path)
        previous = _previous(url, chosen.key)
        report = import_file(
            path=path,
            file_name=name,
            user=user,
            format="uhri",
            state=state,
            dry_run=dry_run,
            progress=progress,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if report.run_id:
        run = ImportRun.objects.get(pk=report.run_id)
        run.options = {**run.options, "uhri_sync": {"url": url, "state": chosen.key}}
        run.save(update_fields=["options", "updated_at"])
    return SyncReport(
        url=url,
        state=chosen.name,
        report=report,
        downloaded=size,
        sha256=sha256,
        previous=previous,
        same_file=bool(previous and previous.file_sha256 == sha256),
        changes=report.changes,
    )


def _temporary_dir() -> Path:
    """Downloads wait beside the uploads (VAR_DIR/imports), on the disk Rectrack writes."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _download(url: str, path: Path) -> tuple[int, str]:
    """Write the answer to `path` a chunk at a time; its size and SHA-256."""
    limit = settings.RECTRACK_UHRI_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    request = urllib.request.Request(url, headers={"User-Agent": "Rectrack uhri-sync"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer, path.open("wb") as out:
            expected = answer.headers.get("Content-Length")
            while chunk := answer.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SyncError(
                        _(
                            "%(url)s: the download is over %(limit)s MB (RECTRACK_UHRI_MAX_MB); "
                            "nothing imported."
                        )
                        % {"url": url, "limit": limit // 1048576}
                    )
                digest.update(chunk)
                out.write(chunk)
    except urllib.error.HTTPError as error:
        raise SyncError(
            _("%(url)s: the server answered %(status)s %(reason)s; nothing imported.")
            % {"url": url, "status": error.code, "reason": error.reason}
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise SyncError(
            _("%(url)s: cannot download the UHRI export (%(reason)s); nothing imported.")
            % {"url": url, "reason": reason}
        ) from None
    if expected and expected.isdigit() and int(expected) != size:
        raise SyncError(
            _(
                "%(url)s: the download stopped after %(got)s of %(expected)s bytes; nothing "
                "imported."
            )
            % {"url": url, "got": size, "expected": expected}
        )
    return size, digest.hexdigest()


def _check_json(url: str, path: Path) -> None:
    """The export is JSON text: a list of records, or an object holding one."""
    with path.open("rb") as file:
        head = file.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] not in (b"[", b"{"):
        raise SyncError(
            _(
                "%(url)s: the answer is not a UHRI JSON export (it does not begin with a JSON "
                "list or object); nothing imported."
            )
            % {"url": url}
        )


def _previous(url: str, state_key: str) -> ImportRun | None:
    runs = ImportRun.objects.filter(
        status=ImportRun.Status.SUCCEEDED,
        options__uhri_sync__url=url,
        options__uhri_sync__state=state_key,
    )
    return runs.order_by("-finished_at", "-pk").first()
