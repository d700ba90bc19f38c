# Stock alerts gain a public UUID (added empty, filled, then made unique) and
# at most one open alert per stock record. Alerts Oscar's post_save receiver
# opened (stock strictly under the threshold, on dashboard saves only) are
# brought in line with the inventory's rule first: a record is low when its
# available stock is at or under its threshold; a low record has one open
# alert, any other none.

import uuid

from django.db import migrations, models
from django.utils import timezone


def fill_uuids(apps, schema_editor):
    StockAlert = apps.get_model("partner", "StockAlert")
    for alert in StockAlert.objects.filter(uuid__isnull=True).only("pk"):
        StockAlert.objects.filter(pk=alert.pk).update(uuid=uuid.uuid4())


def reconcile(apps, schema_editor):
    StockAlert = apps.get_model("partner", "StockAlert")
    StockRecord = apps.get_model("partner", "StockRecord")
    now = timezone.now()
    low = set()
    for record in StockRecord.objects.filter(low_stock_threshold__isnull=False):
        available = max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)
        if available <= record.low_stock_threshold:
            low.add(record.pk)
    kept = set()
    for alert in StockAlert.objects.filter(status="Open").order_by("date_created", "pk"):
        if alert.stockrecord_id in low and alert.stockrecord_id not in kept:
            kept.add(alert.stockrecord_id)
            continue
        StockAlert.objects.filter(pk=alert.pk).update(status="Closed", date_closed=now)
    for record in StockRecord.objects.filter(pk__in=low - kept):
        StockAlert.objects.create(
            stockrecord=record,
            threshold=record.low_stock_threshold,
            uuid=uuid.uuid4(),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("partner", "0009_stock_allocated_not_negative"),
    ]

    operations = [
        migrations.AddField(
            model_name="stockalert",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="stockalert",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RunPython(reconcile, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="stockalert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "Open")),
                fields=("stockrecord",),
                name="partner_stockalert_one_open",
            ),
        ),
    ]
