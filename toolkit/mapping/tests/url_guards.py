"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

# Respondents without an account reach these with a token (rounds.respondent.respondent_view).
PUBLIC_URLS = {"respond:mapping:choose", "respond:mapping:rate"}

AREA_KWARG_SAMPLES = {
    # Maps other tools open (mapping.tool_files): not an object, but each file of an area
    # must still be refused to non-members.
    "file_name": lambda area: "kumu-connections.csv",
}
