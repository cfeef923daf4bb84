"""What the reminders keep (docs/adr/0020, "Reminders and digests").

- ``EmailPreference``: a person's choice of emails; no row means both are on.
- ``LinkAddress``: where a personal link was emailed, kept only while the link is unused, its
  round open and the link not withdrawn, and deleted with its last use (the respondent sent
  their answers, or the round closed). Nothing kept says who answered: the row is gone, with
  its count of reminders, the moment the answers are sent.
- ``Notice``: one email to a member (an action due or overdue, a weekly digest), by a key that
  is unique, so that a worker running twice cannot send it twice.
- ``OutboxEntry``: what was sent, when, to how many: the facilitators' outbox. No address.
"""

from django.conf import settings
from django.db import models

from toolkit.areas.models import Side


class EmailPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    action_emails = models.BooleanField(
        "Email me when an action I own is due or overdue", default=True
    )
    weekly_digest = models.BooleanField(
        "Email me a weekly digest of what changed in my areas' action plans", default=True
    )

    def __str__(self):
        return f"Email choices of {self.user}"


class LinkAddress(models.Model):
    link = models.OneToOneField("rounds.RespondentLink", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(blank=True, help_text="Blank once the last reminder is sent.")
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_sent_on = models.DateField()

    def __str__(self):
        return f"Address of a personal link ({self.reminders_sent} reminders)"


class Notice(models.Model):
    key = models.CharField(max_length=120, unique=True)
    sent_on = models.DateField()

    def __str__(self):
        return self.key


class OutboxKind(models.TextChoices):
    LINKS = "links", "Personal links sent"
    LINK_REMINDER = "link_reminder", "Reminder to answer"
    ACTION_DUE = "action_due", "Action due soon"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    DIGEST = "digest", "Weekly digest"


class OutboxEntry(models.Model):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=OutboxKind.choices)
    sent_at = models.DateTimeField()
    subject = models.CharField(max_length=200)
    about = models.CharField(max_length=200, blank=True, help_text="A round or an action.")
    round = models.ForeignKey(
        "rounds.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    recipients = models.PositiveIntegerField()
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["area", "sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.recipients}"
