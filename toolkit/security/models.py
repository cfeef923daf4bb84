"""Two-factor devices and the append-only audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import crypto


class TOTPDevice(models.Model):
    """A person's authenticator app (RFC 6238, 30-second steps, 6 digits). Unconfirmed until
    they type a code from it; `last_used_step` refuses a code that has been used already.
    The shared secret is stored encrypted (see crypto.py); `secret` reads and sets it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    encrypted_secret = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)
    # Wrong codes (app or recovery codes) for this account, in the database so that losing the
    # cache does not reset them: `failed_codes` since `failures_started_at` (a 15-minute
    # window); too many hold every code until `codes_held_until` (services.code_failure_record).
    failed_codes = models.PositiveIntegerField(default=0)
    failures_started_at = models.DateTimeField(null=True, blank=True)
    codes_held_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        state = "confirmed" if self.confirmed_at else "not confirmed"
        return f"Authenticator app for {self.user} ({state})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.encrypted_secret)

    @secret.setter
    def secret(self, plain: str) -> None:
        self.encrypted_secret = crypto.encrypt(plain)


class RecoveryCode(models.Model):
    """One of the single-use codes that sign someone in when they do not have their
    authenticator app. Only a keyed digest is stored (an HMAC of the user's id and the code
    with SECRET_KEY: services._recovery_digests), and `used_at` is set once, by a conditional
    update."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique")
        ]

    def __str__(self):
        return f"Recovery code for {self.user} ({'used' if self.used_at else 'unused'})"


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    def for_area(self, area):
        """What a facilitator of `area` sees: the area's own events, and the account events
        (sign-ins, two-factor changes) of the people who are members of it now."""
        from toolkit.areas.models import Membership

        members = Membership.objects.active().filter(area=area).values("user_id")
        return self.filter(models.Q(area=area) | models.Q(area__isnull=True, actor_id__in=members))


class AuditEvent(models.Model):
    """One thing that happened, written once and never changed. Holds who, what and where,
    in words: never answers, passwords, codes or tokens."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        TWO_FACTOR_FAILED = "two_factor_failed", "Wrong security code"
        SIGNED_OUT = "signed_out", "Signed out"
        TIMED_OUT = "timed_out", "Signed out after inactivity"
        TWO_FACTOR_ON = "two_factor_on", "Two-factor sign-in set up"
        RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
        RECOVERY_CODES_NEW = "recovery_codes_new", "New recovery codes made"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor sign-in reset"
        TWO_FACTOR_HELD = "two_factor_held", "Too many wrong security codes"
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
        EXPORTED = "exported", "Data downloaded"
        DELETED = "deleted", "Deleted"

    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    target = models.CharField(max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_name or 'someone'}"

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")
