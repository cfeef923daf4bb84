import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row: when it was made and changed, and a public id that is safe to show
    in URLs and exports (database ids are never exposed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
