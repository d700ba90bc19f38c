"""Roles gain the payments app's permissions: order managers refund,
support reads."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "Order manager": ["view_payment", "change_payment"],
    "Support": ["view_payment"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("payments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="payments", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("payments", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
