"""Catalogue managers, who set prices, also run promotions (offers, ranges,
vouchers, in the dashboard and the staff API) and watch stock (low stock
alerts, the reorder report). Order managers and Support get neither."""

from django.db import migrations

MODEL_ACTIONS = {
    "add": ("add", "change", "delete", "view"),
    "view": ("view",),
}

CATALOGUE_MANAGER = {
    "offer.conditionaloffer": "add",
    "offer.condition": "add",
    "offer.benefit": "add",
    "offer.range": "add",
    "offer.rangeproduct": "add",
    "offer.rangeproductfileupload": "add",
    "voucher.voucher": "add",
    "voucher.voucherset": "add",
    "voucher.voucherapplication": "view",
    "partner.stockalert": "view",
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for label in ("offer", "voucher", "partner"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Catalogue manager")
    for model_label, level in CATALOGUE_MANAGER.items():
        app_label, model = model_label.split(".")
        codenames = [f"{action}_{model}" for action in MODEL_ACTIONS[level]]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Catalogue manager").first()
    if group is None:
        return
    for model_label in CATALOGUE_MANAGER:
        app_label, model = model_label.split(".")
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__endswith=f"_{model}"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_token_version"),
        ("offer", "0013_range_excluded_categories"),
        ("voucher", "0011_voucher_uuid_code_upper"),
        ("partner", "0010_stockalert_uuid_one_open"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
