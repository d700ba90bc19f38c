"""The small abstract bases our own models share."""

import uuid

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """A UUID primary key (the public `id`) and creation/update timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdMixin(models.Model):
    """For forked Oscar models: Oscar keeps its integer primary key (the
    dashboard's URLs use it); `uuid` is the id the API shows."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class NotDeletedQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteMixin(models.Model):
    """Rows are hidden by setting `deleted_at` and come back by clearing it."""

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])

    def restore(self):
        self.deleted_at = None
        self.save(update_fields=["deleted_at"])


class CacheBump(models.Model):
    """Version of cached data, for caches that are not shared between
    processes (the local-memory default): the version of `name` is the
    newest bump's id, so every gunicorn worker sees every write. Bumps are
    inserts, never updates: concurrent writers take no lock on a shared row
    and cannot deadlock on it; a bump becomes visible when its transaction
    commits."""

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["name", "-id"], name="core_cachebump_name_id_idx")
        ]

    def __str__(self):
        return f"{self.name} #{self.id}"
