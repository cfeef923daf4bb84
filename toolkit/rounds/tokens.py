"""Tokens for respondents. Invite tokens are random and stored only as SHA-256 digests
(toolkit.accounts.models.token_hash). Resume tokens open an in-progress response:

- from a shared side link: random, shown to the respondent as their "come back later" link;
- from a personal link: derived from the personal token (so opening the same personal link
  twice resumes the same response);
- for a member with an account: "m-" + an HMAC of (user id, round id), so a member finds their
  in-progress response from inside the area without the response storing who they are.

Only `token_hash(resume token)` is stored (Response.resume_digest), and only until submission.
"""

import re

from django.utils.crypto import constant_time_compare, salted_hmac

from toolkit.accounts.models import token_hash, token_new

MEMBER_PREFIX = "m-"
# A member's token in full: the prefix and a SHA-256 HMAC in hex. The prefix alone is not
# enough: a random token (43 URL-safe characters) begins "m-" once in 4,096.
MEMBER_TOKEN = re.compile(re.escape(MEMBER_PREFIX) + r"[0-9a-f]{64}")

__all__ = [
    "MEMBER_PREFIX",
    "is_member_token",
    "member_resume_token",
    "personal_resume_token",
    "token_hash",
    "token_new",
    "token_matches_member",
]


def member_resume_token(user_id: int, round_id: int) -> str:
    digest = salted_hmac(
        "toolkit.rounds.member-resume", f"{user_id}:{round_id}", algorithm="sha256"
    ).hexdigest()
    return MEMBER_PREFIX + digest


def personal_resume_token(link_token: str) -> str:
    return salted_hmac("toolkit.rounds.personal-resume", link_token, algorithm="sha256").hexdigest()


def is_member_token(token: str) -> bool:
    return MEMBER_TOKEN.fullmatch(token) is not None


def token_matches_member(token: str, user, round_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return constant_time_compare(token, member_resume_token(user.pk, round_id))
