from django.db import models


class SideEffect(models.Model):
    """One side effect that was carried out, by its key
    (`order-email:<order pk>:placed`). The row commits together with the
    effect's own transaction, so a run that died before finishing left none."""

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
