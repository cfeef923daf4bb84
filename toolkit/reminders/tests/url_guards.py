"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

# round_id's sample is the rounds app's; the outbox takes no other argument.
# A person's own choice of emails, reached from their account page.
ACCOUNT_LEVEL_URLS = {"reminders-account:preferences"}
