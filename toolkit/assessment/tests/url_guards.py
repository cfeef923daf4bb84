"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.assessment.tests.factories import ElementAnswerFactory

AREA_KWARG_SAMPLES = {
    "comment_id": lambda area: (
        ElementAnswerFactory(
            response__round__area=area, comment="A comment", share_comment=True
        ).public_id
    ),
}
# Respondents without an account reach these with a token (rounds.respondent.respondent_view).
PUBLIC_URLS = {
    "respond:assessment:question",
    "respond:assessment:barriers",
    "respond:assessment:pressures",
}
