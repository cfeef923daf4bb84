"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

# Respondents without an account reach these with a token (rounds.respondent.respondent_view).
PUBLIC_URLS = {"respond:mapping:choose", "respond:mapping:rate"}
