"""Writing rounds, links and responses. Each function runs in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Side
from toolkit.core.links import absolute_url
from toolkit.framework import selectors as framework_selectors
from toolkit.framework.selectors import current_version

from . import selectors
from .models import (
    SHARED_LINK_MAX_SIZE,
    SHARED_LINK_MIN_SIZE,
    Identity,
    LinkKind,
    Participation,
    RespondentLink,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from .sections import response_is_complete
from .signals import personal_link_used
from .tasks import round_figures_store
from .tokens import member_resume_token, personal_resume_token, token_hash, token_new


class RoundError(Exception):
    """Why something cannot be done to a round or response, in words for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class CreatedLink:
    link: RespondentLink
    token: str  # shown once, never stored

    @property
    def path(self) -> str:
        return reverse("respond:start", args=[self.token])

    def url_for(self, request=None) -> str:
        """The absolute invite link (toolkit/core/links.py)."""
        return absolute_url(self.path, request)

    @property
    def url(self) -> str:
        """The invite link where there is no request (emails, commands)."""
        return self.url_for(None)


@dataclass(frozen=True)
class StartedResponse:
    response: Response
    token: str  # the resume token: never stored, only its digest


# --- rounds -----------------------------------------------------------------------------------


def round_create(
    *,
    area,
    created_by,
    name: str,
    assessment: str,
    includes_mapping: bool,
    identity: str = Identity.ANONYMOUS,
    closes_on=None,
    previous_round: Round | None = None,
    content_version=None,
    group_questions=(),
) -> Round:
    version = content_version or current_version()
    if version is None:
        raise RoundError("no_content", "The framework content is not loaded.")
    if previous_round is not None and previous_round.area_id != area.pk:
        raise RoundError("other_area", "The earlier round must belong to the same area.")
    with transaction.atomic():
        return Round.objects.create(
            area=area,
            created_by=created_by,
            name=name,
            assessment=assessment,
            includes_mapping=includes_mapping,
            identity=identity,
            closes_on=closes_on,
            previous_round=previous_round,
            content_version=version,
            group_questions=list(group_questions),
        )


def round_open(round_: Round, *, today=None) -> Round:
    """Draft → open. A conditional update, so two facilitators clicking at once is harmless."""
    today = today or timezone.localdate()
    if round_.closes_on and round_.closes_on < today:
        raise RoundError("past_close", "The closing date has passed. Change it before opening.")
    with transaction.atomic():
        changed = Round.objects.filter(pk=round_.pk, status=RoundStatus.DRAFT).update(
            status=RoundStatus.OPEN, opened_on=today, updated_at=timezone.now()
        )
    if not changed:
        raise RoundError("not_draft", "This round has already been opened.")
    round_.refresh_from_db()
    return round_


def round_close(round_: Round) -> Round:
    """Open → closed. Exactly one of two simultaneous closes succeeds; the other is told the
    round is already closed. Answers not sent by then are deleted: they are never counted, and
    deleting them removes their resume digests and personal-link pointers. So are answers held
    back because their shared link was not confirmed (or was past its size): a closed round's
    results are final, so they could never be counted without a before-and-after to compare."""
    now = timezone.now()
    with transaction.atomic():
        changed = Round.objects.filter(pk=round_.pk, status=RoundStatus.OPEN).update(
            status=RoundStatus.CLOSED, closed_at=now, updated_at=now
        )
        if changed:
            Response.objects.filter(
                round=round_, status__in=(ResponseStatus.IN_PROGRESS, ResponseStatus.HELD)
            ).delete()
    if not changed:
        raise RoundError("not_open", "This round is not open, so it cannot be closed.")
    round_.refresh_from_db()
    # Its figures never change now: work them out once, in the background (rounds.figures).
    round_id = round_.pk
    transaction.on_commit(lambda: round_figures_store.enqueue(round_id))
    return round_


# --- links ------------------------------------------------------------------------------------


def respondent_link_create(
    *,
    round_: Round,
    side: str,
    kind: str,
    label: str = "",
    size: int | None = None,
    created_by=None,
    made_by_side: str = "",
) -> CreatedLink:
    """A new invite link. A shared link states how many people it is for (`size`), and its
    answers count only once a facilitator of the side other than `made_by_side` confirms it
    (`respondent_link_confirm`)."""
    if round_.status == RoundStatus.CLOSED:
        raise RoundError("closed", "This round has closed.")
    if side not in Side.values or kind not in LinkKind.values:
        raise RoundError("invalid", "Choose a side and a kind of link.")
    if kind == LinkKind.SIDE:
        if size is None or not SHARED_LINK_MIN_SIZE <= size <= SHARED_LINK_MAX_SIZE:
            raise RoundError(
                "size",
                f"Enter how many people the shared link is for, from {SHARED_LINK_MIN_SIZE} "
                f"to {SHARED_LINK_MAX_SIZE:,}.",
            )
    else:
        size = None
    token = token_new()
    with transaction.atomic():
        link = RespondentLink.objects.create(
            round=round_,
            side=side,
            kind=kind,
            label=label.strip(),
            size=size,
            made_by_side=made_by_side,
            token_digest=token_hash(token),
            created_by=created_by,
        )
    return CreatedLink(link=link, token=token)


def respondent_link_revoke(link: RespondentLink) -> None:
    RespondentLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _link_locked(link: RespondentLink, related: str) -> RespondentLink:
    """The link read again and locked (with the rows `related` joins, which PostgreSQL locks
    too), its round locked first. Whatever locks a round and one of its links takes the round
    first: response_submit locks the response with its round, then the shared link, so a
    start that locked the link and then waited for the round could wait for a send that was
    waiting for the link; PostgreSQL ended the start ("deadlock detected", a 503 under load)."""
    list(Round.objects.select_for_update().filter(pk=link.round_id).values_list("pk", flat=True))
    return RespondentLink.objects.select_for_update().select_related(related).get(pk=link.pk)


def respondent_link_replace(
    link: RespondentLink, *, created_by=None, made_by_side: str = ""
) -> CreatedLink:
    """A link lost before it was sent (it is shown only once): withdraw it and make a new one
    of the same side, kind, note and size, in one step. Done the same way whether or not the
    old link was used, so replacing reveals nothing about it. A shared link's replacement
    needs confirming again, so replacing cannot add to the answers a confirmed link counts."""
    with transaction.atomic():
        old = _link_locked(link, "round")
        if old.revoked_at is not None:
            raise RoundError("revoked", "This link has already been withdrawn.")
        respondent_link_revoke(old)
        return respondent_link_create(
            round_=old.round,
            side=old.side,
            kind=old.kind,
            label=old.label,
            size=old.size,
            created_by=created_by,
            made_by_side=made_by_side,
        )


LINK_MESSAGES = {
    "unknown": "This link is not valid. Check you copied the whole link.",
    "revoked": "This link has been withdrawn. Ask whoever sent it to you for a new one.",
    "used": "This personal link has already been used to send answers. Each personal link "
    "works once.",
    "draft": "This round has not opened yet. Try the link again later.",
    "closed": "This round has closed and is no longer taking answers.",
    "resume": "This link does not open any answers in progress. If you have already sent "
    "your answers, they have been received and you do not need to do anything else. If you "
    "were part way through, check you copied the whole link.",
}


def _round_check(round_: Round) -> None:
    if round_.status == RoundStatus.DRAFT:
        raise RoundError("draft", LINK_MESSAGES["draft"])
    if not round_.is_accepting:
        raise RoundError("closed", LINK_MESSAGES["closed"])


def respondent_link_for_token(token: str) -> RespondentLink:
    """The usable link for a token, or RoundError saying why not."""
    link = (
        RespondentLink.objects.select_related("round__area")
        .filter(token_digest=token_hash(token))
        .first()
    )
    if link is None:
        raise RoundError("unknown", LINK_MESSAGES["unknown"])
    if link.revoked_at:
        raise RoundError("revoked", LINK_MESSAGES["revoked"])
    if link.used:
        raise RoundError("used", LINK_MESSAGES["used"])
    _round_check(link.round)
    return link


# --- responses --------------------------------------------------------------------------------


def _create_or_existing(digest: str, **fields) -> Response:
    """Create an in-progress response with this resume digest, or return the one that a
    simultaneous request has just created."""
    try:
        with transaction.atomic():
            return Response.objects.create(resume_digest=digest, **fields)
    except IntegrityError:
        existing = Response.objects.filter(resume_digest=digest).first()
        if existing is None:
            raise
        return existing


def response_start_from_link(
    token: str, *, respondent_name: str = "", organisation: str = ""
) -> StartedResponse:
    """Start answering through an invite link (or, for a personal link already started,
    carry on with the same response)."""
    with transaction.atomic():
        link = _link_locked(respondent_link_for_token(token), "round__area")
        if link.used:
            raise RoundError("used", LINK_MESSAGES["used"])
        fields = _link_response_fields(link, respondent_name, organisation)
        if link.kind == LinkKind.PERSONAL:
            resume = personal_resume_token(token)
            digest = token_hash(resume)
            existing = Response.objects.filter(link=link).first()
            if existing is not None:
                if existing.resume_digest != digest:  # e.g. after a SECRET_KEY rotation
                    existing.resume_digest = digest
                    existing.save(update_fields=["resume_digest"])
                return StartedResponse(existing, resume)
            response = _create_or_existing(digest, link=link, **fields)
        else:
            resume = token_new()
            response = _create_or_existing(token_hash(resume), shared_link=link, **fields)
    return StartedResponse(response, resume)


def response_start_through_shared_link(
    link: RespondentLink, *, respondent_name: str = "", organisation: str = ""
) -> StartedResponse:
    """Start answering through a shared link reached another way than its own token (a
    workshop's join code, toolkit.workshops): the same checks, and the same response, held
    or counted under the same rules, as through the link's token."""
    with transaction.atomic():
        link = _link_locked(link, "round__area")
        if not link.is_shared:
            raise RoundError("unknown", LINK_MESSAGES["unknown"])
        if link.revoked_at:
            raise RoundError("revoked", LINK_MESSAGES["revoked"])
        _round_check(link.round)
        resume = token_new()
        response = _create_or_existing(
            token_hash(resume),
            shared_link=link,
            **_link_response_fields(link, respondent_name, organisation),
        )
    return StartedResponse(response, resume)


def _link_response_fields(link: RespondentLink, respondent_name: str, organisation: str) -> dict:
    """A new response through a link: its round and side, and a name only in named rounds."""
    named = link.round.identity == Identity.NAMED
    return {
        "round": link.round,
        "side": link.side,
        "started_on": timezone.localdate(),
        "respondent_name": respondent_name.strip() if named else "",
        "organisation": organisation.strip() if named else "",
    }


def response_start_for_member(round_: Round, membership) -> StartedResponse:
    """A member answers from inside the area, for their side. In anonymous rounds the
    response holds nothing about them: they find it again through an HMAC of their user id
    and the round id (cleared on submission)."""
    side = membership.side
    if side is None:
        raise RoundError("no_side", "Your role does not answer rounds.")
    _round_check(round_)
    user = membership.user
    if selectors.member_has_submitted(round_, user):
        raise RoundError("already", "You have already sent your answers to this round.")
    resume = member_resume_token(user.pk, round_.pk)
    digest = token_hash(resume)
    existing = Response.objects.filter(resume_digest=digest).first()
    if existing is not None:
        return StartedResponse(existing, resume)
    named = round_.identity == Identity.NAMED
    response = _create_or_existing(
        digest,
        round=round_,
        side=side,
        started_on=timezone.localdate(),
        user=user if named else None,
        respondent_name=user.full_name if named else "",
        organisation=(membership.organisation.name if named and membership.organisation else ""),
    )
    return StartedResponse(response, resume)


def response_resume(token: str) -> Response | None:
    """The in-progress response a resume token opens, or None."""
    if not token:
        return None
    # Every question page starts here. The digest is unique, so the lookup is unordered:
    # .first() would sort by Response's default ordering (round, side, and through the round
    # the area's name), joining and sorting for one row: about half of this call's time.
    # The round (whether it takes answers) and its area are read with the response on every
    # request, never cached; the content version, which never changes once loaded, comes from
    # the process's cache: PostgreSQL's planning of a fourth joined table cost more than
    # running the whole query (bench/README.md, "Where a question page's time goes").
    found = Response.objects.select_related("round__area").filter(
        resume_digest=token_hash(token), status=ResponseStatus.IN_PROGRESS
    )
    response = next(iter(found.order_by()[:1]), None)
    if response is not None:
        response.round.content_version = framework_selectors.content_version(
            response.round.content_version_id
        )
    return response


def response_submit(response: Response, *, member=None) -> Response:
    """Send the answers. Idempotent: the row is locked, and a response already sent is
    returned unchanged, so a double click or two tabs cannot send twice. On sending, the
    resume digest and the personal-link pointer are cut, so nothing stored joins the response
    to its invite token or to the member who sent it. Answers through a shared link are held
    back (kept, not counted) unless the link is confirmed and has room under its size."""
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("round__area", "round__content_version")
            .filter(pk=response.pk)
            .first()
        )
        if locked is None:
            raise RoundError("gone", LINK_MESSAGES["closed"])
        if locked.is_submitted:
            return locked
        if not locked.round.is_accepting:
            raise RoundError("closed", LINK_MESSAGES["closed"])
        if not response_is_complete(locked):
            raise RoundError("incomplete", "Answer every section before sending your answers.")
        link_id = locked.link_id
        locked.status = ResponseStatus.SUBMITTED
        if locked.shared_link_id is not None:
            shared = RespondentLink.objects.select_for_update().get(pk=locked.shared_link_id)
            if not shared.is_confirmed or selectors.counted_through(shared) >= shared.size:
                locked.status = ResponseStatus.HELD
        locked.submitted_on = timezone.localdate()
        locked.resume_digest = ""
        locked.link = None
        locked.save(update_fields=["status", "submitted_on", "resume_digest", "link"])
        if link_id is not None:
            # update(), not save(): the link's updated_at must not record when it was used.
            RespondentLink.objects.filter(pk=link_id, kind=LinkKind.PERSONAL).update(used=True)
            personal_link_used.send(sender=RespondentLink, link_id=link_id)
        if member is not None:
            Participation.objects.get_or_create(round=locked.round, user=member)
    return locked
