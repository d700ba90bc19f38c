# Vouchers gain a public UUID (added empty, filled row by row, then made
# unique and required, so existing vouchers each get their own) and a CHECK
# that codes are stored upper-case.

import uuid

import django.db.models.functions.text
from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Voucher = apps.get_model("voucher", "Voucher")
    for voucher in Voucher.objects.filter(uuid__isnull=True).only("pk"):
        Voucher.objects.filter(pk=voucher.pk).update(uuid=uuid.uuid4())


def upper_codes(apps, schema_editor):
    Voucher = apps.get_model("voucher", "Voucher")
    Voucher.objects.exclude(
        code=django.db.models.functions.text.Upper("code")
    ).update(code=django.db.models.functions.text.Upper("code"))


class Migration(migrations.Migration):

    dependencies = [
        ("voucher", "0010_auto_20210224_0712"),
    ]

    operations = [
        migrations.AddField(
            model_name="voucher",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="voucher",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RunPython(upper_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="voucher",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("code", django.db.models.functions.text.Upper("code"))
                ),
                name="voucher_voucher_code_upper",
            ),
        ),
    ]
