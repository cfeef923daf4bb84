"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

# An area's published progress page, for anyone: 404 unless both sides published it.
PUBLIC_URLS = {"open-progress:page"}
