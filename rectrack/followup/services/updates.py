"""Progress updates: written by focal points, reviewed by the secretariat. Only approved
updates move a recommendation's implementation status."""

import datetime
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, diff, snapshot
from rectrack.core import archives
from rectrack.core.errors import ApplicationError, NotAllowed
from rectrack.followup import permissions
from rectrack.followup.models import Action, Evidence, ProgressUpdate
from rectrack.followup.services.notifications import (
    notify_update_approved,
    notify_update_returned,
    notify_update_submitted,
)
from rectrack.followup.services.planning import merge_check
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation

UPDATE_FIELDS = ("period_start", "period_end", "narrative", "status")
# What evidence files may be, judged by their first bytes, not their names. A zip archive
# must moreover be a real document of the kind its name says (core.archives).
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_EXTENSIONS = {".docx", ".xlsx", ".pptx", ".odt", ".ods"}
SIGNATURES = {
    b"%PDF-": ("application/pdf", {".pdf"}),
    ZIP_SIGNATURE: ("", OFFICE_EXTENSIONS),  # the type of the kind of document
    b"\x89PNG\r\n\x1a\n": ("image/png", {".png"}),
    b"\xff\xd8\xff": ("image/jpeg", {".jpg", ".jpeg"}),
    b"GIF8": ("image/gif", {".gif"}),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _reporting_institutions(
    user, *, recommendation, action, chosen: Iterable[Institution] | None
) -> list[Institution]:
    """The institutions a focal point reports for: theirs that are responsible for the item,
    all of them unless they chose some (a coordinator reports for none)."""
    mine = permissions.institution_ids(user)
    responsible = permissions.responsible_institution_ids(
        recommendation=recommendation, action=action
    )
    allowed = mine & responsible
    if chosen is None:
        ids = allowed
    else:
        ids = {institution.pk for institution in chosen}
        if allowed and not ids:
            raise ApplicationError(_("Choose at least one institution the update answers for."))
        if ids - allowed:
            raise NotAllowed(
                _("You can only answer for an institution you report for on this item.")
            )
    return list(Institution.objects.filter(pk__in=ids).order_by("name", "pk"))


@transaction.atomic
def progress_update_create(
    *,
    user,
    narrative: str,
    status: str,
    recommendation: Recommendation | None = None,
    action: Action | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    submit: bool = False,
    institutions: Iterable[Institution] | None = None,
    files: Sequence[UploadedFile] = (),
    links: Sequence[str] = (),
) -> ProgressUpdate:
    """Write a draft update (or submit it at once) on something the user may report on, for
    the institutions it answers for, with its evidence: all saved, or nothing."""
    _require(permissions.can_work_on(user, recommendation=recommendation, action=action))
    answering = _reporting_institutions(
        user, recommendation=recommendation, action=action, chosen=institutions
    )
    for upload in files:  # every file is checked before anything is written
        _evidence_check(upload)
    update = ProgressUpdate(
        recommendation=recommendation,
        action=action,
        author=user,
        narrative=narrative.strip(),
        status=status,
        period_start=period_start,
        period_end=period_end,
        institution=answering[0] if answering else None,
    )
    update.full_clean()
    update.save()
    update.institutions.set(answering)
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=update)
    for link in links:  # links first: a bad one fails before any file is stored
        evidence_add(update=update, user=user, link=link)
    for upload in files:
        evidence_add(update=update, user=user, upload=upload)
    if submit:
        update = progress_update_submit(update=update, user=user)
    return update


@transaction.atomic
def progress_update_edit(
    *, update: ProgressUpdate, user, base_version: int, **fields
) -> ProgressUpdate:
    """Correct a draft or returned update: only the fields given (those this user changed);
    a colleague's changes saved meanwhile are kept; one both changed is refused (merge_check)."""
    current = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _require(permissions.can_edit_update(user, current))
    before = snapshot(current)
    for name in UPDATE_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    current.changed_meanwhile = merge_check(
        current=current,
        base_version=base_version,
        before=before,
        message=_(
            "Someone else changed this update while you were editing it, and some of the "
            "fields you changed too. Nothing was saved yet: choose whose value to keep."
        ),
    )
    current.full_clean()
    if not diff(before, snapshot(current)):
        return current  # nothing changed: no new version, no audit entry
    current.version += 1
    current.save()
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=current, before=before)
    return current


def _transition(update: ProgressUpdate, user, **changes) -> ProgressUpdate:
    before = snapshot(update)
    for name, value in changes.items():
        setattr(update, name, value)
    update.version += 1
    update.save()
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=update, before=before)
    return update


@transaction.atomic
def progress_update_submit(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Send a draft or corrected update to the secretariat for review."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _require(permissions.can_edit_update(user, update))
    update = _transition(
        update, user, state=ProgressUpdate.State.SUBMITTED, submitted_at=timezone.now()
    )
    notify_update_submitted(update=update, user=user)
    return update


@transaction.atomic
def progress_update_return(*, update: ProgressUpdate, reviewer, comment: str) -> ProgressUpdate:
    """Send a submitted update back to its institution with what to correct."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _require(permissions.can_review(reviewer, update))
    if not comment.strip():
        raise ApplicationError(_("Say what needs correcting when returning an update."))
    update = _transition(
        update,
        reviewer,
        state=ProgressUpdate.State.RETURNED,
        review_comment=comment.strip(),
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    notify_update_returned(update=update, reviewer=reviewer)
    return update


@transaction.atomic
def progress_update_approve(*, update: ProgressUpdate, reviewer) -> ProgressUpdate:
    """Approve a submitted update; only approved updates move a recommendation's status."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _require(permissions.can_review(reviewer, update))
    update = _transition(
        update,
        reviewer,
        state=ProgressUpdate.State.APPROVED,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    if update.recommendation_id:
        recommendation_refresh_status(recommendation=update.recommendation, user=reviewer)
    notify_update_approved(update=update, reviewer=reviewer)
    return update


@transaction.atomic
def recommendation_status_set(
    *, recommendation: Recommendation, status: str, user, narrative: str = ""
) -> ProgressUpdate:
    """A coordinator sets the status directly; it is kept as an approved update marked as set
    directly, so the history shows who decided it and when."""
    _require(is_coordinator(user))
    now = timezone.now()
    update = ProgressUpdate(
        recommendation=recommendation,
        author=user,
        status=status,
        set_directly=True,
        narrative=narrative.strip() or _("Status set directly by the secretariat."),
        state=ProgressUpdate.State.APPROVED,
        submitted_at=now,
        reviewed_at=now,
        reviewed_by=user,
    )
    update.full_clean()
    update.save()
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=update)
    recommendation_refresh_status(recommendation=recommendation, user=user)
    return update


def recommendation_refresh_status(*, recommendation: Recommendation, user=None) -> None:
    """The status is the one reported by the latest approved update on the recommendation."""
    latest = (
        recommendation.progress_updates.filter(state=ProgressUpdate.State.APPROVED)
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    status = (
        latest.status if latest else Recommendation._meta.get_field("implementation_status").default
    )
    if recommendation.implementation_status != status:
        before = snapshot(recommendation, ["implementation_status"])
        recommendation.implementation_status = status
        recommendation.save(update_fields=["implementation_status", "updated_at"])
        audit_record(
            user=user,
            action=AuditEntry.Action.UPDATE,
            obj=recommendation,
            before=before,
            after=snapshot(recommendation, ["implementation_status"]),
        )


def _evidence_type(upload: UploadedFile) -> str:
    """The file's type from its content; its name must agree."""
    head = upload.read(16)
    upload.seek(0)
    extension = Path(upload.name or "").suffix.casefold()
    for signature, (content_type, extensions) in SIGNATURES.items():
        if head.startswith(signature):
            if extension not in extensions:
                break
            if signature == ZIP_SIGNATURE:
                return _office_type(upload, kind=extension.removeprefix("."))
            return content_type
    raise ApplicationError(
        _(
            "%(name)s is not an accepted evidence file: upload a PDF, Word, Excel or image file "
            "whose content matches its name."
        )
        % {"name": upload.name}
    )


def _office_type(upload: UploadedFile, *, kind: str) -> str:
    """A Word, Excel, PowerPoint or OpenDocument file's type, once it is unpacked (as a
    stream, within the archive limits) and found to be a real document of that kind."""
    try:
        archives.office_check(upload, kind=kind)
    except archives.ArchiveError as error:
        raise ApplicationError(
            _("%(name)s is not an accepted evidence file: %(problem)s")
            % {"name": upload.name, "problem": error.message}
        ) from None
    return archives.content_type(kind)


def _evidence_check(upload: UploadedFile) -> str:
    """An evidence file's type, or why it is refused (too large, or not what its name says)."""
    limit = settings.RECTRACK_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ApplicationError(
            _("%(name)s is larger than the %(mb)s MB allowed for evidence.")
            % {"name": upload.name, "mb": limit // 1048576}
        )
    return _evidence_type(upload)


@transaction.atomic
def evidence_add(
    *, update: ProgressUpdate, user, upload: UploadedFile | None = None, link: str = ""
) -> Evidence:
    """Attach a file (type-checked by content, size-limited) or a link to an update not yet
    approved; the addition is recorded in the update's own history too."""
    _require(permissions.can_add_evidence(user, update))
    if not upload and not link:
        raise ApplicationError(_("Give a file or a link."))
    evidence = Evidence(update=update, link=link.strip(), token=secrets.token_hex(16))
    if upload:
        evidence.content_type = _evidence_check(upload)
        evidence.original_name = Path(upload.name).name[:255]
        evidence.size = upload.size
    evidence.full_clean(exclude=["file"])
    if upload:
        evidence.file.save(evidence.token, upload, save=False)
    before = [str(item) for item in update.evidence.all()]
    evidence.save()
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=evidence)
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=update,
        before={"evidence": before},
        after={"evidence": [*before, str(evidence)]},
    )
    return evidence
