"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.rounds.tests.factories import RespondentLinkFactory, RoundFactory

AREA_KWARG_SAMPLES = {
    "round_id": lambda area: RoundFactory(area=area).public_id,
    "link_id": lambda area: RespondentLinkFactory(round__area=area).public_id,
}
# Respondents without an account reach these with a token (rounds.respondent.respondent_view).
PUBLIC_URLS = {
    "respond:start",
    "respond:task-list",
    "respond:saved",
    "respond:check",
    "respond:about-you",
    "respond:submit",
    "respond:sent",
}
