"""Reading the outbox: what was sent, when and to how many. Never an address."""

from .models import OutboxEntry

OUTBOX_PAGE = 100


def outbox_for_area(area):
    return OutboxEntry.objects.filter(area=area).order_by("-sent_at", "-id")[:OUTBOX_PAGE]
