"""The parts of an area that a peer reviewer's grant can open; the area's own members read
them all. Pages name the part they show with `area_view(scope=GrantScope.…)`, the API with
`area_membership(scope=GrantScope.…)`; `member_scopes` says which a member may read."""

from django.db import models


class GrantScope(models.TextChoices):
    RESULTS = "results", "Results of rounds (maps and principles)"
    REGISTER = "register", "The relationship register"
    EVIDENCE = "evidence", "Evidence (organisations, funding, value)"
    PLAN = "plan", "The joint action plan"


ALL_SCOPES = frozenset(GrantScope.values)
