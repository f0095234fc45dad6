"""A submission's lifecycle, as one table: (state, what someone does) → state. Like the publications' own
(disclosure/rules/lifecycle.py), every step is written here and nowhere else; any other pair is refused.

Each step is taken only from the state it was asked in (a compare-and-set on the row), so two reviewers clicking
at once, or a page sent twice, move a submission once. Approval installs the files (intake/install.py) while it
holds the agency's lock, and only then records the new state."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from disclosure.runtime import lock
from intake import builds, install, sign_off, versions
from intake.models import Review, Submission, Upload


class Step(models.TextChoices):
    SUBMIT = "submit", "提交审核"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回"


TABLE: dict[tuple[str, str], str] = {
    (Review.DRAFT, Step.SUBMIT): Review.PENDING,
    (Review.PENDING, Step.APPROVE): Review.APPROVED,
    (Review.PENDING, Step.RETURN): Review.RETURNED,
    # Approved and returned are final: a returned delivery is corrected by a new upload and its own check.
}

NOT_NOW = "这份报送现在是“{state}”，不能{step}。请刷新页面看它现在的状态。"
NOTHING_TO_SUBMIT = "这次只检查了现有文件，没有上传新文件，没有可以提交审核的内容。请上传要报送的文件，检查后再提交。"
NOT_CHECKED = "这次上传还没有检查完，不能提交审核。请重新上传并等检查结果出来后再提交。"
OWN_SUBMISSION = "这份报送是你自己上传或提交的，按规定不能由你本人审核通过，什么也没有改动。请由本单位另一位审核人审核。"
STAGED_GONE = ("这份报送上传的文件已不在暂存目录中（或已被改动），无法审核通过，什么也没有改动。"
               "请退回，由填报人重新上传并检查后再提交。")
NO_REASON = "退回时请写明理由，让填报人知道要改什么。"


class ReviewRefused(Exception):
    """Said in Chinese; nothing was changed."""


class OwnSubmission(ReviewRefused):
    """The account that submitted asked to approve: refused whatever its roles (403)."""


def step(state: str, event: str) -> str:
    after = TABLE.get((state, event))
    if after is None:
        raise ReviewRefused(NOT_NOW.format(state=Review(state).label, step=Step(event).label))
    return after


def submit(upload: Upload, user, note: str) -> Submission:
    if not upload.files.exists() and not upload.removed:
        raise ReviewRefused(NOTHING_TO_SUBMIT)
    if upload.as_of is None:
        raise ReviewRefused(NOT_CHECKED)
    with transaction.atomic():
        submission, _ = Submission.objects.get_or_create(upload=upload)
        _move(submission, Step.SUBMIT, note=note.strip(), submitted_by=user, submitted_at=timezone.now())
    return submission


def approve(submission: Submission, user, comment: str, staged: Path) -> None:
    """Installs the upload's files into data/<agency> as a set (removing those it removes), then records the
    approval and the files' versions in one transaction. Every content before and after is in the content store
    before the swap: a server killed at any point has lost no version."""
    if is_own(submission, user):
        raise OwnSubmission(OWN_SUBMISSION)
    upload = submission.upload
    current = Path(settings.INTAKE_DATA_DIR) / upload.agency.folder
    sent = {file.name: file.sha256 for file in upload.files.all()}
    removed = tuple(upload.removed)
    with lock.held([agency_lock(upload.agency.folder)], "intake-approve", say=lambda line: None):
        submission.refresh_from_db()
        step(submission.state, Step.APPROVE)
        if install.digests(staged) != sent:
            raise ReviewRefused(STAGED_GONE)
        base = upload.result.get("base", {})
        after = {name: digest for name, digest in {**base, **sent}.items() if name not in removed or name in sent}
        versions.store_folder(staged, sent)
        # An approval whose server was killed right after the swap left data/ as approved (its sign-off too), its
        # row pending, and the old folder beside.
        install.remove_leftovers(current)
        now, present = timezone.now(), install.digests(current)
        # Files already as approved without this sign-off (sent as they were, or installed by an older version of
        # this service) are installed again with it: the approval signs off their content.
        if present != after or not sign_off.recorded(current, submission, sent):
            if present == base:  # else install refuses, unless they are as approved: changed since the check
                versions.store_folder(current, base)
            install.install(current, staged, after if present == after else base, removed,
                            sign_off.manifest(current, submission, sent, after, user, now, comment.strip()))
        # Recorded, with its build queued, in one transaction: an approval never stands without the build that
        # publishes it. Its time is after the swap, so that a build started before it (which read the old folder)
        # is never taken for the one that put it online; the sign-off, written before the swap, is a moment older.
        with transaction.atomic():
            _move(submission, Step.APPROVE, reviewed_by=user, reviewed_at=timezone.now(), comment=comment.strip())
            versions.record_approval(submission, base, after)
            builds.queue_after(submission)


def is_own(submission: Submission, user) -> bool:
    """Submitted or uploaded by this account: either way it may not sign off on it."""
    return user.pk in (submission.submitted_by_id, submission.upload.uploaded_by_id)


def send_back(submission: Submission, user, reason: str) -> None:
    if not reason.strip():
        raise ReviewRefused(NO_REASON)
    _move(submission, Step.RETURN, reviewed_by=user, reviewed_at=timezone.now(), comment=reason.strip())


def _move(submission: Submission, event: str, **fields) -> None:
    after = step(submission.state, event)
    moved = Submission.objects.filter(pk=submission.pk, state=submission.state).update(state=after, **fields)
    if not moved:
        submission.refresh_from_db()
        raise ReviewRefused(NOT_NOW.format(state=submission.get_state_display(), step=Step(event).label))
    submission.refresh_from_db()


def agency_lock(folder: str) -> Path:
    name = hashlib.blake2b(folder.encode(), digest_size=8).hexdigest()
    return Path(settings.INTAKE_STATE_DIR) / "locks" / f"{name}.lock"
